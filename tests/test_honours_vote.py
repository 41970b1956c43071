"""Selection by secret vote goes through the one ballot component (``core.ballots``): an evaluator votes once,
at most the quota, no audit row per ballot; closing seals the chain and counts the votes."""
import pytest

from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.honours import actions
from gonghui.honours.models import HONOUR_BALLOTS, Nomination, VoteBallot

from .conftest import make_user
from .honours_fixtures import kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_round(users, tree, members):
    rnd = actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=2026, quota=1,
                             method="vote")
    actions.set_evaluators(users.officer, rnd, [members.zhang, members.zhao, members.wang])
    wang = actions.nominate(users.officer, rnd, by="union", member=members.wang)
    zhao = actions.nominate(users.officer, rnd, by="union", member=members.zhao)
    actions.start_selection(users.officer, rnd)
    for key in ("zhang", "zhao"):
        member = getattr(members, key)
        member.user = make_user(f"v-{key}")
        member.save(update_fields=["user"])
    return rnd, wang, zhao


def test_an_evaluator_votes_once_and_no_audit_row_names_the_ballot(members, vote_round):
    rnd, wang, _zhao = vote_round
    before = AuditEntry.objects.count()
    actions.cast_vote(members.zhang.user, rnd, [wang.pk])
    with pytest.raises(ActionError) as exc:
        actions.cast_vote(members.zhang.user, rnd, [wang.pk])
    assert exc.value.message_dict == {"choices": ["您已经投过票，每位评委只能投一次"]}
    assert AuditEntry.objects.count() == before


def test_a_ballot_choosing_more_than_the_quota_is_refused(members, vote_round):
    rnd, wang, zhao = vote_round
    with pytest.raises(ActionError) as exc:
        actions.cast_vote(members.zhao.user, rnd, [wang.pk, zhao.pk])
    assert exc.value.message_dict == {"choices": ["所选人数（2）超过名额（1），选票无效，请重新选择"]}


def test_only_the_committee_may_vote(member_user, vote_round):
    rnd, wang, _zhao = vote_round
    outsider = make_user("not-on-committee")
    with pytest.raises(ActionError):
        actions.cast_vote(outsider, rnd, [wang.pk])


def test_closing_seals_the_chain_and_counts_online_and_paper_ballots(users, members, vote_round):
    rnd, wang, zhao = vote_round
    actions.cast_vote(members.zhang.user, rnd, [wang.pk])
    actions.cast_vote(members.zhao.user, rnd, [zhao.pk])
    paper = rnd.evaluators.filter(member=members.wang)
    actions.enter_paper_ballots(users.officer, rnd, evaluators=list(paper), ballots=[[wang.pk]])
    rnd = actions.publish_shortlist(users.officer, rnd, posted_on="2026-11-20")
    check = secret.verify(HONOUR_BALLOTS, rnd, published=rnd.head)
    assert check.ok and check.canonical and VoteBallot.objects.filter(round=rnd).count() == 3
    wang.refresh_from_db()
    zhao.refresh_from_db()
    assert (wang.votes, wang.state, zhao.votes, zhao.state) == (2, Nomination.State.SHORTLISTED, 1,
                                                                Nomination.State.NOT_SELECTED)


def test_more_paper_ballots_than_were_issued_is_refused(users, members, vote_round):
    rnd, wang, _zhao = vote_round
    one = list(rnd.evaluators.filter(member=members.wang))
    with pytest.raises(ActionError) as exc:
        actions.enter_paper_ballots(users.officer, rnd, evaluators=one, ballots=[[wang.pk], [wang.pk]])
    assert exc.value.message_dict == {"choices": ["收回选票（2张）多于发出的选票（1张）"]}
