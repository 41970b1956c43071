"""Allocation periods: a month (2026-03) or a quarter (2026-Q1), as people write them."""
import calendar
import datetime
import re

_MONTH = [re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$")]
_QUARTER = [re.compile(r"^(\d{4})\s*[-/]?\s*[Qq]([1-4])$"), re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$")]
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
FORMAT_HELP = "期间应写成2026-03（月）或2026-Q1（季度）"


def month(year, month_no):
    """(first day, last day) of a month."""
    return datetime.date(year, month_no, 1), datetime.date(year, month_no, calendar.monthrange(year, month_no)[1])


def quarter(year, quarter_no):
    """(first day, last day) of a quarter."""
    start, _ = month(year, 3 * quarter_no - 2)
    _, end = month(year, 3 * quarter_no)
    return start, end


def parse_period(value) -> tuple[datetime.date, datetime.date]:
    """``2026-03``, ``2026年3月``, ``202603`` → that month; ``2026-Q1``, ``2026年第一季度`` → that quarter."""
    text = str(value or "").strip().replace(" ", "")
    if not text:
        raise ValueError("不能为空")
    for pattern in _QUARTER:
        m = pattern.match(text)
        if m:
            return quarter(int(m[1]), int(_CHINESE_DIGITS.get(m[2], m[2])))
    for pattern in _MONTH:
        m = pattern.match(text)
        if m:
            if not 1 <= int(m[2]) <= 12:
                raise ValueError(f"“{text}”的月份应为1–12")
            return month(int(m[1]), int(m[2]))
    raise ValueError(f"“{text}”不是有效期间，{FORMAT_HELP}")


def label(start, end) -> str:
    """``2026年3月`` or ``2026年第1季度`` (or the plain range for anything else)."""
    if start.day == 1 and (start, end) == month(start.year, start.month):
        return f"{start.year}年{start.month}月"
    if start.day == 1 and start.month % 3 == 1 and (start, end) == quarter(start.year, (start.month + 2) // 3):
        return f"{start.year}年第{(start.month + 2) // 3}季度"
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"


def code(start, end) -> str:
    """The short form people type: ``2026-03`` or ``2026-Q1``."""
    if (start, end) == month(start.year, start.month):
        return f"{start:%Y-%m}"
    return f"{start.year}-Q{(start.month + 2) // 3}"
