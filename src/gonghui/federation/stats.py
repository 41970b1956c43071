"""The annual statistical report a federation submits upward (工会统计年报), produced from data.

Three tables, each by the units directly below the organisation (a town, or a union reporting directly) with a
合计 row, read from the maintained counts (``OrgCount``), the tree and the employer registry — never member rows:

- 表一 工会组织和会员基本情况: grassroots unions (of which joint/industry unions, 联合/行业工会), members, women,
  migrant workers (农民工), dispatched workers (劳务派遣), members who joined in the year, retained members
  (保留会籍).
- 表二 建会入会情况: registry employers, those that should have a union, those covered (建会率, DOMAIN §16),
  those left out for a missing count, employees of the unionised employers and their unions' members (入会率).
- 表三 基层工会分类型情况: unions, members and women per union type.

Submitting (``federation.actions.submit_stats``) freezes an organisation's own 表一 totals as a ``StatsReport``
for the year; marking it final (``finalise_stats``) needs ``check`` to find nothing: for a federation, each unit
directly below must have submitted, its submitted figures must equal its live figures, and the federation's table
must equal the sum of its units' submitted figures (plus members registered at the federation itself); for a
grassroots union, its submitted figures must equal its live ones. Every difference names the unit and the
column in Chinese.

▶ A town with two unions (第一中学工会: 3 members, 2 women; 机械厂工会: 1 member). The school submits, the
factory has not: finalising the town is refused with "机械厂工会：未报送2026年统计年报". The factory submits,
then a member joins the school: refused with "第一中学工会 表一「会员人数」：报送 3，实有 4". The school submits
again: the town's report is final.
"""
import io
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.metrics import percent
from gonghui.core.spreadsheet import safe_cell
from gonghui.orgs.models import FEDERATION_KINDS, PATH_END, STEP, Kind, Organisation, UnionType

from . import rates
from .models import OrgCount, StatsReport

T1 = [("unions", gettext_lazy("基层工会数")), ("joint", gettext_lazy("其中：联合/行业工会")),
      ("members", gettext_lazy("会员人数")), ("women", gettext_lazy("女会员")),
      ("migrant", gettext_lazy("农民工会员")), ("dispatched", gettext_lazy("劳务派遣会员")),
      ("new", gettext_lazy("本年新入会")), ("retained", gettext_lazy("保留会籍会员"))]
T2 = [("employers", gettext_lazy("名录单位数")), ("should", gettext_lazy("应建会单位数")),
      ("covered", gettext_lazy("已建会单位数")), ("rate", gettext_lazy("建会率（%）")),
      ("missing", gettext_lazy("缺少职工人数的单位")), ("employees", gettext_lazy("已建会单位职工人数")),
      ("union_members", gettext_lazy("已建会单位会员人数")), ("membership", gettext_lazy("入会率（%）"))]
T3 = [("unions", gettext_lazy("基层工会数")), ("members", gettext_lazy("会员人数")), ("women", gettext_lazy("女会员"))]
TITLES = {"t1": gettext_lazy("工会组织和会员基本情况"), "t2": gettext_lazy("建会入会情况"),
          "t3": gettext_lazy("基层工会分类型情况")}
NUMBERS = {"t1": gettext_lazy("表一"), "t2": gettext_lazy("表二"), "t3": gettext_lazy("表三")}
COUNTED = ("members", "women", "migrant", "dispatched", "retained")
JOINT = (UnionType.JOINT, UnionType.INDUSTRY)


def reports_at(org):
    """Whether ``org`` submits a statistical report (a federation or a grassroots union, not a branch)."""
    return org.kind in FEDERATION_KINDS or org.kind == Kind.GRASSROOTS


def _empty():
    return dict.fromkeys(k for k, _l in T1)


def _zero():
    return dict.fromkeys((k for k, _l in T1), 0)


def _branch(org):
    """The path prefix naming a row's unit: the direct child of ``org`` (a union: itself)."""
    width = len(org.path) + (0 if org.kind == Kind.GRASSROOTS else STEP)
    return Substr("org__path", 1, width), Substr("path", 1, width)


def live_t1(org, year):
    """表一 live: ``{path: {column: n}}`` per unit directly below ``org`` (``org.path`` for members registered at
    ``org`` itself, or a union's whole subtree). Two GROUP BY queries."""
    by_count, by_org = _branch(org)
    sums = {f"s_{c}": Sum(c) for c in COUNTED} | {"s_new": Sum("members", filter=Q(join_year=year))}
    out = {}
    for r in (OrgCount.objects.filter(org__path__gte=org.path, org__path__lt=org.path + PATH_END)
              .annotate(branch=by_count).values("branch").annotate(**sums).order_by()):
        row = out.setdefault(r["branch"], _zero())
        row.update({k.removeprefix("s_"): v or 0 for k, v in r.items() if k != "branch"})
    for r in (Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS).annotate(branch=by_org)
              .values("branch").annotate(n=Count("id"), joint=Count("id", filter=Q(union_type__in=JOINT)))
              .order_by()):
        row = out.setdefault(r["branch"], _zero())
        row["unions"], row["joint"] = r["n"], r["joint"]
    return out


def totals(rows):
    total = _zero()
    for row in rows.values():
        for k in total:
            total[k] += row.get(k) or 0
    return total


def units(org):
    """The units a table lists: the organisations directly below ``org`` (a union: itself), tree order."""
    if org.kind == Kind.GRASSROOTS:
        return [org]
    return list(Organisation.objects.filter(parent=org).order_by("path"))


@dataclass
class Table:
    key: str
    columns: list        # [(key, label)]
    rows: list           # [(label, {column: value})]
    total: dict

    @property
    def title(self):
        return TITLES[self.key]

    @property
    def number(self):
        return NUMBERS[self.key]

    @property
    def lines(self):
        """[(unit name, [(column label, value)])] for the page."""
        return [(name, [(label, row.get(k)) for k, label in self.columns]) for name, row in self.rows]

    @property
    def total_line(self):
        return [(label, self.total.get(k)) for k, label in self.columns]


def table1(org, year, live=None):
    live = live if live is not None else live_t1(org, year)
    rows = []
    if org.kind != Kind.GRASSROOTS and live.get(org.path):
        rows.append((_("本级直属"), live[org.path]))
    rows += [(u.name, live.get(u.path, _zero())) for u in units(org)
             if u.path in live or u.kind in FEDERATION_KINDS or u.kind == Kind.GRASSROOTS]
    return Table("t1", T1, rows, totals(live))


def _t2_row(row):
    row = dict(row)
    row["rate"] = percent(row["covered"], row["should"])
    row["membership"] = percent(row["union_members"], row["employees"])
    return row


def table2(org, on):
    """表二 per direct unit (employers registered in its area) — three GROUP BY queries."""
    limit, _setting = rates.threshold(org, on)
    width = len(org.path) + (0 if org.kind == Kind.GRASSROOTS else STEP)
    base = rates.Employer.objects.filter(rates.in_area(org)) if org.kind != Kind.GRASSROOTS else \
        rates.Employer.objects.filter(union=org)
    key = Substr("area__path", 1, width) if org.kind != Kind.GRASSROOTS else Substr("union__path", 1, width)
    found = {}
    for r in (base.annotate(branch=key).values("branch")
              .annotate(employers=Count("id"), should=Count("id", filter=rates.should_q(limit)),
                        covered=Count("id", filter=rates.covered_q(limit)), missing=Count("id", filter=rates.missing_q()),
                        employees=Sum("employees", filter=Q(union__isnull=False, employees__isnull=False)))
              .order_by()):
        found[r["branch"]] = {k: r[k] or 0 for k in ("employers", "should", "covered", "missing", "employees")}
    # members of the unions the unionised employers are linked to, by the employer's unit
    linked = base.filter(union__isnull=False, employees__isnull=False).annotate(branch=key)
    per_union = {}
    for branch, union_id in linked.values_list("branch", "union_id").distinct():
        per_union.setdefault(union_id, set()).add(branch)
    members = dict(OrgCount.objects.filter(org__union_id__in=list(per_union)).values("org__union_id")
                   .annotate(n=Sum("members")).order_by().values_list("org__union_id", "n")) if per_union else {}
    for union_id, branches in per_union.items():
        for branch in branches:
            row = found.setdefault(branch, dict.fromkeys(("employers", "should", "covered", "missing", "employees"), 0))
            row["union_members"] = row.get("union_members", 0) + (members.get(union_id) or 0)
    for row in found.values():
        row.setdefault("union_members", 0)
    names = {u.path: u.name for u in units(org)}
    rows = [(names.get(path, org.name if path == org.path else path), _t2_row(row))
            for path, row in sorted(found.items())]
    total = {k: sum(r[k] for r in found.values()) for k in ("employers", "should", "covered", "missing",
                                                           "employees", "union_members")}
    return Table("t2", T2, rows, _t2_row(total))


def table3(org, year):
    rows = {}
    for r in (OrgCount.objects.filter(org__path__gte=org.path, org__path__lt=org.path + PATH_END)
              .values("org__union__union_type").annotate(members=Sum("members"), women=Sum("women")).order_by()):
        rows[r["org__union__union_type"]] = {"unions": 0, "members": r["members"] or 0, "women": r["women"] or 0}
    for kind, n in (Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS).values("union_type")
                    .annotate(n=Count("id")).order_by().values_list("union_type", "n")):
        rows.setdefault(kind, {"unions": 0, "members": 0, "women": 0})["unions"] = n
    out = [(_(label), rows[value]) for value, label in UnionType.choices if value in rows]
    total = {k: sum(r[k] for r in rows.values()) for k in ("unions", "members", "women")}
    return Table("t3", T3, out, total)


@dataclass
class Statistics:
    org: Organisation
    year: int
    tables: list
    report: StatsReport | None
    problems: list       # the checks' differences, in Chinese (empty: the totals agree)


def build(org, year, *, today=None) -> Statistics:
    today = today or timezone.localdate()
    live = live_t1(org, year)
    report = StatsReport.objects.filter(org=org, year=year).select_related("submitted_by").first()
    return Statistics(org=org, year=year, tables=[table1(org, year, live), table2(org, today), table3(org, year)],
                      report=report, problems=check(org, year, live=live, report=report))


# ---- the checks ----

def _label(column):
    return dict(T1)[column]


def check(org, year, *, live=None, report=None) -> list[str]:
    """The differences that keep ``org``'s report for ``year`` from being final, in Chinese (empty: none).

    Set-based: the live table (two queries) and the units' submitted reports (one query)."""
    live = live if live is not None else live_t1(org, year)
    if report is None:
        report = StatsReport.objects.filter(org=org, year=year).first()
    problems = []
    own_total = totals(live)
    if report is not None:
        mine = report.figures.get("t1", {})
        for col, label in T1:
            if (mine.get(col) or 0) != own_total[col]:
                problems.append(_("本单位 %(no)s「%(col)s」：报送 %(sent)s，实有 %(live)s") % {
                    "no": NUMBERS["t1"], "col": label, "sent": mine.get(col) or 0, "live": own_total[col]})
    if org.kind == Kind.GRASSROOTS:
        return problems
    below = [u for u in units(org) if reports_at(u)]
    sent = {r.org_id: r for r in StatsReport.objects.filter(org__in=below, year=year)}
    summed = dict(live.get(org.path, _zero()))  # members registered at the federation itself
    for unit in below:
        r = sent.get(unit.pk)
        if r is None:
            if live.get(unit.path, _zero())["unions"] or live.get(unit.path, _zero())["members"]:
                problems.append(_("%(unit)s：未报送%(year)s年统计年报") % {"unit": unit.name, "year": year})
            continue
        figures = r.figures.get("t1", {})
        unit_live = live.get(unit.path, _zero())
        for col, label in T1:
            summed[col] = (summed.get(col) or 0) + (figures.get(col) or 0)
            if (figures.get(col) or 0) != unit_live[col]:
                problems.append(_("%(unit)s %(no)s「%(col)s」：报送 %(sent)s，实有 %(live)s") % {
                    "unit": unit.name, "no": NUMBERS["t1"], "col": label, "sent": figures.get(col) or 0,
                    "live": unit_live[col]})
    table_total = report.figures.get("t1", {}) if report is not None else own_total
    for col, label in T1:
        if (table_total.get(col) or 0) != (summed.get(col) or 0):
            problems.append(_("合计 %(no)s「%(col)s」：本表 %(mine)s，下级报送合计 %(sum)s") % {
                "no": NUMBERS["t1"], "col": label, "mine": table_total.get(col) or 0, "sum": summed.get(col) or 0})
    return problems


# ---- the .xlsx ----

def _value(v):
    return "" if v is None else (str(v) if not isinstance(v, int) else v)


def to_xlsx(stats: Statistics) -> bytes:
    """One sheet per table in the official layout: table number, title, unit and date, the columns, one row
    per unit and 合计, and the footer 填报单位/单位负责人/填表人/报出日期."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    report = stats.report
    day = report.submitted_on if report else timezone.localdate()
    for table in stats.tables:
        ws = wb.create_sheet(str(table.number))
        width = len(table.columns) + 1
        ws.append([safe_cell(str(table.number))])
        ws.append([safe_cell(_("%(year)s年%(title)s") % {"year": stats.year, "title": table.title})])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws["A2"].font = Font(size=14, bold=True)
        ws["A2"].alignment = Alignment(horizontal="center")
        ws.append([safe_cell(_("填报单位：%(org)s") % {"org": stats.org.name})] + [""] * (width - 3)
                  + [safe_cell(_("统计截止：%(day)s") % {"day": day.isoformat()})])
        ws.append([safe_cell(_("单位名称"))] + [safe_cell(str(label)) for _k, label in table.columns])
        ws.append([safe_cell(_("甲"))] + list(range(1, width)))
        for r in (4, 5):
            for c in range(1, width + 1):
                cell = ws.cell(row=r, column=c)
                cell.font, cell.border, cell.alignment = Font(bold=True), border, Alignment(horizontal="center",
                                                                                           wrap_text=True)
        for name, row in [*table.rows, (_("合计"), table.total)]:
            ws.append([safe_cell(name)] + [_value(row.get(k)) for k, _l in table.columns])
            for c in range(1, width + 1):
                ws.cell(row=ws.max_row, column=c).border = border
        for c in range(1, width + 1):
            ws.cell(row=ws.max_row, column=c).font = Font(bold=True)
        ws.append([])
        ws.append([safe_cell(_("单位负责人：%(name)s") % {"name": report.head if report else ""}), "",
                   safe_cell(_("填表人：%(name)s") % {"name": report.preparer if report else ""}), "",
                   safe_cell(_("报出日期：%(day)s") % {"day": report.submitted_on.isoformat() if report else ""})])
        ws.column_dimensions["A"].width = 28
        for c in range(2, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
