"""The metrics plans register for the capabilities already built, and targets read against them:
status (达成/未达成/进行中/暂无数据), trend, and a metric that is not available never shown as 0."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core import metrics
from gonghui.core.metrics import percent
from gonghui.members import actions as member_actions
from gonghui.plans import actions
from gonghui.plans.progress import Readings, evaluate, open_tasks, status_of

from .conftest import member_data
from .plans_fixtures import constant, not_recorded, school_plan, temporary_metric  # noqa: F401

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_members_total_counts_current_members_with_women_and_retained(users, tree, members):
    reading = metrics.get("members.total").read(tree.school, *YEAR)
    # 王强 (M), 赵丽 (F), 张敏 (F) at the school; 刘洋 is the factory's.
    assert reading.value == 3
    assert dict(reading.breakdown) == {"女职工": 2, "保留会籍": 0}
    assert reading.records_url == "/members/?org=SCH"
    assert metrics.get("members.total").read(tree.town, *YEAR).value == 4


def test_members_added_counts_joins_in_the_range_with_the_women_among_them(users, tree, members):
    member_actions.create_member(users.chair, org=tree.b1, data=member_data(
        "li", join_date=datetime.date(2026, 4, 1), phone="13600001111"))
    reading = metrics.get("members.added").read(tree.school, *YEAR)
    assert reading.value == 1 and reading.breakdown == (("女职工", 1),)
    assert metrics.get("members.added").read(tree.school, datetime.date(2015, 1, 1),
                                             datetime.date(2015, 12, 31)).value == 3


def test_membership_rate_needs_the_number_of_employees(users, tree, members):
    assert metrics.get("members.rate_of_membership").read(tree.school, *YEAR) is None
    tree.school.employee_count = 4
    tree.school.save(update_fields=["employee_count"])
    reading = metrics.get("members.rate_of_membership").read(tree.school, *YEAR)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("75.00"), 3, 4)


def test_dues_collection_rate_is_paid_over_due_by_amount(users, tree, members):
    from gonghui.dues import actions as dues_actions
    from gonghui.dues.models import DuesItem, ItemStatus

    assert metrics.get("dues.collection_rate").read(tree.school, *YEAR) is None
    dues_actions.run_roll(users.finance, tree.school, datetime.date(2026, 9, 1), today=datetime.date(2026, 9, 20))
    items = DuesItem.objects.filter(roll__union=tree.school)
    due = sum(i.amount for i in items if i.status != ItemStatus.EXEMPT)
    paid_item = items.get(member=members.wang)
    DuesItem.objects.filter(pk=paid_item.pk).update(status=ItemStatus.PAID, paid_amount=paid_item.amount,
                                                   paid_at=datetime.date(2026, 9, 20))
    reading = metrics.get("dues.collection_rate").read(tree.school, *YEAR)
    assert reading.value == percent(paid_item.amount, due)
    assert (reading.numerator, reading.denominator) == (paid_item.amount, due)
    assert dict(reading.breakdown)["已缴人次"] == 1


def test_a_metric_without_a_computation_is_not_available_and_never_reads_as_zero(not_recorded):
    metric = metrics.get(not_recorded)
    assert metric is not None and not metric.available and metric.read(None, *YEAR) is None


def test_finance_metrics_read_nothing_spent_and_no_disclosure_as_zero(users, tree):
    spending = metrics.get("finance.spending_by_category").read(tree.school, *YEAR)
    assert spending.value == Decimal("0.00") and spending.breakdown == ()
    assert metrics.get("finance.disclosures_published").read(tree.school, *YEAR).value == 0


@pytest.mark.parametrize("value,comparator,today,expected", [
    (95, "gte", datetime.date(2026, 6, 1), "met"),
    (80, "gte", datetime.date(2026, 6, 1), "progress"),
    (80, "gte", datetime.date(2027, 1, 5), "missed"),
    (3, "lte", datetime.date(2027, 1, 5), "met"),
    (90, "eq", datetime.date(2027, 1, 5), "met"),
])
def test_target_status_compares_the_reading_with_the_threshold(users, tree, value, comparator, today, expected):
    threshold = 90 if comparator != "lte" else 5
    with temporary_metric(code="test.rate", unit="%", compute=constant(value)):
        plan = school_plan(users.chair, tree)
        actions.add_target(users.chair, plan, metric="test.rate", comparator=comparator, threshold=threshold)
        [row] = evaluate(plan, today=today, trend=False)
    assert row.status == expected


def test_a_metric_not_yet_available_shows_as_no_data(users, tree, not_recorded):
    plan = school_plan(users.chair, tree)
    actions.add_target(users.chair, plan, metric=not_recorded, threshold=3)
    [row] = evaluate(plan, today=datetime.date(2026, 12, 1))
    assert (row.status, row.reading, row.available, row.trend) == ("na", None, False, [])
    assert str(row.status_label) == "暂无数据"


def test_the_trend_reads_the_year_cumulatively_month_by_month_once_per_month(users, tree):
    calls = []

    def compute(org, start, end):
        calls.append((start, end))
        return metrics.Reading(end.month * 10)

    with temporary_metric(code="test.count", unit="场", compute=compute):
        plan = school_plan(users.chair, tree)
        actions.add_target(users.chair, plan, metric="test.count", threshold=100)
        actions.add_target(users.chair, plan, metric="test.count", threshold=30, label="同一指标的另一个目标")
        rows = evaluate(plan, today=datetime.date(2026, 4, 15))
    assert rows[0].trend == [("1月", 10), ("2月", 20), ("3月", 30), ("4月", 40)]
    assert rows[0].reading.value == 40 and rows[0].status == "progress" and rows[1].status == "met"
    assert len(calls) == len(set(calls)) == 4
    assert "<svg" in str(rows[0].sparkline) and "4月 40" in str(rows[0].sparkline)


def test_a_half_year_target_is_read_over_the_first_half_only(users, tree):
    seen = []
    with temporary_metric(code="test.half", unit="次", compute=lambda o, s, e: seen.append((s, e)) or metrics.Reading(2)):
        plan = school_plan(users.chair, tree)
        actions.add_target(users.chair, plan, metric="test.half", threshold=2, period="h1")
        [row] = evaluate(plan, today=datetime.date(2026, 10, 1), trend=False)
    assert seen == [(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))] and row.status == "met"


def test_readings_are_memoised_per_metric_and_range():
    readings = Readings()
    calls = []
    with temporary_metric(code="test.memo", compute=lambda o, s, e: calls.append(1) or metrics.Reading(1)) as metric:
        org = type("Org", (), {"pk": 1})()
        readings.read(metric, org, *YEAR)
        readings.read(metric, org, *YEAR)
    assert calls == [1]


def test_this_months_and_overdue_tasks_come_from_open_tasks_only(users, tree):
    plan = school_plan(users.chair, tree)
    march = actions.add_task(users.chair, plan, title="三月任务", month=3)
    done = actions.add_task(users.chair, plan, title="已完成的二月任务", month=2)
    actions.set_task_status(users.chair, done, "done", done_at=datetime.date(2026, 2, 20))
    april = actions.add_task(users.chair, plan, title="四月任务", month=4)
    actions.add_task(users.chair, plan, title="五月任务", month=5)
    this_month, overdue = open_tasks([plan], today=datetime.date(2026, 4, 10))
    assert [t.pk for t in this_month] == [april.pk]
    assert [t.pk for t in overdue] == [march.pk]


def test_status_of_without_a_reading_is_no_data(users, tree):
    plan = school_plan(users.chair, tree)
    target = actions.add_target(users.chair, plan, metric="members.added", threshold=1)
    assert status_of(target, None, datetime.date(2026, 5, 1)) == "na"


def test_spending_by_category_sums_posted_vouchers_by_expenditure_account(users, tree):
    """Last year's books (finaudit's shared year): greetings 2,000 and sports 800 under 501, admin 300 (504)."""
    from .walk_ext.finaudit import LAST_YEAR, books

    books(tree.school, users.finance, users.auditor, users.chair)
    year = (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31))
    reading = metrics.get("finance.spending_by_category").read(tree.school, *year)
    assert reading.value == Decimal("3100.00")
    assert [amount for _name, amount in reading.breakdown] == [Decimal("2800.00"), Decimal("300.00")]
    assert metrics.get("finance.spending_by_category").read(tree.town, *year).value == Decimal("3100.00")
    first_quarter = (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 3, 31))
    assert metrics.get("finance.spending_by_category").read(tree.school, *first_quarter).value == Decimal("2800.00")


def test_published_disclosures_are_counted_in_the_range(users, tree):
    from gonghui.finaudit import actions as fin

    from .walk_ext.finaudit import LAST_YEAR, books

    books(tree.school, users.finance, users.auditor, users.chair)
    disclosure = fin.create_disclosure(users.chair, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                       end=datetime.date(LAST_YEAR, 6, 30))
    fin.create_disclosure(users.chair, union=tree.school, start=datetime.date(LAST_YEAR, 7, 1),
                          end=datetime.date(LAST_YEAR, 12, 31))
    fin.publish_disclosure(users.chair, disclosure)
    today = datetime.date.today()
    this_year = (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    assert metrics.get("finance.disclosures_published").read(tree.school, *this_year).value == 1
    assert metrics.get("finance.disclosures_published").read(tree.factory, *this_year).value == 0


def test_trend_points_of_closed_months_are_cached_between_views(users, tree):
    from django.core.cache import cache

    cache.clear()
    calls = []
    with temporary_metric(code="test.cached", unit="场",
                          compute=lambda o, s, e: calls.append(e) or metrics.Reading(e.month)):
        plan = school_plan(users.chair, tree)
        actions.add_target(users.chair, plan, metric="test.cached", threshold=5)
        evaluate(plan, today=datetime.date(2026, 3, 10))
        assert len(calls) == 3
        evaluate(plan, today=datetime.date(2026, 3, 10))
    assert calls[3:] == [datetime.date(2026, 3, 10)]     # only the open month is read again
    cache.clear()


@pytest.mark.sqlite_only  # reads the registry only; no database
def test_every_catalogue_code_plans_names_for_another_app_is_computed_by_that_app():
    """plans.metrics.PLACEHOLDERS only name the codes; each app registers the computation that replaces them."""
    from gonghui.plans.metrics import PLACEHOLDERS

    metrics.autodiscover()
    codes = [m.code for m in PLACEHOLDERS]
    assert {"suggestions.per_member", "awards.count"} <= set(codes)
    assert [c for c in codes if metrics.get(c).compute is None] == []
    assert [m.code for m in metrics.all_metrics() if m.compute is None] == []
