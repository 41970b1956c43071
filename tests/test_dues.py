"""Monthly dues (DOMAIN.md §2 worked examples)."""
from decimal import Decimal

from gonghui.members.dues import monthly_dues


def test_the_part_under_ten_yuan_is_dropped_before_the_rate():
    assert monthly_dues(Decimal("4567.00")) == Decimal("22.80")
    assert monthly_dues(Decimal("3009.99")) == Decimal("15.00")


def test_no_wage_means_no_dues():
    assert monthly_dues(None) == Decimal("0.00")
    assert monthly_dues(Decimal("0")) == Decimal("0.00")


def test_the_rate_is_configurable_and_rounds_to_the_fen():
    assert monthly_dues(Decimal("5555.00"), rate=Decimal("0.003")) == Decimal("16.65")
