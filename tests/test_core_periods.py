"""Legal clocks (DOMAIN §14): worked examples from the domain rules, and the provisional fallback."""
from datetime import date

import pytest

from gonghui.core import periods


def test_mediation_fifteen_days_do_not_count_the_day_of_acceptance():
    # DOMAIN §9: accepted 2026-03-02 → the 15 days end on 2026-03-17; arbitration from 2026-03-18.
    deadline = periods.add_days(date(2026, 3, 2), 15)
    assert deadline == periods.Deadline(date(2026, 3, 17), False)
    assert str(deadline) == "2026-03-17"


def test_calendar_period_ending_on_a_holiday_moves_to_the_next_working_day():
    # 2026-09-16 + 15 days = 2026-10-01 (National Day): the period ends on 2026-10-08, the first working day.
    assert periods.add_days(date(2026, 9, 16), 15).day == date(2026, 10, 8)
    # ending on a Sunday moves to the Monday
    assert periods.add_days(date(2026, 3, 7), 15).day == date(2026, 3, 23)


def test_calendar_period_across_the_year_end():
    # 2025-12-18 + 15 = 2026-01-02, inside the New Year holiday (1–3 Jan); Sunday 4 Jan 2026 is a make-up
    # working day, so the period ends that Sunday.
    assert periods.add_days(date(2025, 12, 18), 15).day == date(2026, 1, 4)
    assert periods.add_days(date(2025, 12, 20), 15).day == date(2026, 1, 4)


def test_five_working_days_after_posting_skip_national_day_and_count_the_make_up_saturday():
    # DOMAIN §14: posted 2026-09-29 → ends 2026-10-12 (1–7 Oct off; Saturday 10 Oct is a working day).
    assert periods.add_working_days(date(2026, 9, 29), 5) == periods.Deadline(date(2026, 10, 12), False)


def test_fifteen_working_days_for_a_supervision_opinion():
    # DOMAIN §14: received 2026-09-24 → due 2026-10-22 (25 Sept Mid-Autumn; 1–7 Oct off; 10 Oct counts).
    assert periods.add_working_days(date(2026, 9, 24), 15).day == date(2026, 10, 22)


def test_a_year_the_calendar_does_not_cover_counts_weekends_only_and_says_so():
    deadline = periods.add_working_days(date(2027, 1, 1), 5)  # Friday 1 Jan 2027
    assert deadline.day == date(2027, 1, 8)
    assert deadline.provisional
    assert "暂按周末计算" in str(deadline)
    assert not periods.covered(date(2027, 3, 1))
    assert periods.covered(date(2026, 3, 1))


def test_a_period_that_only_reaches_into_an_uncovered_year_is_provisional():
    assert periods.add_working_days(date(2026, 12, 28), 5).provisional
    assert not periods.add_working_days(date(2026, 12, 1), 5).provisional


def test_negative_periods_are_refused_and_days_left_counts_calendar_days():
    with pytest.raises(ValueError):
        periods.add_days(date(2026, 1, 1), -1)
    assert periods.days_left(date(2026, 3, 17), date(2026, 3, 15)) == 2
    assert periods.days_left(date(2026, 3, 17), date(2026, 3, 18)) == -1


def test_a_requested_range_defaults_to_this_year_swaps_reversed_days_and_bounds_the_years():
    import pytest
    from datetime import date

    from gonghui.core.errors import ActionError
    from gonghui.core.periods import requested_range

    today = date(2026, 12, 3)
    assert requested_range({}, today) == (date(2026, 1, 1), today)
    assert requested_range({"start": "2026-06-30", "end": "2026-01-01"}, today) == (date(2026, 1, 1), date(2026, 6, 30))
    assert requested_range({"start": "9999-12-31", "end": "x"}, today) == (date(2026, 1, 1), today)
    assert requested_range({"start": "1950-01-01"}, today) == (date(2026, 1, 1), today)  # before 2000: default
    with pytest.raises(ActionError) as e:
        requested_range({"start": "1950-01-01"}, today, strict=True)
    assert "2000年至2099年" in e.value.message_dict["start"][0]
    with pytest.raises(ActionError) as e:
        requested_range({"start": "0001-01-01"}, today, strict=True)
    assert "之间" in e.value.message_dict["start"][0]  # parse_date's own bounds (1900–2100) or the range's
    with pytest.raises(ActionError) as e:
        requested_range({"end": "2026-13-01"}, today, strict=True)
    assert "end" in e.value.message_dict
