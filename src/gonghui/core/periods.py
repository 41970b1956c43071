"""Periods counted in days and in working days (DOMAIN §14; 民法典 §200–§204).

One answer for every legal clock in the product — mediation's 15 days, a 监督意见书's 15 working days, the
5 working days of a public notice:

* a period starts the day after the event (the event's own day is not counted);
* a period in calendar days whose last day is not a working day (a statutory holiday or a weekend rest day,
  民法典 §203 "法定休假日") ends on the next working day;
* working days follow China's official holiday calendar, make-up working days (调休) included, from the
  ``chinese-calendar`` package. For a day the calendar does not cover yet, Monday–Friday counts and the
  result is marked **provisional** — never refused, never guessed silently.

Every function returns a :class:`Deadline`, whose ``provisional`` says whether an uncovered day was used.
"""
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Deadline:
    day: date
    provisional: bool = False  # counted on weekends only for a year the holiday calendar does not cover

    def __str__(self):
        text = self.day.isoformat()
        return f"{text}（{self.caveat}）" if self.provisional else text

    @property
    def caveat(self) -> str:
        return _("暂按周末计算：该年法定节假日安排尚未收录，公布后请更新") if self.provisional else ""


def is_workday(day: date) -> tuple[bool, bool]:
    """(is it a working day, is the answer provisional)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:  # a year the package's data does not cover yet
        return day.weekday() < 5, True


def covered(day: date) -> bool:
    """Whether the official holiday calendar covers ``day``'s year."""
    return not is_workday(day)[1]


def next_workday(day: date) -> Deadline:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    provisional = False
    while True:
        working, unsure = is_workday(day)
        provisional = provisional or unsure
        if working:
            return Deadline(day, provisional)
        day += timedelta(days=1)


def add_days(start: date, days: int) -> Deadline:
    """The last day of a period of ``days`` calendar days after ``start`` (``start`` not counted); a last day
    that is not a working day moves to the next working day.

    ▶ accepted 2026-03-02, 15 days → 2026-03-17 (a Tuesday), so arbitration may be sought from 2026-03-18.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    return next_workday(start + timedelta(days=days))


def add_working_days(start: date, days: int) -> Deadline:
    """The ``days``-th working day after ``start`` (``start`` not counted).

    ▶ received 2026-09-24, 15 working days → 2026-10-22 (25 Sept Mid-Autumn and 1–7 Oct are off; Saturday
    10 Oct is a make-up working day and counts).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted, provisional = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        working, unsure = is_workday(day)
        provisional = provisional or unsure
        if working:
            counted += 1
    return Deadline(day, provisional)


def days_left(deadline: date, today: date) -> int:
    """Calendar days from ``today`` to ``deadline`` (0 on the day, negative when overdue)."""
    return (deadline - today).days


# ---- a range of days asked for by a figures page or API ----

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def requested_range(params, today: date, *, strict=False) -> tuple[date, date]:
    """``?start=…&end=…`` of a statistics page or API call: by default 1 January of ``today``'s year to
    ``today``; reversed dates are swapped. A day that is not a date or lies outside 2000–2099 falls back to
    the default on a page, and with ``strict`` (the API) raises the Chinese ``ActionError`` naming the field."""
    from .errors import ActionError
    from .parsing import parse_date

    defaults = {"start": date(today.year, 1, 1), "end": today}
    days = {}
    for name, default in defaults.items():
        raw = (params.get(name) or "").strip()
        try:
            day = parse_date(raw) if raw else None
            if day is not None and not EARLIEST <= day <= LATEST:
                raise ValueError(_("日期应在2000年至2099年之间"))
        except ValueError as exc:
            if strict:
                raise ActionError(str(exc), field=name) from None
            day = None
        days[name] = day or default
    start, end = days["start"], days["end"]
    return (end, start) if end < start else (start, end)
