"""The statements in their usual layouts, built from ``ledger.queries`` (a fixed number of queries each):

* 科目余额表 (trial balance) — ``queries.trial_balance``
* 收入支出表 (income and expenditure): income 401–408, expenditure 501–510, 本月数 / 本年累计数, 结余
* 资产负债表 (balance sheet): 年初数 / 期末数; assets = liabilities + net assets, the year's surplus included
* 总账 (general ledger): one account, month by month, with 本月合计 / 本年累计 and the balance
* 明细账 (subsidiary ledger): the lines of one account with a running balance, per member or organisation

and each as a ``core.documents.Report`` for .xlsx and PDF.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext

from gonghui.core.documents import Report

from . import queries
from .models import Account, AccountKind
from .queries import RESULT_KINDS, SURPLUS, ZERO, month_end

SIGNATURES = gettext_lazy("单位负责人：　　　　　　会计主管：　　　　　　复核：　　　　　　制表：")


def period_label(year, month):
    return _("%(y)d年%(m)d月") % {"y": int(year), "m": int(month)}


def day_label(day):
    """A date as statements print it: 2026年03月31日 (March 31, 2026 in English)."""
    return formats.date_format(day, _("Y年m月d日"))


def direction(net):
    """借 / 贷 / 平 of a debit − credit net, as printed in ledgers."""
    if net > 0:
        return pgettext("余额方向", "借")
    return pgettext("余额方向", "贷") if net < 0 else pgettext("余额方向", "平")


@dataclass
class Line:
    """One printed line of a statement: label, 行次, its figures; ``level`` indents sub-lines."""

    label: str
    values: list
    no: int | None = None
    code: str = ""
    level: int = 0
    bold: bool = False


# --------------------------------------------------------------------------------- 收入支出表

@dataclass
class IncomeStatement:
    union: object
    year: int
    month: int
    income: list = field(default_factory=list)
    expense: list = field(default_factory=list)
    income_total: list = field(default_factory=lambda: [ZERO, ZERO])   # 本月数, 本年累计数
    expense_total: list = field(default_factory=lambda: [ZERO, ZERO])

    @property
    def surplus(self):
        return [self.income_total[i] - self.expense_total[i] for i in range(2)]

    def lines(self):
        """All printed lines in order, with 行次 numbers."""
        out = [Line(_("一、收入合计"), self.income_total, bold=True)]
        out += self.income
        out.append(Line(_("二、支出合计"), self.expense_total, bold=True))
        out += self.expense
        out.append(Line(_("三、本期收支结余"), self.surplus, bold=True))
        for no, ln in enumerate(out, start=1):
            ln.no = no
        return out

    def figure(self, code):
        """(本月数, 本年累计数) of one printed account line."""
        for ln in self.income + self.expense:
            if ln.code == code:
                return tuple(ln.values)
        raise KeyError(code)


def income_statement(union, year, month) -> IncomeStatement:
    """收入支出表 for a month: every level-1 income and expenditure account, sub-accounts with entries
    as 其中 lines (2 queries)."""
    accounts = queries.accounts_of(union)
    y0 = datetime.date(year, 1, 1)
    result_ids = [a.id for a in accounts.values() if a.kind in RESULT_KINDS]
    windows = {"month": ((year, month), None), "ytd": ((year, 1), None)}
    sums = queries.window_sums(union, month_end(year, month), windows, start=y0, account_ids=result_ids)
    by_id = {}
    for account_id, w in sums.items():
        account = accounts[account_id]
        by_id[account_id] = [queries._signed(account, *w["month"]), queries._signed(account, *w["ytd"])]
    totals = _rolled_up(accounts, by_id)
    st = IncomeStatement(union, year, month)
    for account in accounts.values():
        if account.kind not in RESULT_KINDS:
            continue
        values = totals.get(account.id, [ZERO, ZERO])
        if account.parent_id is None:
            target = st.income if account.kind == AccountKind.INCOME else st.expense
            target.append(Line(account.name, values, code=account.code, level=1))
            grand = st.income_total if account.kind == AccountKind.INCOME else st.expense_total
            for i in range(2):
                grand[i] += values[i]
        elif account.id in totals:
            target = st.income if account.kind == AccountKind.INCOME else st.expense
            target.append(Line(_("其中：%(name)s") % {"name": account.name}, values, code=account.code, level=2))
    return st


def _rolled_up(accounts, by_id):
    """Leaf figures plus every ancestor's sum (lists of equal length)."""
    out = {k: list(v) for k, v in by_id.items()}
    for account_id, values in by_id.items():
        parent_id = accounts[account_id].parent_id
        while parent_id is not None:
            target = out.setdefault(parent_id, [ZERO] * len(values))
            for i, v in enumerate(values):
                target[i] += v
            parent_id = accounts[parent_id].parent_id
    return out


def income_statement_report(st: IncomeStatement) -> Report:
    rows, bold = [], set()
    for i, ln in enumerate(st.lines()):
        rows.append([("　" * max(ln.level - 1, 0)) + ln.label, ln.no, ln.values[0], ln.values[1]])
        if ln.bold:
            bold.add(i)
    return Report(title=_("收入支出表"), headers=[_("项目"), _("行次"), _("本月数"), _("本年累计数")], rows=rows,
                  unit=st.union.name, period=period_label(st.year, st.month), footer=str(SIGNATURES), bold_rows=bold,
                  col_widths=[4, 1, 2, 2])


# --------------------------------------------------------------------------------- 资产负债表

@dataclass
class BalanceSheet:
    union: object
    year: int
    month: int
    assets: list = field(default_factory=list)          # Lines with [年初数, 期末数]
    liabilities: list = field(default_factory=list)
    net_assets: list = field(default_factory=list)
    asset_total: list = field(default_factory=lambda: [ZERO, ZERO])
    liability_total: list = field(default_factory=lambda: [ZERO, ZERO])
    net_asset_total: list = field(default_factory=lambda: [ZERO, ZERO])

    @property
    def right_total(self):
        return [self.liability_total[i] + self.net_asset_total[i] for i in range(2)]

    @property
    def balanced(self):
        return self.asset_total == self.right_total

    def figure(self, code):
        for ln in self.assets + self.liabilities + self.net_assets:
            if ln.code == code:
                return tuple(ln.values)
        raise KeyError(code)

    def left_lines(self):
        return self.assets + [Line(_("资产总计"), self.asset_total, bold=True)]

    def right_lines(self):
        return (self.liabilities + [Line(_("负债合计"), self.liability_total, bold=True)] + self.net_assets
                + [Line(_("净资产合计"), self.net_asset_total, bold=True),
                   Line(_("负债和净资产总计"), self.right_total, bold=True)])


CURRENT_SURPLUS = gettext_noop("本年收支结余")


def balance_sheet(union, year, month) -> BalanceSheet:
    """资产负债表 at the end of a month, with the figures at the start of the year (2 queries).

    331 结余 includes the income and expenditure of earlier years (carried forward); this year's
    result so far is its own line under net assets, so the sheet balances before year-end closing.
    """
    accounts = queries.accounts_of(union)
    sums = queries.window_sums(union, month_end(year, month),
                               {"before": (None, (year - 1, 12)), "all": ((year, 1), None)})
    leaf = {}
    carried, current = ZERO, ZERO
    for account_id, w in sums.items():
        account = accounts[account_id]
        (bd, bc), (ad, ac) = w["before"], w["all"]
        if account.kind in RESULT_KINDS:
            carried += bc - bd            # income − expenditure of earlier years (credit − debit)
            current += ac - ad
        else:
            opening = queries._signed(account, bd, bc)
            leaf[account_id] = [opening, opening + queries._signed(account, ad, ac)]
    surplus = next(a for a in accounts.values() if a.code == SURPLUS)
    row = leaf.setdefault(surplus.id, [ZERO, ZERO])
    row[0] += carried
    row[1] += carried
    totals = _rolled_up(accounts, leaf)
    bs = BalanceSheet(union, year, month)
    sections = {AccountKind.ASSET: (bs.assets, bs.asset_total), AccountKind.LIABILITY: (bs.liabilities,
                bs.liability_total), AccountKind.NET_ASSET: (bs.net_assets, bs.net_asset_total)}
    for account in accounts.values():
        if account.parent_id is None and account.kind in sections:
            lines, total = sections[account.kind]
            values = totals.get(account.id, [ZERO, ZERO])
            lines.append(Line(account.name, values, code=account.code, level=1))
            for i in range(2):
                total[i] += values[i]
    bs.net_assets.append(Line(_(CURRENT_SURPLUS), [ZERO, current], code="current", level=1))
    bs.net_asset_total[1] += current
    return bs


def balance_sheet_report(bs: BalanceSheet) -> Report:
    left, right = bs.left_lines(), bs.right_lines()
    rows, bold = [], set()
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else None
        b = right[i] if i < len(right) else None
        rows.append([a.label if a else "", a.values[0] if a else None, a.values[1] if a else None,
                     b.label if b else "", b.values[0] if b else None, b.values[1] if b else None])
        if (a and a.bold) or (b and b.bold):
            bold.add(i)
    return Report(title=_("资产负债表"), headers=[_("资产"), _("年初数"), _("期末数"), _("负债和净资产"), _("年初数"),
                                            _("期末数")], rows=rows, unit=bs.union.name,
                  period=day_label(month_end(bs.year, bs.month)),
                  footer=str(SIGNATURES), bold_rows=bold, col_widths=[3, 2, 2, 3, 2, 2])


# ------------------------------------------------------------------------------------- 总账

@dataclass
class LedgerRow:
    date: object            # a date, or a month number for 总账
    label: str              # 摘要
    debit: Decimal | None
    credit: Decimal | None
    balance: Decimal        # debit − credit
    voucher: object = None
    member: object = None
    org: object = None
    bold: bool = False

    @property
    def direction(self):
        return direction(self.balance)

    @property
    def amount(self):
        return abs(self.balance)


@dataclass
class AccountLedger:
    union: object
    account: Account
    title: str
    period: str
    rows: list

    @property
    def closing(self):
        return self.rows[-1].balance if self.rows else ZERO


def _is_result(account):
    return account.kind in RESULT_KINDS


def general_ledger(union, account, year) -> AccountLedger:
    """总账 of one account (with its sub-accounts) for a year, month by month (2 queries).

    The opening is the balance brought forward (上年结转): income and expenditure accounts start the
    year at zero, and 331 结余 takes their earlier results.
    """
    accounts = queries.accounts_of(union)
    y0 = datetime.date(year, 1, 1)
    windows = {m: ((year, m), (year, m)) for m in range(1, 13)}
    windows["before"] = (None, (year - 1, 12))
    ids = [a.id for a in accounts.values() if a.code.startswith(account.code)]
    carry = account.code == SURPLUS
    if carry:
        ids += [a.id for a in accounts.values() if a.kind in RESULT_KINDS]
    opening = ZERO
    months = [[ZERO, ZERO] for _m in range(12)]
    for account_id, w in queries.window_sums(union, datetime.date(year, 12, 31), windows, account_ids=ids).items():
        kind = accounts[account_id].kind
        bd, bc = w["before"]
        if kind in RESULT_KINDS and carry:
            opening += bd - bc  # earlier years' results, carried into 结余
            continue
        if kind not in RESULT_KINDS:
            opening += bd - bc
        for m in range(12):
            d, c = w[m + 1]
            months[m][0] += d
            months[m][1] += c
    rows = [LedgerRow(y0, _("上年结转"), None, None, opening, bold=True)]
    balance, ytd_d, ytd_c = opening, ZERO, ZERO
    for m, (d, c) in enumerate(months, start=1):
        if not (d or c):
            continue
        balance += d - c
        ytd_d += d
        ytd_c += c
        rows.append(LedgerRow(month_end(year, m), _("%(m)d月本月合计") % {"m": m}, d, c, balance))
        rows.append(LedgerRow(month_end(year, m), _("%(m)d月本年累计") % {"m": m}, ytd_d, ytd_c, balance, bold=True))
    return AccountLedger(union, account, _("总账"), _("%(y)d年") % {"y": year}, rows)


# ------------------------------------------------------------------------------------- 明细账

def subsidiary_ledger(union, account, start, end, *, member=None, org=None) -> AccountLedger:
    """明细账: the posted lines of one account (and its sub-accounts) over [start, end] with a running
    balance, optionally only those of one member or organisation (2 queries).

    Income and expenditure accounts open at zero on 1 January; 331 结余 opens with the earlier years'
    results carried in (when not limited to a member or organisation).
    """
    since = datetime.date(start.year, 1, 1) if _is_result(account) else None
    carry = account.code == SURPLUS and member is None and org is None
    opening, lines = queries.account_lines(union, account, start, end, member=member, org=org, since=since,
                                           carry_results=carry)
    rows = [LedgerRow(start, _("期初余额"), None, None, opening, bold=True)]
    balance, total_d, total_c = opening, ZERO, ZERO
    for ln in lines:
        balance += ln.debit - ln.credit
        total_d += ln.debit
        total_c += ln.credit
        rows.append(LedgerRow(ln.date, ln.memo or ln.voucher.summary, ln.debit or None, ln.credit or None, balance,
                              voucher=ln.voucher, member=ln.member, org=ln.org))
    rows.append(LedgerRow(end, _("本期合计"), total_d, total_c, balance, bold=True))
    who = member.name if member is not None else org.name if org is not None else ""
    title = _("明细账（%(name)s）") % {"name": who} if who else _("明细账")
    return AccountLedger(union, account, title, f"{start:%Y-%m-%d} — {end:%Y-%m-%d}", rows)


def ledger_report(ledger: AccountLedger, *, with_voucher=True) -> Report:
    headers = [_("日期"), _("凭证号"), _("摘要"), _("借方"), _("贷方"), _("借或贷"), _("余额")]
    if not with_voucher:
        headers.pop(1)
    rows, bold = [], set()
    for i, r in enumerate(ledger.rows):
        row = [r.date, r.voucher.label if r.voucher else "", r.label, r.debit, r.credit, r.direction, r.amount]
        if not with_voucher:
            row.pop(1)
        rows.append(row)
        if r.bold:
            bold.add(i)
    return Report(title=_("%(title)s：%(account)s") % {"title": ledger.title, "account": ledger.account},
                  headers=headers, rows=rows, unit=ledger.union.name,
                  period=ledger.period, footer=str(SIGNATURES), bold_rows=bold,
                  col_widths=[2, 2, 5, 2, 2, 1, 2] if with_voucher else [2, 5, 2, 2, 1, 2])


def trial_balance_report(union, tb) -> Report:
    headers = [_("科目编码"), _("科目名称"), _("期初借方"), _("期初贷方"), _("本期借方"), _("本期贷方"),
               _("本年累计借方"), _("本年累计贷方"), _("期末借方"), _("期末贷方")]
    rows, bold = [], set()
    for i, r in enumerate(tb):
        rows.append([r.code, ("　" * (r.level - 1)) + r.name, r.opening_debit or None, r.opening_credit or None,
                     r.debit or None, r.credit or None, r.ytd_debit or None, r.ytd_credit or None,
                     r.closing_debit or None, r.closing_credit or None])
        if r.level == 1:
            bold.add(i)
    t = tb.totals
    rows.append(["", _("合计"), t.opening_debit, t.opening_credit, t.debit, t.credit, t.ytd_debit, t.ytd_credit,
                 t.closing_debit, t.closing_credit])
    bold.add(len(rows) - 1)
    return Report(title=_("科目余额表"), headers=headers, rows=rows, unit=union.name,
                  period=period_label(tb.year, tb.month), footer=str(SIGNATURES), bold_rows=bold,
                  col_widths=[2, 4, 2, 2, 2, 2, 2, 2, 2, 2])
