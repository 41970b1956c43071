"""Registering an ID number that is a member's where the officer cannot see says only that a transfer is needed,
is audited, and stops answering after GONGHUI_ID_PROBE_LIMIT tries in an hour (a roster is not an oracle)."""
import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions
from gonghui.members.models import Member

from .conftest import member_data

TRANSFER = "该身份证号不能新登记为会员：请通过会员转会（组织关系转接）办理"


def test_an_id_number_registered_elsewhere_gets_the_transfer_message_and_an_audit_row(tree, users, members):
    with pytest.raises(ActionError) as refused:
        actions.create_member(users.chair, org=tree.school, data=member_data("liu", name="刘洋"))
    message = refused.value.message_dict["id_number"][0]
    assert message == TRANSFER
    assert "机械厂" not in message and "其他工会" not in message
    probe = AuditEntry.objects.get(action="id_elsewhere")
    assert probe.actor == users.chair and probe.org_id == tree.school.pk


def test_a_duplicate_in_the_officers_own_union_still_names_it(tree, users, members):
    with pytest.raises(ActionError) as refused:
        actions.create_member(users.chair, org=tree.school, data=member_data("wang"))
    assert refused.value.message_dict["id_number"] == ["该身份证号已登记为会员（第一中学工会）"]
    assert not AuditEntry.objects.filter(action="id_elsewhere").exists()


def test_after_the_limit_of_tries_in_an_hour_the_form_stops_answering(tree, users, members, settings):
    settings.GONGHUI_ID_PROBE_LIMIT = 2
    answers = []
    for _i in range(3):
        with pytest.raises(ActionError) as refused:
            actions.create_member(users.chair, org=tree.school, data=member_data("liu"))
        answers.append(refused.value.message_dict["id_number"][0])
    assert answers[:2] == [TRANSFER, TRANSFER]
    assert "登记暂停" in answers[2]
    assert AuditEntry.objects.filter(action="id_elsewhere", actor=users.chair).count() == 3
    assert Member.objects.filter(name="刘洋").count() == 1  # only the factory's own record
