"""Parsing values typed by people or read from Excel, with Chinese error messages.

Two layers:

- ``parse_date``/``parse_money`` read one value and raise ``ValueError`` (importers put the message
  in their ``第N行 列名: message`` lines);
- the coercers every action uses for its input — ``money``, ``integer``, ``percent``, ``date_value``,
  ``text`` — raise ``ActionError`` on the named ``field``. ``label`` (optional) begins the message,
  for messages shown away from their field: ``integer("x", "present", label="实到会人数")`` →
  "实到会人数应为整数". ``collect`` turns a raise into an entry of an ``errors`` dict, for actions that
  report every bad field at once.

    >>> money("1,234.5", "amount")
    Decimal('1234.50')
"""
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ActionError

CENT = Decimal("0.01")
# The largest amount any input may carry (every money column has room for it: 12 digits, 2 decimals). A JSON
# 1e308 or a pasted 20-digit number is refused with a message instead of overflowing the arithmetic.
MAX_MONEY = Decimal("9999999999.99")
# Dates people type are between these (a voucher dated 0001-01-01 or 9999-12-31 is a typing error, and the
# arithmetic on such a date — a month later, the year's end — would overflow).
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# Years a page or a report may ask for.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _bounded(day):
    if not EARLIEST <= day <= LATEST:
        raise ValueError(_("日期应在%(low)s至%(high)s之间") % {"low": EARLIEST.isoformat(), "high": LATEST.isoformat()})
    return day


def parse_date(value) -> datetime.date | None:
    """Dates as Excel stores them, as ISO text, 2020/1/5, 2020.1.5, 20200105 or 2020年1月5日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return _bounded(value.date())
    if isinstance(value, datetime.date):
        return _bounded(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 100000:
            return _bounded(EXCEL_EPOCH + datetime.timedelta(days=int(value)))
        raise ValueError(_("不是有效日期"))
    text = str(value).strip()
    if " " in text:
        text = text.split(" ")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValueError(_("“%(text)s”不是存在的日期") % {"text": text}) from None
            return _bounded(day)
    raise ValueError(_("“%(text)s”不是有效日期，请写成2024-01-31") % {"text": text})


def _yuan(value) -> Decimal:
    """The number in "1,234.56", "¥100" or "100元" (a float by its shortest repr); ``ValueError`` when
    there is none."""
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace("元", "").replace("¥", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s”不是金额") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s”不是金额") % {"value": value})
    if abs(amount) > MAX_MONEY:
        raise ValueError(_("金额不能超过%(max)s元") % {"max": MAX_MONEY})
    return amount


def _is_number(value):
    try:
        return Decimal(str(value).strip().replace(",", "").replace("元", "").replace("¥", "")).is_finite()
    except InvalidOperation:
        return False


def parse_money(value) -> Decimal | None:
    """Yuan with at most two decimals (fen); never a float on the way."""
    if value is None or value == "":
        return None
    amount = _yuan(value)
    if amount != amount.quantize(CENT):
        raise ValueError(_("金额最多保留两位小数（分）"))
    return amount.quantize(CENT)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _refuse(field, label, message):
    raise ActionError(_("%(label)s%(message)s") % {"label": label, "message": message} if label else message,
                      field=field)


def _empty(field, label, required):
    if required:
        _refuse(field, label, _("不能为空"))
    return None


def text(value, field="__all__", *, required=False, max_length=None, label=None) -> str:
    """Stripped text ("" for None; 3.0 read from Excel is "3"); with ``required`` or ``max_length``
    checked on ``field``."""
    if value is None:
        value = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if required and not value:
        _refuse(field, label, _("不能为空"))
    if max_length is not None and len(value) > max_length:
        _refuse(field, label, _("不能超过{n}个字").format(n=max_length))
    return value


def money(value, field, *, required=True, positive=False, minimum=None, label=None) -> Decimal | None:
    """Yuan as ``Decimal`` to the fen: "12.5" → 12.50, "1,234.56", "¥100", "100元". Refused: text that
    is not a number, NaN/infinity, more than two decimals (also in a float such as 0.1 + 0.2), a
    negative amount (or one below ``minimum``), zero when ``positive``. Blank is ``None`` unless
    ``required``. A ``label`` ("50103 宣传活动的金额") stands for 金额 in the messages."""
    subject = label or _("金额")
    if _blank(value):
        return _empty(field, label, required)
    try:
        amount = _yuan(value)
    except ValueError:
        if _is_number(value):
            _refuse(field, None, _("{subject}不能超过{max}元").format(subject=subject, max=MAX_MONEY))
        _refuse(field, label, _("“{value}”不是金额").format(value=value))
    if amount != amount.quantize(CENT):
        _refuse(field, None, _("{subject}最多保留两位小数（分）").format(subject=subject))
    if positive and amount <= 0:
        _refuse(field, None, _("{subject}必须大于0").format(subject=subject))
    if minimum is None and amount < 0:
        _refuse(field, None, _("{subject}不能为负数").format(subject=subject))
    if minimum is not None and amount < minimum:
        _refuse(field, None, _("{subject}不能小于{minimum}").format(subject=subject, minimum=minimum))
    return amount.quantize(CENT)


def integer(value, field, *, required=True, minimum=None, maximum=None, label=None) -> int | None:
    """A whole number ("12", 12, 12.0 from Excel; not "12.5" or "十二") within ``minimum``..``maximum``.
    Blank is ``None`` unless ``required``."""
    if _blank(value):
        return _empty(field, label, required)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = int(str(value).strip())
    except ValueError:
        _refuse(field, label, _("应为整数"))
    if abs(number) > 2 ** 53:  # beyond any count or id: a database integer column would overflow
        _refuse(field, label, _("数值过大"))
    low = minimum is not None and number < minimum
    high = maximum is not None and number > maximum
    if (low or high) and minimum is not None and maximum is not None:
        _refuse(field, label, _("应在{low}至{high}之间").format(low=minimum, high=maximum))
    if low:
        _refuse(field, label, _("不能为负数") if minimum == 0 else _("不能小于{n}").format(n=minimum))
    if high:
        _refuse(field, label, _("不能大于{n}").format(n=maximum))
    return number


def percent(value, field, *, required=True, minimum=Decimal("0"), maximum=Decimal("100"), places=2,
            above_minimum=False, label=None) -> Decimal | None:
    """A percentage as ``Decimal`` ("5", "0.5%", "12.25％") with at most ``places`` decimals, from
    ``minimum`` (excluded when ``above_minimum``) to ``maximum``. Blank is ``None`` unless ``required``."""
    if _blank(value):
        return _empty(field, label, required)
    try:
        number = Decimal(str(value).strip().rstrip("%％").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or isinstance(value, bool):
        _refuse(field, label, _("“{value}”不是百分比数字").format(value=value))
    if above_minimum and not minimum < number <= maximum:
        _refuse(field, label, _("应大于{low}%且不超过{high}%").format(low=minimum, high=maximum))
    if not above_minimum and not minimum <= number <= maximum:
        _refuse(field, label, _("应在{low}%到{high}%之间").format(low=minimum, high=maximum))
    if number != round(number, places):
        _refuse(field, label, _("最多保留{places}位小数").format(places=places))
    return number


def _shown(bound):
    """A bound as people write it: 20.00 → "20", 0.50 → "0.5"."""
    if bound is None:
        return ""
    return format(Decimal(bound).normalize(), "f")


def number(value, field, *, required=True, minimum=None, maximum=None, places=2, label=None) -> Decimal | None:
    """A plain decimal number ("92.5", 92.5, "  8 ") with at most ``places`` decimals, within
    ``minimum``..``maximum`` (either may be ``None``) — points, weights, thresholds. Blank is ``None`` unless
    ``required``."""
    if _blank(value):
        return _empty(field, label, required)
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number_ = Decimal(str(value).strip())
    except InvalidOperation:
        number_ = None
    if number_ is None or not number_.is_finite():
        _refuse(field, label, _("“{value}”不是数字").format(value=value))
    low = minimum is not None and number_ < minimum
    high = maximum is not None and number_ > maximum
    shown = {"low": _shown(minimum), "high": _shown(maximum)}
    if (low or high) and minimum is not None and maximum is not None:
        _refuse(field, label, _("应在{low}至{high}之间").format(**shown))
    if low:
        _refuse(field, label, _("不能小于{n}").format(n=shown["low"]))
    if high:
        _refuse(field, label, _("不能大于{n}").format(n=shown["high"]))
    if number_ != round(number_, places):
        _refuse(field, label, _("最多保留{places}位小数").format(places=places))
    return number_


def date_value(value, field, *, required=True, not_future=False, label=None, earliest=EARLIEST,
               latest=LATEST) -> datetime.date | None:
    """A date as ``parse_date`` reads it, between ``earliest`` and ``latest`` (1900–2100 unless told); with
    ``not_future`` no later than today (Asia/Shanghai). Blank is ``None`` unless ``required``."""
    if _blank(value):
        return _empty(field, label, required)
    try:
        day = parse_date(value)
    except (ValueError, OverflowError) as exc:
        _refuse(field, label, str(exc) if isinstance(exc, ValueError) else _("不是有效日期"))
    if not earliest <= day <= latest:
        _refuse(field, label, _("应在{low}至{high}之间").format(low=earliest.isoformat(), high=latest.isoformat()))
    if not_future and day > timezone.localdate():
        _refuse(field, label, _("不能晚于今天"))
    return day


def year(value, field="year", *, required=False, default=None, minimum=FIRST_YEAR, maximum=LAST_YEAR,
         label=None) -> int | None:
    """A year from a query string or a body ("2026", 2026), between ``minimum`` and ``maximum``: "-1",
    "99999999999999999999" or "abc" are refused with the one message naming the field. Blank is ``default``
    (None unless given) unless ``required``."""
    if _blank(value):
        if default is not None:
            return default
        return _empty(field, label, required)
    text_value = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,4}", text_value):
        _refuse(field, label, _("年度应为{low}至{high}之间的四位数字").format(low=minimum, high=maximum))
    number = int(text_value)
    if not minimum <= number <= maximum:
        _refuse(field, label, _("年度应为{low}至{high}之间的四位数字").format(low=minimum, high=maximum))
    return number


def year_or(value, default, *, minimum=FIRST_YEAR, maximum=LAST_YEAR) -> int:
    """For pages that show a year's figures: the year asked for when it is a sensible one, else ``default``
    (a page answers with the current year rather than an error for a hand-edited address)."""
    try:
        return year(value, default=default, minimum=minimum, maximum=maximum)
    except ActionError:
        return default


def collect(errors, coerce, value, field, **options):
    """``coerce(value, field, **options)``, its message put in ``errors[field]`` (and ``None``
    returned) instead of raised — for actions that report every bad field at once."""
    try:
        return coerce(value, field, **options)
    except ActionError as exc:
        errors[field] = exc.message_dict[field][0]
        return None
