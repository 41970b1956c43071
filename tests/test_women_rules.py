"""The women workers' rules (DOMAIN §11) with their worked examples."""
import datetime

from gonghui.women import rules

D = datetime.date


def test_a_single_normal_birth_starting_leave_on_1_may_2026_ends_on_6_august_2026():
    leave = rules.birth_leave(D(2026, 5, 1))
    assert (leave.days, leave.end) == (98, D(2026, 8, 6))


def test_a_difficult_birth_adds_15_days_and_each_additional_baby_15_more():
    assert rules.birth_leave_days(difficult=True) == 113
    assert rules.birth_leave_days(babies=2) == 113
    assert rules.birth_leave_days(difficult=True, babies=3) == 98 + 15 + 30


def test_the_provinces_extra_days_are_added_on_top():
    assert rules.birth_leave_days(extra=80) == 178
    assert rules.birth_leave(D(2026, 5, 1), extra=60).end == D(2026, 10, 5)


def test_leave_may_start_at_most_15_days_before_the_birth():
    assert rules.earliest_start(D(2026, 5, 16)) == D(2026, 5, 1)


def test_a_miscarriage_before_4_months_gives_15_days_and_from_4_months_42_days():
    assert rules.miscarriage_days(3) == 15
    assert rules.miscarriage_days(4) == 42
    assert rules.miscarriage_leave(D(2026, 3, 1), 5).end == D(2026, 4, 11)


def test_the_late_pregnancy_protection_starts_12_weeks_before_the_due_date():
    assert rules.late_pregnancy_from(D(2026, 10, 1)) == D(2026, 7, 9)


def test_the_breastfeeding_hour_lasts_until_the_day_before_the_first_birthday():
    assert rules.nursing_until(D(2026, 5, 10)) == D(2027, 5, 9)
    assert rules.first_birthday(D(2028, 2, 29)) == D(2029, 2, 28)


def test_a_committee_is_required_from_ten_women_and_voluntary_below():
    assert rules.committee_state(10, False) == "missing"
    assert rules.committee_state(12, True) == "set_up"
    assert rules.committee_state(9, True) == "voluntary"
    assert rules.committee_state(9, False) == "not_required"
