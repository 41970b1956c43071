"""The honours demo records go through the actions: last year's final lists (scored, and a secret paper vote),
this year's notice ending with an objection to answer and a round taking nominations — one inbox item each."""
import datetime
import random

import pytest

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.honours import demo
from gonghui.honours.models import Nomination, Round, Sanction
from gonghui.members import actions as member_actions

from .conftest import member_data

pytestmark = pytest.mark.django_db


def test_the_demo_fills_a_union_with_rounds_in_every_state_and_inbox_items(users, tree, members):
    member_actions.create_member(users.chair, org=tree.school, data=member_data("li"))
    today = datetime.date(2026, 12, 3)
    ctx = DemoContext(admin=None, unions={"school": tree.school}, users={"school_officer": users.officer},
                      rng=random.Random("demo"), today=today)
    demo.populate(ctx)
    states = set(Round.objects.filter(org=tree.school).values_list("state", flat=True))
    assert states == {"final", "notice", "nominating"}
    assert Nomination.objects.filter(state="awarded", member__isnull=False).exists()
    assert Nomination.objects.filter(state="awarded", nominee_org__isnull=False).exists()
    assert Sanction.objects.count() == 1
    for key in ("honours.review", "honours.notice", "honours.objections"):
        assert list(inbox.get(key).rows(users.officer, today)), key
