"""Roll-ups of the grassroots work for a federation (town/street, county, city): one page per area.

Each area counts its figures per grassroots union (or per organisation a record belongs to) in a fixed number
of GROUP BY queries over the federation's subtree (``orgs.rollup.in_subtree``), reusing the computation the app
already has where it has one (funds' overdue allocations, finaudit's disclosures owed, congress's overdue terms,
bargaining's coverage, notices' disclosure calendar, appeals' overdue rule, elections' term reminders); the sums
per unit directly below the federation are ``orgs.rollup.roll_up`` (one more query). Every union of the subtree
is counted (a ``unions`` column), so a unit with nothing recorded shows its zeros instead of disappearing.

Aggregates only: no member appears on these pages. ``build(area, org, today)`` returns a ``Rollup``.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import percent
from gonghui.orgs.models import PATH_END, Kind, Organisation
from gonghui.orgs.rollup import in_subtree, roll_up

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    money: bool = False
    inbox: str = ""        # the inbox source listing the rows behind an overdue figure (``core:inbox``)


@dataclass(frozen=True)
class Rate:
    key: str
    label: object
    num: str
    den: str


@dataclass(frozen=True)
class Area:
    key: str
    label: object
    note: object                  # what is counted, in one sentence (shown under the heading)
    columns: tuple
    count: Callable               # (org, today) -> {org id: {column key: value}}
    rates: tuple = ()
    chart: str = ""               # the rate (or column) charted per unit
    union_url: str = ""           # the app's page of one union (``?org=<code>``): the records behind a figure
    area_url: str = ""            # the app's own page for a whole federation, where it has one (``?org=<code>``)


@dataclass
class Rollup:
    area: Area
    org: Organisation
    today: datetime.date
    rows: list = field(default_factory=list)     # [{"org", "values": {key: n}, "rates": {key: %}}]
    totals: dict = field(default_factory=dict)
    total_rates: dict = field(default_factory=dict)

    def cells(self, values, rates):
        """(column, value) and (rate, value) in the area's order, for the table."""
        return ([(c, values[c.key]) for c in self.area.columns], [(r, rates[r.key]) for r in self.area.rates])

    @property
    def total_cells(self):
        return self.cells(self.totals, self.total_rates)


def _subtree_orgs(org):
    return Organisation.objects.filter(path__gte=org.path, path__lt=org.path + PATH_END)


def _unions(org):
    return _subtree_orgs(org).filter(kind=Kind.GRASSROOTS)


def _group(qs, key="union_id", **aggregates):
    """{org id: {name: value}} from one GROUP BY."""
    return {r.pop(key): r for r in qs.order_by().values(key).annotate(**aggregates)}


def _year_range(today):
    return datetime.date(today.year, 1, 1), today


# ---- the areas ----

def _funds(org, today):
    from gonghui.funds.inbox import _overdue
    from gonghui.funds.models import Allocation, AllocationStatus

    start = datetime.date(today.year, 1, 1)
    alive = Allocation.objects.filter(in_subtree(org), voided_at__isnull=True)
    out = _group(alive.filter(period_end__gte=start, period_end__lte=today), allocations=Count("id"),
                 upward=Sum("upward_amount"),
                 settled=Sum("upward_amount", filter=Q(status=AllocationStatus.SETTLED)))
    overdue = _group(_overdue(alive, today), overdue=Count("id"), overdue_amount=Sum("upward_amount"))
    for pk, row in overdue.items():
        out.setdefault(pk, {}).update(row)
    return out


def _dues(org, today):
    from gonghui.dues.models import DuesRoll

    start = datetime.date(today.year, 1, 1)
    return _group(DuesRoll.objects.filter(in_subtree(org), month__gte=start, month__lte=today), rolls=Count("id"),
                  due_heads=Sum("due_heads"), paid_heads=Sum("paid_heads"), due=Sum("total_due"),
                  paid=Sum("total_paid"))


def _budgets(org, today):
    from gonghui.funds.models import Budget, BudgetStatus

    rows = _group(Budget.objects.filter(in_subtree(org), year=today.year),
                  approved=Count("id", filter=Q(status=BudgetStatus.APPROVED)),
                  submitted=Count("id", filter=Q(status=BudgetStatus.SUBMITTED)), any=Count("id"))
    # Per union: has an approved budget for the year; has one waiting for approval; has none yet is the rest.
    return {pk: {"approved": int(r["approved"] > 0), "submitted": int(r["submitted"] > 0 and not r["approved"]),
                 "drafting": int(not r["approved"] and not r["submitted"])} for pk, r in rows.items()}


def _finaudit(org, today):
    from gonghui.finaudit import coverage
    from gonghui.finaudit.models import AuditReview, Finding

    start = datetime.date(today.year, 1, 1)
    out = _group(AuditReview.objects.filter(in_subtree(org), opened_at__date__gte=start),
                 reviews=Count("id"), signed=Count("id", filter=Q(status=AuditReview.Status.SIGNED)))
    findings = _group(Finding.objects.filter(in_subtree(org, "review__union"), rectification_required=True,
                                             verified_at__isnull=True), key="review__union_id", open_findings=Count("id"))
    for pk, row in findings.items():
        out.setdefault(pk, {}).update(row)
    for pk in coverage.owing(_subtree_orgs(org), today).values_list("pk", flat=True):
        out.setdefault(pk, {})["owed"] = 1
    return out


def _congress(org, today):
    from gonghui.congress import queries, rules
    from gonghui.congress.models import Kind as CongressKind
    from gonghui.congress.models import Session, Term

    year_start = datetime.date(today.year, 1, 1)
    school_year = rules.meeting_window_start(today, True)
    held = Session.objects.filter(in_subtree(org), date__lte=today,
                                  status__in=[Session.Status.OPEN, Session.Status.CLOSED])
    teachers = Q(term__kind=CongressKind.TEACHERS)
    out = _group(held.filter((teachers & Q(date__gte=school_year)) | (~teachers & Q(date__gte=year_start))),
                 held=Count("id"))
    terms = Term.objects.filter(in_subtree(org))
    for pk, row in _group(terms.filter(start__lte=today).filter(Q(end__isnull=True) | Q(end__gte=today)),
                          terms=Count("id")).items():
        out.setdefault(pk, {}).update(row)
    for union_id in queries.overdue_terms(terms, today).values_list("union_id", flat=True):
        row = out.setdefault(union_id, {})
        row["overdue"] = row.get("overdue", 0) + 1
    return out


def _elections(org, today):
    from gonghui.elections.rules import add_months
    from gonghui.elections.models import Election, Status, Term

    terms = Term.objects.filter(in_subtree(org, "org")).committees()
    out = _group(terms, key="org_id", terms=Count("id"),
                 due=Count("id", filter=Q(ends_on__gte=today, ends_on__lte=add_months(today, 6))),
                 overdue=Count("id", filter=Term.objects.overdue_condition(today)))
    waiting = _group(Election.objects.filter(in_subtree(org)).exclude(status=Status.APPROVED),
                     running=Count("id"), candidates=Count("id", filter=Q(status=Status.NOMINATION)),
                     results=Count("id", filter=Q(status=Status.COUNTED)))
    for pk, row in waiting.items():
        out.setdefault(pk, {}).update(row)
    return out


def _bargaining(org, today):
    from gonghui.bargaining import queries
    from gonghui.bargaining.models import Contract

    contracts = Contract.objects.filter(in_subtree(org))
    rows, _totals = queries.coverage(contracts, today)
    out = {r["union_id"]: {"in_force": r["contracts"], "covered": r["covered"] or 0, "with_contract": 1}
           for r in rows}
    soon = today + datetime.timedelta(days=90)
    for pk, row in _group(contracts.filter(queries.in_force(today), ends_on__lte=soon), expiring=Count("id")).items():
        out.setdefault(pk, {}).update(row)
    return out


def _mediation(org, today):
    from gonghui.appeals.models import Appeal
    from gonghui.appeals.queries import _overdue as appeals_overdue
    from gonghui.mediation.models import Case
    from gonghui.mediation.queries import cases_per_union, cases_under

    start, end = _year_range(today)
    cases = cases_under(org, start, end)
    out = {pk: {"cases": n, "agreed": agreed} for pk, (n, agreed) in cases_per_union(cases).items()}
    for pk, row in _group(cases.filter(status=Case.Status.ACCEPTED), open_cases=Count("id")).items():
        out.setdefault(pk, {}).update(row)
    requests = _group(Appeal.objects.filter(in_subtree(org), deleted_at__isnull=True, submitted_on__gte=start,
                                            submitted_on__lte=end),
                      requests=Count("id"), open_requests=Count("id", filter=Q(status=Appeal.Status.OPEN)),
                      overdue_requests=appeals_overdue(today))
    for pk, row in requests.items():
        out.setdefault(pk, {}).update(row)
    return out


def _notices(org, today):
    from gonghui.notices import calendar
    from gonghui.notices.metrics import unions_under

    start, end = _year_range(today)
    items = calendar.due_items(unions_under(org), start, end, today)
    return {pk: {"counted": c.counted, "met": c.met, "overdue": c.overdue}
            for pk, c in calendar.coverage_by_union(items).items()}


def _care(org, today):
    from gonghui.care.models import HardshipHelp, Visit
    from gonghui.mutualaid.models import Claim, Enrolment

    start, end = _year_range(today)
    out = _group(Visit.objects.filter(in_subtree(org, "org"), date__gte=start, date__lte=end), key="org_id",
                 visits=Count("id"), visit_amount=Sum("amount"))
    parts = (
        _group(HardshipHelp.objects.filter(in_subtree(org, "org"), date__gte=start, date__lte=end), key="org_id",
               helps=Count("id"), help_amount=Sum("amount")),
        _group(Enrolment.objects.filter(in_subtree(org, "org"), plan__coverage_start__lte=today,
                                        plan__coverage_end__gte=today), key="org_id", insured=Count("id")),
        _group(Claim.objects.filter(in_subtree(org, "org"), incident_date__gte=start, incident_date__lte=end),
               key="org_id", claims=Count("id"),
               paid=Sum("amount_approved", filter=Q(status="paid"))),
    )
    for part in parts:
        for pk, row in part.items():
            out.setdefault(pk, {}).update(row)
    return out


def _plans(org, today):
    from gonghui.plans.models import Plan, PlanStatus, Task, TaskStatus

    plans = _group(Plan.objects.filter(in_subtree(org), year=today.year).exclude(status=PlanStatus.DRAFT),
                   plans=Count("id", distinct=True),
                   targets=Count("targets", filter=Q(targets__deleted_at__isnull=True), distinct=True))
    tasks = _group(Task.objects.filter(in_subtree(org, "plan__union"), plan__year=today.year,
                                       plan__deleted_at__isnull=True).exclude(plan__status=PlanStatus.DRAFT)
                                       .exclude(status=TaskStatus.CANCELLED),
                   key="plan__union_id", tasks=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)),
                   late=Count("id", filter=Q(month__lt=today.month) & ~Q(status=TaskStatus.DONE)))
    for pk, row in tasks.items():
        plans.setdefault(pk, {}).update(row)
    return plans


AREAS = {a.key: a for a in (
    Area("funds", _("经费拨缴"), _("本年度各基层工会的工会经费拨缴：上解上级金额、已结清金额，以及超过拨缴期限仍未结清的笔数和金额。"),
         (Column("allocations", _("本年拨缴笔数")), Column("upward", _("应上解（元）"), money=True),
          Column("settled", _("已结清（元）"), money=True),
          Column("overdue", _("逾期未结清（笔）"), inbox="funds.allocations_overdue_below"),
          Column("overdue_amount", _("逾期金额（元）"), money=True)),
         _funds, (Rate("settled_rate", _("结清率"), "settled", "upward"),), "settled_rate", "funds:index"),
    Area("dues", _("会费收缴"), _("本年度各基层工会会费表的应缴与已缴（人数和金额）。"),
         (Column("rolls", _("会费表（张）")), Column("due_heads", _("应缴人次")), Column("paid_heads", _("已缴人次")),
          Column("due", _("应缴金额（元）"), money=True), Column("paid", _("已缴金额（元）"), money=True)),
         _dues, (Rate("head_rate", _("人次收缴率"), "paid_heads", "due_heads"),
                 Rate("amount_rate", _("金额收缴率"), "paid", "due")), "amount_rate", "dues:collection"),
    Area("budgets", _("预算审批"), _("本年度预算已批准、待审批、编制中的基层工会数；未编制的是其余工会。"),
         (Column("approved", _("已批准")), Column("submitted", _("待审批"), inbox="funds.budgets_to_approve"),
          Column("drafting", _("编制中"))),
         _budgets, (Rate("approved_rate", _("批准率"), "approved", "unions"),), "approved_rate", "funds:budgets"),
    Area("audits", _("经费审查"), _("本年度发起和已签署的经费审查、待整改核实的问题，以及未按期财务公开的工会。"),
         (Column("reviews", _("本年审查")), Column("signed", _("已签署")),
          Column("open_findings", _("待整改问题")),
          Column("owed", _("未按期财务公开"), inbox="finaudit.disclosures_owed_below")),
         _finaudit, (Rate("reviewed_rate", _("审查覆盖"), "reviews", "unions"),), "reviewed_rate", "finaudit:reviews"),
    Area("congress", _("职代会/教代会"), _("本年度召开的职代会（教代会按学年计）、在届的届次，以及超期未召开的届次。"),
         (Column("terms", _("在届")), Column("held", _("本年召开（次）")),
          Column("overdue", _("超期未召开"), inbox="congress.meetings_overdue_below")),
         _congress, (), "overdue", "congress:home"),
    Area("elections", _("换届选举"), _("现任委员会的届数、六个月内到期和已超期未换届的，以及进行中的选举和待批复的候选人名单、选举结果。"),
         (Column("terms", _("现任委员会")), Column("due", _("六个月内到期")),
          Column("overdue", _("超期未换届"), inbox="elections.terms_overdue"), Column("running", _("进行中的选举")),
          Column("candidates", _("待批复候选人名单"), inbox="elections.candidates_to_approve"),
          Column("results", _("待批复选举结果"), inbox="elections.results_to_approve")),
         _elections, (Rate("term_rate", _("有现任委员会"), "terms", "unions"),), "overdue", "elections:terms"),
    Area("bargaining", _("集体合同"), _("今天生效中的集体合同、覆盖职工人数、有合同的工会，以及九十天内到期的合同。"),
         (Column("with_contract", _("有生效合同的工会")), Column("in_force", _("生效合同")),
          Column("covered", _("覆盖职工")), Column("expiring", _("90天内到期"))),
         _bargaining, (Rate("coverage_rate", _("合同覆盖面"), "with_contract", "unions"),), "coverage_rate",
         "bargaining:coverage", "bargaining:coverage"),
    Area("mediation", _("调解与诉求"), _("本年度受理的劳动争议调解案件和会员诉求，其中调解中、待办理和逾期未答复的。"),
         (Column("cases", _("调解案件")), Column("agreed", _("达成协议")), Column("open_cases", _("调解中")),
          Column("requests", _("会员诉求")), Column("open_requests", _("待办理")),
          Column("overdue_requests", _("逾期未答复"))),
         _mediation, (Rate("agreed_rate", _("调解成功率"), "agreed", "cases"),), "cases", "mediation:figures",
         "mediation:figures"),
    Area("notices", _("厂务/校务公开"), _("本年度到期的公开事项（按各工会的公开目录）、按期公开的和逾期未公开的。"),
         (Column("counted", _("应公开（项）")), Column("met", _("已公开")), Column("overdue", _("逾期未公开"))),
         _notices, (Rate("coverage_rate", _("公开覆盖面"), "met", "counted"),), "coverage_rate", "notices:coverage",
         "notices:coverage"),
    Area("care", _("帮扶与互助保障"), _("本年度走访慰问、困难帮扶的次数和金额，今天在保的互助保障人数，本年度互助理赔和已赔付金额。"),
         (Column("visits", _("走访慰问（人次）")), Column("visit_amount", _("慰问金额（元）"), money=True),
          Column("helps", _("困难帮扶（次）")), Column("help_amount", _("帮扶金额（元）"), money=True),
          Column("insured", _("互助在保（人）")), Column("claims", _("互助理赔（件）")),
          Column("paid", _("已赔付（元）"), money=True)),
         _care, (), "visits", "care:figures", "care:figures"),
    Area("plans", _("工作计划"), _("本年度已发布的工作计划、其中的目标数、任务完成数和逾期未完成的任务。"),
         (Column("plans", _("本年计划")), Column("targets", _("目标")), Column("tasks", _("任务")),
          Column("done", _("已完成")), Column("late", _("逾期未完成"))),
         _plans, (Rate("done_rate", _("任务完成率"), "done", "tasks"),), "done_rate", "plans:home"),
)}


def _rates(area, values):
    return {r.key: percent(values.get(r.num, 0), values.get(r.den, 0)) for r in area.rates}


def build(area: Area, org, today=None) -> Rollup:
    """The area's figures per unit directly below ``org``, with totals: the area's queries, one for the
    unions and one for the roll-up, whatever the number of unions."""
    today = today or timezone.localdate()
    keys = ["unions", *(c.key for c in area.columns)]
    per_org = {pk: [1] + [0] * len(area.columns) for pk in _unions(org).values_list("pk", flat=True)}
    for pk, row in area.count(org, today).items():
        values = per_org.setdefault(pk, [0] * len(keys))
        for i, key in enumerate(keys[1:], 1):
            values[i] += row.get(key) or 0
    result = Rollup(area=area, org=org, today=today)
    totals = dict.fromkeys(keys, 0)
    for unit, *values in sorted(roll_up(org, {pk: tuple(v) for pk, v in per_org.items()}),
                                key=lambda t: t[0].path):
        row = dict(zip(keys, values))
        for key in keys:
            totals[key] += row[key]
        result.rows.append({"org": unit, "values": row, "rates": _rates(area, row),
                            "federation": unit.kind != Kind.GRASSROOTS and unit.pk != org.pk})
    for c in area.columns:
        if c.money:
            totals[c.key] = Decimal(totals[c.key]).quantize(Decimal("0.01"))
            for row in result.rows:
                row["values"][c.key] = Decimal(row["values"][c.key]).quantize(Decimal("0.01"))
    result.totals, result.total_rates = totals, _rates(area, totals)
    for row in result.rows:
        row["cells"], row["rate_cells"] = result.cells(row["values"], row["rates"])
    return result
