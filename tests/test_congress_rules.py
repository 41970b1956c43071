"""The congress rules of DOMAIN.md §7 as pure functions (worked examples included)."""
from fractions import Fraction

import pytest

from gonghui.congress import rules


@pytest.mark.parametrize("n,text", [(1, "一"), (7, "七"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"),
                                    (100, "一百"), (105, "一百零五"), (110, "一百一十"), (2026, "二千零二十六")])
def test_numerals_read_as_written_in_session_names(n, text):
    assert rules.numeral(n) == text


def test_a_session_is_named_by_term_and_meeting():
    assert rules.session_label(7, 3) == "七届三次"
    assert rules.session_label(12, 1) == "十二届一次"


def test_worked_example_150_delegates_110_present_quorum_met_resolution_needs_76():
    assert rules.quorum(150) == 100
    assert 110 >= rules.quorum(150)
    assert rules.votes_needed(150) == 76


def test_quorum_rounds_up_and_majority_is_more_than_half_of_all():
    assert rules.quorum(10) == 7      # 2/3 of 10 = 6.67
    assert rules.quorum(9) == 6
    assert rules.votes_needed(9) == 5
    assert rules.votes_needed(10) == 6
    assert rules.special_session_requests(10) == 4


@pytest.mark.parametrize("employees,minimum", [(50, 30), (100, 30), (199, 30), (200, 35), (1000, 75),
                                               (3000, 175), (3001, 175), (9000, 175)])
def test_shanghai_delegate_minimum(employees, minimum):
    assert rules.delegate_minimum("shanghai", employees) == minimum


@pytest.mark.parametrize("employees,minimum", [(99, 30), (100, 40), (250, 47), (999, 96), (1000, 100),
                                               (2500, 120), (4999, 160), (5000, 200)])
def test_zhejiang_delegate_minimum(employees, minimum):
    assert rules.delegate_minimum("zhejiang", employees) == minimum


def test_under_100_employees_is_a_general_assembly():
    assert rules.needs_assembly(99) and not rules.needs_assembly(100)


def _checks(**kw):
    base = dict(total=40, frontline=20, managers=8, women=16, teachers=0, employees=200, women_employees=80,
                school=False, minimum=35)
    base.update(kw)
    return {c.code: c for c in rules.composition(**base)}


def test_composition_met_at_the_exact_limits():
    checks = _checks()
    assert all(c.ok for c in checks.values()), [c.message for c in checks.values()]


def test_frontline_below_half_fails_with_a_chinese_message():
    c = _checks(frontline=19)["frontline"]
    assert not c.ok and "一线职工代表 19 人" in c.message and "≥ 20" in c.message


def test_managers_above_a_fifth_fail():
    assert not _checks(managers=9)["managers"].ok


def test_women_share_is_rounded_up():
    # 41 delegates × 80/200 = 16.4 → at least 17 women
    assert not _checks(total=41, frontline=21, women=16)["women"].ok
    assert _checks(total=41, frontline=21, women=17)["women"].ok


def test_teachers_at_least_sixty_percent_in_schools_only():
    assert "teachers" not in _checks()
    assert not _checks(school=True, teachers=23)["teachers"].ok
    assert _checks(school=True, teachers=24)["teachers"].ok


def test_too_few_delegates_fails_the_minimum():
    assert not _checks(minimum=41)["minimum"].ok


def test_evaluation_flag_is_strictly_more_than_the_fraction():
    third = Fraction(1, 3)
    assert not rules.flagged(10, 30, third)
    assert rules.flagged(11, 30, third)
    assert not rules.flagged(0, 0, third)


def test_flag_fraction_is_parsed_exactly_or_refused():
    assert rules.parse_fraction("1/3") == Fraction(1, 3)
    with pytest.raises(ValueError):
        rules.parse_fraction("abc")
    with pytest.raises(ValueError):
        rules.parse_fraction("3/2")


# ---- constituency elections (DOMAIN.md §7: ≥ 2/3 voting, elected with more than half of the whole) ----

def _result(**kw):
    base = dict(voters=60, seats=2, issued=60, returned=60, votes={})
    base.update(kw)
    return rules.constituency_result(**base)


def test_worked_example_a_constituency_of_60_needs_40_voting_and_31_votes_to_elect():
    assert rules.constituency_turnout(60) == 40
    assert rules.constituency_votes_needed(60) == 31


def test_worked_example_39_of_60_voting_makes_the_election_invalid_and_nobody_is_elected():
    r = _result(issued=39, returned=39, votes={"a": 39, "b": 35})
    assert not r.valid and r.elected == [] and r.unfilled == 2
    assert "不足选区选民60人的三分之二（应至少40人）" in r.reason


def test_40_of_60_voting_is_valid_and_31_votes_elect_while_30_do_not():
    r = _result(issued=40, returned=40, votes={"a": 31, "b": 30})
    assert r.valid and r.elected == ["a"] and r.unfilled == 1


def test_the_majority_is_of_the_whole_constituency_not_of_those_voting():
    # 25 of 40 voters is a clear majority of those voting but not more than half of all 60
    r = _result(issued=40, returned=40, votes={"a": 25})
    assert r.valid and r.elected == []


def test_more_ballots_returned_than_issued_voids_the_count():
    r = _result(issued=50, returned=51, votes={"a": 50})
    assert not r.valid and r.elected == [] and "多于发出50张" in r.reason


def test_seats_are_taken_in_order_of_votes():
    r = _result(votes={"a": 40, "b": 50, "c": 45})
    assert r.elected == ["b", "c"] and r.tied == [] and r.unfilled == 0


def test_a_tie_at_the_last_seat_is_reported_not_decided():
    r = _result(votes={"a": 50, "b": 40, "c": 40})
    assert r.elected == ["a"] and sorted(r.tied) == ["b", "c"] and r.unfilled == 1


def test_candidates_tied_within_the_seats_are_all_elected():
    r = _result(votes={"a": 40, "b": 40, "c": 20})
    assert sorted(r.elected) == ["a", "b"] and r.tied == []


def test_a_teachers_congress_counts_the_school_year_from_september():
    import datetime

    assert rules.school_year_start(datetime.date(2026, 12, 3)) == datetime.date(2026, 9, 1)
    assert rules.school_year_start(datetime.date(2026, 8, 31)) == datetime.date(2025, 9, 1)
    assert rules.meeting_window_start(datetime.date(2026, 12, 3), teachers=True) == datetime.date(2026, 9, 1)
    assert rules.meeting_window_start(datetime.date(2026, 12, 3), teachers=False) == datetime.date(2025, 12, 4)


def test_papers_are_late_when_sent_fewer_than_7_days_ahead_or_not_sent_a_week_before():
    import datetime

    day = datetime.date(2026, 12, 10)
    assert rules.papers_late(day, datetime.date(2026, 12, 3), datetime.date(2026, 12, 5)) == ""
    assert "距开会不足7天" in rules.papers_late(day, datetime.date(2026, 12, 4), datetime.date(2026, 12, 5))
    assert rules.papers_late(day, None, datetime.date(2026, 12, 3)) == ""
    assert rules.papers_late(day, None, datetime.date(2026, 12, 4)) == "距开会不足7天，会议文件尚未发送"
