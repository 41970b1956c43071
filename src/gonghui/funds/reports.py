"""The funds exports in the usual report layout (``core.documents``): the allocation register
(工会经费拨缴登记簿) and the budget execution statement (预算执行情况表)."""
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.documents import Report

from .execution import LEVEL_LABELS, Execution
from .models import Collection, EntryKind

FOOTER = gettext_lazy("单位负责人：            会计主管：            制表：")


def register_report(union, year, allocations) -> Report:
    """One row per allocation of ``year`` (entries prefetched), with totals."""
    rows, totals = [], [Decimal("0")] * 6
    for a in allocations:
        received = sum((e.amount for e in a.entries.all() if e.kind in (EntryKind.RECEIPT, EntryKind.REFUND)),
                       Decimal("0"))
        remitted = sum((e.amount for e in a.entries.all() if e.kind == EntryKind.REMITTANCE), Decimal("0"))
        figures = [a.payroll_total, a.amount, a.grassroots_amount, a.upward_amount, received, remitted]
        rows.append([a.period_label, str(Collection(a.collection).label), figures[0], f"{a.rate_text}%",
                     *figures[1:], a.received_on, str(a.status_label)])
        totals = [t + f for t, f in zip(totals, figures)]
    rows.append([_("合计"), "", totals[0], "", *totals[1:], None, ""])
    return Report(title=_("工会经费拨缴登记簿"), unit=union.name, period=_("%(year)s年度") % {"year": year},
                  headers=[_("所属期间"), _("收缴方式"), _("工资总额"), _("比例"), _("应拨缴经费"), _("基层留成"),
                           _("上解上级"), _("已到账/已返还"), _("已上解"), _("到账日期"), _("状态")],
                  rows=rows, bold_rows={len(rows) - 1}, footer=str(FOOTER),
                  col_widths=[12, 10, 14, 6, 13, 13, 13, 13, 12, 11, 10])


def _execution_rows(rows):
    out = []
    for r in rows:
        out.append([r.line.account_code, r.line.account_name, r.budget, r.actual, r.remaining,
                    f"{r.status.percent}%" if r.status.percent is not None else "—", str(LEVEL_LABELS[r.status.level])])
    return out


def execution_report(result: Execution) -> Report:
    budget = result.budget
    rows, bold = [[_("一、收入"), "", None, None, None, "", ""]], {0}
    rows += _execution_rows(result.income)
    rows.append([_("收入合计"), "", result.income_budget, result.income_actual,
                 result.income_budget - result.income_actual, "", ""])
    bold.add(len(rows) - 1)
    rows.append([_("二、支出"), "", None, None, None, "", ""])
    bold.add(len(rows) - 1)
    rows += _execution_rows(result.expense)
    total = result.expense_status
    rows.append([_("支出合计"), "", result.expense_budget, result.expense_actual,
                 result.expense_budget - result.expense_actual,
                 f"{total.percent}%" if total.percent is not None else "—", str(LEVEL_LABELS[total.level])])
    bold.add(len(rows) - 1)
    version = (_("（第%(v)s版）") % {"v": budget.approved_version} if budget.approved_version
               else _("（未批准）"))
    return Report(title=_("预算执行情况表"), unit=budget.union.name,
                  period=_("%(year)s年度%(version)s　截至%(day)s")
                  % {"year": budget.year, "version": version, "day": formats.date_format(result.as_of, _("Y年m月d日"))},
                  headers=[_("科目编码"), _("项目"), _("批准预算"), _("实际执行"), _("预算结余"), _("执行率"), _("预警")],
                  rows=rows, bold_rows=bold, footer=str(FOOTER), col_widths=[9, 22, 14, 14, 14, 9, 10])
