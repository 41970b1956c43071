import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions
from gonghui.members.models import Member, Status, Transfer

from .conftest import IDS, member_data


def test_creating_a_member_derives_birth_date_sex_and_dues_and_audits_it(tree, users):
    m = actions.create_member(users.chair, org=tree.g1, data=member_data("wang"))
    assert m.birth_date == datetime.date(1980, 1, 1)
    assert m.sex == "M"
    assert m.union == tree.school
    assert m.dues_monthly == Decimal("22.80")  # 4,567 → 4,560 × 0.5%
    assert m.member_no == "SCH-000001"
    entry = AuditEntry.objects.get(object_type="members.member", object_id=m.pk)
    assert entry.action == "create" and entry.actor == users.chair and entry.org == tree.g1
    assert entry.changes["name"] == [None, "王强"]
    assert IDS["wang"] not in str(entry.changes)  # personal data never in clear in the audit trail


def test_personal_data_is_encrypted_in_the_database(tree, users):
    from django.db import connection

    m = actions.create_member(users.chair, org=tree.g1, data=member_data("wang"))
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone, wage_base FROM members_member WHERE id = %s", [m.pk])
        row = cur.fetchone()
    assert all(value.startswith("v1:") for value in row)
    assert IDS["wang"] not in "".join(row) and "13812345678" not in "".join(row)
    assert Member.objects.get(pk=m.pk).id_number == IDS["wang"]


def test_sex_that_disagrees_with_the_id_number_is_refused(tree, users):
    with pytest.raises(ActionError) as err:
        actions.create_member(users.chair, org=tree.g1, data=member_data("wang", sex="女"))
    assert "与身份证号不符" in err.value.message_dict["sex"][0]
    assert not Member.objects.exists()


def test_a_duplicate_id_number_is_refused_without_naming_an_out_of_scope_union(tree, users, members):
    with pytest.raises(ActionError) as err:
        actions.create_member(users.chair, org=tree.school, data=member_data("liu"))
    assert err.value.message_dict["id_number"] == ["该身份证号不能新登记为会员：请通过会员转会（组织关系转接）办理"]


def test_an_officer_cannot_create_members_outside_their_union(tree, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.create_member(users.outsider, org=tree.g1, data=member_data("wang"))


def test_transfer_out_waits_for_the_receiving_union_then_moves_the_member(tree, users, members):
    t = actions.transfer_out(users.chair, members.zhao, to_org=tree.factory, reason="调动")
    members.zhao.refresh_from_db()
    assert members.zhao.status == Status.TRANSFERRING
    actions.accept_transfer(users.outsider, t, org=tree.fg1)
    members.zhao.refresh_from_db()
    assert (members.zhao.union, members.zhao.org, members.zhao.status) == (tree.factory, tree.fg1, Status.ACTIVE)
    t.refresh_from_db()
    assert t.state == Transfer.State.ACCEPTED and t.decided_by == users.outsider
    actions_seen = list(AuditEntry.objects.filter(object_id=members.zhao.pk, object_type="members.member")
                        .values_list("action", flat=True).order_by("id"))
    assert actions_seen == ["create", "transfer_out", "transfer_in"]


def test_the_sending_union_cannot_accept_its_own_transfer(tree, users, members):
    from django.core.exceptions import PermissionDenied

    t = actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    with pytest.raises(PermissionDenied):
        actions.accept_transfer(users.chair, t)


def test_a_transfer_to_a_federation_is_refused(tree, users, members):
    with pytest.raises(ActionError) as err:
        actions.transfer_out(users.chair, members.zhao, to_org=tree.town)
    assert "须是基层工会" in err.value.message_dict["to_org"][0]
    members.zhao.refresh_from_db()
    assert members.zhao.status == Status.ACTIVE and not Transfer.objects.exists()


def test_retirement_keeps_membership_and_stops_dues(tree, users, members):
    m = actions.retire(users.chair, members.wang)
    assert m.status == Status.RETAINED and m.dues_monthly == Decimal("0.00")
    m = actions.reinstate(users.chair, m)
    assert m.status == Status.ACTIVE and m.dues_monthly == Decimal("22.80")


def test_termination_needs_a_reason(tree, users, members):
    with pytest.raises(ActionError):
        actions.terminate(users.chair, members.wang, reason="")
    m = actions.terminate(users.chair, members.wang, reason="resigned", note="本人申请")
    assert m.status == Status.TERMINATED and m.termination_reason == "resigned"


def test_deletion_is_soft_and_restorable(tree, users, members):
    actions.delete_member(users.chair, members.wang)
    assert not Member.objects.filter(pk=members.wang.pk).exists()
    assert Member.all_objects.filter(pk=members.wang.pk).exists()
    actions.restore_member(users.chair, members.wang)
    assert Member.objects.filter(pk=members.wang.pk).exists()
    assert list(AuditEntry.objects.filter(object_id=members.wang.pk, object_type="members.member")
                .values_list("action", flat=True).order_by("id")) == ["create", "delete", "restore"]


def test_update_records_before_and_after_of_changed_fields_only(tree, users, members):
    actions.update_member(users.chair, members.wang, {"post": "教研组长", "name": "王强"})
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes == {"post": ["", "教研组长"]}
