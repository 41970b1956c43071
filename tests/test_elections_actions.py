"""Election actions end to end: the candidate list, the roll, quorum, ballots, counting and approval."""
import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.models import AuditEntry
from gonghui.elections import actions, queries
from gonghui.elections.models import Ballot, Candidate, Election, Kind, Round, Status, Term, Voter, VoterMark
from gonghui.members import actions as member_actions
from gonghui.core.errors import ActionError

from .elections_fixtures import add_members, candidates, committee_election, give_login, issue, paper, to_first_round


@pytest.fixture
def roll(tree, users, members):
    """The school union's 120 members entitled to vote (conftest's three and 117 more)."""
    extra = add_members(users.chair, tree.school, 117)
    return [members.wang, members.zhao, members.zhang] + extra


def test_a_committee_list_below_the_competitive_ratio_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll, seats=9, candidates=roll[:9])
    with pytest.raises(ActionError) as exc:
        actions.approve_candidates(users.federation, election)
    assert "少于差额选举要求的10人" in exc.value.message_dict["candidates"][0]
    actions.nominate(users.chair, election, roll[9])
    actions.approve_candidates(users.federation, election)
    assert Election.objects.get(pk=election.pk).status == Status.CANDIDATES_APPROVED


def test_only_the_upper_union_approves_the_candidate_list(tree, users, roll):
    election = committee_election(users, tree, roll)
    with pytest.raises(PermissionDenied):
        actions.approve_candidates(users.chair, election)
    with pytest.raises(PermissionDenied):
        actions.approve_candidates(users.outsider, election)
    actions.approve_candidates(users.federation, election)
    entry = AuditEntry.objects.get(action="approve_candidates")
    assert entry.actor == users.federation and entry.org == tree.school


def test_a_retained_or_terminated_member_cannot_be_nominated_nor_vote(tree, users, roll):
    retained = add_members(users.chair, tree.school, 1, start=500, status="retained")[0]
    election = committee_election(users, tree, roll)
    with pytest.raises(ActionError) as exc:
        actions.nominate(users.chair, election, retained)
    assert "保留会籍" in exc.value.message_dict["member"][0]
    member_actions.terminate(users.chair, roll[-1], reason="resigned")
    actions.approve_candidates(users.federation, election)
    first = actions.open_voting(users.chair, election)
    on_roll = set(Voter.objects.filter(election=election).values_list("member_id", flat=True))
    assert retained.pk not in on_roll
    assert roll[-1].pk not in on_roll
    assert roll[0].pk in on_roll and first.entitled == len(on_roll) == 119


def test_the_roll_is_one_insert_however_large_the_union(tree, users, roll, django_assert_max_num_queries):
    election = committee_election(users, tree, roll)
    actions.approve_candidates(users.federation, election)
    with django_assert_max_num_queries(16):
        actions.open_voting(users.chair, election)
    assert Voter.objects.filter(election=election).count() == 120


def test_a_vote_without_quorum_is_refused_and_leaves_the_round_pending(tree, users, roll):
    election = committee_election(users, tree, roll)
    actions.approve_candidates(users.federation, election)
    first = actions.open_voting(users.chair, election)
    with pytest.raises(ActionError) as exc:
        actions.open_round(users.chair, first, present=79)
    assert "不足应到会120人的三分之二（至少80人）" in exc.value.message_dict["present"][0]
    assert Round.objects.get(pk=first.pk).state == Round.State.PENDING
    assert actions.open_round(users.chair, first, present=80).state == Round.State.OPEN


def test_120_entitled_85_present_a_candidate_with_61_votes_is_elected_and_one_with_60_is_not(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    a, b, c, d = candidates(election)
    rnd = to_first_round(users, election, present=85)
    assert rnd.threshold == 61
    issue(users, rnd, roll[:85])
    for i in range(1, 86):
        paper(users, rnd, [x for x, on in ((a, i <= 61), (b, 25 <= i <= 84), (c, i <= 70)) if on])
    actions.close_round(users.chair, rnd)
    rnd.refresh_from_db()
    assert rnd.tally[f"c{a.pk}"] == 61 and rnd.tally[f"c{b.pk}"] == 60 and rnd.tally[f"c{c.pk}"] == 70
    assert rnd.outcome["elected"] == [c.pk, a.pk] and rnd.outcome["short"] == 1
    assert set(Candidate.objects.filter(elected=True).values_list("pk", flat=True)) == {a.pk, c.pk}
    election.refresh_from_db()
    assert election.awaiting_decision and election.status == Status.VOTING


def test_a_phone_voter_votes_once_and_the_ballot_does_not_name_them(tree, users, roll):
    election = committee_election(users, tree, roll)
    a, b, *_ = candidates(election)
    voter = give_login(roll[5], "voter5")
    rnd = to_first_round(users, election)
    ballot = actions.cast_ballot(voter, rnd, marks=[a.pk, b.pk])
    with pytest.raises(ActionError) as exc:
        actions.cast_ballot(voter, rnd, marks=[a.pk])
    assert "每人只能投一次" in exc.value.message_dict["round"][0]
    assert Ballot.objects.filter(round=rnd).count() == 1
    assert VoterMark.objects.filter(round=rnd).count() == 1
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert not fields & {"voter", "member", "user", "created_at", "at"}
    # no audit entry per phone ballot: its time and order would point at the voter
    assert not AuditEntry.objects.filter(action="ballot").exists()
    assert ballot.marks == sorted([a.pk, b.pk])


def test_a_phone_ballot_with_more_marks_than_seats_is_refused_and_the_voter_may_try_again(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    voter = give_login(roll[7], "voter7")
    rnd = to_first_round(users, election)
    ids = [c.pk for c in candidates(election)]
    with pytest.raises(ActionError) as exc:
        actions.cast_ballot(voter, rnd, marks=ids)
    assert exc.value.message_dict["marks"] == ["最多只能选3人，您选了4人"]
    assert not VoterMark.objects.filter(round=rnd).exists() and not Ballot.objects.exists()
    actions.cast_ballot(voter, rnd, marks=ids[:3])
    assert Ballot.objects.count() == 1


def test_someone_not_on_the_roll_cannot_vote(tree, users, roll, members):
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    with pytest.raises(ActionError):
        actions.cast_ballot(users.outsider, rnd, marks=[])
    outsider_member = give_login(members.liu, "liu")
    with pytest.raises(ActionError) as exc:
        actions.cast_ballot(outsider_member, rnd, marks=[])
    assert "选举人名册" in exc.value.message_dict["round"][0]


def test_a_paper_ballot_with_too_many_marks_is_recorded_invalid_and_a_blank_one_valid(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    cs = candidates(election)
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:100])
    paper(users, rnd, cs, [], ["王大锤"])
    ballots = list(Ballot.objects.filter(round=rnd).order_by("seq"))
    assert [b.valid for b in ballots] == [False, True, True]
    actions.close_round(users.chair, rnd)
    rnd.refresh_from_db()
    assert rnd.invalid == 1 and rnd.returned == 3 and rnd.tally["w王大锤"] == 1


def test_a_voter_handed_a_paper_ballot_cannot_also_vote_on_the_phone(tree, users, roll):
    election = committee_election(users, tree, roll)
    voter = give_login(roll[3], "voter3")
    rnd = to_first_round(users, election)
    issue(users, rnd, [roll[3]])
    with pytest.raises(ActionError):
        actions.cast_ballot(voter, rnd, marks=[])
    with pytest.raises(ActionError) as exc:
        issue(users, rnd, [roll[3], roll[4]])
    assert roll[3].name in exc.value.message_dict["members"][0]
    assert VoterMark.objects.filter(round=rnd).count() == 1


def test_more_ballots_back_than_issued_voids_the_round_and_a_new_one_is_held(tree, users, roll):
    election = committee_election(users, tree, roll)
    a, *_ = candidates(election)
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:2])
    paper(users, rnd, [a], [a], [a])
    repeat = actions.close_round(users.chair, rnd)
    rnd.refresh_from_db()
    assert rnd.state == Round.State.VOID and "多于发出的2张" in rnd.outcome["void"]
    assert repeat.number == 2 and repeat.kind == Round.RoundKind.REPEAT and repeat.state == Round.State.PENDING
    assert repeat.candidate_ids == rnd.candidate_ids
    assert Ballot.objects.filter(round=rnd).count() == 3  # no ballot is ever lost
    assert not Candidate.objects.filter(elected=True).exists()


def _tie_vote(users, roll, election):
    """120 present, 2 seats: a 80, b 70, c 70 — a is elected, b and c tie for the last seat."""
    a, b, c = candidates(election)
    rnd = to_first_round(users, election, present=120)
    issue(users, rnd, roll)
    for i in range(120):
        paper(users, rnd, [a, b] if i < 40 else [b, c] if i < 70 else [a, c] if i < 110 else [])
    return a, b, c, rnd


def test_a_tie_at_the_last_seat_opens_a_round_among_the_tied_only(tree, users, roll):
    election = committee_election(users, tree, roll, seats=2)
    a, b, c, rnd = _tie_vote(users, roll, election)
    tie = actions.close_round(users.chair, rnd)
    assert Candidate.objects.get(pk=a.pk).elected and not Candidate.objects.filter(pk__in=[b.pk, c.pk], elected=True)
    assert tie.kind == Round.RoundKind.TIE and tie.seats == 1 and tie.candidate_ids == sorted([b.pk, c.pk])
    actions.open_round(users.chair, tie, present=110)
    issue(users, tie, roll[:110])
    with pytest.raises(ActionError):
        paper(users, tie, [a])
    for i in range(110):
        paper(users, tie, [b] if i < 65 else [c])
    assert actions.close_round(users.chair, tie).pk == tie.pk
    assert Candidate.objects.get(pk=b.pk).elected_round == 2 and Candidate.objects.get(pk=b.pk).votes == 65
    election.refresh_from_db()
    assert election.status == Status.COUNTED


def _short(users, roll, election):
    a, b, c, d = candidates(election)
    rnd = to_first_round(users, election)
    issue(users, rnd, roll)
    for i in range(120):
        paper(users, rnd, [a, b] if i < 70 else [c])
    actions.close_round(users.chair, rnd)
    return a, b, c, d


def test_seats_left_short_go_to_a_further_round_among_the_remaining_candidates(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    a, b, c, d = _short(users, roll, election)
    with pytest.raises(ActionError):
        actions.approve_results(users.federation, election)
    further = actions.decide_shortfall(users.chair, Election.objects.get(pk=election.pk), further_round=True)
    assert further.kind == Round.RoundKind.FURTHER and further.seats == 1
    assert further.candidate_ids == sorted([c.pk, d.pk])
    actions.open_round(users.chair, further, present=100)
    issue(users, further, roll[:100])
    for i in range(100):
        paper(users, further, [d] if i < 61 else [c])
    actions.close_round(users.chair, further)
    assert set(Candidate.objects.filter(elected=True).values_list("pk", flat=True)) == {a.pk, b.pk, d.pk}
    assert Election.objects.get(pk=election.pk).status == Status.COUNTED


def test_the_committee_may_leave_short_seats_empty(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    _short(users, roll, election)
    assert actions.decide_shortfall(users.chair, Election.objects.get(pk=election.pk), further_round=False) is None
    election.refresh_from_db()
    assert election.status == Status.COUNTED and election.seats_left_empty == 1
    assert AuditEntry.objects.filter(action="decide_shortfall", note__contains="空缺").exists()


def test_approved_results_start_the_committee_term_and_the_chair_is_elected_from_the_committee(tree, users, roll):
    election = committee_election(users, tree, roll, seats=2)
    a, b, c, rnd = _tie_vote(users, roll, election)
    tie = actions.close_round(users.chair, rnd)
    actions.open_round(users.chair, tie, present=120)
    issue(users, tie, roll)
    paper(users, tie, *([[b]] * 70 + [[c]] * 50))
    actions.close_round(users.chair, tie)
    actions.approve_results(users.federation, election)
    term = Term.objects.get(org=tree.school)
    assert term.years == 5 and term.current and term.election_id == election.pk

    with pytest.raises(ActionError) as exc:
        actions.create_election(users.chair, tree.school, kind=Kind.CHAIR, seats=1)
    assert "committee_election" in exc.value.message_dict
    chair = actions.create_election(users.chair, tree.school, kind=Kind.CHAIR, seats=1, committee_election=election)
    with pytest.raises(ActionError):
        actions.nominate(users.chair, chair, c.member)
    chair_a = actions.nominate(users.chair, chair, a.member)
    actions.approve_candidates(users.federation, chair)  # a chair may be elected without surplus
    first = actions.open_voting(users.chair, chair)
    assert first.entitled == 2
    assert set(Voter.objects.filter(election=chair).values_list("member_id", flat=True)) == {a.member_id, b.member_id}
    actions.open_round(users.chair, first, present=2)
    issue(users, first, [a.member, b.member])
    paper(users, first, [chair_a], [chair_a])
    actions.close_round(users.chair, first)
    assert Candidate.objects.get(election=chair, member=a.member).elected


def test_a_tampered_ballot_breaks_the_chain_and_counting_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll)
    a, b, *_ = candidates(election)
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:3])
    paper(users, rnd, [a], [a], [b])
    Ballot.objects.filter(round=rnd, seq=2).update(marks=[b.pk])
    assert queries.verify_round(rnd)[0] == 1
    with pytest.raises(ActionError) as exc:
        actions.close_round(users.chair, rnd)
    assert "第2张" in exc.value.message_dict["round"][0]
    assert Round.objects.get(pk=rnd.pk).state == Round.State.OPEN


def test_an_officer_of_another_union_can_change_nothing(tree, users, roll):
    election = committee_election(users, tree, roll)
    with pytest.raises(PermissionDenied):
        actions.nominate(users.outsider, election, roll[50])
    with pytest.raises(PermissionDenied):
        actions.open_voting(users.outsider, election)
    with pytest.raises(PermissionDenied):
        actions.create_election(users.outsider, tree.school, kind=Kind.COMMITTEE, seats=3)


def test_nominating_the_same_member_twice_is_refused(tree, users, roll):
    election = committee_election(users, tree, roll)
    with pytest.raises(ActionError) as exc:
        actions.nominate(users.chair, election, roll[0])
    assert "已在候选人名单中" in exc.value.message_dict["member"][0]


def test_bad_settings_name_their_fields(tree, users, roll):
    with pytest.raises(ActionError) as exc:
        actions.create_election(users.chair, tree.school, kind="committee", seats=0, term_years=4,
                                threshold_basis="x")
    assert set(exc.value.message_dict) == {"seats", "term_years", "threshold_basis"}
    assert not Election.objects.exists()


def test_a_union_of_more_than_a_hundred_members_defaults_to_a_delegates_assembly(tree, users, roll):
    election = committee_election(users, tree, roll, assembly="")
    assert election.assembly == "delegates"
    actions.approve_candidates(users.federation, election)
    with pytest.raises(ActionError):
        actions.open_voting(users.chair, election)
    actions.set_delegates(users.chair, election, roll[:30])
    first = actions.open_voting(users.chair, election)
    assert first.entitled == 30
