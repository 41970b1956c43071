"""The rules of a selection as pure functions, with their worked examples."""
import datetime
from decimal import Decimal

from gonghui.honours import rules
from gonghui.honours.models import HonourKind


def test_membership_years_count_only_completed_years():
    assert rules.member_years(datetime.date(2015, 9, 1), datetime.date(2026, 12, 3)) == 11
    assert rules.member_years(datetime.date(2023, 12, 4), datetime.date(2026, 12, 3)) == 2
    assert rules.member_years(datetime.date(2023, 12, 4), datetime.date(2026, 12, 4)) == 3


def test_a_man_is_not_eligible_for_a_women_only_honour_and_the_reason_says_so():
    kind = HonourKind(name="巾帼建功标兵", women_only=True, no_sanction=True)
    reasons = rules.ineligible(kind, sex="M", join_date=datetime.date(2015, 9, 1), status="active", sanctioned=False,
                               day=datetime.date(2026, 12, 3))
    assert reasons == ["该荣誉限女职工参评"]


def test_every_reason_is_given_at_once():
    kind = HonourKind(name="劳动模范", women_only=True, no_sanction=True, min_member_years=5)
    reasons = rules.ineligible(kind, sex="M", join_date=datetime.date(2023, 12, 4), status="active", sanctioned=True,
                               day=datetime.date(2026, 12, 3))
    assert reasons == ["该荣誉限女职工参评", "正在处分期内，不得参评", "会龄不足5年（现2年）"]


def test_a_sanction_does_not_bar_a_kind_that_does_not_say_so():
    kind = HonourKind(name="技术能手", no_sanction=False)
    assert rules.ineligible(kind, sex="M", join_date=datetime.date(2020, 1, 1), status="active", sanctioned=True,
                            day=datetime.date(2026, 12, 3)) == []


def test_a_terminated_member_is_not_eligible():
    kind = HonourKind(name="优秀会员")
    assert rules.ineligible(kind, sex="F", join_date=datetime.date(2020, 1, 1), status="terminated",
                            sanctioned=False, day=datetime.date(2026, 12, 3)) == ["会籍状态不符（须为在册会员）"]


def test_the_average_score_is_rounded_half_up_to_two_places():
    assert rules.mean(Decimal("263"), 3) == Decimal("87.67")
    assert rules.mean(Decimal("0"), 0) is None


def test_a_tie_across_the_last_place_is_reported_not_broken():
    rows, tie = rules.ranking({1: 90, 2: 85, 3: 85, 4: 70}, 2)
    assert [r.rank for r in rows] == [1, 2, 2, 4]
    assert tie
    rows, tie = rules.ranking({1: 90, 2: 85, 3: 85, 4: 70}, 3)
    assert not tie and [r.key for r in rows if r.within] == [1, 2, 3]


def test_a_nominee_without_votes_is_never_within_the_quota():
    rows, tie = rules.ranking({1: 3, 2: 0}, 2)
    assert [r.key for r in rows if r.within] == [1] and not tie
