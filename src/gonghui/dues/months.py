"""Months as the dues work with them: the first day of the month, parsed from what people type.

Rolls, exemptions, policies and wage-base changes are all keyed by a month, stored as the date of its
first day. ``parse_month`` accepts 2026-03, 2026/3, 2026.3, 2026年3月, 202603, an Excel date cell or
2026-03-15 (any day of the month), and refuses a month after the current one.
"""
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.]\d{1,2}$"),
    re.compile(r"^(\d{4})年(\d{1,2})月\d{1,2}日?$"),
]
QUARTER_STARTS = (1, 4, 7, 10)


def current_month(today=None) -> datetime.date:
    today = today or timezone.localdate()
    return today.replace(day=1)


def parse_month(value, *, today=None, allow_future=False) -> datetime.date:
    """The first day of the month ``value`` names; ``ValueError`` with a Chinese message otherwise."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        month = value.replace(day=1)
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("不能为空，请写成2026-03"))
        for pattern in _PATTERNS:
            m = pattern.match(text)
            if m:
                year, mon = int(m[1]), int(m[2])
                break
        else:
            raise ValueError(_("“%(text)s”不是月份，请写成2026-03") % {"text": text})
        if not 1 <= mon <= 12 or year < 1950:
            raise ValueError(_("“%(text)s”不是存在的月份") % {"text": text})
        month = datetime.date(year, mon, 1)
    if not allow_future and month > current_month(today):
        raise ValueError(_("%(month)s还没有到，不能晚于本月") % {"month": label(month)})
    return month


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def label(month: datetime.date) -> str:
    """The month as people read it, in the current language: 2026年3月 / 3/2026."""
    return _("%(y)d年%(m)d月") % {"y": month.year, "m": month.month}


def span_label(month: datetime.date, length: int) -> str:
    """A run of ``length`` months from ``month``: 2026年1月—3月 (a quarter) or just the month."""
    if length <= 1:
        return label(month)
    end = add_months(month, length - 1)
    if end.year == month.year:
        return _("%(y)d年%(m1)d月—%(m2)d月") % {"y": month.year, "m1": month.month, "m2": end.month}
    return _("%(y1)d年%(m1)d月—%(y2)d年%(m2)d月") % {"y1": month.year, "m1": month.month, "y2": end.year,
                                                   "m2": end.month}


def stored_label(month: datetime.date) -> str:
    """The month in the words written into stored records (voucher summaries, audit notes): always
    Chinese, whatever language the person who acted had chosen."""
    return f"{month.year}年{month.month}月"


def iso(month: datetime.date) -> str:
    return f"{month:%Y-%m}"
