"""The election rules of DOMAIN.md §6, with its worked examples."""
import datetime

import pytest

from gonghui.elections import rules


def test_nine_seats_need_at_least_ten_candidates():
    assert rules.required_candidates(9) == 10


@pytest.mark.parametrize("seats,need", [(1, 2), (5, 6), (20, 21), (21, 23), (40, 42), (100, 105)])
def test_the_competitive_ratio_rounds_up_in_integers(seats, need):
    assert rules.required_candidates(seats) == need


def test_120_entitled_and_85_present_meet_quorum_and_a_candidate_needs_61_votes():
    assert rules.quorum(120) == 80
    assert 85 >= rules.quorum(120)
    assert rules.threshold(120, 85) == 61


def test_with_the_present_basis_more_than_half_of_those_present_is_needed():
    assert rules.threshold(120, 85, "present") == 43


def test_quorum_is_two_thirds_rounded_up():
    assert [rules.quorum(n) for n in (1, 2, 3, 4, 10, 100)] == [1, 2, 2, 3, 7, 67]


def test_a_ballot_with_more_marks_than_seats_is_invalid_and_a_blank_one_valid():
    assert rules.ballot_is_valid(0, 3)
    assert rules.ballot_is_valid(3, 3)
    assert not rules.ballot_is_valid(4, 3)


def test_counting_elects_in_order_of_votes_among_those_reaching_the_threshold():
    outcome = rules.count({"a": 70, "b": 90, "c": 61, "d": 60}, seats=3, needed=61)
    assert outcome.elected == ["b", "a", "c"] and outcome.tied == [] and outcome.short == 0


def test_more_reaching_the_threshold_than_seats_elects_the_most_voted():
    outcome = rules.count({"a": 70, "b": 90, "c": 65, "d": 62}, seats=2, needed=61)
    assert outcome.elected == ["b", "a"] and outcome.short == 0


def test_a_tie_at_the_last_seat_leaves_that_seat_to_a_new_vote_among_the_tied():
    outcome = rules.count({"a": 90, "b": 70, "c": 70, "d": 40}, seats=2, needed=61)
    assert outcome.elected == ["a"]
    assert sorted(outcome.tied) == ["b", "c"] and outcome.tie_seats == 1


def test_a_tie_that_fits_in_the_seats_elects_all_of_them():
    outcome = rules.count({"a": 90, "b": 70, "c": 70}, seats=3, needed=61)
    assert sorted(outcome.elected) == ["a", "b", "c"] and not outcome.tied


def test_seats_nobody_reached_the_threshold_for_are_left_short():
    outcome = rules.count({"a": 90, "b": 60, "c": 30}, seats=3, needed=61)
    assert outcome.elected == ["a"] and outcome.short == 2


def test_a_term_ends_the_day_before_its_anniversary():
    assert rules.term_end(datetime.date(2021, 12, 10), 5) == datetime.date(2026, 12, 9)
    assert rules.term_end(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 27)


def test_unions_of_a_hundred_members_or_more_hold_a_delegates_assembly(settings):
    assert rules.default_assembly(99) == "members"
    assert rules.default_assembly(100) == "delegates"
    settings.GONGHUI_ELECTION_DELEGATES_FROM = 200
    assert rules.default_assembly(150) == "members"
