"""Worked examples of the mutual-aid metrics the work plans use."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core import metrics as catalogue
from gonghui.members import actions as member_actions
from gonghui.mutualaid import actions

from .mutualaid_fixtures import enrolled, plan, plan_data, round_, women_plan  # noqa: F401

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def read(code, org, start=YEAR[0], end=YEAR[1]):
    return catalogue.get(code).read(org, start, end)


def test_the_four_metrics_are_registered():
    for code in ("mutualaid.members_covered", "mutualaid.coverage_rate", "mutualaid.claims_paid",
                 "mutualaid.health_check_rate"):
        assert catalogue.get(code).available


def test_members_covered_counts_each_member_once_with_a_breakdown_by_plan(users, tree, members, plan, women_plan):
    # ▶ 3 members in the medical plan, 2 women also in the women's plan → 3 people covered, not 5.
    actions.enrol(users.officer, plan, tree.school)
    actions.enrol(users.officer, women_plan, tree.school)
    reading = read("mutualaid.members_covered", tree.school)
    assert reading.value == 3
    assert dict(reading.breakdown) == {"职工医疗互助": 3, "女职工特种疾病互助": 2}
    assert read("mutualaid.members_covered", tree.b2).value == 1
    assert read("mutualaid.members_covered", tree.school, datetime.date(2025, 1, 1),
                datetime.date(2025, 12, 31)).value == 0
    assert read("mutualaid.members_covered", tree.county).value == 3


def test_coverage_rate_is_of_active_members(users, tree, members, women_plan):
    # ▶ 2 of the school's 3 active members (the women) are covered → 66.67%.
    actions.enrol(users.officer, women_plan, tree.school)
    reading = read("mutualaid.coverage_rate", tree.school)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("66.67"), 2, 3)
    # ▶ 张敏 retires: 1 covered active member of 2 active → 50.00%.
    member_actions.retire(users.chair, members.zhang, when=datetime.date(2026, 11, 30))
    assert read("mutualaid.coverage_rate", tree.school).value == Decimal("50.00")


def test_claims_paid_sums_the_paid_amounts_in_the_range(users, members, enrolled, tree):
    # ▶ 1000 claimed, 900 approved and paid on 2026-11-30; 500 approved but not yet paid → 900.00 paid.
    first = actions.submit_claim(users.officer, enrolled[members.wang.pk], amount="1000",
                                 incident_date=datetime.date(2026, 9, 1), diagnosis="住院")
    second = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="500",
                                  incident_date=datetime.date(2026, 9, 2), diagnosis="门诊")
    for claim, amount in ((first, "900"), (second, None)):
        actions.review_claim(users.officer, claim)
        actions.approve_claim(users.officer, claim, amount=amount)
    actions.pay_claim(users.officer, first, paid_on="2026-11-30")
    reading = read("mutualaid.claims_paid", tree.school)
    assert reading.value == Decimal("900.00") and dict(reading.breakdown) == {"职工医疗互助": Decimal("900.00")}
    assert read("mutualaid.claims_paid", tree.school, datetime.date(2026, 12, 1), YEAR[1]).value == Decimal("0.00")


def test_health_check_rate_is_attended_over_active_members(users, tree, members, round_):
    # ▶ 王强 and 赵丽 attend, 张敏 does not → 2 of 3 = 66.67%; 语文组 alone: 1 of 1 = 100%.
    whole = actions.add_slot(users.officer, round_, org=tree.school, date="2026-11-24", start_time="08:00")
    actions.save_attendance(users.officer, whole, [members.wang.pk, members.zhao.pk])
    reading = read("mutualaid.health_check_rate", tree.school)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("66.67"), 2, 3)
    assert read("mutualaid.health_check_rate", tree.b1).value == Decimal("100.00")


def test_a_rate_without_members_is_unknown_not_zero(users, admin_user, tree):
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    empty = org_actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, union_type="enterprise",
                                   code="EMPTY", name="空工会")
    assert read("mutualaid.coverage_rate", empty) is None
    assert read("mutualaid.health_check_rate", empty) is None
