"""Races in activities (activities.actions): sign-up once per member and within the capacity, a team's name
taken once and its size kept, a member checked in once, a check-in and a cancellation of the same place, and
undoing or deleting what a colleague already undid. Every rule is checked under the event row's lock; the
unique constraints back the once-only rules up. Deterministic tests stage the race in one thread (a
competing row written between the check and the insert, or a page read before a colleague's change); the
threaded ones run the calls at once on PostgreSQL. (500 sign-ups at once for 100 places:
test_activities_signup.)"""
import pytest
from django.db import connection

from gonghui.activities import actions, summary
from gonghui.activities.models import Attendance, MemberYear, Photo, Registration, RegStatus, Team
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .activities_fixtures import at, check_in_during, during, fun_day, open_event  # noqa: F401
from .fixtures.races import together
from .walk_ext.activities import _jpeg

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
NOW = at(2027, 1, 20)


def _together(calls):
    """The calls at once; their return values (or refusals) in call order."""
    return together(calls, results=True)


def _rival_first(monkeypatch, model, make_rival):
    """``model.save`` writes ``make_rival(row)`` first, as if a colleague had done it between the action's
    check and its insert."""
    save = model.save

    def rival_first(self, *args, **kwargs):
        if self.pk is None and not getattr(self, "_rival", False):
            rival = make_rival(self)
            rival._rival = True
            save(rival)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", rival_first)


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_sign_up_of_the_same_member_between_the_check_and_the_insert_is_refused_in_chinese(
        fun_day, users, members, monkeypatch):
    _rival_first(monkeypatch, Registration, lambda reg: Registration(
        event_id=reg.event_id, member_id=reg.member_id, status=RegStatus.CONFIRMED, position=99))
    with pytest.raises(ActionError) as exc:
        actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    assert exc.value.message_dict == {"member": ["王强已报名本活动，不能重复报名"]}
    assert not Registration.objects.filter(member=members.wang).exists()
    assert not AuditEntry.objects.filter(action="sign_up").exists()


@pytest.mark.django_db
def test_a_check_in_of_the_same_member_between_the_check_and_the_insert_is_refused_in_chinese(
        fun_day, users, members, monkeypatch):
    actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    _rival_first(monkeypatch, Attendance, lambda att: Attendance(
        event_id=att.event_id, member_id=att.member_id, union_id=att.union_id, day=att.day, method="roster"))
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, fun_day, member=members.wang)
    assert exc.value.message_dict == {"member": ["王强已签到"]}
    assert not Attendance.objects.exists() and not MemberYear.objects.exists()
    assert not AuditEntry.objects.filter(action="check_in").exists()


@pytest.mark.django_db
def test_a_team_of_the_same_name_made_between_the_check_and_the_insert_is_refused_in_chinese(
        fun_day, users, monkeypatch):
    _rival_first(monkeypatch, Team, lambda team: Team(event_id=team.event_id, name=team.name))
    with pytest.raises(ActionError) as exc:
        actions.create_team(users.officer, fun_day, name="语文组")
    assert exc.value.message_dict == {"name": ["本活动已有名为“语文组”的队"]}
    assert not Team.all_objects.exists()
    assert not AuditEntry.objects.filter(action="create_team").exists()


@pytest.mark.django_db
def test_a_team_deleted_by_a_colleague_is_neither_deleted_again_nor_filled(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    team = actions.create_team(users.officer, fun_day, name="语文组")
    stale = Team.objects.get(pk=team.pk)
    actions.delete_team(users.officer, team)
    with pytest.raises(ActionError) as exc:
        actions.delete_team(users.officer, stale)
    assert exc.value.message_dict == {"team": ["该参赛队已被删除"]}
    with pytest.raises(ActionError) as exc:
        actions.assign_team(users.officer, fun_day, registrations=[reg], team=stale)
    assert exc.value.message_dict == {"team": ["该参赛队已被删除"]}
    assert Registration.objects.get(pk=reg.pk).team_id is None
    assert AuditEntry.objects.filter(action="delete_team").count() == 1
    assert not AuditEntry.objects.filter(action="assign_team").exists()


@pytest.mark.django_db
def test_a_check_in_undone_by_a_colleague_is_not_undone_twice(fun_day, users, members):
    actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    att = check_in_during(users.officer, fun_day, member=members.wang)
    stale = Attendance.objects.get(pk=att.pk)
    actions.undo_check_in(users.officer, att, reason="误扫")
    with pytest.raises(ActionError) as exc:
        actions.undo_check_in(users.chair, stale, reason="误扫")
    assert exc.value.message_dict == {"member": ["该签到已撤销"]}
    assert AuditEntry.objects.filter(action="undo_check_in").count() == 1
    assert summary.check() == [] and not MemberYear.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_place_cannot_be_checked_in_from_a_roster_read_before(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=NOW)
    actions.cancel_registration(users.officer, reg, reason="临时出差")
    with pytest.raises(ActionError) as exc:
        check_in_during(users.officer, fun_day, member=members.wang.pk)
    assert exc.value.message_dict == {"member": ["王强未报名本活动，不能签到"]}
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_photo_deleted_by_a_colleague_is_not_deleted_twice(fun_day, users):
    photo = actions.add_photo(users.officer, fun_day, image=_jpeg("p.jpg"), caption="合影")
    stale = Photo.objects.get(pk=photo.pk)
    actions.delete_photo(users.officer, photo)
    with pytest.raises(ActionError) as exc:
        actions.delete_photo(users.chair, stale)
    assert exc.value.message_dict == {"image": ["照片已删除"]}
    assert AuditEntry.objects.filter(action="delete_photo").count() == 1


# ---- at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_members_signing_up_at_once_for_the_last_place_get_one_place_and_one_wait(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1", signup_closes="")
    outcomes = _together([lambda: actions.sign_up(users.officer, event, members.wang),
                          lambda: actions.sign_up(users.officer, event, members.zhao)])
    assert sorted(o.status for o in outcomes) == [RegStatus.CONFIRMED, RegStatus.WAITING], outcomes
    assert sorted(event.registrations.values_list("position", flat=True)) == [1, 2]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_member_and_an_officer_signing_the_member_up_at_once_leave_one_sign_up(fun_day, users, members,
                                                                                 member_user):
    outcomes = _together([lambda: actions.sign_up(member_user, fun_day, members.wang),
                          lambda: actions.sign_up(users.officer, fun_day, members.wang)])
    refusals = [o for o in outcomes if not isinstance(o, Registration)]
    assert refusals == [{"member": ["王强已报名本活动，不能重复报名"]}], outcomes
    assert Registration.objects.filter(member=members.wang).count() == 1
    assert AuditEntry.objects.filter(action="sign_up").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_scan_and_a_roster_tick_of_the_same_member_at_once_check_in_once(fun_day, users, members):
    from gonghui.activities.codes import checkin_code

    reg = actions.sign_up(users.officer, fun_day, members.wang)
    with during(fun_day):  # the clock is the process's: both threads are inside the check-in window
        outcomes = _together([lambda: actions.check_in(users.officer, fun_day, code=checkin_code(reg)),
                              lambda: actions.check_in(users.chair, fun_day, member=members.wang)])
    refusals = [o for o in outcomes if not isinstance(o, Attendance)]
    assert len(refusals) == 1 and list(refusals[0]) == ["member"], outcomes
    assert refusals[0]["member"][0].startswith("王强已"), outcomes
    assert Attendance.objects.count() == 1 and MemberYear.objects.get().n == 1
    assert summary.check() == []


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_check_in_and_a_cancellation_of_the_same_place_at_once_never_leave_both(fun_day, users, members):
    reg = actions.sign_up(users.officer, fun_day, members.wang)
    with during(fun_day):
        outcomes = _together([lambda: actions.check_in(users.officer, fun_day, member=members.wang),
                              lambda: actions.cancel_registration(users.chair, reg, reason="临时出差")])
    status = Registration.objects.get(pk=reg.pk).status
    if Attendance.objects.exists():
        assert status == RegStatus.CONFIRMED and outcomes[1] == {"__all__": ["已签到，不能取消报名"]}, outcomes
    else:
        assert status == RegStatus.CANCELLED and outcomes[0] == {"member": ["王强未报名本活动，不能签到"]}, outcomes


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_teams_of_the_same_name_made_at_once_leave_one_and_a_chinese_refusal(fun_day, users):
    outcomes = _together([lambda: actions.create_team(users.officer, fun_day, name="语文组")] * 2)
    assert [o for o in outcomes if not isinstance(o, Team)] == [{"name": ["本活动已有名为“语文组”的队"]}], outcomes
    assert Team.objects.filter(event=fun_day).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_put_into_the_last_place_of_a_team_at_once_never_overfill_it(users, tree, members):
    event = open_event(users.officer, tree.school, signup_closes="", team_max_size="2")
    wang, zhao, zhang = (actions.sign_up(users.officer, event, m) for m in (members.wang, members.zhao, members.zhang))
    team = actions.create_team(users.officer, event, name="语文组")
    actions.assign_team(users.officer, event, registrations=[wang], team=team)
    outcomes = _together([lambda: actions.assign_team(users.officer, event, registrations=[zhao], team=team),
                          lambda: actions.assign_team(users.chair, event, registrations=[zhang], team=team)])
    refusals = [o for o in outcomes if isinstance(o, dict)]
    assert refusals == [{"team": ["“语文组”将有3人，超过每队最多2人"]}], outcomes
    assert Registration.objects.filter(team=team).count() == 2
