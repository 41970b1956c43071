"""Demo-dataset tests of several apps, reading the demo this folder loads once (``conftest``)."""
from decimal import Decimal as D

from gonghui.activities.models import EventCost
from gonghui.contests.models import Award, ContestItem, ResultNotice
from gonghui.core import audit_labels
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Expense


def test_the_demo_books_event_costs_through_the_spending_rules(demo):
    costs = list(EventCost.objects.select_related("event", "expense"))
    assert costs and all(c.expense.status == Expense.Status.RECORDED and c.expense.voucher_id for c in costs)
    assert all(c.total <= c.event.budget for c in costs)


def test_the_demo_has_scored_awarded_and_published_competitions(demo):
    assert ContestItem.objects.filter(name="跳绳", event__title="教职工健身趣味活动").exists()
    assert ContestItem.objects.filter(name="滚铁环竞速接力", mode="team").exists()
    assert Award.objects.filter(level="一等奖").exists()
    assert ResultNotice.objects.filter(title="教职工健身趣味活动比赛成绩公告").exists()
    assert Award.objects.filter(amount__gt=D("0"), expense__isnull=False).exists()


def test_every_entry_the_demo_writes_reads_in_words(demo):
    """A representative run: the demo dataset writes through every app's actions; every entry reads in words."""
    demo_trail = AuditEntry.objects.all()
    pairs = set(demo_trail.values_list("object_type", "action").distinct())
    assert len(pairs) > 60
    raw_actions = sorted(p for p in pairs if audit_labels.action_label(*p) == p[1])
    raw_types = sorted({t for t, _a in pairs if audit_labels.type_label(t) == t})
    raw_fields = set()
    for object_type, changes in demo_trail.values_list("object_type", "changes").iterator():
        raw_fields |= {(object_type, key) for key in (changes or {})
                       if audit_labels.field_label(object_type, key) == key}
    assert (raw_actions, raw_types, sorted(raw_fields)) == ([], [], [])
    unseen = {code for _t, code in pairs} - audit_labels.declared_codes()
    assert unseen == set()
