"""Activity figures a work plan measures: participation rate, events held, attendances (人次).

Each ``compute(org, start, end)`` works for a grassroots union or a federation (all unions under it)
over an inclusive date range, in a few set-based queries.
"""
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register

from . import queries
from .models import Kind


PARTICIPATION = "activities.participation_rate"


def _url(org, start, end, name="activities:participation"):
    return reverse(name) + "?" + urlencode({"org": org.code, "start": start.isoformat(), "end": end.isoformat()})


def participation_rate(org, start, end):
    """Distinct members who checked in at any event in the range ÷ active members; by sex and branch."""
    p = queries.participation(org, start, end)
    if not p.members:
        return None
    breakdown = [(_("女职工"), p.women), (_("男职工"), p.men)]
    breakdown += [(row.label, row.participants) for row in p.rows]
    return Reading(p.rate, numerator=p.participants, denominator=p.members, breakdown=tuple(breakdown),
                   records_url=_url(org, start, end), detail=p)


def events_held(org, start, end):
    qs = queries.events_held(org, start, end)
    rows = dict(qs.values_list("kind").annotate(n=Count("id")))
    labels = dict(Kind.choices)
    return Reading(sum(rows.values()), breakdown=tuple((labels.get(k, k), n) for k, n in sorted(rows.items())),
                   records_url=_url(org, start, end, "activities:home"))


def attendances(org, start, end):
    row = queries.attendance_totals(org, start, end)
    return Reading(row["n"], breakdown=((_("女职工"), row["women"]),), records_url=_url(org, start, end))


register(Metric(PARTICIPATION, _("文体活动参与面"), "%", participation_rate,
                keywords=("参与面", "参与率", "参加率", "文体活动"),
                description=_("期间内至少签到参加一次活动的会员（去重）÷ 在籍会员（不含保留会籍、已终止会籍）")))
register(Metric("activities.events_held", _("组织活动场次"), "场", events_held,
                keywords=("活动", "比赛", "竞赛", "运动会", "联欢会", "讲座"),
                description=_("期间内举办（未取消）的活动场次")))
register(Metric("activities.attendances", _("参加活动人次"), "人次", attendances,
                keywords=("人次", "参加活动"), description=_("期间内活动签到人次")))
