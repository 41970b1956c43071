"""``core.parsing``: the coercers every action uses, with their worked examples."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, date_value, integer, money, percent, text

# Runs in the SQLite run only (scripts/test): pure Python (coercion rules); no database.
pytestmark = pytest.mark.sqlite_only


def refusal(coerce, value, field="x", **options):
    with pytest.raises(ActionError) as caught:
        coerce(value, field, **options)
    return caught.value.message_dict


@pytest.mark.parametrize("typed, amount", [
    ("12.5", Decimal("12.50")), ("1,234.56", Decimal("1234.56")), ("¥100", Decimal("100.00")),
    ("100元", Decimal("100.00")), (" 0 ", Decimal("0.00")), (12, Decimal("12.00")), (12.5, Decimal("12.50")),
    (Decimal("3.1"), Decimal("3.10")),
])
def test_money_reads_yuan_as_typed_and_keeps_two_places(typed, amount):
    result = money(typed, "amount")
    assert result == amount and result.as_tuple().exponent == -2


@pytest.mark.parametrize("typed, message", [
    ("-1", "金额不能为负数"), ("1.005", "金额最多保留两位小数（分）"), ("abc", "“abc”不是金额"),
    ("NaN", "“NaN”不是金额"), ("inf", "“inf”不是金额"), (0.1 + 0.2, "金额最多保留两位小数（分）"),
    (True, "“True”不是金额"), ("", "不能为空"), (None, "不能为空"),
])
def test_money_refuses_what_is_not_an_amount_in_fen_on_the_named_field(typed, message):
    assert refusal(money, typed, "amount") == {"amount": [message]}


def test_blank_money_is_none_when_optional():
    assert money("", "amount", required=False) is None and money("  ", "amount", required=False) is None


def test_money_that_must_be_positive_refuses_zero_and_negatives_alike():
    assert refusal(money, "0", "premium", positive=True) == {"premium": ["金额必须大于0"]}
    assert refusal(money, "-3", "premium", positive=True) == {"premium": ["金额必须大于0"]}


def test_a_minimum_may_allow_negative_amounts_or_raise_the_floor():
    assert money("-5", "adjust", minimum=Decimal("-10")) == Decimal("-5.00")
    assert refusal(money, "5", "deposit", minimum=Decimal("10")) == {"deposit": ["金额不能小于10"]}


def test_a_label_names_the_amount_in_messages_shown_away_from_the_field():
    assert refusal(money, "-1", "lines.4", label="50103 宣传活动的金额") == {
        "lines.4": ["50103 宣传活动的金额不能为负数"]}
    assert refusal(money, "", "lines.4", label="50103 宣传活动的金额") == {"lines.4": ["50103 宣传活动的金额不能为空"]}


@pytest.mark.parametrize("typed, number", [("12", 12), (12, 12), (12.0, 12), (" 7 ", 7), ("-3", -3)])
def test_integer_reads_whole_numbers_including_excel_floats(typed, number):
    assert integer(typed, "n") == number


@pytest.mark.parametrize("typed, options, message", [
    ("12.5", {}, "应为整数"), ("十二", {}, "应为整数"), (True, {}, "应为整数"), ("", {}, "不能为空"),
    ("-1", {"minimum": 0}, "不能为负数"), ("0", {"minimum": 1}, "不能小于1"), ("101", {"maximum": 100}, "不能大于100"),
    ("15", {"minimum": 16, "maximum": 100}, "应在16至100之间"),
])
def test_integer_refuses_fractions_words_and_numbers_out_of_range(typed, options, message):
    assert refusal(integer, typed, "age", **options) == {"age": [message]}


def test_integer_with_a_label_reads_as_a_sentence():
    assert refusal(integer, "八十", "present", label="实到会人数") == {"present": ["实到会人数应为整数"]}
    assert refusal(integer, "-2", "votes_against", minimum=0, label="反对票数") == {"votes_against": ["反对票数不能为负数"]}
    assert integer("", "capacity", required=False) is None


@pytest.mark.parametrize("typed, number", [("5", Decimal("5")), ("0.5%", Decimal("0.5")), ("12.25％", Decimal("12.25")),
                                           ("100", Decimal("100")), ("0", Decimal("0"))])
def test_percent_reads_numbers_with_or_without_the_sign(typed, number):
    assert percent(typed, "share") == number


@pytest.mark.parametrize("typed, options, message", [
    ("六十", {}, "“六十”不是百分比数字"), ("NaN", {}, "“NaN”不是百分比数字"), ("120", {}, "应在0%到100%之间"),
    ("0", {"above_minimum": True}, "应大于0%且不超过100%"), ("60.005", {}, "最多保留2位小数"),
    ("6", {"minimum": Decimal("0.001"), "maximum": Decimal("5"), "places": 3}, "应在0.001%到5%之间"),
    ("", {}, "不能为空"),
])
def test_percent_refuses_words_out_of_range_and_too_many_decimals(typed, options, message):
    assert refusal(percent, typed, "share", **options) == {"share": [message]}


@pytest.mark.parametrize("typed", ["2026-03-01", "2026/3/1", "2026年3月1日", "20260301", datetime.date(2026, 3, 1)])
def test_date_value_reads_the_usual_chinese_ways_of_writing_a_date(typed):
    assert date_value(typed, "day") == datetime.date(2026, 3, 1)


def test_date_value_refuses_bad_dates_blank_and_the_future_when_asked():
    assert refusal(date_value, "明天", "day") == {"day": ["“明天”不是有效日期，请写成2024-01-31"]}
    assert refusal(date_value, "2026-02-30", "day") == {"day": ["“2026-02-30”不是存在的日期"]}
    assert refusal(date_value, "", "day") == {"day": ["不能为空"]}
    assert date_value("", "day", required=False) is None
    assert refusal(date_value, "2026-12-04", "day", not_future=True) == {"day": ["不能晚于今天"]}  # the suite's today: 12-03
    assert date_value("2026-12-03", "day", not_future=True) == datetime.date(2026, 12, 3)


def test_text_strips_and_checks_only_when_asked():
    assert text(None) == "" and text(3.0) == "3" and text("  工会  ") == "工会"
    assert refusal(text, "  ", "title", required=True) == {"title": ["不能为空"]}
    assert refusal(text, "工" * 31, "name", max_length=30) == {"name": ["不能超过30个字"]}
    assert text("", "owner", max_length=60) == ""


def test_collect_puts_the_message_in_the_errors_and_returns_none():
    errors = {}
    assert collect(errors, money, "abc", "amount") is None
    assert collect(errors, integer, "3", "year") == 3
    assert errors == {"amount": "“abc”不是金额"}


def test_number_reads_a_plain_decimal_within_its_bounds_and_names_the_field():
    from decimal import Decimal

    from gonghui.core.parsing import number

    assert number(" 18.5 ", "score", maximum=Decimal("20.00")) == Decimal("18.5")
    assert number("", "score", required=False) is None
    for value, message in [("abc", "得分“abc”不是数字"), ("21", "得分应在0至20之间"), ("1.234", "得分最多保留2位小数"),
                           (True, "得分“True”不是数字")]:
        with pytest.raises(ActionError) as exc:
            number(value, "score", minimum=Decimal(0), maximum=Decimal("20.00"), label="得分")
        assert exc.value.message_dict == {"score": [message]}
