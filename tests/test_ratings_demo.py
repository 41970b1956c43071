"""The star-rating demo goes through the actions (a preset scheme published, unions self-assessed and reviewed),
the inbox shows the union's chair the self-assessment to submit and the county what waits for review, and the
plan metric counts the unions given stars."""
import datetime
import random

import pytest

from gonghui.core import inbox, metrics
from gonghui.demo.generate import DemoContext
from gonghui.ratings import actions, demo
from gonghui.ratings.models import Assessment, Scheme

from .ratings_fixtures import scheme, scores_of  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


def test_the_demo_publishes_the_preset_and_reviews_a_self_assessment(users, tree, members):
    ctx = DemoContext(admin=None, unions={"school": tree.school, "factory": tree.factory},
                      users={"county": users.federation}, rng=random.Random("demo"), today=TODAY)
    demo.populate(ctx)
    scheme = Scheme.objects.get()
    assert scheme.status == "open" and scheme.indicators.count() == 20
    factory = Assessment.objects.get(scheme=scheme, union=tree.factory)
    assert factory.status == "reviewed" and factory.final_score is not None
    assert factory.scores.exclude(metric_value=None).exists()  # computed indicators carry their figure
    assert Assessment.objects.get(scheme=scheme, union=tree.school).status == "draft"
    assert [a.union for a in inbox.get("ratings.to_submit").rows(users.chair, TODAY)] == [tree.school]


def test_the_inbox_gives_the_chair_the_deadline_and_the_county_the_reviews(users, tree, scheme):
    to_submit, to_review = inbox.get("ratings.to_submit"), inbox.get("ratings.to_review")
    assert [a.union for a in to_submit.rows(users.chair, TODAY)] == [tree.school]
    assert to_submit.item(to_submit.rows(users.chair, TODAY)[0]).due == datetime.date(2026, 12, 20)
    assert not to_submit.rows(users.federation, TODAY).exists()  # the county reviews, it does not submit
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    assert not to_submit.rows(users.chair, TODAY).exists()
    assert [x.pk for x in to_review.rows(users.federation, TODAY)] == [a.pk]
    assert not to_review.rows(users.chair, TODAY).exists()
    assert "92.00" in to_review.item(to_review.rows(users.federation, TODAY)[0]).detail


def test_the_plan_metric_counts_unions_given_stars_in_the_period(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    actions.review(users.federation, a, scores=[])
    year = metrics.read("ratings.starred_unions", tree.town, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert year.value == 1 and [(str(label), n) for label, n in year.breakdown] == [("5星", 1)]
    before = metrics.read("ratings.starred_unions", tree.county, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert before.value == 0
