"""Resident ID numbers (GB 11643-1999), checked as DOMAIN.md §1 says.

Errors: wrong length or characters, a wrong check character, an impossible or future birth date.
A warning only: an area code found in no era of the code list (abolished codes stay on cards for life,
so ``stdnum.cn.ric.validate``'s era check must not turn members away — python-stdnum issue #442).
"""
import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric

MALE, FEMALE = "M", "F"


@dataclass
class IdCheck:
    number: str = ""
    birth_date: datetime.date | None = None
    sex: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@lru_cache(maxsize=8192)
def _area_known(code: str) -> bool:
    info = numdb.get("cn/loc").info(code)
    return len(info) > 1 and bool(info[-1][1])


def check(value, today: datetime.date | None = None) -> IdCheck:
    result = IdCheck()
    number = ric.compact(str(value or "")).upper()
    result.number = number
    if not number:
        result.errors.append(_("不能为空"))
        return result
    if len(number) != 18:
        result.errors.append(_("应为18位，实际%(n)s位") % {"n": len(number)})
        return result
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        result.errors.append(_("前17位应为数字，最后一位为数字或X"))
        return result
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        result.errors.append(_("出生日期%(date)s不存在") % {"date": number[6:14]})
        return result
    today = today or datetime.date.today()
    if birth > today:
        result.errors.append(_("出生日期%(date)s晚于今天") % {"date": f"{birth:%Y-%m-%d}"})
        return result
    if birth.year < 1900:
        result.errors.append(_("出生日期%(date)s不合理") % {"date": f"{birth:%Y-%m-%d}"})
        return result
    if ric.calc_check_digit(number) != number[17]:
        result.errors.append(_("校验位不正确"))
        return result
    result.birth_date = birth
    result.sex = MALE if int(number[16]) % 2 else FEMALE
    if not _area_known(number[:6]):
        result.warnings.append(_("地区码%(code)s不在任何时期的行政区划代码表中，请核实") % {"code": number[:6]})
    return result


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Full years (周岁) on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
