"""The figures: the plan metric suggestions.per_member replaces the placeholder, counts a team suggestion once
and is "no data" without members; statistics per kind and month in a constant number of queries; the inbox."""
import datetime
import random
from decimal import Decimal

import pytest

from gonghui.core import inbox, metrics
from gonghui.demo.generate import DemoContext
from gonghui.suggestions import actions, demo, queries
from gonghui.suggestions.models import Suggestion

from .suggestions_fixtures import adopt, implement, submit

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_the_per_member_metric_is_a_real_computation():
    metric = metrics.get("suggestions.per_member")
    assert metric.compute is not None and metric.per_member and metric.unit == "条"


def test_four_suggestions_in_a_union_of_three_members_are_1_33_per_member(users, tree, members):
    for i in range(3):
        submit(users.officer, members.wang, title=f"建议{i}")
    submit(users.officer, members.zhang, coauthors=[members.zhao])  # a team suggestion counts once
    reading = metrics.read("suggestions.per_member", tree.school, *YEAR)
    assert reading.value == Decimal("1.33") and (reading.numerator, reading.denominator) == (4, 3)


def test_the_metric_is_no_data_before_anyone_joined(users, tree, members):
    """Every member joined in 2015: for 2010 there is nobody to divide by — no data, never 0."""
    assert metrics.read("suggestions.per_member", tree.school, datetime.date(2010, 1, 1),
                        datetime.date(2010, 12, 31)) is None


def test_statistics_per_kind_month_and_benefit_in_constant_queries(users, tree, members,
                                                                   django_assert_num_queries):
    s = implement(users, adopt(users, submit(users.officer, members.wang, kind="innovation",
                                             submitted_on=datetime.date(2026, 3, 5))))
    actions.record_benefit(users.officer, s, amount="2000.50", evidence="电费对比")
    submit(users.officer, members.zhao, submitted_on=datetime.date(2026, 3, 9))
    submit(users.outsider, members.liu)
    with django_assert_num_queries(3):  # per union and kind, per day, the units rolled up to
        stats = queries.statistics(tree.county, *YEAR)
    assert (stats.submitted, stats.adopted, stats.implemented, stats.benefit) == (3, 1, 1, Decimal("2000.50"))
    assert dict(stats.by_month)["2026-03"] == 2 and len(stats.by_month) == 12
    assert [(k, n, a) for k, _l, n, a in stats.by_kind if n] == [("rationalisation", 2, 0), ("innovation", 1, 1)]


def test_the_inbox_lists_what_waits_for_evaluation_implementation_and_reward(users, members):
    waiting = submit(users.officer, members.zhao)
    adopted = adopt(users, submit(users.officer, members.wang))
    today = datetime.date(2026, 12, 3)
    assert [s.pk for s in inbox.get("suggestions.evaluate").rows(users.officer, today)] == [waiting.pk]
    assert [s.pk for s in inbox.get("suggestions.implement").rows(users.officer, today)] == [adopted.pk]
    assert [s.pk for s in inbox.get("suggestions.reward").rows(users.officer, today)] == [adopted.pk]
    assert list(inbox.get("suggestions.evaluate").rows(users.outsider, today)) == []


def test_the_demo_fills_a_union_with_suggestions_in_every_state(users, tree, members):
    from gonghui.members import actions as member_actions

    from .conftest import member_data

    member_actions.create_member(users.chair, org=tree.g1, data=member_data("li"))
    ctx = DemoContext(admin=None, unions={"school": tree.school}, users={"school_officer": users.officer,
                                                                          "school_chair": users.chair},
                      rng=random.Random("demo"), today=datetime.date(2026, 12, 3))
    demo.populate(ctx)
    states = set(Suggestion.objects.filter(union=tree.school).values_list("status", flat=True))
    assert {"submitted", "adopted", "implemented"} <= states
    assert Suggestion.objects.filter(benefit__gt=0).exists() and Suggestion.objects.filter(team=True).exists()
    assert queries.progress(tree.school, 2026).target.per_person == 3
