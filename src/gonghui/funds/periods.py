"""Allocation periods: a month (2026-03) or a quarter (2026-Q1), as people write them."""
import calendar
import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_MONTH = [re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$")]
_QUARTER = [re.compile(r"^(\d{4})\s*[-/]?\s*[Qq]([1-4])$"), re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$")]
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
FORMAT_HELP = gettext_lazy("期间应写成2026-03（月）或2026-Q1（季度）")


def month(year, month_no):
    """(first day, last day) of a month."""
    return datetime.date(year, month_no, 1), datetime.date(year, month_no, calendar.monthrange(year, month_no)[1])


def quarter(year, quarter_no):
    """(first day, last day) of a quarter."""
    start, _last = month(year, 3 * quarter_no - 2)
    _first, end = month(year, 3 * quarter_no)
    return start, end


def parse_period(value) -> tuple[datetime.date, datetime.date]:
    """``2026-03``, ``2026年3月``, ``202603`` → that month; ``2026-Q1``, ``2026年第一季度`` → that quarter."""
    text = str(value or "").strip().replace(" ", "")
    if not text:
        raise ValueError(_("不能为空"))
    for pattern in _QUARTER:
        m = pattern.match(text)
        if m:
            return quarter(int(m[1]), int(_CHINESE_DIGITS.get(m[2], m[2])))
    for pattern in _MONTH:
        m = pattern.match(text)
        if m:
            if not 1 <= int(m[2]) <= 12:
                raise ValueError(_("“%(text)s”的月份应为1–12") % {"text": text})
            return month(int(m[1]), int(m[2]))
    raise ValueError(_("“%(text)s”不是有效期间，%(help)s") % {"text": text, "help": FORMAT_HELP})


def label(start, end) -> str:
    """``2026年3月`` or ``2026年第1季度`` (or the plain range for anything else), in the current language."""
    if start.day == 1 and (start, end) == month(start.year, start.month):
        return _("%(y)d年%(m)d月") % {"y": start.year, "m": start.month}
    if start.day == 1 and start.month % 3 == 1 and (start, end) == quarter(start.year, (start.month + 2) // 3):
        return _("%(y)d年第%(q)d季度") % {"y": start.year, "q": (start.month + 2) // 3}
    return _("%(start)s至%(end)s") % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}


def code(start, end) -> str:
    """The short form people type: ``2026-03`` or ``2026-Q1``."""
    if (start, end) == month(start.year, start.month):
        return f"{start:%Y-%m}"
    return f"{start.year}-Q{(start.month + 2) // 3}"


def due_date(period_end, due_day=None):
    """The day an allocation for a period ending ``period_end`` is due: the ``due_day`` (setting
    ``GONGHUI_ALLOCATION_DUE_DAY``, default 15; provincial) of the following month (DOMAIN §3)."""
    from django.conf import settings

    due_day = due_day or settings.GONGHUI_ALLOCATION_DUE_DAY
    first_next = period_end.replace(day=1) + datetime.timedelta(days=32)
    first_next = first_next.replace(day=1)
    return first_next.replace(day=min(due_day, calendar.monthrange(first_next.year, first_next.month)[1]))


def overdue_before(today, due_day=None):
    """Allocations whose period ended before the returned day are past ``due_date`` on ``today``: a filter
    ``period_end__lt=overdue_before(today)`` finds them in one query (the inverse of ``due_date``)."""
    first_this = today.replace(day=1)
    if due_date(first_this - datetime.timedelta(days=1), due_day) < today:
        return first_this
    return (first_this - datetime.timedelta(days=1)).replace(day=1)
