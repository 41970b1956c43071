"""The safety demo records go through the actions: hazards in every state (one overdue and escalated, one due this
week), monitors in all workshops but one, last year's cup published and this year's being scored."""
import datetime
import random

import pytest

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.safety import demo, queries
from gonghui.safety.models import Competition, Hazard

pytestmark = pytest.mark.django_db


def test_the_demo_fills_a_union_with_hazards_in_every_state(users, tree, members, member_user):
    today = datetime.date(2026, 12, 3)
    ctx = DemoContext(admin=None, unions={"school": tree.school}, users={"school_officer": users.officer},
                      rng=random.Random("demo"), today=today)
    demo.populate(ctx)
    states = set(Hazard.objects.filter(union=tree.school).values_list("status", flat=True))
    assert {"reported", "rejected", "duplicate", "accepted", "rectifying", "rectified", "verified", "closed"} <= states
    assert Hazard.objects.filter(escalated_on=today).exists()
    assert list(inbox.get("safety.deadlines").rows(users.officer, today))
    assert list(inbox.get("safety.closed").rows(member_user, today))
    assert queries.coverage(tree.school, today).covered == 1
    assert set(Competition.objects.values_list("year", "status")) == {(2025, "published"), (2026, "scoring")}
