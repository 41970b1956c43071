"""Dues policy, wage-base history and hardship exemptions (dues.actions)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.dues import actions
from gonghui.dues.models import DuesExemption, DuesItem, DuesPolicy, WageBaseChange
from gonghui.members.models import Member

TODAY = datetime.date(2026, 4, 10)


# ---- policy ----

def test_without_a_policy_the_national_half_percent_applies(tree):
    policy = actions.policy_for(tree.school, datetime.date(2026, 3, 1))
    assert policy.rate == Decimal("0.005") and policy.frequency == "monthly" and policy.group_share == 0


def test_a_policy_applies_from_its_month_until_the_next(users, tree):
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.4", group_share="60")
    actions.set_policy(users.finance, tree.school, effective_from="2026-04", rate_percent="0.5")
    assert actions.policy_for(tree.school, datetime.date(2025, 12, 1)).rate == Decimal("0.005")
    march = actions.policy_for(tree.school, datetime.date(2026, 3, 1))
    assert march.rate == Decimal("0.004") and march.group_share == Decimal("60")
    assert actions.policy_for(tree.school, datetime.date(2026, 5, 1)).rate == Decimal("0.005")


def test_setting_a_policy_for_the_same_month_replaces_it_and_is_audited(users, tree):
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.4")
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.45")
    assert DuesPolicy.objects.get().rate == Decimal("0.0045")
    entries = AuditEntry.objects.filter(action="dues_policy").order_by("id")
    assert entries.count() == 2 and entries.last().changes["rate"] == ["0.00400", "0.00450"]


@pytest.mark.parametrize("fields, field, message", [
    ({"rate_percent": "6"}, "rate_percent", "应在0.001%到5%之间"),
    ({"rate_percent": "abc"}, "rate_percent", "不是百分比数字"),
    ({"rate_percent": "0.12345"}, "rate_percent", "最多保留3位小数"),
    ({"group_share": "120"}, "group_share", "应在0%到100%之间"),
    ({"effective_from": "2026-02", "frequency": "quarterly"}, "effective_from", "季度首月"),
    ({"frequency": "weekly"}, "frequency", "按月收缴"),
])
def test_impossible_policy_values_are_refused_by_field(users, tree, fields, field, message):
    values = {"effective_from": "2026-01", "rate_percent": "0.5", **fields}
    with pytest.raises(ActionError) as caught:
        actions.set_policy(users.finance, tree.school, **values)
    assert message in caught.value.message_dict[field][0] and not DuesPolicy.objects.exists()


def test_only_the_finance_officer_sets_the_policy_and_only_for_a_grassroots_union(users, tree):
    with pytest.raises(PermissionDenied):
        actions.set_policy(users.outsider, tree.school, effective_from="2026-01", rate_percent="0.5")
    with pytest.raises(ActionError, match="会费按基层工会收缴"):
        actions.set_policy(users.finance, tree.b1, effective_from="2026-01", rate_percent="0.5")


# ---- wage bases ----

def test_a_wage_base_change_is_kept_encrypted_and_updates_the_member(users, members):
    change = actions.record_wage_base(users.chair, members.wang, wage_base="6000", effective_from="2026-03",
                                      source="payroll", today=TODAY)
    assert change.wage_base == Decimal("6000.00") and change.dues_amount == Decimal("30.00")
    with connection.cursor() as cursor:
        cursor.execute("SELECT wage_base FROM dues_wagebasechange WHERE id = %s", [change.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("v1:") and "6000" not in raw
    wang = Member.objects.get(pk=members.wang.pk)
    assert wang.wage_base == Decimal("6000.00") and wang.dues_monthly == Decimal("30.00")
    update = AuditEntry.objects.filter(object_type="members.member", object_id=wang.pk, action="update").last()
    assert update.changes["wage_base"] == ["（已加密）", "（已加密，已修改）"]
    assert AuditEntry.objects.filter(object_type="dues.wagebasechange", action="wage_base").exists()


def test_a_back_dated_change_is_history_only_when_a_later_one_exists(users, members):
    actions.record_wage_base(users.chair, members.wang, wage_base="6000", effective_from="2026-03", today=TODAY)
    actions.record_wage_base(users.chair, members.wang, wage_base="5000", effective_from="2026-01", today=TODAY)
    assert Member.objects.get(pk=members.wang.pk).wage_base == Decimal("6000.00")
    assert WageBaseChange.objects.filter(member=members.wang).count() == 2


@pytest.mark.parametrize("base, message", [("-1", "不能为负数"), ("1000000.01", "超过1,000,000元"),
                                           ("4567.005", "最多保留两位小数"), ("", "不能为空"), ("四千", "不是金额")])
def test_an_impossible_wage_base_is_refused_and_nothing_changes(users, members, base, message):
    with pytest.raises(ActionError) as caught:
        actions.record_wage_base(users.chair, members.wang, wage_base=base, effective_from="2026-03", today=TODAY)
    assert message in caught.value.message_dict["wage_base"][0]
    assert not WageBaseChange.objects.exists()
    assert Member.objects.get(pk=members.wang.pk).wage_base == Decimal("4567.00")


def test_a_wage_base_may_not_take_effect_in_a_future_month(users, members):
    with pytest.raises(ActionError) as caught:
        actions.record_wage_base(users.chair, members.wang, wage_base="5000", effective_from="2026-06", today=TODAY)
    assert "还没有到" in caught.value.message_dict["effective_from"][0]


def test_recording_a_wage_base_needs_the_right_to_edit_the_member_or_keep_the_books(users, members):
    for who in (users.outsider, users.auditor, users.federation, users.leader):
        with pytest.raises(PermissionDenied):
            actions.record_wage_base(who, members.wang, wage_base="5000", effective_from="2026-03", today=TODAY)
    assert WageBaseChange.objects.count() == 0


def test_the_finance_officer_records_a_wage_base_from_payroll_and_the_member_follows(users, members):
    change = actions.record_wage_base(users.finance, members.wang, wage_base="6400", effective_from="2026-03",
                                      source="payroll", today=TODAY)
    member = Member.objects.get(pk=members.wang.pk)
    assert change.created_by == users.finance and member.wage_base == Decimal("6400.00")
    assert member.dues_monthly == Decimal("32.00")
    entry = AuditEntry.objects.filter(object_type="members.member", object_id=member.pk, action="update").last()
    assert entry.actor == users.finance and entry.changes["wage_base"][1] == "（已加密，已修改）"


def test_the_finance_officer_may_change_no_other_field_of_a_member(users, members):
    from gonghui.members import actions as member_actions

    with pytest.raises(PermissionDenied):
        member_actions.update_member(users.finance, members.wang, {"wage_base": "6400", "post": "会计"})
    with pytest.raises(PermissionDenied):
        member_actions.update_member(users.finance, members.wang, {"name": "王刚"})
    assert Member.objects.get(pk=members.wang.pk).name == members.wang.name


# ---- exemptions ----

def test_a_hardship_exemption_makes_the_line_exempt_for_its_months(users, members, tree):
    actions.grant_exemption(users.chair, members.wang, start_month="2026-02", end_month="2026-03",
                            reason="家庭困难", decision_no="校工发〔2026〕1号", today=TODAY)
    march = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    april = actions.run_roll(users.finance, tree.school, "2026-04", today=TODAY).roll
    assert DuesItem.objects.get(roll=march, member=members.wang).exempt_reason == "hardship"
    assert DuesItem.objects.get(roll=april, member=members.wang).status == "unpaid"


def test_a_revoked_exemption_no_longer_applies_and_both_steps_are_audited(users, members, tree):
    exemption = actions.grant_exemption(users.chair, members.wang, start_month="2026-01", reason="家庭困难",
                                        decision_no="1号", today=TODAY)
    actions.revoke_exemption(users.chair, exemption, note="已就业")
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    assert DuesItem.objects.get(roll=roll, member=members.wang).status == "unpaid"
    actions_done = AuditEntry.objects.filter(object_type="dues.duesexemption").values_list("action", flat=True)
    assert sorted(actions_done) == ["dues_exempt", "dues_exempt_revoke"]


@pytest.mark.parametrize("fields, field, message", [
    ({"decision_no": ""}, "decision_no", "决定文号"),
    ({"reason": " "}, "reason", "减免理由"),
    ({"end_month": "2025-12"}, "end_month", "不能早于起始月份"),
    ({"start_month": "2026/13"}, "start_month", "不是存在的月份"),
])
def test_an_exemption_needs_a_decision_a_reason_and_sane_months(users, members, fields, field, message):
    values = {"start_month": "2026-01", "end_month": None, "reason": "家庭困难", "decision_no": "1号", **fields}
    with pytest.raises(ActionError) as caught:
        actions.grant_exemption(users.chair, members.wang, today=TODAY, **values)
    assert message in caught.value.message_dict[field][0] and not DuesExemption.objects.exists()


def test_overlapping_exemptions_are_refused(users, members):
    actions.grant_exemption(users.chair, members.wang, start_month="2026-01", reason="困难", decision_no="1号",
                            today=TODAY)
    with pytest.raises(ActionError, match="已有减免"):
        actions.grant_exemption(users.chair, members.wang, start_month="2026-03", end_month="2026-04",
                                reason="困难", decision_no="2号", today=TODAY)


def test_only_the_chair_approves_an_exemption(users, members):
    with pytest.raises(PermissionDenied):
        actions.grant_exemption(users.finance, members.wang, start_month="2026-01", reason="困难", decision_no="1号",
                                today=TODAY)
