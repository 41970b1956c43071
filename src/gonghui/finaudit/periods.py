"""Runs of whole months: how reviews and disclosures name their periods.

A period is stored as two dates: the first day of its first month and the last day of its last
month, so "overlaps" and "falls within" are plain date comparisons.
"""
import calendar
import datetime
import re

from django.utils.translation import gettext as _

_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?\s*$")


def parse_month(value) -> tuple[int, int]:
    """``2026-03``, ``2026/3`` or ``2026年3月`` → (2026, 3); a ``ValueError`` in Chinese otherwise."""
    if isinstance(value, datetime.date):
        return value.year, value.month
    m = _MONTH.match(str(value or ""))
    if not m:
        raise ValueError(_("请写成年-月，例如2026-01"))
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise ValueError(_("月份应在1到12之间"))
    if not 2000 <= year <= 2100:
        raise ValueError(_("年份不合理"))
    return year, month


def first_day(year, month) -> datetime.date:
    return datetime.date(year, month, 1)


def last_day(year, month) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def bounds(start_month, end_month) -> tuple[datetime.date, datetime.date]:
    """The dates of a period given as two (year, month) pairs."""
    return first_day(*start_month), last_day(*end_month)


def months(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """Every (year, month) from ``start`` to ``end`` inclusive."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_text(day: datetime.date) -> str:
    return f"{day.year}-{day.month:02d}"


def describe(start: datetime.date, end: datetime.date) -> str:
    """“2026年1月—6月”, “2025年7月—2026年6月” or “2026年3月”."""
    if (start.year, start.month) == (end.year, end.month):
        return _("%(y)d年%(m)d月") % {"y": start.year, "m": start.month}
    if start.year == end.year:
        return _("%(y)d年%(m1)d月—%(m2)d月") % {"y": start.year, "m1": start.month, "m2": end.month}
    return _("%(y1)d年%(m1)d月—%(y2)d年%(m2)d月") % {"y1": start.year, "m1": start.month, "y2": end.year,
                                                   "m2": end.month}


def last_completed(interval_months: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest whole interval (quarter, half-year or year, counted from January) ended by ``today``."""
    index = (today.month - 1) // interval_months          # the interval ``today`` is in
    year = today.year
    index -= 1
    if index < 0:
        year -= 1
        index = 12 // interval_months - 1
    first_month = index * interval_months + 1
    return first_day(year, first_month), last_day(year, first_month + interval_months - 1)
