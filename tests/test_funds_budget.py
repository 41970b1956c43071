"""The annual budget: lines by account, approval by someone else, adjustments, execution and warnings."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.funds import actions
from gonghui.funds.execution import budget_status, chart, execution
from gonghui.funds.models import Budget, BudgetLine, BudgetStatus
from gonghui.ledger import actions as ledger

YEAR = timezone.localdate().year - 1
LINES = [{"account": "50101", "amount": "10000"}, {"account": "50105", "amount": "20,000.00", "note": "节日慰问"},
         {"account": "504", "amount": "5000"}, {"account": "401", "amount": "30000"}]


def post_expense(users, union, code, amount, day=datetime.date(YEAR, 5, 6)):
    v = ledger.create_voucher(users.finance, union=union, date=day, summary="支出", category=code,
                              lines=[{"account": code, "debit": D(amount), "credit": D("0")},
                                     {"account": "102", "debit": D("0"), "credit": D(amount)}])
    ledger.review_voucher(users.auditor, v)
    ledger.approve_voucher(users.chair, v)
    return ledger.post_voucher(users.finance, v)


@pytest.fixture
def approved(users, tree):
    budget = actions.create_budget(users.finance, tree.school, year=YEAR, lines=LINES)
    actions.submit_budget(users.finance, budget)
    return actions.approve_budget(users.chair, budget)


def test_a_budget_is_prepared_submitted_and_approved_by_different_people(approved, users):
    assert approved.status == BudgetStatus.APPROVED and approved.approved_by == users.chair
    lines = {line.account_code: line for line in approved.lines.all()}
    assert lines["50105"].approved_amount == D("20000.00") and lines["50105"].account_name == "会员活动（慰问）"
    assert lines["401"].kind == "income" and lines["504"].kind == "expense"
    assert list(AuditEntry.objects.filter(object_type="funds.budget").order_by("id").values_list("action", flat=True)) == [
        "budget_create", "budget_submit", "budget_approve"]


def test_nobody_approves_a_budget_they_prepared(users, tree, admin_user):
    budget = actions.create_budget(admin_user, tree.school, year=YEAR, lines=LINES)
    actions.submit_budget(admin_user, budget)
    with pytest.raises(ActionError) as exc:
        actions.approve_budget(admin_user, budget)
    assert exc.value.message_dict == {"status": ["不能审批自己编制或报送的预算，请由其他有审批权的负责人审批"]}
    with pytest.raises(PermissionDenied):
        actions.approve_budget(users.finance, budget)
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.SUBMITTED


def test_a_line_on_a_non_expense_account_is_refused_and_nothing_is_written(users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_budget(users.finance, tree.school, year=YEAR, lines=[
            {"account": "50102", "amount": "100"}, {"account": "102", "amount": "100", "kind": "expense"},
            {"account": "9999", "amount": "1"}, {"account": "50103", "amount": "-1"}])
    assert exc.value.message_dict == {
        "lines.2": ["102 银行存款不是支出科目，支出预算只能按支出科目（501职工活动支出及其明细、502…510）编制"],
        "lines.3": ["第3行：科目“9999”不存在"],
        "lines.4": ["50103 宣传活动的金额不能为负数"]}
    assert not Budget.objects.exists() and not BudgetLine.objects.exists()


def test_a_parent_account_and_its_sub_account_cannot_both_be_budgeted(users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_budget(users.finance, tree.school, year=YEAR,
                              lines=[{"account": "501", "amount": "1"}, {"account": "50102", "amount": "1"}])
    assert "是上下级科目" in exc.value.message_dict["lines.2"][0]


def test_an_approved_budget_changes_only_by_an_adjustment_with_a_reason(approved, users):
    with pytest.raises(ActionError, match="预算调整"):
        actions.update_budget(users.finance, approved, lines=LINES)
    with pytest.raises(ActionError) as exc:
        actions.adjust_budget(users.finance, approved, lines=LINES, reason="")
    assert exc.value.message_dict == {"reason": ["请填写调整原因"]}
    new = [dict(line) for line in LINES]
    new[1]["amount"] = "26000"
    actions.adjust_budget(users.finance, approved, lines=new, reason="春节慰问人数增加")
    approved.refresh_from_db()
    assert approved.version == 2 and approved.status == BudgetStatus.SUBMITTED and approved.approved_version == 1
    revision = approved.revisions.get()
    assert revision.changes == [{"account": "50105", "name": "会员活动（慰问）", "before": "20000.00",
                                 "after": "26000.00"}]
    # Until the adjustment is approved the warnings keep to the approved 20,000.
    assert budget_status(approved.union, YEAR, "50105").budget == D("20000.00")
    actions.approve_budget(users.chair, approved)
    assert budget_status(approved.union, YEAR, "50105").budget == D("26000.00")


def test_a_submitted_budget_can_be_returned_with_a_reason_and_edited_again(users, tree):
    budget = actions.create_budget(users.finance, tree.school, year=YEAR, lines=LINES)
    actions.submit_budget(users.finance, budget)
    with pytest.raises(ActionError, match="不能修改"):
        actions.update_budget(users.finance, budget, lines=LINES[:1])
    actions.return_budget(users.chair, budget, reason="行政支出偏高")
    actions.update_budget(users.finance, budget, lines=LINES[:1])
    assert list(budget.lines.values_list("account_code", flat=True)) == ["50101"]


def test_a_second_budget_for_the_same_year_is_refused(approved, users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_budget(users.finance, tree.school, year=YEAR, lines=LINES)
    assert exc.value.message_dict == {"year": [f"{YEAR}年预算已存在，请在原预算上修改或调整"]}


def test_budget_status_warns_amber_at_80_percent_and_red_at_100(approved, users, tree):
    assert budget_status(tree.school, YEAR, "50105") == (D("20000.00"), D("0"), D("0.0000"), "ok")
    post_expense(users, tree.school, "50105", "15999.99")
    assert budget_status(tree.school, YEAR, "50105").level == "ok"
    post_expense(users, tree.school, "50105", "0.01")
    status = budget_status(tree.school, YEAR, "50105")
    assert status == (D("20000.00"), D("16000.00"), D("0.8000"), "amber") and status.percent == D("80.0")
    would = budget_status(tree.school, YEAR, "50105", extra=D("4000"))
    assert would.level == "red" and would.ratio == D("1.0000")


def test_budget_status_covers_sub_accounts_with_a_parent_line_and_parents_with_sub_lines(approved, users, tree):
    post_expense(users, tree.school, "50101", "9000")
    whole = budget_status(tree.school, YEAR, "501")         # 50101 + 50105 lines
    assert whole.budget == D("30000.00") and whole.spent == D("9000.00")
    assert budget_status(tree.school, YEAR, "50101").level == "amber"
    assert budget_status(tree.school, YEAR, "503") == (None, D("0"), None, "none")


def test_execution_compares_every_line_with_the_posted_books_in_a_fixed_number_of_queries(
        approved, users, tree, django_assert_num_queries):
    post_expense(users, tree.school, "50105", "21000")
    post_expense(users, tree.school, "504", "1000")
    budget = Budget.objects.select_related("union").get(pk=approved.pk)
    with django_assert_num_queries(3):
        result = execution(budget)
    rows = {r.line.account_code: r for r in result.expense}
    assert rows["50105"].status.level == "red" and rows["50105"].remaining == D("-1000.00")
    assert rows["504"].status.level == "ok" and result.expense_actual == D("22000.00")
    assert [r.line.account_code for r in result.warnings] == ["50105"]
    bars = chart(result).bars
    assert [b.level for b in bars] == ["ok", "red", "ok"] and max(b.actual_length for b in bars) == 100.0
