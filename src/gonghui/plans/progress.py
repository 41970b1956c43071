"""Targets against live readings, their monthly trend, and the tasks due this month or overdue."""
import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gonghui.core import metrics

from .labels import month_name

from .models import Comparator, Task, TaskStatus

STATUS_LABELS = {"met": _("达成"), "missed": _("未达成"), "progress": _("进行中"), "na": _("暂无数据")}


TREND_CACHE_SECONDS = 3600


class Readings:
    """Metric readings memoised for one page: the same (metric, org, range) is computed once. Trend
    points of months already closed are also kept in Django's cache for an hour (``closed=True``), so
    the dashboard's cost after the first view is one reading per target; the current figure and the
    status are always read afresh."""

    def __init__(self):
        self.cache = {}

    def read(self, metric, org, start, end, *, closed=False):
        key = (metric.code, org.pk, start, end)
        if key not in self.cache:
            shared_key = f"plans:reading:{metric.code}:{org.pk}:{start}:{end}"
            if closed:
                from django.core.cache import cache

                hit = cache.get(shared_key, "miss")
                if hit != "miss":
                    self.cache[key] = hit
                    return hit
            self.cache[key] = metric.read(org, start, end) if metric else None
            if closed:
                cache.set(shared_key, self.cache[key], TREND_CACHE_SECONDS)
        return self.cache[key]


def compare(value, comparator, threshold) -> bool:
    value, threshold = Decimal(value), Decimal(threshold)
    if comparator == Comparator.LTE:
        return value <= threshold
    if comparator == Comparator.EQ:
        return value == threshold
    return value >= threshold


def status_of(target, reading, today) -> str:
    if reading is None or reading.value is None:
        return "na"
    if compare(reading.value, target.comparator, target.threshold):
        return "met"
    _start, end = target.window()
    return "progress" if today <= end else "missed"


@dataclass
class TargetRow:
    target: object
    metric: object
    reading: object
    status: str
    trend: list = field(default_factory=list)   # [(month label, value)]
    start: object = None                          # the period the reading covers (for "计算依据")
    end: object = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def available(self):
        return self.metric is not None and self.metric.available

    @property
    def unit(self):
        return self.metric.unit if self.metric else ""

    @property
    def basis(self):
        return self.metric.basis(self.start, self.end) if self.metric else None

    @property
    def sparkline(self):
        return sparkline(self.trend, self.target.threshold)


def month_ends(start, end, today):
    """The last day of each month from ``start`` to the earlier of ``end`` and ``today``."""
    out = []
    y, m = start.year, start.month
    stop = min(end, today)
    while True:
        last = datetime.date(y, m, calendar.monthrange(y, m)[1])
        if datetime.date(y, m, 1) > stop:
            break
        out.append(min(last, stop))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def evaluate(plan, *, today, trend=True, readings=None):
    """One row per target: the reading over the target's window up to today, status, monthly trend."""
    readings = readings or Readings()
    rows = []
    for target in plan.targets.all():
        metric = metrics.get(target.metric)
        start, end = target.window()
        reading = readings.read(metric, plan.union, start, min(end, today)) if metric and start <= today else None
        points = []
        if trend and metric and metric.available:
            for month_end in month_ends(start, end, today):
                r = readings.read(metric, plan.union, start, month_end, closed=month_end < today)
                if r is not None and r.value is not None:
                    points.append((month_name(month_end.month), r.value))
        rows.append(TargetRow(target, metric, reading, status_of(target, reading, today), points,
                              start, min(end, today)))
    return rows


def sparkline(points, threshold, width=120, height=32):
    """A small inline SVG of the monthly values with the target as a dashed line (numbers only)."""
    if not points:
        return ""
    values = [float(v) for _label, v in points] + [float(threshold)]
    top, bottom = max(values), min(0.0, min(values))
    span = (top - bottom) or 1.0
    step = width / max(1, len(points) - 1)

    def y(v):
        return round(height - 2 - (float(v) - bottom) / span * (height - 4), 1)

    coords = " ".join(f"{round(i * step, 1)},{y(v)}" for i, (_l, v) in enumerate(points))
    title = pgettext("趋势的分隔符", "，").join(f"{label} {value}" for label, value in points)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="1.8"/>',
                            ((round(i * step, 1), y(v)) for i, (_l, v) in enumerate(points)))
    return format_html(
        '<svg class="plan-spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}">'
        '<title>{t}</title><line x1="0" x2="{w}" y1="{ty}" y2="{ty}" class="plan-spark-target"/>'
        '<polyline points="{c}" fill="none"/>{d}</svg>',
        w=width, h=height, t=title, ty=y(threshold), c=coords, d=dots)


def open_tasks(plans, *, today):
    """(this month's open tasks, overdue open tasks) of the given plans, two queries."""
    this_month, overdue = [], []
    qs = (Task.objects.filter(plan__in=plans, status__in=[TaskStatus.TODO, TaskStatus.DOING], month__isnull=False)
          .select_related("plan", "plan__union").order_by("plan_id", "month", "order"))
    for task in qs:
        start, end = task.plan.month_bounds(task.month)
        if start <= today <= end:
            this_month.append(task)
        elif end < today:
            overdue.append(task)
    return this_month, overdue
