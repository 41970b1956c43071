"""Health checks: rounds, slots by group, attendance ticks and participation rates (never results)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.mutualaid import actions, queries
from gonghui.mutualaid.models import Attendance, HealthCheckRound

from .mutualaid_fixtures import round_  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_round_is_created_by_a_care_officer(round_, users):
    assert round_.year == 2026 and round_.provider == "县人民医院"
    with pytest.raises(PermissionDenied):
        actions.create_round(users.finance, round_.union, name="x", provider="y", start_date="2026-11-01",
                             end_date="2026-11-02")


def test_round_dates_must_be_possible(users, tree):
    with pytest.raises(ActionError) as err:
        actions.create_round(users.officer, tree.school, name="体检", provider="医院", start_date="2026-11-20",
                             end_date="2026-11-19")
    assert err.value.message_dict["end_date"] == ["结束日期不能早于开始日期"]
    assert not HealthCheckRound.objects.exists()


def test_slots_are_scheduled_per_group_within_the_round(round_, users, tree):
    slot = actions.add_slot(users.officer, round_, org=tree.g1, date="2026-11-25", start_time="08:00",
                            end_time="10:30")
    assert slot.start_time == datetime.time(8, 0)
    with pytest.raises(ActionError) as err:
        actions.add_slot(users.officer, round_, org=tree.b2, date="2026-12-25", start_time="08:00")
    assert "不在体检日期（2026-11-20至2026-12-20）内" in err.value.message_dict["date"][0]
    with pytest.raises(ActionError) as err:
        actions.add_slot(users.officer, round_, org=tree.g1, date="2026-11-26", start_time="08:00")
    assert err.value.message_dict["org"] == ["语文一组已安排了时段"]
    with pytest.raises(ActionError) as err:
        actions.add_slot(users.officer, round_, org=tree.fg1, date="2026-11-26", start_time="08:00")
    assert "org" in err.value.message_dict
    with pytest.raises(ActionError) as err:
        actions.add_slot(users.officer, round_, org=tree.b2, date="2026-11-26", start_time="10:00",
                         end_time="09:00")
    assert err.value.message_dict["end_time"] == ["结束时间应晚于开始时间"]


def test_attendance_is_ticked_for_the_whole_roster_and_gives_the_rates(round_, users, tree, members):
    school_slot = actions.add_slot(users.officer, round_, org=tree.b1, date="2026-11-25", start_time="08:00")
    math_slot = actions.add_slot(users.officer, round_, org=tree.b2, date="2026-11-26", start_time="08:00")
    assert actions.save_attendance(users.officer, school_slot, [members.wang.pk]) == 1
    actions.save_attendance(users.officer, math_slot, [])
    rates = {row["org"].name: (row["attended"], row["roster"]) for row in queries.participation(round_)}
    assert rates == {"语文组分工会": (1, 1), "数学组分工会": (0, 1)}
    overall = queries.round_totals(round_)
    assert overall == {"attended": 1, "roster": 3, "rate": Decimal("33.33")}
    actions.save_attendance(users.officer, school_slot, [])
    assert not Attendance.objects.exists()


def test_attendance_refuses_members_outside_the_group_and_future_slots(round_, users, tree, members):
    slot = actions.add_slot(users.officer, round_, org=tree.b1, date="2026-11-25", start_time="08:00")
    with pytest.raises(ActionError) as err:
        actions.save_attendance(users.officer, slot, [members.zhao.pk])
    assert "不在语文组分工会的名单中" in err.value.message_dict["attended"][0]
    later = actions.add_slot(users.officer, round_, org=tree.b2, date="2026-12-15", start_time="08:00")
    with pytest.raises(ActionError) as err:
        actions.save_attendance(users.officer, later, [members.zhao.pk])
    assert err.value.message_dict["attended"] == ["体检日期2026-12-15尚未到，不能登记到检"]


def test_a_member_attends_only_once_per_round(round_, users, tree, members):
    whole = actions.add_slot(users.officer, round_, org=tree.school, date="2026-11-24", start_time="08:00")
    group = actions.add_slot(users.officer, round_, org=tree.g1, date="2026-11-25", start_time="08:00")
    actions.save_attendance(users.officer, whole, [members.wang.pk])
    with pytest.raises(ActionError) as err:
        actions.save_attendance(users.officer, group, [members.wang.pk])
    assert err.value.message_dict["attended"] == ["王强已在第一中学工会的时段登记到检"]


def test_saving_attendance_takes_few_queries_whatever_the_roster(round_, users, tree, members,
                                                                  django_assert_max_num_queries):
    slot = actions.add_slot(users.officer, round_, org=tree.school, date="2026-11-25", start_time="08:00")
    with django_assert_max_num_queries(10):
        actions.save_attendance(users.officer, slot, [members.wang.pk, members.zhao.pk, members.zhang.pk])


def test_saving_attendance_is_audited_as_counts_never_health_data(round_, users, tree, members):
    from gonghui.core.models import AuditEntry

    slot = actions.add_slot(users.officer, round_, org=tree.b1, date="2026-11-25", start_time="08:00")
    actions.save_attendance(users.officer, slot, [members.wang.pk])
    entry = AuditEntry.objects.filter(action="attendance").get()
    assert entry.changes == {"attended": [0, 1]} and entry.org == tree.school


def test_upcoming_slots_are_those_of_the_next_fourteen_days(round_, users, tree):
    from gonghui.mutualaid.models import HealthCheckSlot

    actions.add_slot(users.officer, round_, org=tree.b1, date="2026-12-17", start_time="08:00")
    actions.add_slot(users.officer, round_, org=tree.b2, date="2026-12-18", start_time="08:00")
    upcoming = queries.upcoming_slots(HealthCheckSlot.objects.all(), datetime.date(2026, 12, 3))
    assert [s.org.name for s in upcoming] == ["语文组分工会"]
