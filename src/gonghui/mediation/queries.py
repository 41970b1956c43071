"""Mediation figures, set-based: one aggregate query per table and breakdown, whatever the number of unions.

``statistics(org, start, end)`` counts the cases applied for in [start, end] under ``org`` (a union, or a
federation: its whole subtree, rolled up by the organisations directly below it) per union, per outcome,
per month and, from the claims, per kind.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from gonghui.orgs.models import Organisation
from gonghui.orgs.rollup import in_subtree, roll_up

from .models import Case, Claim, ClaimKind


def subtree_ids(org):
    return Organisation.all_objects.subtree(org).values("id")


def cases_under(org, start=None, end=None):
    qs = Case.objects.filter(in_subtree(org))
    if start:
        qs = qs.filter(applied_on__gte=start)
    if end:
        qs = qs.filter(applied_on__lte=end)
    return qs


@dataclass
class Statistics:
    org: Organisation
    start: datetime.date
    end: datetime.date
    total: int = 0
    by_status: list = field(default_factory=list)   # (status, label, count) in the Status order
    by_kind: list = field(default_factory=list)     # (kind, label, claims) in the ClaimKind order
    by_month: list = field(default_factory=list)    # ("2026-03", count) for every month of the range
    by_unit: list = field(default_factory=list)     # (organisation, cases, agreed): the units below ``org``
    open_cases: int = 0
    broken_wage: int = 0

    @property
    def agreed(self):
        return next((n for s, _l, n in self.by_status if s == Case.Status.AGREED), 0)


def statistics(org, start, end) -> Statistics:
    """The figures of ``org``'s subtree over [start, end] (application dates). Five queries: per status,
    per month, per union, per claim kind and the organisations the unions roll up to."""
    stats = Statistics(org, start, end)
    cases = cases_under(org, start, end)
    status_counts = dict(cases.order_by().values_list("status").annotate(n=Count("id")))
    stats.by_status = [(value, label, status_counts.get(value, 0)) for value, label in Case.Status.choices]
    stats.total = sum(status_counts.values())
    stats.open_cases = status_counts.get(Case.Status.ACCEPTED, 0)
    months = {(y, m): n for y, m, n in cases.order_by().annotate(y=ExtractYear("applied_on"), m=ExtractMonth("applied_on"))
              .values_list("y", "m").annotate(n=Count("id")).values_list("y", "m", "n")}
    day, stats.by_month = datetime.date(start.year, start.month, 1), []
    while day <= end:
        stats.by_month.append((f"{day:%Y-%m}", months.get((day.year, day.month), 0)))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    kinds = dict(Claim.objects.filter(case__in=cases.values("id")).order_by().values_list("kind")
                 .annotate(n=Count("id")))
    stats.by_kind = [(value, label, kinds.get(value, 0)) for value, label in ClaimKind.choices]
    per_union = cases_per_union(cases)
    broken = cases.filter(status=Case.Status.AGREED, wage_claim=True, performance=Case.Performance.BROKEN)
    stats.broken_wage = broken.count()
    stats.by_unit = roll_up(org, per_union)
    return stats


def cases_per_union(cases):
    """{union id: (cases, agreed)} of ``cases``, one GROUP BY: ``statistics``' units below and the federation's
    roll-up (``federation.rollups``) count alike."""
    return {u: (n, a) for u, n, a in cases.order_by().values_list("union_id").annotate(
        n=Count("id"), a=Count("id", filter=Q(status=Case.Status.AGREED))).values_list("union_id", "n", "a")}


def clock_rows(user, today, cap):
    """Open cases whose 15 days end within WARN_DAYS or have passed without an outcome, scoped to ``user``."""
    from .models import WARN_DAYS

    return (Case.objects.visible_to(user, cap).filter(status=Case.Status.ACCEPTED,
                                                      clock_ends__lte=today + datetime.timedelta(days=WARN_DAYS))
            .select_related("union").order_by("clock_ends", "id"))
