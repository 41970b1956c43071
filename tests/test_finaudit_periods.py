"""Runs of whole months as reviews and disclosures name them (finaudit.periods)."""
import datetime

import pytest

from gonghui.finaudit import periods


@pytest.mark.parametrize("text", ["2026-03", "2026/3", "2026.03", "2026年3月", " 2026-3 "])
def test_a_month_is_read_the_ways_people_write_it(text):
    assert periods.parse_month(text) == (2026, 3)


@pytest.mark.parametrize("text, message", [("2026-13", "月份应在1到12之间"), ("三月", "请写成年-月，例如2026-01"),
                                           ("1899-01", "年份不合理"), ("", "请写成年-月，例如2026-01")])
def test_an_impossible_month_is_refused_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        periods.parse_month(text)


def test_a_period_runs_from_the_first_to_the_last_day_of_its_months():
    assert periods.bounds((2024, 1), (2024, 2)) == (datetime.date(2024, 1, 1), datetime.date(2024, 2, 29))
    assert periods.months(datetime.date(2025, 11, 1), datetime.date(2026, 2, 28)) == [
        (2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_periods_are_described_as_officers_write_them():
    d = datetime.date
    assert periods.describe(d(2026, 1, 1), d(2026, 6, 30)) == "2026年1月—6月"
    assert periods.describe(d(2025, 7, 1), d(2026, 6, 30)) == "2025年7月—2026年6月"
    assert periods.describe(d(2026, 3, 1), d(2026, 3, 31)) == "2026年3月"


@pytest.mark.parametrize("interval, today, expected", [
    (6, datetime.date(2026, 8, 10), ((2026, 1, 1), (2026, 6, 30))),
    (6, datetime.date(2026, 3, 1), ((2025, 7, 1), (2025, 12, 31))),
    (3, datetime.date(2026, 5, 20), ((2026, 1, 1), (2026, 3, 31))),
    (12, datetime.date(2026, 11, 22), ((2025, 1, 1), (2025, 12, 31))),
])
def test_the_suggested_period_is_the_last_whole_interval(interval, today, expected):
    start, end = periods.last_completed(interval, today)
    assert (start, end) == (datetime.date(*expected[0]), datetime.date(*expected[1]))
