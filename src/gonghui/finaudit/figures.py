"""The figures finaudit shows, reports and freezes, all read from ``gonghui.ledger.queries``.

Only posted vouchers count (the ledger's queries guarantee it), and each figure is one GROUP BY in
the ledger whatever the number of vouchers. Income and expense categories are the chart's top-level
codes (401 会费收入 … 510 对附属单位的支出): a sub-account such as 50105 counts under 501.

Budget execution (gonghui.funds) and the dues collection rate (gonghui.dues) come from those apps
when they provide them; they are imported lazily so this module works whatever they contain.
"""
import datetime
import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
DUES = "401"
FUNDS = ("402", "403")
CASH_AND_BANK = ["101", "102"]
CATEGORY_DIGITS = 3


def _ledger_queries():
    from gonghui.ledger import queries

    return queries


def account_names(union, codes) -> dict[str, str]:
    """Names of the given account codes in the union's chart (one query)."""
    from gonghui.ledger.chart import chart_for
    from gonghui.ledger.models import Account

    return dict(Account.objects.filter(chart=chart_for(union), code__in=set(codes)).values_list("code", "name"))


def by_category(totals: dict[str, Decimal]) -> dict[str, Decimal]:
    """Leaf-account totals summed to their top-level (three-digit) account."""
    out: dict[str, Decimal] = {}
    for code, amount in totals.items():
        key = code[:CATEGORY_DIGITS]
        out[key] = out.get(key, ZERO) + amount
    return dict(sorted(out.items()))


@dataclass
class Line:
    code: str
    name: str
    amount: Decimal
    level: int = 0          # 0: top-level account, 1: sub-account


@dataclass
class Statement:
    """Income and spending of a union over a period, by account (the 收入支出表 in brief)."""

    union: object
    start: datetime.date
    end: datetime.date
    income: list[Line] = field(default_factory=list)
    expense: list[Line] = field(default_factory=list)

    @property
    def income_total(self):
        return sum((line.amount for line in self.income if line.level == 0), ZERO)

    @property
    def expense_total(self):
        return sum((line.amount for line in self.expense if line.level == 0), ZERO)

    @property
    def surplus(self):
        return self.income_total - self.expense_total

    @property
    def empty(self):
        return not any(line.amount for line in self.income + self.expense)


def _lines(totals: dict[str, Decimal], names: dict[str, str]) -> list[Line]:
    """Top-level accounts with their sub-accounts beneath, in code order; zero rows left out."""
    lines = []
    for top, amount in by_category(totals).items():
        if not amount:
            continue
        lines.append(Line(top, names.get(top, top), amount))
        subs = sorted((c, a) for c, a in totals.items() if c[:CATEGORY_DIGITS] == top and c != top and a)
        lines += [Line(code, names.get(code, code), a, level=1) for code, a in subs]
    return lines


def statement(union, start, end) -> Statement:
    """Income and expense by account over [start, end]: two GROUP BY queries and one for names."""
    q = _ledger_queries()
    income = q.totals_by_account(union, start, end, "income")
    expense = q.totals_by_account(union, start, end, "expense")
    codes = set(income) | set(expense)
    names = account_names(union, codes | {c[:CATEGORY_DIGITS] for c in codes})
    return Statement(union, start, end, income=_lines(income, names), expense=_lines(expense, names))


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def disclosure_figures(union, start, end) -> dict:
    """What a disclosure shows members, as JSON-ready strings (frozen into ``Disclosure.figures``).

    Dues collected (401), funds received (402 拨缴经费 and 403 上级补助), other income, spending by
    category (501–510), the period's balance (income − spending) and cash and bank at its end.
    """
    s = statement(union, start, end)
    tops = {line.code: line.amount for line in s.income if line.level == 0}
    dues = tops.get(DUES, ZERO)
    funds = sum((tops.get(code, ZERO) for code in FUNDS), ZERO)
    balances = _ledger_queries().balances(union, end=end, accounts=CASH_AND_BANK)
    cash = sum((b.net for b in balances.values()), ZERO)
    return {
        "dues": _money(dues),
        "funds": _money(funds),
        "other_income": _money(s.income_total - dues - funds),
        "income_total": _money(s.income_total),
        "spending": [{"code": line.code, "name": line.name, "amount": _money(line.amount)}
                     for line in s.expense if line.level == 0],
        "spending_total": _money(s.expense_total),
        "balance": _money(s.surplus),
        "cash_and_bank": _money(cash),
        "empty": s.empty,
    }


def monthly(union, year) -> list[tuple[int, Decimal, Decimal]]:
    """(month, income, expense) for the twelve months of ``year`` (two GROUP BY queries)."""
    q = _ledger_queries()
    income = q.monthly_totals(union, year, "income")
    expense = q.monthly_totals(union, year, "expense")
    return [(m + 1, Decimal(income[m]), Decimal(expense[m])) for m in range(12)]


def year_bounds(year) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# ---- what other finance apps may provide (looked up lazily) ----

def optional(module: str, name: str):
    """``module.name`` if that app provides it, else ``None`` (the page then leaves the part out)."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def budget_execution(union, year) -> list[dict] | None:
    """Approved expense budget against actual spending per line (``gonghui.funds.execution``), or
    ``None`` when the union has no approved budget for ``year`` (or the funds app offers none)."""
    execution = optional("gonghui.funds.execution", "execution")
    budget_model = optional("gonghui.funds.models", "Budget")
    if execution is None or budget_model is None:
        return None
    budget = budget_model.objects.filter(union=union, year=year).first()
    if budget is None or not budget.ever_approved:
        return None
    return [{"code": row.line.account_code, "name": row.line.account_name, "budget": row.budget,
             "actual": row.actual, "percent": row.status.percent, "warning": row.status.level}
            for row in execution(budget).expense]


def dues_collection(union, year, month):
    """Dues collection per group for a month (``gonghui.dues.queries.collection_by_group``): rows of
    code, name, due (heads), paid (heads), rate (%); ``None`` when there is no roll for the month."""
    func = optional("gonghui.dues.queries", "collection_by_group")
    return None if func is None else func(union, year, month)


def month_label(month):
    return _("%(m)d月") % {"m": month}


# ---- what the finance home warns about, and how each figure was counted ----

# Accounts that must never go below zero: cash, bank, zero-balance quota, special funds and reserve.
NEVER_NEGATIVE = ["101", "102", "111", "321", "322"]


@dataclass
class Overview:
    """The finance home's checks on the books: vouchers by state (posted and waiting), accounts below
    zero, months whose posted lines do not balance, and whether the union's spending standard is
    provincial. ``as_of`` is the day balances are read at; ``start``–``end`` the period counted."""

    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    by_status: list = field(default_factory=list)     # [{status, label, count, total}] in workflow order
    negative: list = field(default_factory=list)      # [{code, name, balance}]
    unbalanced: list = field(default_factory=list)    # [{month, debit, credit}]
    rule_set: object = None
    national_only: bool = False

    @property
    def posted(self):
        return next((row for row in self.by_status if row["status"] == "posted"), {"count": 0, "total": ZERO})

    @property
    def waiting(self):
        return [row for row in self.by_status if row["status"] != "posted"]

    @property
    def waiting_count(self):
        return sum(row["count"] for row in self.waiting)


def vouchers_by_status(union, start, end):
    """Live vouchers dated in [start, end] per state with their debit total (one GROUP BY)."""
    from django.db.models import Count, Sum

    from gonghui.ledger.models import Voucher, VoucherStatus

    rows = {r["status"]: r for r in Voucher.objects.filter(union=union, date__gte=start, date__lte=end)
            .values("status").order_by().annotate(n=Count("id"), total=Sum("total_debit"))}
    return [{"status": status, "label": label, "count": rows.get(status, {}).get("n", 0),
             "total": Decimal(rows.get(status, {}).get("total") or 0).quantize(Decimal("0.01"))}
            for status, label in VoucherStatus.choices]


def negative_balances(union, as_of):
    """Cash, bank and fund accounts whose posted balance at ``as_of`` is below zero (one GROUP BY, and
    one query for names when there is one)."""
    balances = _ledger_queries().balances(union, end=as_of, accounts=NEVER_NEGATIVE)
    below = {code: b.net for code, b in balances.items() if b.net < 0}
    if not below:
        return []
    names = account_names(union, below)
    return [{"code": code, "name": names.get(code, code), "balance": amount} for code, amount in sorted(below.items())]


def unbalanced_months(union, start, end):
    """Months of [start, end] whose posted lines' debits and credits differ (one GROUP BY, in fen)."""
    from django.db.models.functions import ExtractMonth

    from gonghui.ledger.models import VoucherLine

    q = _ledger_queries()
    rows = (VoucherLine.objects.filter(union=union, posted=True, date__gte=start, date__lte=end)
            .annotate(m=ExtractMonth("date")).values("m").order_by()
            .annotate(d=q.fen_sum("debit"), c=q.fen_sum("credit")))
    return [{"month": int(r["m"]), "debit": q.yuan(r["d"]), "credit": q.yuan(r["c"])}
            for r in sorted(rows, key=lambda r: r["m"]) if r["d"] != r["c"]]


def overview(union, year, today) -> Overview:
    """The finance home's checks for ``year`` (balances at its end, or today in the current year)."""
    from gonghui.spending.rules import NATIONAL_REGION, effective_rule_set

    start, end = year_bounds(year)
    as_of = min(end, today)
    rule_set = effective_rule_set(union, as_of)
    return Overview(start=start, end=end, as_of=as_of, by_status=vouchers_by_status(union, start, end),
                    negative=negative_balances(union, as_of), unbalanced=unbalanced_months(union, start, end),
                    rule_set=rule_set, national_only=rule_set is not None and rule_set.region == NATIONAL_REGION)
