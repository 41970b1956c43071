"""The allocation and split rules of DOMAIN.md §3: amounts, rounding, split tables and periods."""
import datetime
from decimal import Decimal as D

import pytest

from gonghui.funds import periods, rules
from gonghui.funds.models import Level


def test_the_worked_example_payroll_1250000_gives_25000_split_15000_and_10000():
    amount = rules.allocation_amount(D("1250000.00"), D("2"))
    grassroots, upward = rules.split_amount(amount, D("60"))
    assert (amount, grassroots, upward) == (D("25000.00"), D("15000.00"), D("10000.00"))


def test_a_four_level_table_divides_the_upward_share_between_county_city_province_and_national():
    parts = rules.level_parts(D("25000.00"), D("10000.00"), [
        (Level.NATIONAL, D("5")), (Level.COUNTY, D("15")), (Level.PROVINCE, D("10")), (Level.CITY, D("10"))])
    assert [(p.level, p.amount) for p in parts] == [
        ("county", D("3750.00")), ("city", D("2500.00")), ("province", D("2500.00")), ("national", D("1250.00"))]
    assert [p.label for p in parts] == ["县区总工会", "市级总工会", "省级总工会", "全国总工会"]


def test_rounding_is_half_up_at_the_fen_and_the_parts_always_sum_exactly():
    amount = rules.allocation_amount(D("1234567.89"), D("2"))          # 24,691.3578
    grassroots, upward = rules.split_amount(amount, D("60"))            # 14,814.816
    assert (amount, grassroots, upward) == (D("24691.36"), D("14814.82"), D("9876.54"))
    parts = rules.level_parts(amount, upward, [(Level.COUNTY, D("13.33")), (Level.CITY, D("13.33")),
                                               (Level.PROVINCE, D("8.34")), (Level.NATIONAL, D("5"))])
    assert sum(p.amount for p in parts) == upward
    assert parts[0].amount == D("3291.36")  # 24,691.36 × 13.33% = 3,291.358… → 3,291.36
    assert rules.fen(D("0.005")) == D("0.01") and rules.fen(D("0.0049")) == D("0.00")


@pytest.mark.parametrize("text, start, end", [
    ("2026-03", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ("2024年2月", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
    ("202512", datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)),
    ("2026-Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
    ("2025q4", datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
    ("2025年第二季度", datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
])
def test_periods_are_read_as_months_or_quarters(text, start, end):
    assert periods.parse_period(text) == (start, end)


@pytest.mark.parametrize("text, message", [("2026-13", "月份应为1–12"), ("三月", "不是有效期间"), ("", "不能为空")])
def test_a_period_that_is_not_a_month_or_quarter_is_refused_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        periods.parse_period(text)


def test_periods_have_chinese_labels_and_short_codes():
    assert periods.label(*periods.month(2026, 3)) == "2026年3月"
    assert periods.label(*periods.quarter(2026, 2)) == "2026年第2季度"
    assert periods.code(*periods.quarter(2026, 2)) == "2026-Q2" and periods.code(*periods.month(2026, 3)) == "2026-03"
