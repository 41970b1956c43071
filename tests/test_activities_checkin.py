"""Check-in: one action for QR codes and roster ticks; only confirmed registrations; once per member."""
import pytest
from django.core.exceptions import PermissionDenied

from gonghui.activities import actions, codes
from gonghui.activities.models import Attendance
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .activities_fixtures import at, check_in_during, fun_day, open_event  # noqa: F401

pytestmark = pytest.mark.django_db
NOW = at(2027, 1, 20)


def test_a_signed_qr_code_checks_the_member_in_and_records_who_and_how(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    att = check_in_during(users.officer, fun_day, code=codes.checkin_code(reg))
    assert (att.member, att.method, att.checked_in_by, att.union, str(att.day)) == (
        members.wang, "qr", users.officer, fun_day.union, "2027-01-29")
    assert AuditEntry.objects.filter(action="check_in", object_id=att.pk).exists()


def test_a_tampered_code_is_refused(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    code = codes.checkin_code(reg)
    tampered = code.replace(f"-{members.wang.pk}:", f"-{members.zhao.pk}:")
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, fun_day, code=tampered)
    assert exc.value.message_dict == {"code": ["签到码无效，或不是本活动的签到码"]}


def test_someone_waiting_or_not_signed_up_cannot_be_checked_in(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1", signup_closes="")
    actions.sign_up(users.officer, event, members.wang)
    actions.sign_up(users.officer, event, members.zhao)
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, event, member=members.zhao)
    assert exc.value.message_dict == {"member": ["赵丽候补中，未获得名额，不能签到"]}
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, event, member=members.zhang)
    assert exc.value.message_dict == {"member": ["张敏未报名本活动，不能签到"]}
    assert not Attendance.objects.exists()


def test_a_second_check_in_is_refused_with_the_time_of_the_first(fun_day, users, members):
    actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    check_in_during(users.officer, fun_day, member=members.wang)
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, fun_day, member=members.wang)
    assert exc.value.message_dict["member"][0].startswith("王强已于")
    assert Attendance.objects.count() == 1


def test_only_officers_of_the_union_check_people_in(fun_day, users, members, member_user):
    actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    for someone in (users.outsider, member_user, users.finance):
        with pytest.raises(PermissionDenied):
            check_in_during(someone, fun_day, member=members.wang)


def test_a_checked_in_member_cannot_cancel_and_undo_needs_a_reason(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    att = check_in_during(users.officer, fun_day, member=members.wang)
    with pytest.raises(ActionError):
        actions.cancel_registration(users.officer, reg, reason="误报")
    with pytest.raises(ActionError) as exc:
        actions.undo_check_in(users.officer, att, reason="")
    assert exc.value.message_dict == {"reason": ["请说明撤销原因"]}
    actions.undo_check_in(users.officer, att, reason="误扫")
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(action="undo_check_in", note="误扫").exists()


def test_a_draft_or_cancelled_event_takes_no_check_ins(users, tree, members):
    event = open_event(users.officer, tree.school, signup_closes="")
    actions.sign_up(users.officer, event, members.wang)
    actions.cancel_event(users.officer, event, reason="取消")
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, event, member=members.wang)
    assert exc.value.message_dict == {"__all__": ["活动当前为“已取消”，不能签到"]}
