"""Federation pages of cross-union work: transfers across the federation's subtree, and push-downs of notices
and plans to the unions below with their responses (``federation.pushdown``).

Views parse input and call actions; rows come from the federation's subtree (``crossunion``) or
``visible_to``; an organisation or id out of scope is a 404.
"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.capabilities import FEDERATION
from gonghui.core.paging import keyset_page
from gonghui.members.models import Transfer

from . import crossunion
from .views import _area, _base

PAGE = 50


def state_choices():
    labels = {"pending": _("待接收"), "accepted": _("已接收"), "declined": _("已退回"), "cancelled": _("已撤销"),
              "overdue": _("超期未接收")}
    return [(s, labels[s]) for s in crossunion.STATES]


def direction_choices():
    return [("in", _("转入本辖区")), ("out", _("转出本辖区")), ("within", _("辖区内互转"))]


@login_required
def transfers(request):
    org = _area(request)
    state = request.GET.get("state") or ""
    state = state if state in crossunion.STATES else ""
    direction = request.GET.get("direction") or ""
    direction = direction if direction in crossunion.DIRECTIONS else ""
    table = crossunion.unit_table(org)
    qs = crossunion.transfers(org, state=state, direction=direction)
    rows, next_token = keyset_page(qs, sort="-id", after=request.GET.get("after"), size=PAGE)
    crossunion.annotate(rows, org)
    query = request.GET.copy()
    query.pop("after", None)
    more = f"?{query.urlencode()}&after={next_token}" if next_token else ""
    return render(request, "federation/cross/transfers.html", _base(
        request, org, table=table, sums=crossunion.totals(table), rows=rows, more=more, state=state,
        direction=direction, states=state_choices(), directions=dict(direction_choices()),
        direction_list=direction_choices(), days=crossunion.overdue_days(), cap=FEDERATION,
        pending=Transfer.State.PENDING))
