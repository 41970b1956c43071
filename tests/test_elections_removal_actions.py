"""Removal votes (罢免) end to end through the actions: the roll, quorum, phone and paper ballots, the
count against ALL entitled, the office vacated, and bad input refused with nothing half-written."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.elections import actions
from gonghui.elections.models import (Kind, Office, Removal, RemovalBallot, RemovalMark, RemovalState,
                                      RemovalVoter)
from gonghui.core.errors import ActionError

from .elections_fixtures import (add_members, chair_office, committee_election, give_login, issue, paper,
                                 removal_motion, to_first_round)


@pytest.fixture
def roll(tree, users, members):
    """The school union's 120 members entitled to vote (conftest's three and 117 more)."""
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 117)


@pytest.fixture
def office(tree, users, roll):
    return chair_office(users, tree, roll[0])


def _vote(users, removal, roll, *, present, votes_for, against=0, abstain=0):
    removal = actions.open_removal(users.chair, removal, present=present)
    actions.issue_removal_ballots(users.chair, removal, roll[:present])
    actions.enter_removal_paper(users.chair, removal, votes_for=votes_for, votes_against=against,
                                votes_abstain=abstain)
    return actions.close_removal(users.chair, removal)


def test_120_entitled_85_present_60_votes_for_do_not_remove_the_chair(tree, users, roll, office):
    removal = removal_motion(users, office)
    assert removal.entitled == 120
    done = _vote(users, removal, roll, present=85, votes_for=60, against=20, abstain=5)
    assert done.needed == 61 and done.state == RemovalState.FAILED
    assert (done.votes_for, done.votes_against, done.votes_abstain, done.invalid) == (60, 20, 5, 0)
    assert "未达到应到会120人的过半数（61票）" in done.outcome
    office.refresh_from_db()
    assert office.current and office.removed_on is None


def test_120_entitled_85_present_61_votes_for_remove_the_chair_and_vacate_the_office(tree, users, roll, office):
    removal = removal_motion(users, office, reason="长期不履行职责")
    done = _vote(users, removal, roll, present=85, votes_for=61, against=24)
    assert done.state == RemovalState.PASSED
    office.refresh_from_db()
    today = timezone.localdate()
    assert not office.current and office.removed_on == today and office.ended_on == today
    assert office.removal_reason == "长期不履行职责"
    entry = AuditEntry.objects.get(action="remove_from_office")
    assert entry.actor == users.chair and entry.org == tree.school
    assert AuditEntry.objects.filter(action="count_removal", note__contains="罢免通过").exists()
    with pytest.raises(ActionError) as exc:
        removal_motion(users, office)
    assert "已不在任" in exc.value.message_dict["office"][0]


def test_a_vote_without_quorum_is_refused_and_the_motion_stays_pending(tree, users, roll, office):
    removal = removal_motion(users, office)
    with pytest.raises(ActionError) as exc:
        actions.open_removal(users.chair, removal, present=79)
    assert "不足应到会120人的三分之二（至少80人）" in exc.value.message_dict["present"][0]
    assert Removal.objects.get(pk=removal.pk).state == RemovalState.PREPARING
    with pytest.raises(ActionError) as exc:
        actions.open_removal(users.chair, removal, present="八十")
    assert exc.value.message_dict["present"] == ["实到会人数应为整数"]
    assert actions.open_removal(users.chair, removal, present=80).state == RemovalState.OPEN


def test_a_phone_voter_votes_once_and_the_ballot_does_not_name_them(tree, users, roll, office):
    removal = removal_motion(users, office)
    voter = give_login(roll[5], "voter5")
    actions.open_removal(users.chair, removal, present=100)
    with pytest.raises(ActionError) as exc:
        actions.cast_removal_ballot(voter, removal, choice="maybe")
    assert exc.value.message_dict["choice"] == ["表决意见应为赞成、反对或弃权"]
    ballot = actions.cast_removal_ballot(voter, removal, choice="for")
    with pytest.raises(ActionError) as exc:
        actions.cast_removal_ballot(voter, removal, choice="against")
    assert "每人只能表决一次" in exc.value.message_dict["removal"][0]
    assert RemovalBallot.objects.filter(removal=removal).count() == 1 == RemovalMark.objects.count()
    fields = {f.name for f in RemovalBallot._meta.get_fields()}
    assert not fields & {"voter", "member", "user", "created_at", "at"}
    # no audit entry per phone ballot: its time and order would point at the voter
    assert not AuditEntry.objects.filter(action="ballot").exists()
    assert ballot.choice == "for" and ballot.seq == 1


def test_a_voter_handed_a_paper_ballot_cannot_also_vote_on_the_phone(tree, users, roll, office):
    removal = removal_motion(users, office)
    voter = give_login(roll[3], "voter3")
    actions.open_removal(users.chair, removal, present=100)
    actions.issue_removal_ballots(users.chair, removal, [roll[3]])
    with pytest.raises(ActionError):
        actions.cast_removal_ballot(voter, removal, choice="for")
    with pytest.raises(ActionError) as exc:
        actions.issue_removal_ballots(users.chair, removal, [roll[3], roll[4]])
    assert roll[3].name in exc.value.message_dict["members"][0]
    assert RemovalMark.objects.filter(removal=removal).count() == 1


def test_someone_not_on_the_roll_cannot_vote(tree, users, roll, office, members):
    removal = removal_motion(users, office)
    actions.open_removal(users.chair, removal, present=100)
    outsider_member = give_login(members.liu, "liu")
    with pytest.raises(ActionError) as exc:
        actions.cast_removal_ballot(outsider_member, removal, choice="for")
    assert "名册" in exc.value.message_dict["removal"][0]
    with pytest.raises(ActionError):
        actions.cast_removal_ballot(users.outsider, removal, choice="for")
    assert not RemovalBallot.objects.exists()


def test_voting_on_a_closed_motion_is_refused(tree, users, roll, office):
    removal = removal_motion(users, office)
    voter = give_login(roll[9], "voter9")
    with pytest.raises(ActionError) as exc:
        actions.cast_removal_ballot(voter, removal, choice="for")  # not yet open
    assert "待表决" in exc.value.message_dict["state"][0]
    _vote(users, removal, roll, present=85, votes_for=10, against=75)
    for attempt in (lambda: actions.cast_removal_ballot(voter, removal, choice="for"),
                    lambda: actions.enter_removal_paper(users.chair, removal, votes_for=1),
                    lambda: actions.issue_removal_ballots(users.chair, removal, [roll[100]]),
                    lambda: actions.close_removal(users.chair, removal)):
        with pytest.raises(ActionError) as exc:
            attempt()
        assert "未通过" in exc.value.message_dict["state"][0]
    assert RemovalBallot.objects.filter(removal=removal).count() == 85


def test_more_paper_ballots_back_than_issued_void_the_vote(tree, users, roll, office):
    removal = removal_motion(users, office)
    actions.open_removal(users.chair, removal, present=90)
    actions.issue_removal_ballots(users.chair, removal, roll[:2])
    actions.enter_removal_paper(users.chair, removal, votes_for=3)
    done = actions.close_removal(users.chair, removal)
    assert done.state == RemovalState.VOID and "多于发出的2张" in done.outcome
    assert RemovalBallot.objects.filter(removal=removal).count() == 3  # no ballot is ever lost
    assert Office.objects.get(pk=office.pk).current
    again = removal_motion(users, office)  # a new vote may be held
    assert again.state == RemovalState.PREPARING


def test_bad_paper_counts_name_their_fields_and_enter_nothing(tree, users, roll, office):
    removal = removal_motion(users, office)
    actions.open_removal(users.chair, removal, present=90)
    with pytest.raises(ActionError) as exc:
        actions.enter_removal_paper(users.chair, removal, votes_for=5, votes_against=-1)
    assert exc.value.message_dict == {"votes_against": ["反对票数不能为负数"]}
    with pytest.raises(ActionError) as exc:
        actions.enter_removal_paper(users.chair, removal, votes_abstain="x")
    assert exc.value.message_dict == {"votes_abstain": ["弃权票数应为整数"]}
    with pytest.raises(ActionError) as exc:
        actions.enter_removal_paper(users.chair, removal)
    assert "votes_for" in exc.value.message_dict
    with pytest.raises(ActionError) as exc:
        actions.enter_removal_paper(users.chair, removal, votes_for=100, votes_against=21)
    assert "多于应到会人数120" in exc.value.message_dict["votes_for"][0]
    assert not RemovalBallot.objects.exists()


def test_a_bad_motion_names_its_fields_and_creates_nothing(tree, users, roll, office):
    with pytest.raises(ActionError) as exc:
        actions.create_removal(users.chair, office, reason="  ", motion_on=timezone.localdate()
                               + datetime.timedelta(days=1), assembly="street")
    assert set(exc.value.message_dict) == {"reason", "motion_on", "assembly"}
    with pytest.raises(ActionError) as exc:
        actions.create_removal(users.chair, None, reason="x", motion_on=timezone.localdate())
    assert "office" in exc.value.message_dict
    assert not Removal.objects.exists() and not RemovalVoter.objects.exists()
    removal_motion(users, office)
    with pytest.raises(ActionError) as exc:
        removal_motion(users, office)
    assert "已有正在进行的罢免表决" in exc.value.message_dict["office"][0]
    assert Removal.objects.count() == 1


def test_the_roll_leaves_out_retained_members_and_a_delegates_assembly_votes_by_its_delegates(tree, users, roll,
                                                                                               office):
    retained = add_members(users.chair, tree.school, 1, start=500, status="retained")[0]
    members_vote = removal_motion(users, office)
    on_roll = set(RemovalVoter.objects.filter(removal=members_vote).values_list("member_id", flat=True))
    assert retained.pk not in on_roll and len(on_roll) == 120
    actions.withdraw_removal(users.chair, members_vote)
    delegates_vote = removal_motion(users, office, assembly="delegates")
    with pytest.raises(ActionError) as exc:
        actions.open_removal(users.chair, delegates_vote, present=0)
    assert "表决名册为空" in exc.value.message_dict["members"][0]
    with pytest.raises(ActionError) as exc:
        actions.set_removal_delegates(users.chair, delegates_vote, roll[:29] + [retained])
    assert retained.name in exc.value.message_dict["members"][0]
    actions.set_removal_delegates(users.chair, delegates_vote, roll[:30])
    delegates_vote.refresh_from_db()
    assert delegates_vote.entitled == 30
    done = _vote(users, delegates_vote, roll, present=20, votes_for=16, against=4)
    assert done.needed == 16 and done.state == RemovalState.PASSED


def test_a_chair_elected_through_the_app_takes_office_and_can_be_removed(tree, users, roll):
    election = committee_election(users, tree, roll, seats=3)
    a, b, c, _d = election.candidates.order_by("pk")
    rnd = to_first_round(users, election)
    issue(users, rnd, roll)
    paper(users, rnd, *([[a, b, c]] * 120))
    actions.close_round(users.chair, rnd)
    actions.approve_results(users.federation, election)
    chair_vote = actions.create_election(users.chair, tree.school, kind=Kind.CHAIR, seats=1,
                                         committee_election=election)
    cand = actions.nominate(users.chair, chair_vote, a.member)
    actions.approve_candidates(users.federation, chair_vote)
    first = actions.open_voting(users.chair, chair_vote)
    actions.open_round(users.chair, first, present=3)
    issue(users, first, [a.member, b.member, c.member])
    paper(users, first, [cand], [cand], [cand])
    actions.close_round(users.chair, first)
    actions.approve_results(users.federation, chair_vote)
    office = Office.objects.get(union=tree.school, current=True)
    assert office.post == "chair" and office.member_id == a.member_id and office.election_id == chair_vote.pk
    done = _vote(users, removal_motion(users, office), roll, present=110, votes_for=70, against=40)
    assert done.state == RemovalState.PASSED and not Office.objects.filter(current=True).exists()


def test_an_officer_of_another_union_can_neither_move_nor_run_a_removal(tree, users, roll, office):
    with pytest.raises(PermissionDenied):
        actions.create_removal(users.outsider, office, reason="x", motion_on=timezone.localdate())
    removal = removal_motion(users, office)
    with pytest.raises(PermissionDenied):
        actions.open_removal(users.outsider, removal, present=100)
    with pytest.raises(PermissionDenied):
        actions.record_office(users.outsider, tree.school, post="chair", member=roll[1],
                              started_on=datetime.date(2023, 1, 1))
    assert Removal.objects.get().state == RemovalState.PREPARING


def test_a_tampered_ballot_breaks_the_chain_and_counting_is_refused(tree, users, roll, office):
    removal = removal_motion(users, office)
    actions.open_removal(users.chair, removal, present=90)
    actions.issue_removal_ballots(users.chair, removal, roll[:3])
    actions.enter_removal_paper(users.chair, removal, votes_for=1, votes_against=2)
    RemovalBallot.objects.filter(removal=removal, seq=2).update(choice="for")
    with pytest.raises(ActionError) as exc:
        actions.close_removal(users.chair, removal)
    assert "第2张" in exc.value.message_dict["removal"][0]
    assert Removal.objects.get(pk=removal.pk).state == RemovalState.OPEN


def test_an_entered_holder_is_checked_and_a_new_chair_ends_the_last(tree, users, roll, office, members):
    with pytest.raises(ActionError) as exc:
        actions.record_office(users.chair, tree.school, post="treasurer", member=members.liu,
                              started_on=timezone.localdate() + datetime.timedelta(days=3))
    assert set(exc.value.message_dict) == {"post", "member", "started_on"}
    with pytest.raises(ActionError) as exc:
        chair_office(users, tree, roll[0])
    assert "已是现任工会主席" in exc.value.message_dict["member"][0]
    chair_office(users, tree, roll[1], started_on=datetime.date(2024, 3, 1))
    office.refresh_from_db()
    assert not office.current and office.ended_on == datetime.date(2024, 3, 1) and office.removed_on is None
