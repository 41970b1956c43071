""""How we computed this" (计算依据) on every metric figure, and "暂无数据" for a figure with no data."""
import datetime

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
