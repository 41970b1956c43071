"""The one shape of a figures page and a figures API: an organisation (a union, or a federation whose figures
roll up its subtree), the period asked for, the statistics over it and their chart data.

The app chooses the organisation (``orgs.lookups.scoped_org(request, cap)``: ``?org=<code>``, else the top of the
user's scope; out of scope a 404) and hands it here with the request::

    f = figures.read(request, scoped_org(request, VIEW))               # a page; the API: api=True
    stats = queries.statistics(f.org, f.start, f.end, f.today)
    return render(request, "x/figures.html", f.context(scope_picker(request.user, VIEW, f.org), stats,
                  by_status=charts.donut(_("…"), figures.labelled(stats.by_status, nonzero=True))))
    return Response({**f.head(), "total": stats.total, "by_status": figures.by_value(stats.by_status)})

The period is ``core.periods.requested_range``: ``?start=&end=``, by default 1 January to today (Asia/Shanghai);
a page falls back to the default on a bad day, the API refuses it naming the field.
"""
from datetime import date
from typing import Any, NamedTuple

from django.utils import timezone

from . import periods


class Figures(NamedTuple):
    org: Any  # the organisation whose figures these are
    start: date
    end: date
    today: date

    def head(self):
        """The opening keys of a figures API answer: the organisation's code and the period."""
        return {"org": self.org.code, "start": self.start.isoformat(), "end": self.end.isoformat()}

    def context(self, picker, stats, **more):
        """A figures page's context: the organisation, its picker, the period, the statistics and ``more``."""
        return {"org": self.org, "picker": picker, "start": self.start, "end": self.end, "stats": stats, **more}


def read(request, org, *, api=False):
    """The ``Figures`` of ``org`` over the period the request asks for (``api``: a bad day is a 400)."""
    today = timezone.localdate()
    params = request.query_params if api else request.GET
    start, end = periods.requested_range(params, today, strict=api)
    return Figures(org, start, end, today)


def labelled(rows, *, nonzero=False):
    """Chart items ``(label, count)`` from statistics rows ``(value, label, count, …)``; ``nonzero`` leaves
    out the empty ones (a donut's slices)."""
    return [(str(row[1]), row[2]) for row in rows if row[2] or not nonzero]


def by_value(rows):
    """An API's ``{value: count}`` from statistics rows ``(value, label, count, …)``."""
    return {row[0]: row[2] for row in rows}
