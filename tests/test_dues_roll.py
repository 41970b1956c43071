"""The monthly roll (dues.actions.run_roll): set-based, idempotent while draft, locked when final."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.dues import actions
from gonghui.dues.models import DuesItem, DuesRoll, ExemptReason, ItemStatus
from gonghui.dues.roll import expected_amount
from gonghui.members import actions as member_actions
from gonghui.members.dues import monthly_dues

MONTH = datetime.date(2026, 3, 1)
TODAY = datetime.date(2026, 4, 10)


def lines(roll):
    return {i.member.name: i for i in DuesItem.objects.filter(roll=roll).select_related("member")}


def test_the_worked_examples_of_domain_section_two_come_out_of_the_roll(users, members, tree):
    result = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY)
    got = lines(result.roll)
    assert got["王强"].amount == Decimal("22.80")     # base 4,567.00 → 4,560 × 0.5%
    assert got["张敏"].amount == Decimal("15.00")     # base 3,009.99 → 3,000 × 0.5%
    assert result.roll.total_due == Decimal("60.60") and result.roll.heads == 3
    assert "刘洋" not in got  # the factory's member is not in the school's roll


def test_each_line_keeps_the_members_group_at_roll_time(users, members, tree):
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    assert lines(roll)["王强"].org == tree.g1
    member_actions.move_member(users.chair, members.wang, tree.b2)
    assert lines(roll)["王强"].org == tree.g1


def test_retained_members_are_exempt_and_a_zero_base_is_below_the_base(users, members, tree):
    member_actions.retire(users.chair, members.zhao)
    member_actions.update_member(users.chair, members.zhang, {"wage_base": "0"})
    got = lines(actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll)
    assert (got["赵丽"].status, got["赵丽"].exempt_reason, got["赵丽"].amount) == ("exempt", "retained", 0)
    assert (got["张敏"].status, got["张敏"].exempt_reason) == ("exempt", ExemptReason.BELOW_BASE)
    assert got["王强"].status == ItemStatus.UNPAID


def test_members_without_a_recorded_base_are_counted_apart(users, members, tree):
    member_actions.update_member(users.chair, members.zhang, {"wage_base": ""})
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    assert lines(roll)["张敏"].exempt_reason == ExemptReason.NO_BASE and roll.no_base_heads == 1


def test_members_who_joined_after_the_month_or_left_are_not_in_it(users, members, tree):
    member_actions.update_member(users.chair, members.zhang, {"join_date": "2026-04-01"})
    member_actions.terminate(users.chair, members.zhao, reason="resigned")
    got = lines(actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll)
    assert set(got) == {"王强"}


def test_running_a_draft_again_replaces_it_and_keeps_paid_lines(users, members, tree):
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    paid = lines(roll)["王强"]
    DuesItem.objects.filter(pk=paid.pk).update(status="paid", paid_amount=Decimal("22.80"), paid_at=TODAY)
    member_actions.update_member(users.chair, members.zhang, {"wage_base": "5000"})
    again = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY)
    got = lines(again.roll)
    assert again.roll.pk == roll.pk and DuesRoll.objects.count() == 1
    assert got["王强"].pk == paid.pk and got["王强"].status == "paid" and again.kept_paid == 1
    assert got["张敏"].amount == Decimal("25.00") and len(got) == 3
    assert again.roll.total_paid == Decimal("22.80")


def test_a_final_roll_is_locked(users, members, tree):
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    actions.finalize_roll(users.finance, roll)
    with pytest.raises(ActionError, match="已定稿，不能重新生成"):
        actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY)


def test_the_roll_is_a_fixed_number_of_queries_whatever_the_roster(users, members, tree,
                                                                    django_assert_max_num_queries):
    actions.run_roll(users.finance, tree.school, "2026-02", today=TODAY)
    with django_assert_max_num_queries(16):
        actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY)


def test_a_different_rate_is_applied_from_the_base_and_stored_on_the_roll(users, members, tree):
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.3")
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    assert roll.rate == Decimal("0.003")
    assert lines(roll)["王强"].amount == monthly_dues(Decimal("4567.00"), Decimal("0.003")) == Decimal("13.68")


@pytest.mark.parametrize("base", ["0.01", "9.99", "10.00", "3009.99", "4567.00", "5555.00", "12345.67",
                                  "999999.99", "1000000.00"])
@pytest.mark.parametrize("rate", ["0.005", "0.003", "0.004", "0.0025", "0.00125", "0.01"])
def test_the_sql_formula_agrees_with_the_one_rule_in_members_dues(base, rate):
    standard = monthly_dues(Decimal(base))
    assert expected_amount(standard, Decimal(rate)) == monthly_dues(Decimal(base), Decimal(rate))


def test_quarterly_collection_rolls_three_months_from_a_quarter_start(users, members, tree):
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.5",
                       frequency="quarterly")
    with pytest.raises(ActionError, match="季度首月"):
        actions.run_roll(users.finance, tree.school, "2026-02", today=TODAY)
    roll = actions.run_roll(users.finance, tree.school, "2026-01", today=TODAY).roll
    assert roll.months == 3 and lines(roll)["王强"].amount == Decimal("68.40")


@pytest.mark.parametrize("month, message", [("2026-05", "还没有到"), ("2026-13", "不是存在的月份"),
                                            ("三月", "不是月份"), ("", "不能为空")])
def test_a_future_or_malformed_month_is_refused(users, members, tree, month, message):
    with pytest.raises(ActionError, match=message) as caught:
        actions.run_roll(users.finance, tree.school, month, today=TODAY)
    assert "month" in caught.value.message_dict and not DuesRoll.objects.exists()


@pytest.mark.parametrize("org", ["b1", "county"])
def test_a_roll_belongs_to_a_grassroots_union(users, members, tree, admin_user, org):
    with pytest.raises(ActionError, match="会费按基层工会收缴"):
        actions.run_roll(admin_user, getattr(tree, org), "2026-03", today=TODAY)


def test_only_the_finance_officer_of_the_union_runs_it(users, members, tree):
    for user in (users.chair, users.outsider, users.auditor):
        with pytest.raises(PermissionDenied):
            actions.run_roll(user, tree.school, "2026-03", today=TODAY)


def test_running_and_finalising_are_audited_per_roll(users, members, tree):
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    actions.finalize_roll(users.finance, roll)
    entries = AuditEntry.objects.filter(object_type="dues.duesroll", object_id=roll.pk).order_by("id")
    assert [e.action for e in entries] == ["dues_roll_run", "dues_roll_final"]
    assert entries[0].org == tree.school and "3人" in entries[0].note


def test_a_federation_run_rolls_every_union_below_it_and_skips_final_ones(users, members, tree, admin_user):
    school = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    actions.finalize_roll(users.finance, school)
    result = actions.run_rolls(None, tree.county, "2026-03", today=TODAY)
    assert [r.union for r in result.rolls] == [tree.factory] and result.skipped_final == 1
    assert result.heads == 1 and result.total_due == Decimal("22.80")
