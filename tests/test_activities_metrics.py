"""Participation statistics and the metrics a work plan binds to, with worked examples; and
``events_in`` for the year-end summary. Set-based: the query count does not grow with the data."""
import datetime

import pytest

from gonghui.activities import actions, queries
from gonghui.core import metrics

from .activities_fixtures import check_in_during, many_members, open_event

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))


@pytest.fixture
def two_events(users, tree, members):
    """A fun day (王强 and 赵丽 come) and a lecture (王强 comes again); a cancelled gala doesn't count."""
    fun = open_event(users.officer, tree.school, signup_closes="")
    talk = open_event(users.officer, tree.school, title="健康讲座", kind="lecture", starts_at="2027-05-10 15:00",
                      ends_at="2027-05-10 16:30", signup_closes="")
    gala = open_event(users.officer, tree.school, title="元旦联欢会", kind="gala", starts_at="2027-12-30 18:00",
                      ends_at="2027-12-30 21:00", signup_closes="")
    actions.cancel_event(users.officer, gala, reason="改期")
    for event, people in ((fun, [members.wang, members.zhao]), (talk, [members.wang])):
        for m in people:
            actions.sign_up(users.officer, event, m)
            check_in_during(users.officer, event, member=m)
    return fun, talk


def test_participation_rate_worked_example(two_events, tree):
    # 3 active members at the school (王强 M, 赵丽 F, 张敏 F); 王强 and 赵丽 came: 2 ÷ 3 = 66.67%.
    reading = metrics.get("activities.participation_rate").read(tree.school, *YEAR)
    assert (reading.value, reading.numerator, reading.denominator) == (metrics.percent(2, 3), 2, 3)
    assert str(reading.value) == "66.67"
    breakdown = dict(reading.breakdown)
    assert (breakdown["女职工"], breakdown["男职工"]) == (1, 1)
    assert (breakdown["语文组分工会"], breakdown["数学组分工会"]) == (1, 1)
    assert reading.records_url.startswith("/activities/participation/?org=SCH")


def test_attendances_count_person_times_and_events_held_exclude_cancelled(two_events, tree):
    attendances = metrics.get("activities.attendances").read(tree.school, *YEAR)
    assert (attendances.value, dict(attendances.breakdown)["女职工"]) == (3, 1)
    held = metrics.get("activities.events_held").read(tree.school, *YEAR)
    assert held.value == 2
    assert dict(held.breakdown) == {"文体活动": 1, "讲座培训": 1}


def test_a_federation_sees_its_unions_together(two_events, tree):
    reading = metrics.get("activities.participation_rate").read(tree.town, *YEAR)
    # The factory's 刘洋 joins the denominator: 2 ÷ 4.
    assert (reading.numerator, reading.denominator, str(reading.value)) == (2, 4, "50.00")


def test_a_range_without_check_ins_is_zero_and_a_union_without_members_is_unknown(two_events, tree, admin_user):
    reading = metrics.get("activities.participation_rate").read(tree.school, datetime.date(2026, 1, 1),
                                                                 datetime.date(2026, 12, 31))
    assert (reading.numerator, str(reading.value)) == (0, "0.00")
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    empty = org_actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, union_type="enterprise",
                                   code="EMPTY", name="新建工会")
    assert metrics.get("activities.participation_rate").read(empty, *YEAR) is None


def test_per_event_rate_is_attended_over_eligible(two_events):
    fun, talk = two_events
    assert queries.event_participation(fun) == {"attended": 2, "confirmed": 2, "eligible": 3,
                                                "rate": metrics.percent(2, 3)}


def test_events_in_lists_the_years_activities_for_the_summary(two_events, tree):
    rows = queries.events_in(tree.school, *YEAR)
    assert [(r["title"], r["kind"], r["date"], r["participants"]) for r in rows] == [
        ("教职工健身趣味活动", "文体活动", datetime.date(2027, 1, 29), 2),
        ("健康讲座", "讲座培训", datetime.date(2027, 5, 10), 1)]
    assert rows[0]["url"] == two_events[0].get_absolute_url() and rows[0]["photos"] == []
    assert rows[0]["photo_files"] == []


def test_participation_takes_the_same_number_of_queries_for_ten_times_the_people(users, tree, members,
                                                                                 django_assert_num_queries):
    event = open_event(users.officer, tree.school, signup_closes="")
    from gonghui.activities import summary
    from gonghui.activities.models import Attendance

    def add(n, start):
        people = many_members(tree.school, tree.b2, n, start=start)
        Attendance.objects.bulk_create([Attendance(event=event, member=m, union=tree.school, day=event.event_date,
                                                   method="roster") for m in people])
        summary.add_from(Attendance.objects.filter(member__in=people))  # the bulk path keeps the summary

    add(5, 1000)
    with django_assert_num_queries(5):
        small = queries.participation(tree.school, *YEAR)
    add(50, 2000)
    with django_assert_num_queries(5):
        big = queries.participation(tree.school, *YEAR)
    assert (small.participants, big.participants) == (5, 55)
