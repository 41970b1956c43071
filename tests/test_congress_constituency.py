"""Electing delegates in constituencies: set up, paper count, confirmation into the delegate list and
another round for unfilled seats — with Chinese messages for bad input and nothing half-written."""
import datetime

import pytest

from gonghui.congress import actions
from gonghui.congress.models import Candidate, ConstituencyElection, Delegate
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import add_members, term  # noqa: F401

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def people(users, tree):
    return add_members(users.chair, tree.b1, 4, start=101)


def _election(users, term, people, *, voters=60, seats=2, n=3):
    return actions.create_election(users.chair, term, name="语文组选区", voters=voters, seats=seats, date=DAY,
                                   candidates=[(m, "teacher", "第一代表团") for m in people[:n]])


def _ids(e):
    return list(e.candidates.order_by("id").values_list("id", flat=True))


def test_the_number_of_voters_defaults_to_the_active_members_of_the_chosen_branch(users, tree, term, people):
    e = actions.create_election(users.chair, term, org=tree.b1, seats=1, date=DAY,
                                candidates=[(people[0], "teacher", "一团")])
    assert e.name == "语文组分工会" and e.voters == 4
    edited = actions.create_election(users.chair, term, org=tree.b1, voters=7, seats=1, date=DAY,
                                     candidates=[(people[1], "teacher", "一团")])
    assert edited.voters == 7  # employees who are not members vote too


def test_bad_setup_is_refused_in_chinese_and_nothing_is_written(users, tree, term, people, members):
    cases = [
        (dict(seats=0), "seats", "应选名额应为正整数"),
        (dict(voters=0), "voters", "选区选民人数应为正整数"),
        (dict(voters=1, seats=2), "seats", "应选名额不能多于选民人数"),
        (dict(name="  "), "name", "不能为空"),
        (dict(org=tree.fg1), "org", "选区应在本工会之内"),
        (dict(candidates=[]), "candidates", "至少提名一位候选人"),
        (dict(candidates=[(members.liu, "frontline", "一团")]), "candidates", "第1位候选人不是本工会会员"),
        (dict(candidates=[(people[0], "teacher", "一团"), (people[0], "teacher", "一团")]), "candidates", "重复"),
        (dict(candidates=[(people[0], "boss", "一团")]), "candidates", "代表类别无效"),
        (dict(candidates=[(people[0], "teacher", " ")]), "candidates", "代表团（组）不能为空"),
    ]
    for kw, field, text in cases:
        base = dict(name="选区", voters=60, seats=1, date=DAY, candidates=[(people[0], "teacher", "一团")])
        base.update(kw)
        with pytest.raises(ActionError) as e:
            actions.create_election(users.chair, term, **base)
        assert any(text in m for m in e.value.message_dict[field]), (kw, e.value.message_dict)
    sitting = Delegate.objects.filter(term=term).select_related("member").first()
    with pytest.raises(ActionError) as e:
        actions.create_election(users.chair, term, name="选区", voters=60, seats=1, date=DAY,
                                candidates=[(sitting.member, "teacher", "一团")])
    assert "已是本届代表" in e.value.message_dict["candidates"][0]
    assert not ConstituencyElection.objects.exists() and not Candidate.objects.exists()


def test_39_of_60_voting_voids_the_election_and_it_cannot_be_confirmed(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    e = actions.enter_election_result(users.chair, e, issued=39, returned=39, invalid=0, votes={a: 39, b: 35, c: 3})
    assert e.status == ConstituencyElection.Status.VOID and e.elected_count == 0
    assert "应至少40人" in e.void_reason
    assert not Candidate.objects.filter(election=e, elected=True).exists()
    with pytest.raises(ActionError) as err:
        actions.confirm_election(users.chair, e)
    assert err.value.message_dict == {"status": ["只有已计票且有效的选举可以确认"]}
    assert AuditEntry.objects.filter(object_type="congress.constituencyelection", action="void").count() == 1


def test_a_valid_count_confirmed_adds_the_elected_as_delegates_in_one_go(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    before = Delegate.objects.filter(term=term).count()
    e = actions.enter_election_result(users.chair, e, issued=55, returned=54, invalid=2,
                                      votes={a: 40, b: 31, c: 30})
    assert e.status == ConstituencyElection.Status.COUNTED and e.elected_count == 2
    assert Delegate.objects.filter(term=term).count() == before  # not yet: confirmation adds them
    e = actions.confirm_election(users.chair, e)
    assert e.status == ConstituencyElection.Status.CONFIRMED and e.unfilled == 0
    new = Delegate.objects.filter(term=term, election=e).select_related("member").order_by("member_id")
    assert [d.member for d in new] == people[:2]
    assert all(d.elected_on == DAY and d.constituency == "语文组选区" and d.category == "teacher" for d in new)
    actions_logged = set(AuditEntry.objects.filter(object_type="congress.constituencyelection")
                         .values_list("action", flat=True))
    assert {"create", "count", "confirm"} <= actions_logged
    assert AuditEntry.objects.filter(object_type="congress.delegate", action="create").count() == 2


def test_bad_counts_are_refused_in_chinese_and_leave_the_election_untouched(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    cases = [
        (dict(issued=-1, returned=40, votes={a: 1, b: 1, c: 1}), "ballots_issued", "不能为负数"),
        (dict(issued=61, returned=40, votes={a: 1, b: 1, c: 1}), "ballots_issued", "多于选区选民60人"),
        (dict(issued=50, returned=40, invalid=41, votes={a: 1, b: 1, c: 1}), "ballots_invalid", "无效选票不能多于收回选票"),
        (dict(issued=50, returned=40, votes={a: 41, b: 1, c: 1}), "votes", "多于有效选票40张"),
        (dict(issued=50, returned=40, votes={a: 40, b: 40, c: 1}), "votes", "多于有效选票40张×应选2名"),
        (dict(issued=50, returned=40, votes={a: 1, b: 1}), "votes", "请填写"),
        (dict(issued=50, returned=40, votes={a: 1, b: 1, c: 1, 999999: 1}), "votes", "候选人无效"),
    ]
    for kw, field, text in cases:
        with pytest.raises(ActionError) as err:
            actions.enter_election_result(users.chair, e, **kw)
        assert text in err.value.message_dict[field][0], (kw, err.value.message_dict)
    e.refresh_from_db()
    assert e.status == ConstituencyElection.Status.PLANNED and e.ballots_issued is None
    assert not Candidate.objects.filter(election=e, votes__isnull=False).exists()


def test_a_confirmation_that_fails_half_way_adds_no_delegate_at_all(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    actions.enter_election_result(users.chair, e, issued=60, returned=60, votes={a: 50, b: 40, c: 10})
    # meanwhile the second elected was entered from paper records
    actions.add_delegate(users.chair, term, member=people[1], category="teacher", group="一团")
    before = Delegate.objects.count()
    with pytest.raises(ActionError) as err:
        actions.confirm_election(users.chair, e)
    assert "已是本届代表" in err.value.message_dict["member"][0]
    e.refresh_from_db()
    assert e.status == ConstituencyElection.Status.COUNTED and Delegate.objects.count() == before
    assert not Delegate.objects.filter(member=people[0]).exists()


def test_a_tie_at_the_last_seat_is_reported_and_leaves_a_seat_for_another_round(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    e = actions.enter_election_result(users.chair, e, issued=60, returned=60, votes={a: 50, b: 35, c: 35})
    assert e.elected_count == 1 and "争最后1个名额" in e.tie_note
    assert set(Candidate.objects.filter(election=e, tied=True).values_list("id", flat=True)) == {b, c}
    e = actions.confirm_election(users.chair, e)
    assert e.unfilled == 1
    nxt = actions.start_by_election(users.chair, e, date=DAY + datetime.timedelta(days=7))
    assert nxt.round == 2 and nxt.seats == 1 and nxt.previous == e and nxt.voters == 60
    assert set(nxt.candidates.values_list("member_id", flat=True)) == {people[1].pk, people[2].pk}
    with pytest.raises(ActionError) as err:
        actions.start_by_election(users.chair, e, date=DAY + datetime.timedelta(days=8))
    assert err.value.message_dict == {"date": ["已安排下一轮选举"]}


def test_a_void_election_is_held_again_for_all_seats_but_a_full_one_is_not(users, term, people):
    e = _election(users, term, people)
    a, b, c = _ids(e)
    e = actions.enter_election_result(users.chair, e, issued=50, returned=51, votes={a: 40, b: 40, c: 1})
    assert e.status == ConstituencyElection.Status.VOID and "多于发出50张" in e.void_reason
    again = actions.start_by_election(users.chair, e, date=DAY)
    assert again.seats == 2 and again.candidates.count() == 3
    with pytest.raises(ActionError) as err:
        actions.start_by_election(users.chair, again, date=DAY)
    assert "只有无效或有空缺名额的选举可以另行选举" in err.value.message_dict["date"][0]


def test_a_confirmed_result_cannot_be_entered_again(users, term, people):
    e = _election(users, term, people, n=1, seats=1)
    (a,) = _ids(e)
    actions.enter_election_result(users.chair, e, issued=60, returned=60, votes={a: 60})
    actions.confirm_election(users.chair, e)
    with pytest.raises(ActionError) as err:
        actions.enter_election_result(users.chair, e, issued=60, returned=60, votes={a: 59})
    assert "选举结果已确认" in err.value.message_dict["ballots_issued"][0]


def test_only_officers_of_the_union_run_constituency_elections(users, term, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.create_election(users.outsider, term, name="选区", voters=60, seats=1, date=DAY,
                                candidates=[(people[0], "teacher", "一团")])
