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
