"""The supervision demo goes through the actions: committees with supervisors, inspections, an opinion rectified,
one escalated by the county, one awaiting its answer."""
import datetime
import random

import pytest

from gonghui.demo.generate import DemoContext
from gonghui.supervision import demo
from gonghui.supervision.models import Inspection, Opinion, Recommendation, Supervisor

pytestmark = pytest.mark.django_db


def test_the_demo_fills_both_unions(users, tree, members):
    ctx = DemoContext(admin=None, unions={"school": tree.school, "factory": tree.factory},
                      users={"school_chair": users.chair, "factory_chair": users.outsider, "county": users.federation},
                      rng=random.Random("demo"), today=datetime.date(2026, 12, 3))
    demo.populate(ctx)
    assert Supervisor.objects.count() == 6 and Inspection.objects.count() == 4
    assert set(Opinion.objects.values_list("status", flat=True)) == {"rectified", "ignored", "issued"}
    rec = Recommendation.objects.get()
    assert rec.federation == tree.county and rec.opinion.org == tree.factory
