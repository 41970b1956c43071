"""The women workers' demo records go through the actions and give the inbox its reminders."""
import datetime
import random

import pytest

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.members import actions as member_actions
from gonghui.women import demo
from gonghui.women.models import Committee, Maternity, NursingRoom

from .fixtures.rosters import id_number

pytestmark = pytest.mark.django_db


def test_the_demo_fills_a_union_with_a_committee_maternity_records_and_a_room(users, tree, members):
    for i, name in enumerate("甲乙丙丁戊己庚辛"):
        member_actions.create_member(users.chair, org=tree.school, data={
            "name": f"女教师{name}", "id_number": id_number(birth="19920304", seq=2 * i + 2), "join_date": "2018-09-01"})
    today = datetime.date(2026, 12, 3)
    ctx = DemoContext(admin=None, unions={"school": tree.school}, users={"school_officer": users.officer},
                      rng=random.Random("demo"), today=today)
    demo.populate(ctx)
    assert Committee.objects.get(union=tree.school).members.count() == 5
    assert set(Maternity.objects.values_list("stage", flat=True)) == {"pregnant", "birth", "miscarriage"}
    assert NursingRoom.objects.get().uses.count() == 13
    for key in ("women.committee_term", "women.late_pregnancy", "women.nursing"):
        assert list(inbox.get(key).rows(users.officer, today)), key
