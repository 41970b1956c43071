"""Competition figures a work plan measures: competitions held (场) and awards given (人次).

Each ``compute(org, start, end)`` works for a grassroots union or a federation (every union under it)
over an inclusive date range, in one or two set-based queries.
"""
import datetime

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register
from gonghui.orgs.models import Organisation

from .models import Award, ContestItem


def _unions(org):
    return Organisation.objects.subtree(org).values("id")


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def contests_held(org, start, end):
    """Events in the range with at least one competition item that has a ranked result; by item count."""
    lo, hi = _bounds(start, end)
    items = (ContestItem.objects.filter(union__in=_unions(org), event__deleted_at__isnull=True,
                                        event__starts_at__gte=lo, event__starts_at__lt=hi,
                                        standings__rank__isnull=False)
             .values("event_id").annotate(n=Count("id", distinct=True)).order_by())
    rows = list(items)
    n_items = sum(r["n"] for r in rows)
    return Reading(len(rows), breakdown=((_("比赛项目"), n_items),), records_url=reverse("contests:home"))


def awards(org, start, end):
    """People awarded (a team prize counts each team member) with the award date in the range; by level."""
    rows = list(Award.objects.filter(union__in=_unions(org), awarded_on__gte=start, awarded_on__lte=end)
                .values("level").annotate(n=Sum("people")).order_by("level"))
    order = {"一等奖": 0, "二等奖": 1, "三等奖": 2}
    rows.sort(key=lambda r: (order.get(r["level"], 9), r["level"]))
    return Reading(sum(r["n"] for r in rows), breakdown=tuple((r["level"], r["n"]) for r in rows),
                   records_url=reverse("contests:home"))


register(Metric("contests.contests_held", _("举办比赛场次"), "场", contests_held,
                keywords=("比赛", "竞赛", "比武", "运动会", "趣味活动"),
                description=_("期间内有比赛项目并产生名次的活动场次")))
register(Metric("contests.awards", _("比赛获奖人次"), "人次", awards,
                keywords=("获奖", "一等奖", "二等奖", "三等奖", "纪念品", "表彰"),
                description=_("期间内确认的比赛奖项人次（团体奖按队员人数计），按奖项分列")))
