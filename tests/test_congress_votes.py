"""Votes on resolutions: quorum before any vote, more than half of ALL delegates, one vote per
delegate, secret ballots chained and recountable, paper ballots with issued/returned counts."""
import pytest
from django.core.exceptions import PermissionDenied

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, Resolution, SecretBallot, VoterMark
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import give_login, make_term, open_session, term  # noqa: F401


def _paper(chair, r, *, issued, votes_for, against=0, abstain=0, invalid=0, returned=None):
    returned = votes_for + against + abstain + invalid if returned is None else returned
    return actions.record_paper(chair, r, issued=issued, returned=returned, votes_for=votes_for,
                                votes_against=against, votes_abstain=abstain, invalid=invalid)


@pytest.fixture
def big(tree, users):
    """▶ 150 delegates, 110 present."""
    term = make_term(users.chair, tree.school, delegates=150, employees=1200, women_employees=500)
    return open_session(users.chair, term, present=110)


def test_worked_example_110_of_150_present_meets_quorum_and_76_for_passes(big, users):
    r = actions.create_resolution(users.chair, big, title="学校工作报告", mode="secret")
    actions.open_vote(users.chair, r)
    assert (r.total_delegates, r.present) == (150, 110)
    _paper(users.chair, r, issued=110, votes_for=76, against=30, abstain=4)
    r = actions.close_vote(users.chair, r)
    assert r.passed is True and r.votes_for == 76


def test_75_for_out_of_110_present_fails_because_the_base_is_all_150_delegates(big, users):
    r = actions.create_resolution(users.chair, big, title="绩效工资方案", kind="plan", mode="secret")
    actions.open_vote(users.chair, r)
    _paper(users.chair, r, issued=110, votes_for=75, against=35)
    r = actions.close_vote(users.chair, r)
    assert r.passed is False  # 75 > 110/2 but not > 150/2


def test_no_vote_opens_without_quorum(tree, users):
    term = make_term(users.chair, tree.school, delegates=15)
    session = open_session(users.chair, term, present=9)  # needs 10
    r = actions.create_resolution(users.chair, session, title="集体合同草案", kind="contract")
    with pytest.raises(ActionError) as e:
        actions.open_vote(users.chair, r)
    assert "不足全体代表15人的三分之二（应至少10人）" in e.value.message_dict["quorum"][0]
    r.refresh_from_db()
    assert r.status == Resolution.Status.DRAFT


def test_secret_ballot_keeps_no_link_and_refuses_a_second_ballot(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="工会经费审查报告")
    actions.open_vote(users.chair, r)
    delegates = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    voters = [give_login(d) for d in delegates]
    for user, choice in zip(voters, ["for", "against", "for"]):
        actions.cast_vote(user, r, choice)
    with pytest.raises(ActionError) as e:
        actions.cast_vote(voters[0], r, "against")
    assert "不能重复投票" in e.value.message_dict["choice"][0]
    assert SecretBallot.objects.filter(resolution=r).count() == 3
    assert VoterMark.objects.filter(resolution=r).count() == 3
    ballot_fields = {f.name for f in SecretBallot._meta.get_fields()}
    assert not ballot_fields & {"delegate", "voter", "user", "created_at", "at"}
    assert not {f.name for f in VoterMark._meta.get_fields()} & {"created_at", "seq", "ballot", "at"}
    # no audit row names a secret voter
    assert not AuditEntry.objects.filter(action="vote", object_id=r.pk, object_type="congress.resolution").exists()


def test_tally_is_counted_from_ballots_and_a_recount_verifies_the_chain(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="校务公开工作报告")
    actions.open_vote(users.chair, r)
    for d, choice in zip(Delegate.objects.filter(term=term).order_by("id")[:8],
                         ["for"] * 6 + ["against", "abstain"]):
        actions.cast_vote(give_login(d), r, choice)
    r = actions.close_vote(users.chair, r)
    assert (r.votes_for, r.votes_against, r.votes_abstain) == (6, 1, 1)
    assert r.passed is False  # 12 delegates: needs 7
    check = queries.recount(r)
    assert check.ok and check.matches and check.counts == {"for": 6, "against": 1, "abstain": 1}
    # a tampered ballot breaks the chain at its place (the sealed order: by content, not by voter)
    against = SecretBallot.objects.get(resolution=r, choice="against")
    SecretBallot.objects.filter(pk=against.pk).update(choice="for")
    check = queries.recount(r)
    assert not check.ok and check.broken_at == against.seq - 1 and not check.matches


def test_a_dropped_ballot_is_detected_by_the_chain_head(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="食堂管理办法")
    actions.open_vote(users.chair, r)
    for d in Delegate.objects.filter(term=term).order_by("id")[:3]:
        actions.cast_vote(give_login(d), r, "for")
    r = actions.close_vote(users.chair, r)
    SecretBallot.objects.filter(resolution=r, seq=3).delete()
    assert not queries.recount(r).ok


def test_open_vote_records_who_voted_what(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="代表资格审查报告", mode="open")
    actions.open_vote(users.chair, r)
    d = Delegate.objects.filter(term=term).order_by("id").first()
    user = give_login(d)
    actions.cast_vote(user, r, "for")
    assert r.open_votes.get().delegate == d
    with pytest.raises(ActionError):
        actions.cast_vote(user, r, "for")


def test_a_delegate_must_sign_in_before_voting(term, users):
    session = open_session(users.chair, term, present=11)
    r = actions.create_resolution(users.chair, session, title="年度预算")
    actions.open_vote(users.chair, r)
    absent = Delegate.objects.filter(term=term).order_by("-id").first()
    with pytest.raises(ActionError) as e:
        actions.cast_vote(give_login(absent), r, "for")
    assert "签到" in e.value.message_dict["choice"][0]


def test_more_paper_ballots_returned_than_issued_voids_the_vote(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="集体合同草案", kind="contract")
    actions.open_vote(users.chair, r)
    r = _paper(users.chair, r, issued=10, votes_for=11, returned=11)
    assert r.status == Resolution.Status.VOID and "表决无效" in r.void_reason
    with pytest.raises(ActionError):
        actions.close_vote(users.chair, r)
    repeat = actions.reopen_void(users.chair, r)
    assert repeat.title == r.title and repeat.status == Resolution.Status.DRAFT


def test_paper_counts_must_add_up_to_the_ballots_returned(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="集体合同草案", kind="contract")
    actions.open_vote(users.chair, r)
    with pytest.raises(ActionError) as e:
        _paper(users.chair, r, issued=12, votes_for=8, returned=10)
    assert "与收回10张不符" in e.value.message_dict["paper_returned"][0]
    with pytest.raises(ActionError) as e:
        _paper(users.chair, r, issued=13, votes_for=8)
    assert "超过实到代表12人" in e.value.message_dict["paper_issued"][0]
    r.refresh_from_db()
    assert r.paper_issued == 0


def test_only_officers_in_scope_run_votes(term, users):
    session = open_session(users.chair, term, present=12)
    with pytest.raises(PermissionDenied):
        actions.create_resolution(users.outsider, session, title="越权")
    with pytest.raises(PermissionDenied):
        actions.create_resolution(users.finance, session, title="越权")


def test_opening_and_closing_are_audited(term, users):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="审计报告")
    actions.open_vote(users.chair, r)
    actions.close_vote(users.chair, r)
    acts = set(AuditEntry.objects.filter(object_type="congress.resolution", object_id=r.pk)
               .values_list("action", flat=True))
    assert {"create", "open_vote", "close_vote"} <= acts
