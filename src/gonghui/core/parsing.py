"""Parsing values typed by people or read from Excel, with Chinese error messages."""
import datetime
import re
from decimal import Decimal, InvalidOperation

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value) -> datetime.date | None:
    """Dates as Excel stores them, as ISO text, 2020/1/5, 2020.1.5, 20200105 or 2020年1月5日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 100000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError("不是有效日期")
    text = str(value).strip()
    if " " in text:
        text = text.split(" ")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValueError(f"“{text}”不是存在的日期") from None
    raise ValueError(f"“{text}”不是有效日期，请写成2024-01-31")


def parse_money(value) -> Decimal | None:
    """Yuan with at most two decimals (fen); never a float on the way."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace("元", "").replace("¥", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{value}”不是金额") from None
    if not amount.is_finite():
        raise ValueError(f"“{value}”不是金额")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("金额最多保留两位小数（分）")
    return amount.quantize(Decimal("0.01"))


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
