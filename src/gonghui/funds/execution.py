"""Budget execution (预算执行): approved budget against posted vouchers, and the 80% / 100% warnings.

``budget_status(union, year, category)`` is the one question the voucher form and the spending
rules ask before an expense is entered; ``execution(budget)`` is the whole table of the budget page
and its exports, computed with two GROUP BY queries on the ledger (income and expense totals), never
one query per line.

The figures compared are the *approved* ones (``BudgetLine.approved_amount``): an adjustment waiting
for approval does not move the warning thresholds. The thresholds are settings
(``GONGHUI_BUDGET_WARN_PERCENT``, default (80, 100)).
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Budget, BudgetLine, LineKind

ZERO = Decimal("0")
OK, AMBER, RED, NONE = "ok", "amber", "red", "none"
LEVEL_LABELS = {OK: gettext_lazy("正常"), AMBER: gettext_lazy("接近预算"), RED: gettext_lazy("超出预算"),
                NONE: gettext_lazy("无预算")}


def thresholds() -> tuple[Decimal, Decimal]:
    amber, red = getattr(settings, "GONGHUI_BUDGET_WARN_PERCENT", (80, 100))
    return Decimal(amber) / 100, Decimal(red) / 100


def year_span(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class CategoryStatus(NamedTuple):
    budget: Decimal | None   # approved budget of the category (None: no approved budget covers it)
    spent: Decimal           # posted expenditure this year (+ ``extra`` when asked)
    ratio: Decimal | None    # spent / budget, 4 places (None when there is no budget or it is 0)
    level: str               # "ok", "amber" (≥ 80%), "red" (≥ 100%), "none" (no approved budget)

    @property
    def percent(self):
        return None if self.ratio is None else (self.ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def label(self):
        return LEVEL_LABELS[self.level]


def level_of(budget, spent):
    """(ratio, level) of ``spent`` against ``budget``."""
    if budget is None:
        return None, NONE
    amber, red = thresholds()
    if budget == 0:
        return None, (RED if spent > 0 else OK)
    exact = spent / budget  # the level is decided on the exact ratio, the shown ratio is rounded
    ratio = exact.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return ratio, RED if exact >= red else AMBER if exact >= amber else OK


def _covering(lines, category):
    """The approved budget for ``category`` and the account prefix its spending is measured on.

    A line on the category itself or on a parent of it covers it (a line 501 covers 50105); if the
    budget is kept on sub-accounts, a parent category sums them (501 = 50101 + … + 50106).
    """
    for line in lines:
        if category.startswith(line.account_code):
            return line.approved_amount, line.account_code
    below = [line.approved_amount for line in lines if line.account_code.startswith(category)]
    if below:
        return sum(below, ZERO), category
    return None, category


def budget_status(union, year, category, *, extra=ZERO) -> CategoryStatus:
    """Where ``category`` (an expense account code) stands against the union's approved budget of ``year``.

    ``extra`` is an expense about to be entered: the answer says whether it *would* cross 80% / 100%.
    Two queries: the approved lines, and the ledger's sum for the category.
    """
    from gonghui.ledger.queries import spent as ledger_spent

    category = str(category).strip()
    lines = list(BudgetLine.objects.filter(budget__union=union, budget__year=year, kind=LineKind.EXPENSE,
                                           approved_amount__isnull=False).only("account_code", "approved_amount"))
    budget, prefix = _covering(lines, category)
    start, end = year_span(year)
    used = ledger_spent(union, start, end, prefix) + Decimal(extra or 0)
    ratio, level = level_of(budget, used)
    return CategoryStatus(budget, used, ratio, level)


@dataclass
class ExecutionRow:
    line: BudgetLine
    actual: Decimal
    status: CategoryStatus

    @property
    def budget(self):
        return self.status.budget

    @property
    def remaining(self):
        return None if self.budget is None else self.budget - self.actual


@dataclass
class Execution:
    budget: Budget
    income: list
    expense: list
    as_of: datetime.date

    def total(self, rows, attr):
        return sum(((getattr(r, attr) or ZERO) for r in rows), ZERO)

    @property
    def expense_budget(self):
        return self.total(self.expense, "budget")

    @property
    def expense_actual(self):
        return self.total(self.expense, "actual")

    @property
    def income_budget(self):
        return self.total(self.income, "budget")

    @property
    def income_actual(self):
        return self.total(self.income, "actual")

    @property
    def expense_status(self):
        ratio, level = level_of(self.expense_budget if self.budget.ever_approved else None, self.expense_actual)
        return CategoryStatus(self.expense_budget, self.expense_actual, ratio, level)

    @property
    def warnings(self):
        return [r for r in self.expense if r.status.level in (AMBER, RED)]


def execution(budget) -> Execution:
    """Every line of ``budget`` with its actual figure and warning level (three queries in all)."""
    from gonghui.ledger.queries import totals_by_account

    start, end = year_span(budget.year)
    lines = list(budget.lines.all())
    income_totals = totals_by_account(budget.union, start, end, "income")
    expense_totals = totals_by_account(budget.union, start, end, "expense")
    income, expense = [], []
    for line in lines:
        totals = expense_totals if line.kind == LineKind.EXPENSE else income_totals
        actual = totals[line.account_code]
        ratio, level = level_of(line.approved_amount, actual)
        if line.kind == LineKind.INCOME and level in (AMBER, RED):
            level = OK  # income beyond the budget is no warning
        row = ExecutionRow(line, actual, CategoryStatus(line.approved_amount, actual, ratio, level))
        (expense if line.kind == LineKind.EXPENSE else income).append(row)
    return Execution(budget, income, expense, min(end, _today()))


def _today():
    from django.utils import timezone

    return timezone.localdate()


# ---- the chart: budget vs actual per category, drawn as inline SVG by funds/_budget_chart.html ----

COLOURS = {OK: "#009E73", AMBER: "#E69F00", RED: "#D55E00", NONE: "#999999"}


@dataclass
class Bar:
    label: str
    budget: Decimal
    actual: Decimal
    budget_length: float     # percent of the widest figure of the chart
    actual_length: float
    level: str
    percent: Decimal | None
    amber_length: float      # where the 80% warning line of this budget falls

    @property
    def colour(self):
        return COLOURS[self.level]


@dataclass
class BudgetChart:
    title: str
    bars: list
    amber_percent: int

    @property
    def empty(self):
        return not self.bars


def chart(execution_: Execution, title=None) -> BudgetChart:
    title = title or _("支出预算执行")
    rows = [r for r in execution_.expense if r.budget is not None or r.actual]
    widest = max([max(r.budget or ZERO, r.actual) for r in rows], default=ZERO)
    amber, _red = thresholds()

    def scale(value):
        return round(float(max(value, ZERO) * 100 / widest), 2) if widest else 0.0

    bars = [Bar(label=f"{r.line.account_code} {r.line.account_name}", budget=r.budget or ZERO, actual=r.actual,
                budget_length=scale(r.budget or ZERO), actual_length=scale(r.actual), level=r.status.level,
                percent=r.status.percent, amber_length=scale((r.budget or ZERO) * amber))
            for r in rows]
    return BudgetChart(title=title, bars=bars, amber_percent=int(amber * 100))
