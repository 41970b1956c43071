"""Federation statistics (DOMAIN §16): the ONE computation of 建会率 and 入会率 that the dashboards, the API and
the plan metric ``federation.unionisation_rate`` read.

- 建会率 = employers with a union ÷ employers that should have one. "Should" is the federation setting
  (``Setting.min_employees``, default 25): employers with at least that many employees, plus smaller ones that
  belong to a joint or industry union (联合工会/行业工会), which count as covered.
- 入会率 = members ÷ employees of the unionised employers; also for migrant workers (农民工) and dispatched
  workers (劳务派遣) separately. Members are those of the unions the employers are linked to (read from the
  maintained ``OrgCount``, never from member rows).

Every rate carries its numerator, denominator, the dates of the employee counts, and the employers left out
because a count is missing. Two queries for the employers, one for the members, whatever the size.

▶ Threshold 25; employers A (120 employees, union), B (30, none), C (10, in a joint union), D (8, none),
E (no count): should = A, B, C → 建会率 = 2 ÷ 3 = 66.67 %, E is left out for missing data, D is not counted.
"""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from gonghui.core.metrics import percent
from gonghui.orgs.models import PATH_END, Organisation, UnionType

from .models import DEFAULT_THRESHOLD, Employer, OrgCount, Setting

JOINT_TYPES = (UnionType.JOINT, UnionType.INDUSTRY)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    counted_from: date | None = None   # the oldest and newest dates of the employee counts used
    counted_to: date | None = None
    left_out: int = 0                  # employers left out because the count this rate needs is missing

    @property
    def value(self):
        """Percent with two places, or None when there is nothing to divide by (shown as "暂无数据")."""
        return percent(self.numerator, self.denominator)

    def as_dict(self):
        return {"value": str(self.value) if self.value is not None else None, "numerator": self.numerator,
                "denominator": self.denominator, "counted_from": self.counted_from, "counted_to": self.counted_to,
                "left_out": self.left_out}


@dataclass(frozen=True)
class Figures:
    threshold: int
    setting: Setting | None
    employers: int
    with_union: int
    unionisation: Rate
    membership: Rate
    migrant: Rate
    dispatched: Rate
    extra: dict = field(default_factory=dict)


def threshold(org, on=None):
    """(min employees, the Setting that says so or None for the default) of ``org`` on ``on``: the newest
    setting in force at ``org`` or the nearest federation above it."""
    on = on or timezone.localdate()
    rows = list(Setting.objects.filter(org__path__in=org.ancestor_paths(), effective_from__lte=on)
                .select_related("org").order_by("-org__path", "-effective_from", "-id")[:1])
    return (rows[0].min_employees, rows[0]) if rows else (DEFAULT_THRESHOLD, None)


def in_area(org):
    """Employers registered at ``org`` or any federation under it (one indexed range on the tree path)."""
    return Q(area__path__gte=org.path, area__path__lt=org.path + PATH_END)


def should_q(limit):
    """Employers that should have a union (the count is known)."""
    return Q(employees__gte=limit) | Q(employees__isnull=False, union__union_type__in=JOINT_TYPES)


def covered_q(limit):
    return should_q(limit) & Q(union__isnull=False)


def missing_q():
    return Q(employees__isnull=True)


def without_union_q(limit):
    return Q(employees__gte=limit, union__isnull=True)


def figures(org, on=None, employers=None) -> Figures:
    """The four rates of ``org`` (a federation: everything in its area)."""
    limit, setting = threshold(org, on)
    qs = (employers if employers is not None else Employer.objects.all()).filter(in_area(org))
    row = qs.aggregate(
        n_employers=Count("id"), with_union=Count("id", filter=Q(union__isnull=False)),
        should=Count("id", filter=should_q(limit)), covered=Count("id", filter=covered_q(limit)),
        missing=Count("id", filter=missing_q()),
        first=Min("counted_on", filter=Q(employees__isnull=False)), last=Max("counted_on", filter=Q(employees__isnull=False)),
    )
    unionisation = Rate(row["covered"], row["should"], row["first"], row["last"], row["missing"])

    linked = qs.filter(union__isnull=False)
    emp = linked.aggregate(
        n_employees=Sum("employees"), n_migrant=Sum("migrant"), n_dispatched=Sum("dispatched"),
        no_employees=Count("id", filter=Q(employees__isnull=True)),
        no_migrant=Count("id", filter=Q(migrant__isnull=True)),
        no_dispatched=Count("id", filter=Q(dispatched__isnull=True)),
        first=Min("counted_on"), last=Max("counted_on"))
    unions = linked.filter(employees__isnull=False).values("union_id")
    members = OrgCount.objects.filter(org__union_id__in=unions).aggregate(
        n_members=Sum("members"), n_migrant=Sum("migrant"), n_dispatched=Sum("dispatched"))

    def rate(part, whole, missing):
        return Rate(members[part] or 0, emp[whole] or 0, emp["first"], emp["last"], emp[missing])

    return Figures(threshold=limit, setting=setting, employers=row["n_employers"], with_union=row["with_union"],
                   unionisation=unionisation, membership=rate("n_members", "n_employees", "no_employees"),
                   migrant=rate("n_migrant", "n_migrant", "no_migrant"),
                   dispatched=rate("n_dispatched", "n_dispatched", "no_dispatched"))


def by_area(org, on=None):
    """建会率 per direct child area of ``org`` (employers registered at ``org`` itself under its own path):
    {path: (covered, should, missing, without union)} in one GROUP BY."""
    from django.db.models.functions import Substr

    from gonghui.orgs.models import STEP

    limit, _setting = threshold(org, on)
    rows = (Employer.objects.filter(in_area(org)).annotate(branch=Substr("area__path", 1, len(org.path) + STEP))
            .values("branch").annotate(covered=Count("id", filter=covered_q(limit)),
                                       should=Count("id", filter=should_q(limit)),
                                       missing=Count("id", filter=missing_q()),
                                       without=Count("id", filter=without_union_q(limit)))
            .order_by())
    return {r["branch"]: (r["covered"], r["should"], r["missing"], r["without"]) for r in rows}


def by_industry(org, on=None):
    """[(industry code, covered, should, employees of unionised employers)] in one GROUP BY."""
    limit, _setting = threshold(org, on)
    rows = (Employer.objects.filter(in_area(org)).values("industry")
            .annotate(covered=Count("id", filter=covered_q(limit)), should=Count("id", filter=should_q(limit)),
                      n=Count("id"))
            .order_by("industry"))
    return [(r["industry"], r["covered"], r["should"], r["n"]) for r in rows]


def unions_of(org):
    """Grassroots unions in ``org``'s subtree (a queryset)."""
    return Organisation.objects.subtree(org).filter(kind="grassroots")
