"""The participation summary (``MemberYear``): kept exact by check-in, undo and the bulk path, across
events, months and years; and every statistic read from it equals a brute-force count of the check-ins."""
import datetime

import pytest

from gonghui.activities import actions, queries, summary
from gonghui.activities.models import Attendance, MemberYear
from gonghui.core import metrics
from gonghui.members.models import Member, Sex, Status

from .activities_fixtures import check_in_during, many_members, open_event

pytestmark = pytest.mark.django_db
D = datetime.date


def _event(users, org, day, title):
    return open_event(users.officer, org, title=title, starts_at=f"{day} 09:00", ends_at=f"{day} 11:00",
                      signup_closes="")


def _come(actor, event, people):
    for m in people:
        actions.sign_up(actor, event, m)
        check_in_during(actor, event, member=m)


def _row(member, union, year):
    return MemberYear.objects.filter(member=member, union=union, year=year).values_list(
        "n", *summary.MONTHS).first()


def test_check_in_and_undo_keep_the_summary_exact_across_events_months_and_years(users, tree, members):
    jan, mar, next_jan = (_event(users, tree.school, "2027-01-29", "一月"), _event(users, tree.school, "2027-03-15", "三月"),
                          _event(users, tree.school, "2028-01-02", "次年"))
    _come(users.officer, jan, [members.wang, members.zhao])
    _come(users.officer, mar, [members.wang])
    _come(users.officer, next_jan, [members.wang])
    assert _row(members.wang, tree.school, 2027) == (2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert _row(members.wang, tree.school, 2028) == (1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert _row(members.zhao, tree.school, 2027)[0] == 1 and summary.check() == []

    att = Attendance.objects.get(event=mar, member=members.wang)
    actions.undo_check_in(users.officer, att, reason="误签")
    assert _row(members.wang, tree.school, 2027) == (1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    att = Attendance.objects.get(event=jan, member=members.zhao)
    actions.undo_check_in(users.officer, att, reason="误签")
    assert _row(members.zhao, tree.school, 2027) is None  # the last check-in gone: no empty row left
    check_in_during(users.officer, mar, member=members.wang)  # checked in again after the undo
    assert _row(members.wang, tree.school, 2027) == (2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert summary.check() == []


def test_a_refused_or_repeated_check_in_and_a_failed_undo_leave_the_summary_alone(users, tree, members):
    from gonghui.core.errors import ActionError

    event = _event(users, tree.school, "2027-01-29", "一月")
    _come(users.officer, event, [members.wang])
    with pytest.raises(ActionError):
        check_in_during(users.officer, event, member=members.wang)
    with pytest.raises(ActionError):
        check_in_during(users.officer, event, member=members.zhao)  # not signed up
    with pytest.raises(ActionError):
        actions.undo_check_in(users.officer, Attendance.objects.get(), reason="")
    assert _row(members.wang, tree.school, 2027)[0] == 1 and MemberYear.objects.count() == 1
    assert summary.check() == []


def test_the_bulk_path_and_a_rebuild_give_the_same_summary(users, tree, members):
    event = _event(users, tree.school, "2027-06-01", "六月")
    _come(users.officer, event, [members.wang])
    people = many_members(tree.school, tree.b1, 7, start=500)
    other = _event(users, tree.school, "2027-06-20", "六月二")
    Attendance.objects.bulk_create([Attendance(event=e, member=m, union=tree.school, day=e.event_date, method="roster")
                                    for e in (event, other) for m in people])
    summary.add_from(Attendance.objects.filter(member__in=people))
    assert summary.check() == []
    before = sorted(MemberYear.objects.values_list("member_id", "union_id", "year", "n", "m6"))
    assert len(before) == 8 and all(row[3] == row[4] for row in before) and before[-1][3] == 2
    summary.rebuild()
    assert sorted(MemberYear.objects.values_list("member_id", "union_id", "year", "n", "m6")) == before


def _branch_rows(union, year):
    p = queries.participation(union, D(year, 1, 1), D(year, 12, 31))
    return {row.org_id: row.participants for row in p.rows if row.participants}


def test_moving_transferring_or_re_filing_a_participant_moves_their_participation_with_them(
        users, tree, members, admin_user):
    """The summary keeps each participant's current organisation (it is read instead of the roster): every
    member action that changes it updates the summary in the same transaction."""
    from gonghui.members import actions as member_actions

    event = _event(users, tree.school, "2027-03-15", "三月")
    _come(users.officer, event, [members.wang, members.zhao])
    assert _branch_rows(tree.school, 2027) == {tree.b1.pk: 1, tree.b2.pk: 1}

    member_actions.move_member(users.chair, members.wang, tree.b2)  # within the union
    assert summary.check() == [] and _branch_rows(tree.school, 2027) == {tree.b2.pk: 2}

    wang = Member.objects.get(pk=members.wang.pk)  # the bulk path (imports)
    member_actions.bulk_update_members(users.chair, tree.school, [(wang, {"org": tree.g1})], ["org"])
    assert summary.check() == [] and _branch_rows(tree.school, 2027) == {tree.b1.pk: 1, tree.b2.pk: 1}

    transfer = member_actions.transfer_out(users.chair, members.zhao, to_org=tree.fg1)  # to another union
    assert MemberYear.objects.get(member=members.zhao).org_id == tree.b2.pk  # not moved until accepted
    member_actions.accept_transfer(admin_user, transfer)
    assert MemberYear.objects.get(member=members.zhao).org_id == tree.fg1.pk and summary.check() == []
    # the check-in stays the school's: counted for the school, outside its branches now
    p = queries.participation(tree.school, D(2027, 1, 1), D(2027, 12, 31))
    assert p.participants == 2 and {r.org_id: r.participants for r in p.rows}[tree.school.pk] == 1
    county = queries.participation(tree.county, D(2027, 1, 1), D(2027, 12, 31))
    assert {r.org_id: r.participants for r in county.rows if r.participants} == {tree.school.pk: 1,
                                                                                   tree.factory.pk: 1}


def test_a_refused_member_edit_leaves_the_summary_alone(users, tree, members, admin_user):
    from gonghui.core.errors import ActionError
    from gonghui.members import actions as member_actions

    event = _event(users, tree.school, "2027-03-15", "三月")
    _come(users.officer, event, [members.wang])
    with pytest.raises(ActionError):
        member_actions.move_member(admin_user, members.wang, tree.fg1)  # another union: refused
    assert MemberYear.objects.get(member=members.wang).org_id == tree.g1.pk and summary.check() == []


def test_split_a_range_into_whole_months_and_partial_days():
    assert summary.split(D(2027, 1, 1), D(2027, 12, 31)) == ([(2027, 1, 12)], [])
    assert summary.split(D(2027, 3, 15), D(2027, 5, 31)) == ([(2027, 4, 5)], [(D(2027, 3, 15), D(2027, 3, 31))])
    assert summary.split(D(2027, 11, 1), D(2028, 2, 10)) == ([(2027, 11, 12), (2028, 1, 1)],
                                                            [(D(2028, 2, 1), D(2028, 2, 10))])
    assert summary.split(D(2027, 2, 3), D(2027, 2, 3)) == ([], [(D(2027, 2, 3), D(2027, 2, 3))])
    assert summary.split(D(2028, 2, 1), D(2028, 2, 29)) == ([(2028, 2, 2)], [])
    assert summary.split(D(2027, 5, 1), D(2027, 4, 30)) == ([], [])


# ---- the figures equal a brute-force count ----

RANGES = [
    (D(2027, 1, 1), D(2027, 12, 31)),   # a whole year
    (D(2027, 3, 1), D(2027, 3, 31)),    # one whole month
    (D(2027, 3, 15), D(2027, 4, 1)),    # partial months at both ends
    (D(2027, 1, 29), D(2027, 1, 29)),   # one day
    (D(2027, 2, 1), D(2028, 1, 31)),    # whole months over two years
    (D(2027, 12, 31), D(2028, 1, 2)),   # partial days over a year end
    (D(2027, 4, 2), D(2027, 12, 30)),   # nothing inside the summary's months but partials
    (D(2026, 1, 1), D(2026, 12, 31)),   # no activity at all
    (D(2027, 5, 1), D(2027, 4, 30)),    # an empty range
]


@pytest.fixture
def busy_year(users, tree, members, admin_user):
    """Events on month edges in two years at two unions; check-ins by actions, the bulk path and undos."""
    staff = many_members(tree.school, tree.b1, 6, start=100) + many_members(tree.school, tree.b2, 6, start=200)
    school = [members.wang, members.zhao, members.zhang] + staff
    days = ["2027-01-29", "2027-03-15", "2027-03-31", "2027-04-01", "2027-12-31", "2028-01-02"]
    events = [_event(users, tree.school, day, f"活动{i}") for i, day in enumerate(days)]
    for i, event in enumerate(events):
        _come(users.officer, event, [m for j, m in enumerate(school) if (i + j) % 3 != 0][:5])
        Attendance.objects.bulk_create([
            Attendance(event=event, member=m, union=tree.school, day=event.event_date, method="roster")
            for j, m in enumerate(school) if (i + j) % 3 != 0][5:])
    summary.add_from(Attendance.objects.filter(method="roster", checked_in_by__isnull=True))
    for att in Attendance.objects.filter(event=events[2])[:2]:
        actions.undo_check_in(users.officer, att, reason="误签")
    factory_event = open_event(admin_user, tree.factory, title="厂运动会", starts_at="2027-03-20 09:00", ends_at="2027-03-20 11:00",
                               signup_closes="")
    _come(admin_user, factory_event, [members.liu])
    Member.objects.filter(pk=staff[0].pk).update(status=Status.RETAINED)  # a participant no longer active
    assert summary.check() == []
    return events


def brute(unions, start, end):
    att = [a for a in Attendance.objects.select_related("member") if a.union_id in unions and start <= a.day <= end]
    people = {a.member for a in att}
    members = list(Member.objects.filter(union__in=unions, status=Status.ACTIVE))
    return {"participants": len(people), "women": sum(p.sex == Sex.FEMALE for p in people),
            "members": len(members), "women_members": sum(m.sex == Sex.FEMALE for m in members),
            "attendances": len(att), "women_attendances": sum(a.member.sex == Sex.FEMALE for a in att),
            "people": people, "member_rows": members}


@pytest.mark.parametrize("start,end", RANGES)
def test_union_figures_equal_a_brute_force_count(busy_year, tree, start, end):
    want = brute({tree.school.pk}, start, end)
    if (start, end) == RANGES[0]:
        assert want["participants"] == 15 and want["attendances"] > want["participants"] > want["women"] > 0
    p = queries.participation(tree.school, start, end)
    assert (p.participants, p.women, p.men, p.members, p.women_members, p.attendances) == (
        want["participants"], want["women"], want["participants"] - want["women"], want["members"],
        want["women_members"], want["attendances"])
    by_branch = {row.org_id: (row.participants, row.members) for row in p.rows}
    for branch in (tree.b1, tree.b2):
        assert by_branch.get(branch.pk, (0, 0)) == (
            sum(m.org.path.startswith(branch.path) for m in want["people"]),
            sum(m.org.path.startswith(branch.path) for m in want["member_rows"]))
    direct = (sum(m.org_id == tree.school.pk for m in want["people"]),
              sum(m.org_id == tree.school.pk for m in want["member_rows"]))
    assert by_branch.get(tree.school.pk, (0, 0)) == direct
    reading = metrics.get("activities.attendances").read(tree.school, start, end)
    assert (reading.value, dict(reading.breakdown)["女职工"]) == (want["attendances"], want["women_attendances"])
    rate = metrics.get("activities.participation_rate").read(tree.school, start, end)
    if want["members"]:
        assert (rate.numerator, rate.denominator) == (want["participants"], want["members"])


@pytest.mark.parametrize("start,end", RANGES)
def test_federation_figures_equal_a_brute_force_count(busy_year, tree, start, end):
    want = brute({tree.school.pk, tree.factory.pk}, start, end)
    p = queries.participation(tree.county, start, end)
    assert (p.participants, p.women, p.members, p.attendances) == (
        want["participants"], want["women"], want["members"], want["attendances"])
    by_union = {row.org_id: row.participants for row in p.rows}
    for union in (tree.school, tree.factory):
        assert by_union.get(union.pk, 0) == sum(m.union_id == union.pk for m in want["people"])


def test_the_range_statistics_take_a_fixed_number_of_queries(busy_year, tree, django_assert_num_queries):
    with django_assert_num_queries(5):
        queries.participation(tree.school, D(2027, 3, 15), D(2028, 1, 2))  # partial months and two years
    with django_assert_num_queries(5):
        queries.participation(tree.county, D(2027, 3, 15), D(2028, 1, 2))
    with django_assert_num_queries(1):
        metrics.get("activities.attendances").read(tree.school, D(2027, 3, 15), D(2028, 1, 2))


def test_the_summary_command_reports_a_difference_and_rebuild_repairs_it(users, tree, members):
    from django.core.management import CommandError, call_command

    event = _event(users, tree.school, "2027-03-15", "三月")
    _come(users.officer, event, [members.wang, members.zhao])
    call_command("activities_summary")  # consistent: no error
    MemberYear.objects.filter(member=members.wang).update(org=tree.b2, m3=5)  # a hand edit of the database
    with pytest.raises(CommandError, match="1 处不一致"):
        call_command("activities_summary")
    call_command("activities_summary", rebuild=True)
    assert summary.check() == [] and MemberYear.objects.get(member=members.wang).org_id == tree.g1.pk
