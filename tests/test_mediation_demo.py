"""The mediation demo records go through the actions: a committee, agreed, broken, withdrawn, failed and refused
cases, and one whose 15 days are about to end (an inbox item)."""
import datetime
import random

import pytest

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.mediation import demo
from gonghui.mediation.models import Case, Committee
from gonghui.members import actions as member_actions

from .conftest import member_data

pytestmark = pytest.mark.django_db


def test_the_demo_fills_a_union_with_cases_in_every_state(users, tree, members):
    member_actions.create_member(users.chair, org=tree.school, data=member_data("li"))
    today = datetime.date(2026, 12, 3)
    ctx = DemoContext(admin=None, unions={"school": tree.school}, users={"school_officer": users.officer},
                      rng=random.Random("demo"), today=today)
    demo.populate(ctx)
    assert Committee.objects.get(union=tree.school).members.count() == 5
    states = set(Case.objects.filter(union=tree.school).values_list("status", flat=True))
    assert {"agreed", "withdrawn", "failed", "refused", "accepted"} <= states
    assert Case.objects.filter(performance="broken", wage_claim=True).exists()
    assert list(inbox.get("mediation.clock").rows(users.officer, today))
