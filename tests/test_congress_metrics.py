"""The congress metrics with a worked example: 4 proposals accepted, 3 answered, 2 satisfied."""
import datetime

from gonghui.congress import actions
from gonghui.congress.models import Delegate
from gonghui.core import metrics

from .congress_fixtures import DAY, give_login, open_session, term  # noqa: F401

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_proposal_and_session_metrics_worked_example(users, tree, term):
    session = open_session(users.chair, term)
    ds = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    proposer = give_login(ds[0])
    props = [actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:], title=f"提案{i}",
                                     reason="r", suggestion="s", topic="life" if i < 3 else "wages", submit=True)
             for i in range(5)]
    actions.create_proposal(proposer, session, title="草稿", reason="r", suggestion="s")  # not counted
    for p in props[:4]:
        actions.review_proposal(users.chair, p, decision="accept")
    actions.review_proposal(users.chair, props[4], decision="opinion", note="转为意见")
    for p in props[:3]:
        actions.assign_proposal(users.chair, p, department="后勤")
        actions.answer_proposal(users.chair, p, text="已办")
    actions.rate_answer(proposer, props[0], satisfaction="satisfied")
    actions.rate_answer(proposer, props[1], satisfaction="basic")
    actions.rate_answer(proposer, props[2], satisfaction="unsatisfied")

    county = tree.county  # a federation reads the figures over all its unions
    n = metrics.get("congress.proposals").read(county, *YEAR)
    assert n.value == 5 and dict(n.breakdown) == {"生活后勤": 3, "工资福利": 2}
    answered = metrics.get("congress.proposals_answered_rate").read(tree.school, *YEAR)
    assert (str(answered.value), answered.numerator, answered.denominator) == ("75.00", 3, 4)
    satisfied = metrics.get("congress.proposals_satisfied_rate").read(tree.school, *YEAR)
    assert (str(satisfied.value), satisfied.numerator, satisfied.denominator) == ("66.67", 2, 3)
    assert metrics.get("congress.sessions_held").read(county, *YEAR).value == 1
    assert metrics.get("congress.sessions_held").read(tree.factory, *YEAR).value == 0
    assert metrics.get("congress.proposals_answered_rate").read(tree.factory, *YEAR) is None


def test_sessions_in_preparation_or_outside_the_range_are_not_held(users, tree, term):
    actions.confirm_delegates(users.chair, term, override_reason="测试")
    actions.create_session(users.chair, term, meeting=1, date=DAY)
    assert metrics.get("congress.sessions_held").read(tree.school, *YEAR).value == 0
    open_session(users.chair, term, meeting=2)
    assert metrics.get("congress.sessions_held").read(tree.school, datetime.date(2025, 1, 1),
                                                      datetime.date(2025, 12, 31)).value == 0
