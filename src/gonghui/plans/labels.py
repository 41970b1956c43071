"""The words plan pages show for what the catalogue and the schedule store as codes: units of measure
(``core.metrics.UNITS`` and the units the plan parser reads, all Chinese), quantities with their unit,
and months.

The stored values stay as they are (the parser and the Chinese documents work with 人, 元, 3月…); these
only translate what a page shows.
"""
from decimal import Decimal, InvalidOperation

from django.utils.translation import npgettext, pgettext_lazy

UNIT_NAMES = {
    "%": "%",
    "人": pgettext_lazy("计量单位", "人"),
    "名": pgettext_lazy("计量单位", "名"),
    "人次": pgettext_lazy("计量单位", "人次"),
    "次": pgettext_lazy("计量单位", "次"),
    "项": pgettext_lazy("计量单位", "项"),
    "条": pgettext_lazy("计量单位", "条"),
    "件": pgettext_lazy("计量单位", "件"),
    "篇": pgettext_lazy("计量单位", "篇"),
    "元": pgettext_lazy("计量单位", "元"),
    "万元": pgettext_lazy("计量单位", "万元"),
    "场": pgettext_lazy("计量单位", "场"),
    "个": pgettext_lazy("计量单位", "个"),
    "户": pgettext_lazy("计量单位", "户"),
    "天": pgettext_lazy("计量单位", "天"),
}

# A number with its unit: "12人" in Chinese, "12 people" in English (singular for exactly one).
QUANTITIES = {
    "人": lambda n: npgettext("数量", "%(n)s人", "%(n)s人", n),
    "名": lambda n: npgettext("数量", "%(n)s名", "%(n)s名", n),
    "人次": lambda n: npgettext("数量", "%(n)s人次", "%(n)s人次", n),
    "次": lambda n: npgettext("数量", "%(n)s次", "%(n)s次", n),
    "项": lambda n: npgettext("数量", "%(n)s项", "%(n)s项", n),
    "条": lambda n: npgettext("数量", "%(n)s条", "%(n)s条", n),
    "件": lambda n: npgettext("数量", "%(n)s件", "%(n)s件", n),
    "篇": lambda n: npgettext("数量", "%(n)s篇", "%(n)s篇", n),
    "元": lambda n: npgettext("数量", "%(n)s元", "%(n)s元", n),
    "万元": lambda n: npgettext("数量", "%(n)s万元", "%(n)s万元", n),
    "场": lambda n: npgettext("数量", "%(n)s场", "%(n)s场", n),
    "个": lambda n: npgettext("数量", "%(n)s个", "%(n)s个", n),
    "户": lambda n: npgettext("数量", "%(n)s户", "%(n)s户", n),
    "天": lambda n: npgettext("数量", "%(n)s天", "%(n)s天", n),
}

MONTHS = {
    1: pgettext_lazy("月份", "1月"), 2: pgettext_lazy("月份", "2月"), 3: pgettext_lazy("月份", "3月"),
    4: pgettext_lazy("月份", "4月"), 5: pgettext_lazy("月份", "5月"), 6: pgettext_lazy("月份", "6月"),
    7: pgettext_lazy("月份", "7月"), 8: pgettext_lazy("月份", "8月"), 9: pgettext_lazy("月份", "9月"),
    10: pgettext_lazy("月份", "10月"), 11: pgettext_lazy("月份", "11月"), 12: pgettext_lazy("月份", "12月"),
}


def unit_name(unit):
    """The unit's name in the current language ("人" / "people"); an unknown unit as it is."""
    return UNIT_NAMES.get(unit, unit or "")


def _count(value):
    """The number that picks the plural form: the value when it is a whole number, else many."""
    try:
        number = Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return 2
    return int(number) if number.is_finite() and number == number.to_integral_value() else 2


def quantity(value, unit):
    """``value`` (a number, or a number already formatted) with its unit in the current language."""
    if value is None or value == "":
        return ""
    if not unit:
        return str(value)
    if unit == "%":
        return f"{value}%"
    fmt = QUANTITIES.get(unit)
    if fmt is None:
        return f"{value}{unit}"
    return fmt(_count(value)) % {"n": value}


def month_name(month):
    """3 → "3月" / "March"; anything else as it is."""
    try:
        return MONTHS.get(int(month), month)
    except (TypeError, ValueError):
        return month
