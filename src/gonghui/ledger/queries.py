"""Figures from the books: posted vouchers only, one GROUP BY query per figure, never a query per row.

Figures over arbitrary dates read ``VoucherLine`` rows (which carry their voucher's union, date and
posted flag) in one scan of the covering ``ledger_line_books`` index; the month-based statements
(trial balance, income statement, balance sheet, general ledger) read ``MonthTotal``, kept by posting,
so they cost the same at a million lines as at ten (``bench/ledger_bench.py``). Money is summed in
integer fen (``fen_sum``) or as Decimals in Python, never in floating point.

Results keyed by account code hold **leaf** accounts only (so summing the values never double counts);
looking up a parent code or any prefix (``"501"``, ``"4"``) sums the leaves under it on the fly.

Income and expenditure accounts start each year from zero: their results of earlier years count as
part of 331 结余 in the trial balance and the balance sheet (the year-end carry-forward, 结转), so the
books balance whether or not a closing voucher was made.
"""
import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, CharField, F, Func, Q, Sum
from django.db.models.functions import Cast, ExtractMonth, Round

from .chart import chart_for
from .models import Account, AccountKind, MonthTotal, NormalBalance, VoucherLine

ZERO = Decimal("0.00")
SURPLUS = "331"  # 结余: where earlier years' income and expenditure are carried
RESULT_KINDS = (AccountKind.INCOME, AccountKind.EXPENSE)


def fen_sum(field, filter=None):
    """SUM of a money column in whole fen (an integer), exact on every database.

    SQLite keeps decimals as REAL and sums them in floating point, which over a million lines can be
    a cent off and unbalance the books; summing ROUND(amount × 100) as integers cannot.
    """
    return Sum(Cast(Round(F(field) * 100), BigIntegerField()), filter=filter, default=0)


def yuan(fen) -> Decimal:
    """Integer fen (from ``fen_sum``) → Decimal yuan with two places."""
    return (Decimal(int(fen or 0)) / 100).quantize(ZERO)


def window_aggregates(windows):
    """``{name}_d``/``{name}_c`` fen sums, one pair per named date window (a Q), for one GROUP BY."""
    aggregates = {}
    for name, cond in windows.items():
        aggregates[f"{name}_d"] = fen_sum("debit", cond)
        aggregates[f"{name}_c"] = fen_sum("credit", cond)
    return aggregates


def month_start(year, month):
    return datetime.date(int(year), int(month), 1)


def month_end(year, month):
    return datetime.date(int(year), int(month), calendar.monthrange(int(year), int(month))[1])


def accounts_of(union):
    """Accounts of the union's chart by id, in chart order (one query)."""
    return {a.id: a for a in Account.objects.filter(chart=chart_for(union)).order_by("sort", "code")}


def _signed(account, debit, credit):
    """A balance in the account's normal direction (positive = on its normal side)."""
    return debit - credit if account.normal_balance == NormalBalance.DEBIT else credit - debit


@dataclass(frozen=True)
class Balance:
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    net: Decimal = ZERO  # in the account's normal direction: debit − credit for assets and expenditure


class ByCode(dict):
    """Leaf account code → value; a missing key (a parent code or prefix) sums the leaves under it."""

    zero = ZERO

    def __missing__(self, code):
        return sum((v for k, v in self.items() if k.startswith(code)), self.zero)


class Balances(ByCode):
    zero = Balance()

    def __missing__(self, code):
        parts = [v for k, v in self.items() if k.startswith(code)]
        return Balance(sum((b.debit for b in parts), ZERO), sum((b.credit for b in parts), ZERO),
                       sum((b.net for b in parts), ZERO))


def _lines(union, *, start=None, end=None):
    qs = VoucherLine.objects.filter(union=union, posted=True)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs


def _prefix_filter(codes):
    cond = Q(pk__in=[])
    for code in codes:
        cond |= Q(account__code__startswith=str(code))
    return cond


def balances(union, *, start=None, end, accounts=None) -> Balances:
    """Debit and credit totals and the net balance per leaf account over [start, end] (start=None: all
    history). ``accounts``: codes or prefixes to limit to (``["102"]``, ``["5"]``)."""
    qs = _lines(union, start=start, end=end)
    if accounts:
        qs = qs.filter(_prefix_filter(accounts))
    rows = (qs.values("account__code", "account__normal_balance").order_by()
            .annotate(d=fen_sum("debit"), c=fen_sum("credit")))
    out = Balances()
    for r in rows:
        d, c = yuan(r["d"]), yuan(r["c"])
        net = d - c if r["account__normal_balance"] == NormalBalance.DEBIT else c - d
        out[r["account__code"]] = Balance(d, c, net)
    return out


def totals_by_account(union, start, end, kind) -> ByCode:
    """Income (credit − debit) or expenditure (debit − credit) per leaf account over [start, end]."""
    if kind not in RESULT_KINDS:
        raise ValueError("kind 应为 income 或 expense")
    rows = (_lines(union, start=start, end=end).filter(account__kind=kind)
            .values("account__code").order_by().annotate(d=fen_sum("debit"), c=fen_sum("credit")))
    out = ByCode()
    for r in rows:
        d, c = yuan(r["d"]), yuan(r["c"])
        out[r["account__code"]] = d - c if kind == AccountKind.EXPENSE else c - d
    return out


def monthly_totals(union, year, kind) -> list[Decimal]:
    """Income or expenditure of each month of ``year`` (12 Decimals, January first)."""
    if kind not in RESULT_KINDS:
        raise ValueError("kind 应为 income 或 expense")
    rows = (_lines(union, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
            .filter(account__kind=kind).annotate(m=ExtractMonth("date")).values("m").order_by()
            .annotate(d=fen_sum("debit"), c=fen_sum("credit")))
    out = [ZERO] * 12
    for r in rows:
        d, c = yuan(r["d"]), yuan(r["c"])
        out[int(r["m"]) - 1] = d - c if kind == AccountKind.EXPENSE else c - d
    return out


def spent(union, start, end, category_prefix) -> Decimal:
    """Net expenditure over [start, end] on expense accounts whose code starts with ``category_prefix``."""
    agg = (_lines(union, start=start, end=end)
           .filter(account__kind=AccountKind.EXPENSE, account__code__startswith=str(category_prefix))
           .aggregate(d=fen_sum("debit"), c=fen_sum("credit")))
    return yuan(agg["d"]) - yuan(agg["c"])


# ---------------------------------------------------------------------------------------- trial balance

@dataclass
class TrialRow:
    """One line of the trial balance (科目余额表). Balances are split onto the side where they lie."""

    account: Account
    opening: Decimal = ZERO   # net, debit − credit
    debit: Decimal = ZERO     # this month
    credit: Decimal = ZERO
    ytd_debit: Decimal = ZERO  # 本年累计
    ytd_credit: Decimal = ZERO
    children: list = field(default_factory=list)

    @property
    def code(self):
        return self.account.code

    @property
    def name(self):
        return self.account.name

    @property
    def level(self):
        return self.account.level

    @property
    def closing(self):
        return self.opening + self.debit - self.credit

    @property
    def opening_debit(self):
        return self.opening if self.opening > 0 else ZERO

    @property
    def opening_credit(self):
        return -self.opening if self.opening < 0 else ZERO

    @property
    def closing_debit(self):
        return self.closing if self.closing > 0 else ZERO

    @property
    def closing_credit(self):
        return -self.closing if self.closing < 0 else ZERO

    @property
    def is_empty(self):
        return not (self.opening or self.debit or self.credit or self.ytd_debit or self.ytd_credit)

    def add(self, other):
        self.opening += other.opening
        self.debit += other.debit
        self.credit += other.credit
        self.ytd_debit += other.ytd_debit
        self.ytd_credit += other.ytd_credit


@dataclass
class Totals:
    opening_debit: Decimal = ZERO
    opening_credit: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    ytd_debit: Decimal = ZERO
    ytd_credit: Decimal = ZERO
    closing_debit: Decimal = ZERO
    closing_credit: Decimal = ZERO

    @property
    def balanced(self):
        return (self.opening_debit == self.opening_credit and self.debit == self.credit
                and self.ytd_debit == self.ytd_credit and self.closing_debit == self.closing_credit)


class TrialBalance(list):
    """The rows (level-1 accounts followed by their sub-accounts, in chart order) with ``totals``."""

    def __init__(self, rows, totals, year, month):
        super().__init__(rows)
        self.totals, self.year, self.month = totals, year, month

    @property
    def balanced(self):
        return self.totals.balanced


class MonthKey(Func):
    """``'YYYY-MM'`` of a date column, computed natively (SQLite stores dates as ISO text; Django's own
    ExtractMonth/TruncMonth call a Python function per row there)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


def line_month_totals(union, *, end=None, start=None, account_ids=None):
    """Posted debits and credits in fen per (account, month) straight from the lines — one GROUP BY
    over the ``ledger_line_books`` index. Used to rebuild ``MonthTotal`` and to check it."""
    qs = _lines(union, start=start, end=end)
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    return (qs.annotate(ym=MonthKey("date")).values_list("account_id", "ym").order_by()
            .annotate(d=fen_sum("debit"), c=fen_sum("credit")))


def rebuild_month_totals(union):
    """Recompute a union's ``MonthTotal`` rows from its posted lines (after a bulk load or to repair);
    the caller holds the transaction. Returns the number of rows written."""
    MonthTotal.objects.filter(union=union).delete()
    rows = [MonthTotal(union=union, account_id=account_id, year=int(ym[:4]), month=int(ym[5:7]), debit=yuan(d),
                       credit=yuan(c)) for account_id, ym, d, c in line_month_totals(union)]
    MonthTotal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def window_sums(union, end, windows, *, start=None, account_ids=None):
    """Per account id, {window name: (debit, credit)} for named month windows ``(first, last)`` as
    ``(year, month)`` pairs (inclusive; None = open) — one query over ``MonthTotal``."""
    qs = MonthTotal.objects.filter(union=union).filter(Q(year__lt=end.year) | Q(year=end.year, month__lte=end.month))
    if start is not None:
        qs = qs.filter(Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month))
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    out: dict[int, dict] = {}
    for account_id, year, month, d, c in qs.values_list("account_id", "year", "month", "debit", "credit"):
        acc = out.get(account_id)
        if acc is None:
            acc = out[account_id] = {name: [ZERO, ZERO] for name in windows}
        ym = (year, month)
        for name, (first, last) in windows.items():
            if (first is None or ym >= first) and (last is None or ym <= last):
                pair = acc[name]
                pair[0] += d
                pair[1] += c
    return {aid: {n: tuple(v) for n, v in w.items()} for aid, w in out.items()}


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _year_windows(year, month):
    return {"prior": (None, (year - 1, 12)), "before": ((year, 1), previous_month(year, month)),
            "month": ((year, month), None)}


def trial_balance(union, year, month) -> TrialBalance:
    """Opening balance, this month's debits and credits, year to date and closing, per account (2 queries).

    Sub-accounts are listed under their parent, whose figures are the sum of them; totals add the
    level-1 rows. Earlier years' income and expenditure appear in 331 结余's opening balance.
    """
    accounts = accounts_of(union)
    sums = window_sums(union, month_end(year, month), _year_windows(year, month))
    leaves: dict[int, TrialRow] = {}
    carried = ZERO
    for account_id, w in sums.items():
        account = accounts[account_id]
        (pd, pc), (bd, bc), (md, mc) = w["prior"], w["before"], w["month"]
        row = TrialRow(account, debit=md, credit=mc, ytd_debit=bd + md, ytd_credit=bc + mc)
        if account.kind in RESULT_KINDS:
            row.opening = bd - bc
            carried += pd - pc
        else:
            row.opening = pd - pc + bd - bc
        leaves[account_id] = row
    if carried:
        surplus = next(a for a in accounts.values() if a.code == SURPLUS)
        leaves.setdefault(surplus.id, TrialRow(surplus)).opening += carried
    return _tree_rows(accounts, leaves, year, month)


def _tree_rows(accounts, leaves, year, month):
    rows_by_id: dict[int, TrialRow] = dict(leaves)
    for account_id, row in leaves.items():
        parent_id = accounts[account_id].parent_id
        while parent_id is not None:
            parent = rows_by_id.setdefault(parent_id, TrialRow(accounts[parent_id]))
            parent.add(row)
            parent_id = accounts[parent_id].parent_id
    ordered = [rows_by_id[a] for a in accounts if a in rows_by_id and not rows_by_id[a].is_empty]
    totals = Totals()
    for row in ordered:
        if row.account.parent_id is None:
            totals.opening_debit += row.opening_debit
            totals.opening_credit += row.opening_credit
            totals.debit += row.debit
            totals.credit += row.credit
            totals.ytd_debit += row.ytd_debit
            totals.ytd_credit += row.ytd_credit
            totals.closing_debit += row.closing_debit
            totals.closing_credit += row.closing_credit
    return TrialBalance(ordered, totals, year, month)


# ---------------------------------------------------------------------------------- ledgers (总账, 明细账)

def account_lines(union, account, start, end, *, member=None, org=None, since=None, carry_results=False):
    """The opening net (debit − credit) before ``start`` (counted from ``since`` if given) and the posted
    lines of one account, or the leaves under a parent account, over [start, end]; optionally only
    those of one member or organisation (2 queries).

    ``carry_results`` adds earlier years' income and expenditure to the opening (for 331 结余).
    """
    qs = _lines(union).filter(account__code__startswith=account.code)
    if member is not None:
        qs = qs.filter(member=member)
    if org is not None:
        qs = qs.filter(org=org)
    opening_cond = Q(account__code__startswith=account.code, date__lt=start)
    if since is not None:
        opening_cond &= Q(date__gte=since)
    before = _lines(union, end=start - datetime.timedelta(days=1))
    if member is not None:
        before = before.filter(member=member)
    if org is not None:
        before = before.filter(org=org)
    if carry_results:
        opening_cond |= Q(account__kind__in=RESULT_KINDS, date__lt=datetime.date(start.year, 1, 1))
    agg = before.filter(opening_cond).aggregate(d=fen_sum("debit"), c=fen_sum("credit"))
    lines = list(qs.filter(date__gte=start, date__lte=end)
                 .select_related("voucher", "account", "member", "org")
                 .order_by("date", "voucher__number", "line_no"))
    return yuan(agg["d"]) - yuan(agg["c"]), lines
