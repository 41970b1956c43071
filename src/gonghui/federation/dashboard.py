"""The figures of a federation's dashboard (town/street, county, city): unions, members, women, migrant and
dispatched workers, new members this year, and the rates of ``federation.rates`` — per child area, union type
and industry. Members come from the maintained ``OrgCount`` (a few thousand rows at a million members), never
from member rows; each breakdown is one GROUP BY.
"""
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.orgs.models import PATH_END, STEP, Kind, Organisation, UnionType

from . import rates
from .models import Industry, OrgCount

SUMS = ("members", "women", "migrant", "dispatched", "retained")


def _sums(year):
    out = {f"s_{name}": Sum(name) for name in SUMS}  # aliases must not shadow the columns
    out["s_new"] = Sum("members", filter=Q(join_year=year))
    return out


def _clean(row):
    return {k.removeprefix("s_"): (v or 0) for k, v in row.items()}


def in_subtree(org):
    return Q(org__path__gte=org.path, org__path__lt=org.path + PATH_END)


@dataclass
class Dashboard:
    org: Organisation
    year: int
    totals: dict
    unions: int
    figures: rates.Figures
    children: list      # [{"org", "unions", members…, "employers": (covered, should, missing, without)}]
    direct: dict | None  # members registered at org itself (a grassroots org viewed as a whole)
    by_type: list       # [(union type, label, sums)]
    by_industry: list   # [(code, label, covered, should, employers)]


def build(org, *, today=None) -> Dashboard:
    today = today or timezone.localdate()
    year = today.year
    counts = OrgCount.objects.filter(in_subtree(org))
    totals = _clean(counts.aggregate(**_sums(year)))
    width = len(org.path) + STEP
    per_child = {r["branch"]: _clean(r) for r in counts.annotate(branch=Substr("org__path", 1, width))
                 .values("branch").annotate(**_sums(year)).order_by()}
    unions = dict(Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS)
                  .annotate(branch=Substr("path", 1, width)).values("branch").annotate(n=Count("id"))
                  .order_by().values_list("branch", "n"))
    employers = rates.by_area(org, today)
    empty = dict.fromkeys((*SUMS, "new"), 0)
    children = []
    for child in Organisation.objects.filter(parent=org).order_by("path"):
        children.append({"org": child, "unions": unions.get(child.path, 0), **per_child.get(child.path, empty),
                         "employers": employers.get(child.path, (0, 0, 0, 0))})
    direct = per_child.get(org.path)
    by_type_rows = {r["org__union__union_type"]: _clean(r) for r in counts.values("org__union__union_type")
                    .annotate(**_sums(year)).order_by()}
    by_type = [(value, label, by_type_rows[value]) for value, label in UnionType.choices if value in by_type_rows]
    labels = dict(Industry.choices)
    by_industry = [(code, labels.get(code, ""), covered, should, n)
                   for code, covered, should, n in rates.by_industry(org, today)]
    return Dashboard(org=org, year=year, totals=totals, unions=sum(unions.values()),
                     figures=rates.figures(org, today), children=children, direct=direct, by_type=by_type,
                     by_industry=by_industry)
