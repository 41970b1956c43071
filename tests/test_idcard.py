"""ID numbers as DOMAIN.md §1 rules them (its worked examples are the cases)."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gonghui.members import idcard

# Runs in the SQLite run only (scripts/test): pure Python (ID-number rules, hypothesis); no database.
pytestmark = pytest.mark.sqlite_only


def test_the_domain_example_born_1949_female_is_valid():
    r = idcard.check("11010519491231002X")
    assert r.ok and r.birth_date == datetime.date(1949, 12, 31) and r.sex == "F" and not r.warnings


def test_an_area_code_newer_than_the_birth_year_is_accepted():
    # 440305 dates from 1983, the holder was born in 1966: ric.validate would refuse it; we must not.
    r = idcard.check("440305196611066365")
    assert r.ok and r.birth_date == datetime.date(1966, 11, 6) and not r.warnings


def test_a_wrong_check_character_is_an_error():
    assert idcard.check("110105194912310021").errors == ["校验位不正确"]


def test_a_future_birth_date_is_an_error():
    r = idcard.check("11010520991231002X", today=datetime.date(2026, 11, 22))
    assert r.errors == ["出生日期2099-12-31晚于今天"]


def test_an_impossible_birth_date_is_an_error():
    assert idcard.check("110105199902300011").errors == ["出生日期19990230不存在"]


def test_an_area_code_of_no_era_is_only_a_warning():
    number = "440399196611066360"
    number = number[:17] + ric.calc_check_digit(number)
    r = idcard.check(number)
    assert r.ok and r.warnings == ["地区码440399不在任何时期的行政区划代码表中，请核实"]


def test_length_and_characters_are_checked():
    assert idcard.check("1101051949").errors == ["应为18位，实际10位"]
    assert idcard.check("11010519491231002Y").errors == ["前17位应为数字，最后一位为数字或X"]
    assert idcard.check("").errors == ["不能为空"]


def test_lower_case_x_and_spaces_are_normalised():
    assert idcard.check(" 11010519491231002x ").number == "11010519491231002X"


@given(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_any_number_with_a_computed_check_character_is_valid(birth, seq):
    body = f"110105{birth:%Y%m%d}{seq:03d}"
    number = body + ric.calc_check_digit(body + "0")
    r = idcard.check(number)
    assert r.ok and r.birth_date == birth and r.sex == ("M" if seq % 2 else "F")


def test_age_is_counted_in_full_years():
    assert idcard.age_on(datetime.date(1975, 6, 15), datetime.date(2026, 6, 14)) == 50
    assert idcard.age_on(datetime.date(1975, 6, 15), datetime.date(2026, 6, 15)) == 51
