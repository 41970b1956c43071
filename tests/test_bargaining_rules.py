"""The clocks and limits of DOMAIN §10, worked examples (calendar days, start day not counted, a last day on a
rest day moved to the next working day)."""
import datetime

from gonghui.bargaining import rules

D = datetime.date


def test_a_request_to_bargain_is_answered_within_20_days_moved_off_a_sunday():
    due = rules.answer_due(D(2026, 3, 2))
    assert due.day == D(2026, 3, 23)  # 20 days end on Sunday 22 March
    assert not due.provisional


def test_the_answer_clock_crosses_the_national_day_holiday():
    # 2026-09-15 + 20 days = 5 October, inside the 1–7 October holiday → 8 October? 8 Oct is a working day.
    assert rules.answer_due(D(2026, 9, 15)).day == D(2026, 10, 8)


def test_filing_is_due_10_days_after_signing():
    assert rules.filing_due(D(2026, 6, 1)).day == D(2026, 6, 11)


def test_in_force_after_15_days_without_objection():
    assert rules.objection_end(D(2026, 6, 5)).day == D(2026, 6, 22)  # 20 June is a Saturday
    assert rules.in_force_from(D(2026, 6, 5)).day == D(2026, 6, 23)


def test_a_year_the_calendar_does_not_cover_is_provisional():
    due = rules.answer_due(D(2099, 3, 2))
    assert due.provisional
    assert due.day.weekday() < 5


def test_term_and_expiry_reminder_three_months_ahead():
    end = rules.term_end(D(2026, 7, 1), 3)
    assert end == D(2029, 6, 30)
    assert rules.remind_from(end) == D(2029, 3, 30)
    assert rules.term_end(D(2028, 2, 29), 1) == D(2029, 2, 28)  # no 29 Feb 2029: the anniversary is 1 March
