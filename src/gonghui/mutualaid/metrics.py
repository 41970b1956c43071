"""Mutual-aid figures the work plans measure (提高职工医疗互助保障覆盖率, 体检, …).

Each is computed over an organisation's whole subtree for an inclusive date range, with one or two
set-based queries.
"""
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import VIEW
from gonghui.core.metrics import Metric, Reading, percent, register
from gonghui.members.models import Member, Status

from .models import Attendance, Claim, ClaimStatus, Enrolment
from .queries import subtree_ids


def _url(name, org, **params):
    query = "&".join(f"{k}={v}" for k, v in {"org": org.code, **params}.items())
    return f"{reverse(name)}?{query}"


def _covered(org, start, end):
    return Enrolment.objects.filter(org__in=subtree_ids(org), plan__coverage_start__lte=end,
                                    plan__coverage_end__gte=start)


def members_covered(org, start, end):
    covered = _covered(org, start, end)
    n = covered.values("member_id").order_by().distinct().count()
    by_plan = (covered.values("plan__name").annotate(n=Count("member_id", distinct=True)).order_by("-n", "plan__name"))
    return Reading(n, numerator=n, breakdown=tuple((r["plan__name"], r["n"]) for r in by_plan),
                   records_url=_url("mutualaid:figures", org, year=start.year))


def coverage_rate(org, start, end):
    active = Member.objects.filter(org__in=subtree_ids(org), status=Status.ACTIVE)
    denominator = active.count()
    if not denominator:
        return None
    numerator = _covered(org, start, end).filter(member__status=Status.ACTIVE).values("member_id").order_by().distinct().count()
    return Reading(percent(numerator, denominator), numerator=numerator, denominator=denominator,
                   records_url=_url("mutualaid:figures", org, year=start.year))


def claims_paid(org, start, end):
    paid = Claim.objects.filter(org__in=subtree_ids(org), status=ClaimStatus.PAID, paid_on__gte=start,
                                paid_on__lte=end)
    total = paid.aggregate(s=Sum("amount_approved"))["s"] or Decimal("0.00")
    by_plan = paid.values("plan__name").annotate(s=Sum("amount_approved")).order_by("-s", "plan__name")
    return Reading(total, numerator=total, breakdown=tuple((r["plan__name"], r["s"]) for r in by_plan),
                   records_url=_url("mutualaid:claims", org, status=ClaimStatus.PAID))


def health_check_rate(org, start, end):
    denominator = Member.objects.filter(org__in=subtree_ids(org), status=Status.ACTIVE).count()
    if not denominator:
        return None
    numerator = (Attendance.objects.filter(member__org__in=subtree_ids(org), member__status=Status.ACTIVE,
                                           slot__date__gte=start, slot__date__lte=end)
                 .values("member_id").order_by().distinct().count())
    return Reading(percent(numerator, denominator), numerator=numerator, denominator=denominator,
                   records_url=_url("mutualaid:checks", org))


METRICS = [
    register(Metric("mutualaid.members_covered", _("参加互助保障人数"), "人", members_covered,
                    keywords=("互助保障", "医疗互助", "参保", "入会率", "保险互助"), capability=VIEW,
                    description=_("期间内受任一互助保障计划保障的会员人数（去重），按计划分列"))),
    register(Metric("mutualaid.coverage_rate", _("互助保障覆盖率"), "%", coverage_rate,
                    keywords=("覆盖率", "医疗互助保障覆盖率", "参保率"), capability=VIEW,
                    description=_("期间内受保障的在籍会员占在籍会员的比例"))),
    register(Metric("mutualaid.claims_paid", _("互助给付金额"), "元", claims_paid,
                    keywords=("互助金", "给付", "理赔", "救助金额"), capability=VIEW,
                    description=_("期间内已给付的互助金额合计，按计划分列"))),
    register(Metric("mutualaid.health_check_rate", _("职工体检率"), "%", health_check_rate,
                    keywords=("体检",), capability=VIEW,
                    description=_("期间内参加体检的在籍会员占在籍会员的比例（只记到检，不含体检结果）"))),
]
