"""The roll-up pages of a federation (``/federation/rollups/``): the list of areas and one page per area, each
listing the units directly below the federation with the area's figures and totals, a chart, drill-down to the
units below (a federation's row opens the same page for it) and, at the bottom level, to the union's own page
in the app that keeps the records. Figures come from ``federation.rollups``; the federation is one in the
user's FEDERATION scope (``?org=``), anything else a 404, a user without FEDERATION anywhere a 403.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core import charts

from . import rollups
from .views import _area, _base


def _chart(result):
    area = result.area
    key = area.chart
    is_rate = any(r.key == key for r in area.rates)
    label = next((r.label for r in area.rates if r.key == key), None) or next(
        (c.label for c in area.columns if c.key == key), "")
    items = []
    for row in result.rows:
        value = row["rates"].get(key) if is_rate else row["values"].get(key)
        items.append((row["org"].name, int(value or 0), f"?org={row['org'].code}" if row["federation"] else ""))
    total = 100 * max(len(items), 1) if is_rate else None
    return charts.bars(_("%(figure)s（按下级组织）") % {"figure": label}, items, total=total, wide=True)


@login_required
def index(request):
    org = _area(request)
    return render(request, "federation/rollups/index.html",
                  _base(request, org, areas=list(rollups.AREAS.values())))


@login_required
def area(request, area):
    spec = rollups.AREAS.get(area)
    if spec is None:
        raise Http404(_("没有这个汇总页"))
    org = _area(request)
    result = rollups.build(spec, org)
    return render(request, "federation/rollups/area.html",
                  _base(request, org, area=spec, result=result, chart=_chart(result) if result.rows else None,
                        areas=list(rollups.AREAS.values())))
