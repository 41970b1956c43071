"""Reports upward (报上级工会的统计表): one .xlsx with a members, a funds and an activities sheet, one row
per grassroots union of the organisation's subtree, each sheet one grouped query."""
import datetime
import io
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gonghui.orgs.models import Kind, Organisation
from gonghui.core.spreadsheet import safe_row

ZERO = Decimal("0.00")


def unions_under(org):
    return list(Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS).order_by("path"))


def members_sheet(org, year):
    from gonghui.members.models import Member, Sex, Status

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    unions = unions_under(org)
    current = ~Q(status=Status.TERMINATED) & Q(join_date__lte=end)
    rows = {r["union_id"]: r for r in Member.objects.filter(union__in=[u.pk for u in unions]).values("union_id")
            .order_by().annotate(total=Count("id", filter=current),
                                 women=Count("id", filter=current & Q(sex=Sex.FEMALE)),
                                 added=Count("id", filter=Q(join_date__gte=start, join_date__lte=end)),
                                 retained=Count("id", filter=Q(status=Status.RETAINED)))}
    headers = ["工会", "职工人数", "会员人数", "其中女会员", "本年新增", "保留会籍"]
    body = [[u.name, u.employee_count, *(rows.get(u.pk, {}).get(k, 0) for k in ("total", "women", "added", "retained"))]
            for u in unions]
    return "会员情况", headers, body


def funds_sheet(org, year):
    from gonghui.dues.models import DuesRoll
    from gonghui.funds.models import Allocation
    from gonghui.ledger.models import AccountKind, VoucherLine

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    unions = unions_under(org)
    ids = [u.pk for u in unions]
    alloc = dict(Allocation.objects.filter(union__in=ids, period_start__gte=start, period_start__lte=end)
                 .values("union_id").order_by().annotate(s=Sum("grassroots_amount")).values_list("union_id", "s"))
    dues = dict(DuesRoll.objects.filter(union__in=ids, month__gte=start, month__lte=end).values("union_id")
                .order_by().annotate(s=Sum("total_paid")).values_list("union_id", "s"))
    spend = {r["union_id"]: (r["d"] or ZERO) - (r["c"] or ZERO) for r in VoucherLine.objects.filter(
        union__in=ids, posted=True, date__gte=start, date__lte=end, account__kind=AccountKind.EXPENSE)
        .values("union_id").order_by().annotate(d=Sum("debit"), c=Sum("credit"))}
    headers = ["工会", "拨缴经费留成（元）", "会费收入（元）", "经费支出（元）"]
    body = [[u.name, alloc.get(u.pk) or ZERO, dues.get(u.pk) or ZERO, spend.get(u.pk) or ZERO] for u in unions]
    return "经费情况", headers, body


def activities_sheet(org, year):
    """Events held per union, by the definition of the ``activities.events_held`` metric (held, not
    cancelled, starting in the year), when the activities capability is installed (one grouped query)."""
    unions = unions_under(org)
    headers = ["工会", "活动场次"]
    if not apps.is_installed("gonghui.activities"):
        return "活动情况", headers, [[u.name, "暂无数据"] for u in unions]
    from gonghui.activities.queries import events_held

    counts = dict(events_held(org, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
                  .values("union_id").order_by().annotate(n=Count("id")).values_list("union_id", "n"))
    return "活动情况", headers, [[u.name, counts.get(u.pk, 0)] for u in unions]


SHEETS = (members_sheet, funds_sheet, activities_sheet)
PHASE = gettext_noop("生成报表")


def workbook(org, year, progress=None) -> bytes:
    """The report of ``org``'s subtree for ``year``; ``progress(done, total, phase)`` after each sheet (a
    federation's report spans every union under it, so it is built as a job: ``plans.jobs``)."""
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for done, build in enumerate(SHEETS):
        title, headers, rows = build(org, year)
        if progress:
            progress(done, len(SHEETS), PHASE)
        ws = wb.create_sheet(title)
        ws.append(safe_row([f"{org.name}{year}年{title}统计表"]))
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws["A1"].font, ws["A1"].alignment = Font(size=14, bold=True), Alignment(horizontal="center")
        ws.append(safe_row([f"填报单位：{org.name}    统计期间：{year}年1月1日至{year}年12月31日"]))
        ws.append(headers)
        for c in range(1, len(headers) + 1):
            ws.cell(row=3, column=c).font = Font(bold=True)
            ws.cell(row=3, column=c).border = border
        for row in rows:
            ws.append(safe_row(row))
            for c in range(1, len(headers) + 1):
                cell = ws.cell(row=ws.max_row, column=c)
                cell.border = border
                if isinstance(row[c - 1], Decimal):
                    cell.number_format = "#,##0.00"
        if rows and all(isinstance(v, (int, Decimal)) or v is None for r in rows for v in r[1:]):
            ws.append(["合计", *[sum((r[i] or 0) for r in rows) for i in range(1, len(headers))]])
            for c in range(1, len(headers) + 1):
                ws.cell(row=ws.max_row, column=c).font = Font(bold=True)
                ws.cell(row=ws.max_row, column=c).border = border
        ws.column_dimensions["A"].width = 30
        for letter in "BCDEF":
            ws.column_dimensions[letter].width = 16
    if progress:
        progress(len(SHEETS), len(SHEETS), PHASE)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
