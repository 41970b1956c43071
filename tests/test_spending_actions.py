"""Spending actions: adjusting and choosing rule sets, recording expenses, overriding a breach."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.ledger.models import Voucher
from gonghui.spending import actions
from gonghui.spending.models import Benefit, Expense, RuleSet
from gonghui.spending.rules import effective_rule_set, effective_rules

from .spending_fixtures import anhui, preset  # noqa: F401

DAY = datetime.date(2026, 9, 20)
D = Decimal


def festival(users, tree, members, amount, *, who=None, name="中秋节", **extra):
    return actions.record_expense(users.finance, tree.school, kind="festival", festival=name,
                                  members=who or [members.wang, members.zhao], amount_per_person=D(amount),
                                  date=DAY, description="月饼", **extra)


# ---- adjusting a union's own set ----

def test_a_union_may_tighten_its_federations_caps_and_inherits_the_rest(tree, users, anhui):
    own = actions.adjust_rule_set(users.chair, tree.school, name="一中工会细则", effective_from=datetime.date(2026, 1, 1),
                                  rules={"festival_total": "1,800", "birthday": "",
                                         "festival_forms_forbidden": "现金 购物卡"})
    rules = effective_rules(own)
    assert own.parent == anhui and own.owner == tree.school and own.region == "安徽"
    assert rules.get("festival_total").amount == D("1800") and rules.get("festival_total").rule_set == own
    assert rules.get("birthday").rule_set == anhui
    entry = AuditEntry.objects.get(object_type="spending.ruleset", object_id=own.pk)
    assert entry.action == "create" and entry.actor == users.chair and entry.org == tree.school
    assert entry.changes["rules"][1]["festival_total"] == "1,800.00"


def test_a_cap_looser_than_the_federations_is_refused_with_both_amounts_named(tree, users, anhui):
    with pytest.raises(ActionError) as err:
        actions.adjust_rule_set(users.chair, tree.school, name="放宽", effective_from=DAY,
                                rules={"festival_total": "2500", "birthday": "200"})
    assert err.value.message_dict["festival_total"] == [
        "节日慰问品（全年合计）上限2,500.00元高于上级规则集“安徽（修订）”的2,000.00元；本单位只能收紧、不能放宽"]
    assert not RuleSet.objects.filter(owner=tree.school).exists()


def test_a_union_cannot_add_festivals_or_lift_the_ban_on_cash(tree, users, anhui):
    with pytest.raises(ActionError) as err:
        actions.adjust_rule_set(users.chair, tree.school, name="放宽", effective_from=DAY,
                                rules={"festival_allowed": "春节、圣诞节", "festival_forms_forbidden": "现金"})
    assert "圣诞节不在上级规则集“全国基线”允许的范围内" in err.value.message_dict["festival_allowed"][0]
    assert "不能取消" in err.value.message_dict["festival_forms_forbidden"][0]


@pytest.mark.parametrize("value, message", [("0", "上限必须大于0"), ("-5", "上限必须大于0"),
                                            ("12.345", "金额最多保留两位小数（分）"), ("很多", "“很多”不是金额")])
def test_a_cap_must_be_a_positive_amount(tree, users, anhui, value, message):
    with pytest.raises(ActionError) as err:
        actions.adjust_rule_set(users.chair, tree.school, name="细则", effective_from=DAY, rules={"birthday": value})
    assert err.value.message_dict["birthday"] == [message]


def test_a_second_set_overlapping_the_first_is_refused(tree, users, anhui):
    actions.adjust_rule_set(users.chair, tree.school, name="细则", effective_from=datetime.date(2026, 1, 1),
                            rules={"birthday": "200"})
    with pytest.raises(ActionError) as err:
        actions.adjust_rule_set(users.chair, tree.school, name="新细则", effective_from=datetime.date(2026, 7, 1),
                                rules={"birthday": "150"})
    assert "生效期重叠" in err.value.message_dict["effective_from"][0]
    with pytest.raises(ActionError) as err:
        actions.adjust_rule_set(users.chair, tree.school, name="新细则", effective_from=datetime.date(2026, 7, 1),
                                effective_to=datetime.date(2026, 6, 1), rules={})
    assert err.value.message_dict["effective_to"] == ["失效日期不能早于生效日期"]


def test_an_update_replaces_the_own_rules_and_stays_within_the_federations(tree, users, anhui):
    own = actions.adjust_rule_set(users.chair, tree.school, name="细则", effective_from=datetime.date(2026, 1, 1),
                                  rules={"birthday": "200"})
    actions.update_rule_set(users.chair, own, rules={"birthday": "250", "cinema": "100"})
    assert {r.item: r.amount for r in own.rules.all()} == {"birthday": D("250"), "cinema": D("100")}
    with pytest.raises(ActionError):
        actions.update_rule_set(users.chair, own, rules={"cinema": "151"})
    assert {r.item: r.amount for r in own.rules.all()} == {"birthday": D("250"), "cinema": D("100")}
    with pytest.raises(ActionError) as err:
        actions.update_rule_set(users.chair, anhui, rules={"birthday": "100"})
    assert "预置规则集不能修改" in err.value.message_dict["rule_set"][0]


def test_only_the_chair_adjusts_a_union_and_only_federation_officers_choose(tree, users, anhui):
    for user in (users.finance, users.officer, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.adjust_rule_set(user, tree.school, name="细则", effective_from=DAY, rules={})
    with pytest.raises(PermissionDenied):
        actions.choose_rule_set(users.chair, tree.town, preset("山西"))
    with pytest.raises(ActionError):
        actions.choose_rule_set(users.federation, tree.school, preset("山西"))


def test_withdrawing_the_own_set_falls_back_to_the_federations(tree, users, anhui):
    own = actions.adjust_rule_set(users.chair, tree.school, name="细则", effective_from=datetime.date(2026, 1, 1),
                                  rules={"birthday": "200"})
    actions.delete_rule_set(users.chair, own)
    assert effective_rule_set(tree.school, DAY) == anhui
    assert AuditEntry.objects.filter(object_type="spending.ruleset", object_id=own.pk, action="delete").exists()


def test_choosing_is_audited_and_clearing_it_returns_to_the_baseline(tree, users, anhui):
    entry = AuditEntry.objects.get(action="choose_rules")
    assert entry.org == tree.county and entry.changes["rule_set"] == [None, "安徽（修订）"]
    actions.choose_rule_set(users.federation, tree.county, None)
    assert effective_rule_set(tree.school, DAY) == preset("全国基线")


# ---- recording expenses ----

def test_an_expense_within_the_rules_writes_benefits_and_a_balanced_draft_voucher(tree, users, members, anhui):
    expense = festival(users, tree, members, "300")
    assert expense.status == Expense.Status.RECORDED and expense.total == D("600.00")
    assert sorted(Benefit.objects.filter(expense=expense).values_list("member__name", "amount")) == [
        ("王强", D("300.00")), ("赵丽", D("300.00"))]
    voucher = Voucher.objects.get(pk=expense.voucher_id)
    assert (voucher.status, voucher.source, voucher.category, voucher.prepared_by) == (
        "draft", "expense", "50105", users.finance)
    lines = sorted((line.account.code, line.debit, line.credit) for line in voucher.lines.all())
    assert lines == [("102", D("0"), D("600.00")), ("50105", D("600.00"), D("0"))]
    assert AuditEntry.objects.filter(object_type="spending.expense", object_id=expense.pk, action="create").exists()


def test_a_breach_blocks_the_expense_and_nothing_is_written(tree, users, members, anhui):
    festival(users, tree, members, "1800", who=[members.wang])
    before = (Expense.objects.count(), Benefit.objects.count(), Voucher.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ActionError) as err:
        festival(users, tree, members, "300")
    assert "本年度已发放节日慰问品1,800.00元，上限2,000.00元，最多还可发放200.00元" in err.value.messages[0]
    assert (Expense.objects.count(), Benefit.objects.count(), Voucher.objects.count(),
            AuditEntry.objects.count()) == before


def test_the_chair_may_override_a_breach_with_a_reason_that_is_audited(tree, users, members, anhui):
    festival(users, tree, members, "1800", who=[members.wang])
    pending = festival(users, tree, members, "300", submit_if_breached=True)
    assert pending.status == Expense.Status.PENDING and pending.voucher is None
    assert not Benefit.objects.filter(expense=pending).exists()
    with pytest.raises(PermissionDenied):
        actions.override_expense(users.finance, pending, reason="职工大会决定")
    with pytest.raises(ActionError) as err:
        actions.override_expense(users.chair, pending, reason=" ")
    assert err.value.message_dict["override_reason"] == ["请写明突破规则的理由"]
    expense = actions.override_expense(users.chair, pending, reason="职工大会决定增发")
    assert expense.status == Expense.Status.RECORDED and expense.override_by == users.chair
    voucher = Voucher.objects.get(pk=expense.voucher_id)
    assert voucher.override_reason == "职工大会决定增发" and voucher.prepared_by == users.finance
    entry = AuditEntry.objects.get(object_type="spending.expense", object_id=expense.pk, action="override")
    assert entry.actor == users.chair
    assert "最多还可发放200.00元" in entry.changes["breaches"][1][0]
    assert entry.changes["override_reason"] == [None, "职工大会决定增发"]
    assert Benefit.objects.filter(expense=expense).count() == 2


def test_a_bookkeeper_without_approval_rights_cannot_override_in_one_step(tree, users, members, anhui):
    festival(users, tree, members, "1800", who=[members.wang])
    with pytest.raises(ActionError) as err:
        festival(users, tree, members, "300", override_reason="我决定的")
    assert "工会主席" in err.value.message_dict["override_reason"][0]
    assert not Expense.objects.filter(amount_per_person=D("300")).exists()


def test_the_chair_may_reject_a_pending_expense_with_a_note(tree, users, members, anhui):
    pending = festival(users, tree, members, "2100", submit_if_breached=True)
    expense = actions.reject_expense(users.chair, pending, note="超标准，不予批准")
    assert expense.status == Expense.Status.REJECTED and not Benefit.objects.exists()
    with pytest.raises(ActionError):
        actions.override_expense(users.chair, expense, reason="再议")


def test_cash_gifts_are_refused_with_the_forbidden_item_message(tree, users, members, anhui):
    with pytest.raises(ActionError) as err:
        festival(users, tree, members, "100", form="cash")
    assert err.value.messages == ["节日慰问品只能发放实物，不得发放现金"]


def test_recording_needs_the_bookkeeper_or_a_care_or_events_officer_and_a_description(tree, users, members, anhui):
    for outsider in (users.auditor, users.federation, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.record_expense(outsider, tree.school, kind="birthday", members=[members.wang],
                                   amount_per_person=D("100"), date=DAY, description="蛋糕")
    # The care officer records a birthday greeting: benefit rows and a draft voucher they prepared.
    expense = actions.record_expense(users.officer, tree.school, kind="birthday", members=[members.wang],
                                     amount_per_person=D("100"), date=DAY, description="生日蛋糕")
    assert expense.voucher.prepared_by == users.officer and expense.voucher.status == "draft"
    with pytest.raises(ActionError) as err:
        actions.record_expense(users.finance, tree.school, kind="birthday", members=[members.wang],
                               amount_per_person=D("100"), date=DAY, description=" ")
    assert err.value.message_dict["description"] == ["不能为空"]


def test_benefits_of_earlier_expenses_count_towards_the_yearly_cap(tree, users, members, anhui):
    festival(users, tree, members, "1000", name="春节")
    festival(users, tree, members, "800", name="端午节")
    with pytest.raises(ActionError):
        festival(users, tree, members, "201")
    assert festival(users, tree, members, "200").status == Expense.Status.RECORDED
