""""How we computed this" (计算依据) on every metric figure, and "暂无数据" for a figure with no data."""
import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.core import metrics
from gonghui.core.metrics import Reading
from gonghui.plans import actions

from .conftest import login
from .plans_fixtures import school_plan, temporary_metric


def test_every_registered_metric_says_what_it_counts():
    missing = [m.code for m in metrics.all_metrics() if not str(m.description).strip()]
    assert missing == []


def test_the_catalogue_shows_the_basis_of_every_metric(client, users):
    page = login(client, users.chair).get(reverse("plans:metrics")).content.decode()
    assert page.count('class="metric-basis"') == len(metrics.all_metrics())
    spending = metrics.get("finance.spending_by_category")
    assert str(spending.description) in page and str(spending.rule) in page


def test_a_metric_with_no_data_shows_no_data_never_zero_nor_met(client, users, tree):
    plan = school_plan(users.chair, tree, template="school")
    with temporary_metric("test.empty", "测试空指标", "%", lambda org, start, end: Reading(None),
                          description="测试：没有可除的数") as metric:
        assert metric.read(plan.union, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)) is None
        actions.add_target(users.chair, plan, metric="test.empty", threshold=0)
        page = login(client, users.chair).get(reverse("plans:plan", args=[plan.pk])).content.decode()
    row = page[page.index('data-metric="test.empty"'):]
    row = row[:row.index("</tr>")]
    assert 'data-value=""' in row and "暂无数据" in row and "达成" not in row
    assert "测试：没有可除的数" in row and "计算依据" in row      # the basis is shown with the figure


def test_the_participation_page_without_members_shows_no_data(client, users, tree):
    # the school union has no members in this test: nothing to divide by
    page = login(client, users.chair).get(reverse("activities:participation") +
                                          "?start=1990-01-01&end=1990-12-31").content.decode()
    assert 'id="participation-na"' in page and "计算依据" in page


def test_the_summary_states_money_once_from_the_ledger_as_the_income_statement_does(users, tree):
    """第一中学工会's March 2026 books (8,300.00 spent: a 送温暖 visit 3,000.00, a printer 4,500.00, a basketball
    match 800.00): the half-year summary states the ledger's total and categories, equal to the 收入支出表."""
    from gonghui.ledger import statements

    from .walk_ext.ledger import march_2026

    march_2026(users, tree.school)
    plan = school_plan(users.chair, tree, template="school")
    summary = actions.draft_summary(users.chair, plan, "half_year", today=datetime.date(2026, 7, 2))
    money = next(s for s in summary.sections if s["key"] == "money")
    expense = statements.income_statement(tree.school, 2026, 6).expense_total[1]
    assert expense == metrics.read("finance.spending_by_category", tree.school, datetime.date(2026, 1, 1),
                                   datetime.date(2026, 6, 30)).value == Decimal("8300.00")
    assert "合计8,300.00元" in money["body"]
    assert [f["value"] for f in money["figures"]] == ["8300.00"]
    overview = next(s for s in summary.sections if s["key"] == "overview")
    stated = [f for f in overview["figures"] if f["metric"] == "finance.spending_by_category"]
    assert [f["value"] for f in stated] == ["8300.00"] and "已记账经费支出8,300.00元" in overview["body"]
    # no other money figure (care or mutual-aid registers) is restated as spending in the document
    units = {f["metric"]: metrics.get(f["metric"]).unit for s in summary.sections for f in s["figures"]
             if f.get("metric") and s["key"] != "targets"}
    assert [code for code, unit in units.items() if unit == "元"] == ["finance.spending_by_category"]


def test_the_summary_lists_only_what_has_happened_by_its_day(users, tree, members):
    """A year-end summary drafted on 15 March 2026: the event of 10 March is done, the one of 25 March is not
    held yet; a task finished on 12 March names the March event that happened (its kind, its month), never the
    later one, even when an officer linked it; a task marked finished on 20 March is not listed."""
    from gonghui.plans.models import TaskStatus
    from gonghui.plans.summaries import compose

    from .activities_fixtures import open_event

    held = open_event(users.officer, tree.school, title="三八节趣味运动会", starts_at="2026-03-10 09:30",
                      ends_at="2026-03-10 11:30", signup_closes="2026-03-08 17:00")
    later = open_event(users.officer, tree.school, title="羽毛球比赛", starts_at="2026-03-25 09:30",
                       ends_at="2026-03-25 11:30", signup_closes="2026-03-20 17:00")
    plan = school_plan(users.chair, tree)
    womens_day = actions.add_task(users.chair, plan, title="三八节活动", month=3, capability="activities")
    linked = actions.add_task(users.chair, plan, title="教职工羽毛球赛", month=3, capability="activities")
    early = actions.add_task(users.chair, plan, title="提前标记完成的任务", month=3, capability="activities")
    for task, day in ((womens_day, 12), (linked, 13), (early, 20)):
        actions.set_task_status(users.chair, task, TaskStatus.DONE, done_at=datetime.date(2026, 3, day))
    actions.link_record(users.chair, linked, "activities.event", later.pk)
    sections = compose(users.chair, plan, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31),
                       today=datetime.date(2026, 3, 15))
    body = next(s for s in sections if s["key"] == "activities")
    assert "三八节趣味运动会" in body["body"] and "羽毛球比赛" not in body["body"]
    tasks = {f["task"]: f for f in body["figures"] if f.get("kind") == "task"}
    assert set(tasks) == {womens_day.pk, linked.pk}          # 20 March has not come
    assert [r["pk"] for r in tasks[womens_day.pk]["records"]] == [held.pk]
    assert [r["pk"] for r in tasks[linked.pk]["records"]] == [held.pk]   # the linked 25 March event is not named
    assert all(f["end"] == "2026-03-15" for s in sections for f in s["figures"] if f.get("metric"))
