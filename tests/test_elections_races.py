"""Elections under races: two officers acting at once on the same rule end with one success and one Chinese
refusal, never a 500 and never both. The threaded tests run on PostgreSQL (row locks; SQLite cannot run two
writers at once); the others simulate the race on either database by letting the conflicting row appear
after the check (or by acting on a stale copy), and assert the check's own message and nothing half-written."""
import datetime
import time

import pytest
from django.db import connection

from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.elections import actions
from gonghui.elections.models import (Candidate, Election, Office, Removal, Round, Status, Term, Voter,
                                      VoterMark)

from .elections_fixtures import add_members, candidates, chair_office, committee_election, issue, paper, \
    removal_motion, to_first_round
from .fixtures.races import together

pytestmark = pytest.mark.django_db



def at_once(test):
    """Two real writers in threads: PostgreSQL only, committed data (``transactional_db``)."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(connection.vendor != "postgresql",
                              reason="two writers at once need PostgreSQL's row locks")(test)

PAUSE = 0.3  # seconds spent between a check and its write, so that an unlocked rival would get in between


@pytest.fixture
def roll(tree, users, members):
    """The school union's 12 members entitled to vote (conftest's three and nine more)."""
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 9)


def _together(*calls):
    return together(calls)

def _fresh(obj):
    """Each thread acts on its own copy, as two requests would."""
    return type(obj)._base_manager.get(pk=obj.pk)


def _one_ok_and(outcomes, refusal):
    assert sorted(outcomes, key=str) == sorted(["ok", refusal], key=str), outcomes


def _slowly(monkeypatch, module, name):
    """Pause before and after ``<module>.<name>`` (a check, or a step of the write; ``module`` the actions
    module that calls it): an action that held no lock would let its rival in between its check and its write."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(PAUSE)
        result = original(*args, **kwargs)
        time.sleep(PAUSE)
        return result

    monkeypatch.setattr(module, name, slow)


def _void_round(users, tree, roll):
    """An open first round holding one paper ballot and no ballot issued: counting it voids it."""
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    paper(users, rnd, [candidates(election)[0]])
    return election, rnd


def _short_of_seats(users, tree, roll):
    """A first round counted with one of three seats filled: the shortfall awaits the committee's decision."""
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:7])
    first = candidates(election)[0]
    paper(users, rnd, *[[first]] * 7)
    actions.close_round(users.chair, rnd)
    election.refresh_from_db()
    assert election.awaiting_decision
    return election


# ---- simulated races (both databases) ----

def test_a_nomination_that_loses_the_race_for_the_same_member_gets_the_chinese_refusal(tree, users, roll, monkeypatch):
    election = committee_election(users, tree, roll, candidates=roll[:2])
    member = roll[5]

    def rival_got_in_first(election, member):
        Candidate.objects.create(election=election, member=member, name=member.name)
        return False

    monkeypatch.setattr(actions.candidates, "_already_candidate", rival_got_in_first)
    with pytest.raises(ActionError) as exc:
        actions.nominate(users.chair, election, member)
    assert exc.value.message_dict == {"member": [f"{member.name}已在候选人名单中"]}
    assert not Candidate.objects.filter(election=election, member=member).exists()
    assert AuditEntry.objects.filter(action="nominate").count() == 2


def test_a_nomination_against_a_list_approved_meanwhile_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll)
    stale = Election.objects.get(pk=election.pk)
    actions.approve_candidates(users.federation, election)
    with pytest.raises(ActionError) as exc:
        actions.nominate(users.chair, stale, roll[8])
    assert exc.value.message_dict == {"status": ["候选人名单已批复，不能再提名"]}
    assert election.candidates.count() == 4


def test_a_withdrawal_from_a_list_approved_meanwhile_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll)
    candidate = Candidate.objects.select_related("election").filter(election=election).first()
    actions.approve_candidates(users.federation, election)
    with pytest.raises(ActionError) as exc:
        actions.withdraw_candidate(users.chair, candidate)
    assert exc.value.message_dict == {"status": ["候选人名单已批复，不能再撤下候选人"]}
    assert election.candidates.count() == 4


def test_deleting_an_election_whose_list_was_approved_meanwhile_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll)
    stale = Election.objects.get(pk=election.pk)
    actions.approve_candidates(users.federation, election)
    with pytest.raises(ActionError) as exc:
        actions.delete_election(users.chair, stale)
    assert exc.value.message_dict == {"status": ["只能删除尚未批复候选人的选举"]}
    assert Election.objects.filter(pk=election.pk).exists()


def test_delegates_set_on_an_election_whose_voting_opened_meanwhile_are_refused(tree, users, roll):
    election = committee_election(users, tree, roll, assembly="delegates")
    actions.set_delegates(users.chair, election, roll[:9])
    stale = Election.objects.get(pk=election.pk)
    actions.approve_candidates(users.federation, election)
    actions.open_voting(users.chair, election)
    with pytest.raises(ActionError) as exc:
        actions.set_delegates(users.chair, stale, roll)
    assert exc.value.message_dict == {"status": ["投票开始后不能再修改代表名单"]}
    assert election.delegates.count() == 9


def test_opening_voting_when_a_rival_roll_appears_after_the_check_is_refused_and_nothing_is_written(
        tree, users, roll, monkeypatch):
    election = committee_election(users, tree, roll)
    actions.approve_candidates(users.federation, election)

    def rival_got_in_first(election):
        Voter.objects.create(election=election, member=roll[0])
        return False

    monkeypatch.setattr(actions.ballots, "_roll_taken", rival_got_in_first)
    with pytest.raises(ActionError) as exc:
        actions.open_voting(users.chair, election)
    assert exc.value.message_dict == {"status": ["选举人名册已生成"]}
    assert Election.objects.get(pk=election.pk).status == Status.CANDIDATES_APPROVED
    assert not Round.objects.filter(election=election).exists()
    assert not AuditEntry.objects.filter(action="open_voting").exists()


def test_a_further_round_whose_number_was_taken_meanwhile_is_refused_and_the_shortfall_stays_undecided(
        tree, users, roll, monkeypatch):
    election = _short_of_seats(users, tree, roll)
    monkeypatch.setattr(actions.ballots, "_next_round_number", lambda election: 1)
    with pytest.raises(ActionError) as exc:
        actions.decide_shortfall(users.chair, election, further_round=True)
    assert exc.value.message_dict == {"status": ["当前没有待决定的缺额"]}
    election.refresh_from_db()
    assert election.awaiting_decision and election.status == Status.VOTING
    assert list(Round.objects.filter(election=election).values_list("number", flat=True)) == [1]
    assert not AuditEntry.objects.filter(action="decide_shortfall").exists()


def test_a_repeat_round_whose_number_was_taken_meanwhile_leaves_the_round_open_and_unsealed(
        tree, users, roll, monkeypatch):
    election, rnd = _void_round(users, tree, roll)
    monkeypatch.setattr(actions.ballots, "_next_round_number", lambda election: 1)
    with pytest.raises(ActionError) as exc:
        actions.close_round(users.chair, rnd)
    assert exc.value.message_dict == {"round": ["本轮投票未开始或已结束"]}
    rnd = Round.objects.get(pk=rnd.pk)
    assert (rnd.state, rnd.head, rnd.returned) == (Round.State.OPEN, "", 0)
    assert Round.objects.filter(election=election).count() == 1
    assert not AuditEntry.objects.filter(action="void_round").exists()


def test_a_paper_ballot_issued_by_another_teller_after_the_check_is_refused_by_name(tree, users, roll, monkeypatch):
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    voter = Voter.objects.get(election=election, member=roll[3])
    real_voted, calls = secret.voted, []

    def rival_got_in_first(kind, box, voters):
        calls.append(1)
        if len(calls) == 1:  # the check in the action: the other teller marks the voter just after it
            VoterMark.objects.create(round=rnd, voter=voter)
        if len(calls) <= 2:  # and core.ballots' own look misses it too: only the unique mark stops it
            return set()
        return real_voted(kind, box, voters)

    monkeypatch.setattr(secret, "voted", rival_got_in_first)
    with pytest.raises(ActionError) as exc:
        issue(users, rnd, roll[2:5])
    assert exc.value.message_dict == {"members": [f"已经投票或已领取选票：{roll[3].name}"]}
    assert not VoterMark.objects.filter(round=rnd).exclude(voter=voter).exists()
    assert not AuditEntry.objects.filter(action="issue_ballots").exists()


def test_a_removal_motion_against_an_office_vacated_meanwhile_is_refused(tree, users, roll):
    office = chair_office(users, tree, roll[0])
    stale = Office.objects.get(pk=office.pk)
    chair_office(users, tree, roll[1], started_on=datetime.date(2023, 3, 1))
    with pytest.raises(ActionError) as exc:
        removal_motion(users, stale)
    assert exc.value.message_dict == {"office": [f"{roll[0].name}已不在任，不能罢免"]}
    assert not Removal.objects.exists()


# ---- two at once (PostgreSQL) ----

@at_once
def test_two_nominations_of_the_same_member_at_once_leave_one_candidate_and_one_chinese_refusal(
        tree, users, roll, monkeypatch):
    election = committee_election(users, tree, roll, candidates=roll[:2])
    _slowly(monkeypatch, actions.candidates, "_already_candidate")
    member = roll[6]
    outcomes = _together(lambda: actions.nominate(users.chair, _fresh(election), member),
                         lambda: actions.nominate(users.chair, _fresh(election), member))
    _one_ok_and(outcomes, {"member": [f"{member.name}已在候选人名单中"]})
    assert Candidate.objects.filter(election=election, member=member).count() == 1


@at_once
def test_a_nomination_racing_the_approval_is_either_on_the_approved_list_or_refused(tree, users, roll, monkeypatch):
    election = committee_election(users, tree, roll)
    _slowly(monkeypatch, actions.candidates, "_already_candidate")
    outcomes = _together(lambda: actions.nominate(users.chair, _fresh(election), roll[9]),
                         lambda: actions.approve_candidates(users.federation, _fresh(election)))
    assert outcomes[1] == "ok", outcomes
    assert outcomes[0] in ("ok", {"status": ["候选人名单已批复，不能再提名"]}), outcomes
    listed = Candidate.objects.filter(election=election).count()
    assert listed == (5 if outcomes[0] == "ok" else 4)
    assert AuditEntry.objects.get(action="approve_candidates").note == f"候选人{listed}人"


@at_once
def test_voting_opened_twice_at_once_takes_one_roll_and_one_first_round(tree, users, roll):
    election = committee_election(users, tree, roll)
    actions.approve_candidates(users.federation, election)
    outcomes = _together(lambda: actions.open_voting(users.chair, _fresh(election)),
                         lambda: actions.open_voting(users.chair, _fresh(election)))
    _one_ok_and(outcomes, {"status": ["候选人名单经上级批复后才能开始投票"]})
    assert Voter.objects.filter(election=election).count() == 12
    assert Round.objects.filter(election=election).count() == 1


@at_once
def test_a_round_closed_twice_at_once_is_counted_once_and_repeated_once(tree, users, roll):
    election, rnd = _void_round(users, tree, roll)
    outcomes = _together(lambda: actions.close_round(users.chair, _fresh(rnd)),
                         lambda: actions.close_round(users.chair, _fresh(rnd)))
    _one_ok_and(outcomes, {"round": ["本轮投票未开始或已结束"]})
    assert list(Round.objects.filter(election=election).values_list("number", "kind")) == [(1, "first"),
                                                                                          (2, "repeat")]
    assert AuditEntry.objects.filter(action="void_round").count() == 1


@at_once
def test_a_shortfall_decided_twice_at_once_opens_one_further_round(tree, users, roll):
    election = _short_of_seats(users, tree, roll)
    outcomes = _together(lambda: actions.decide_shortfall(users.chair, _fresh(election), further_round=True),
                         lambda: actions.decide_shortfall(users.chair, _fresh(election), further_round=True))
    _one_ok_and(outcomes, {"status": ["当前没有待决定的缺额"]})
    assert list(Round.objects.filter(election=election).values_list("number", "kind")) == [(1, "first"),
                                                                                          (2, "further")]


@at_once
def test_one_voter_handed_paper_ballots_by_two_tellers_at_once_gets_one(tree, users, roll):
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    outcomes = _together(lambda: issue(users, _fresh(rnd), roll[:3]), lambda: issue(users, _fresh(rnd), roll[2:4]))
    assert "ok" in outcomes, outcomes
    refused = {"members": [f"已经投票或已领取选票：{roll[2].name}"]}
    assert outcomes in (["ok", refused], [refused, "ok"]), outcomes
    assert VoterMark.objects.filter(round=rnd).count() == (3 if outcomes[0] == "ok" else 2)


@at_once
def test_the_same_term_recorded_twice_at_once_is_recorded_once(tree, users, monkeypatch):
    _slowly(monkeypatch, actions.terms, "_start_term")
    day = datetime.date(2022, 1, 5)
    outcomes = _together(*[lambda: actions.record_term(users.chair, tree.school, body="committee", elected_on=day,
                                                       years=5)] * 2)
    _one_ok_and(outcomes, {"elected_on": ["该届任期已记录"]})
    assert Term.objects.filter(org=tree.school, body="committee", elected_on=day).count() == 1


@at_once
def test_two_chairs_recorded_at_once_leave_one_current_chair(tree, users, roll, monkeypatch):
    _slowly(monkeypatch, actions.offices, "_vacate")
    outcomes = _together(lambda: chair_office(users, tree, roll[0]), lambda: chair_office(users, tree, roll[1]))
    assert outcomes == ["ok", "ok"], outcomes
    assert Office.objects.filter(union=tree.school, post="chair", current=True).count() == 1


@at_once
def test_the_same_chair_recorded_twice_at_once_is_refused_once_in_chinese(tree, users, roll, monkeypatch):
    _slowly(monkeypatch, actions.offices, "_vacate")
    outcomes = _together(lambda: chair_office(users, tree, roll[0]), lambda: chair_office(users, tree, roll[0]))
    _one_ok_and(outcomes, {"member": [f"{roll[0].name}已是现任工会主席"]})
    assert Office.objects.filter(union=tree.school, post="chair").count() == 1


@at_once
def test_two_removal_motions_against_one_chair_at_once_open_one_vote(tree, users, roll):
    office = chair_office(users, tree, roll[0])
    outcomes = _together(lambda: removal_motion(users, _fresh(office)), lambda: removal_motion(users, _fresh(office)))
    _one_ok_and(outcomes, {"office": ["已有正在进行的罢免表决"]})
    assert Removal.objects.filter(office=office).count() == 1

