"""Democratic evaluation: secret chained ballots, one per delegate, per-leader sheets and the flag."""
import pytest

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, EvaluationBallot
from gonghui.core.errors import ActionError

from .congress_fixtures import give_login, open_session, term  # noqa: F401


@pytest.fixture
def rnd(term, users, members):
    session = open_session(users.chair, term, present=12)
    r = actions.create_evaluation(users.chair, session, title="2026年度校级领导民主评议",
                                  leaders=[(members.zhang, "", "校长"), (None, "李建国", "副校长")])
    return actions.open_evaluation(users.chair, r)


def _grades(rnd, a, b):
    ids = list(rnd.leaders.values_list("id", flat=True))
    return {str(ids[0]): a, str(ids[1]): b}


def test_each_delegate_evaluates_once_and_results_are_counted_per_leader(rnd, term, users):
    voters = [give_login(d) for d in Delegate.objects.filter(term=term).order_by("id")[:3]]
    actions.cast_evaluation(voters[0], rnd, _grades(rnd, "excellent", "unfit"))
    actions.cast_evaluation(voters[1], rnd, _grades(rnd, "competent", "unfit"))
    actions.cast_evaluation(voters[2], rnd, _grades(rnd, "excellent", "basic"))
    with pytest.raises(ActionError) as e:
        actions.cast_evaluation(voters[0], rnd, _grades(rnd, "unfit", "unfit"))
    assert "不能重复评议" in e.value.message_dict["grades"][0]
    actions.close_evaluation(users.chair, rnd)
    sheet = {r.leader.name: r for r in queries.evaluation_sheet(rnd)}
    zhang, li = sheet["张敏"], sheet["李建国"]
    assert zhang.counts == {"excellent": 2, "competent": 1, "basic": 0, "unfit": 0}
    assert str(zhang.good_share) == "100.00" and not zhang.flagged
    assert li.counts["unfit"] == 2 and str(li.shares["unfit"]) == "66.67" and li.flagged  # 2/3 > 1/3
    ok, broken, ballots = queries.evaluation_recount(rnd)
    assert ok and len(ballots) == 3
    assert "delegate" not in {f.name for f in EvaluationBallot._meta.get_fields()}


def test_a_ballot_must_grade_every_leader_with_a_known_grade(rnd, term):
    user = give_login(Delegate.objects.filter(term=term).first())
    ids = list(rnd.leaders.values_list("id", flat=True))
    with pytest.raises(ActionError) as e:
        actions.cast_evaluation(user, rnd, {str(ids[0]): "excellent"})
    assert "每一位" in e.value.message_dict["grades"][0]
    with pytest.raises(ActionError):
        actions.cast_evaluation(user, rnd, _grades(rnd, "excellent", "great"))
    assert not EvaluationBallot.objects.exists()


def test_paper_evaluation_ballots_join_the_same_chain(rnd, users):
    actions.record_paper_evaluation(users.chair, rnd, _grades(rnd, "competent", "competent"))
    ok, broken, ballots = queries.evaluation_recount(rnd)
    assert ok and ballots[0].paper


def test_exactly_one_third_unfit_is_not_flagged(term, users, members):
    session = open_session(users.chair, term, present=12)
    r = actions.create_evaluation(users.chair, session, title="中层干部评议", leaders=[(None, "周涛", "教务主任")])
    actions.open_evaluation(users.chair, r)
    lid = str(r.leaders.get().pk)
    for g in ["unfit", "competent", "excellent"]:
        actions.record_paper_evaluation(users.chair, r, {lid: g})
    assert not queries.evaluation_sheet(r)[0].flagged


def test_an_open_evaluation_waits_in_each_delegates_inbox_until_they_have_filled_it_in(rnd, term, users):
    import datetime

    from gonghui.core import inbox

    source = inbox.get("congress.evaluations_open")
    day = datetime.date(2026, 12, 3)
    first, second = [give_login(d) for d in Delegate.objects.filter(term=term).order_by("id")[:2]]
    assert [r.pk for r in source.rows(first, day)] == [rnd.pk]
    assert source.item(rnd).url == f"/congress/my/evaluations/{rnd.pk}/"
    actions.cast_evaluation(first, rnd, _grades(rnd, "excellent", "basic"))
    assert source.rows(first, day).count() == 0 and source.rows(second, day).count() == 1
    actions.close_evaluation(users.chair, rnd)
    assert source.rows(second, day).count() == 0
