"""One spending-check result, read by every page and the API: outcome, rule set, article and limit.

"No rule" is never "within the rule": where the applicable set states no limit for the kind, the check
says so ("本级标准未规定该项限额") and the expense needs the chair's sign-off like an over-limit amount.
"""
import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gonghui.core.errors import ActionError
from gonghui.spending import actions
from gonghui.spending.models import Expense, RuleSet
from gonghui.spending.rules import Outcome, check_expense

from .conftest import login
from .spending_fixtures import anhui, preset  # noqa: F401

DAY = datetime.date(2026, 9, 20)
D = Decimal


# ---- the four outcomes, worked examples ----

def test_limit_set_and_within_names_the_set_the_article_and_the_limit(tree, members, anhui):
    verdict = check_expense(tree.school, kind="hospital", amount_per_person=D("800"), members=[members.wang],
                            date=DAY)
    assert verdict.outcome == Outcome.WITHIN and verdict.ok and not verdict.needs_sign_off
    assert (verdict.rule_set_name, verdict.article, verdict.limit) == ("安徽（修订）", "住院慰问", "1,000.00")
    assert verdict.source == "安徽省总工会 基层工会经费收支管理实施办法（修订）"


def test_over_the_limit_needs_the_chairs_sign_off(tree, members, anhui):
    verdict = check_expense(tree.school, kind="hospital", amount_per_person=D("1200"), members=[members.wang],
                            date=DAY)
    assert verdict.outcome == Outcome.OVER and verdict.needs_sign_off
    assert verdict.limit == "1,000.00" and verdict.breaches[0].outcome == Outcome.OVER


def test_the_100000_yuan_hospital_visit_under_the_national_baseline_is_no_limit_and_needs_sign_off(
        tree, users, members):
    verdict = check_expense(tree.school, kind="hospital", amount_per_person=D("100000"), members=[members.wang],
                            date=DAY)
    assert verdict.outcome == Outcome.NO_LIMIT and not verdict.ok and verdict.needs_sign_off
    assert (verdict.rule_set_name, verdict.article, verdict.limit) == ("全国基线", "住院慰问", None)
    [breach] = verdict.breaches
    assert "“全国基线”未规定住院慰问的限额（本级标准未规定该项限额）" in breach.message
    assert "须由工会主席签批" in breach.message
    # recording it is refused without a reason, and waits for the chair when submitted
    with pytest.raises(ActionError) as exc:
        actions.record_expense(users.finance, tree.school, kind="hospital", members=[members.wang],
                               amount_per_person=D("100000"), date=DAY, description="住院慰问")
    assert "未规定住院慰问的限额" in exc.value.as_text()
    expense = actions.record_expense(users.finance, tree.school, kind="hospital", members=[members.wang],
                                     amount_per_person=D("100000"), date=DAY, description="住院慰问",
                                     submit_if_breached=True)
    assert expense.status == Expense.Status.PENDING
    assert expense.check_result["outcome"] == "no_limit" and expense.check_result["limit"] is None
    assert expense.check_result["rule_set"] == "全国基线" and expense.check_result["article"] == "住院慰问"


def test_festival_gifts_in_cash_are_not_allowed(tree, members, anhui):
    verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("100"),
                            members=[members.wang], date=DAY, form="cash")
    assert verdict.outcome == Outcome.NOT_ALLOWED and verdict.needs_sign_off
    assert verdict.article == "节日慰问品（全年合计）" and verdict.limit == "2,000.00"


def test_festival_gifts_under_the_national_baseline_state_no_amount(tree, members):
    verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("300"),
                            members=[members.wang], date=DAY)
    assert verdict.outcome == Outcome.NO_LIMIT
    assert {b.item: b.limit for b in verdict.basis} == {"festival_total": None, "other_festival": None}


def test_a_kind_no_set_caps_per_person_is_uncapped_not_within(tree, members):
    verdict = check_expense(tree.school, kind="other", amount_per_person=D("50"), members=[members.wang], date=DAY)
    assert verdict.outcome == Outcome.UNCAPPED and verdict.ok and verdict.basis == []


def test_a_limit_inherited_from_the_province_names_the_set_that_states_it(tree, users, members, anhui):
    actions.adjust_rule_set(users.chair, tree.school, name="本校标准", effective_from=datetime.date(2026, 1, 1),
                            rules={"birthday": "200"})
    verdict = check_expense(tree.school, kind="hospital", amount_per_person=D("800"), members=[members.wang],
                            date=DAY)
    assert verdict.rule_set_name == "本校标准"
    assert verdict.basis[0].rule_set == "安徽（修订）" and verdict.limit == "1,000.00"


# ---- the pages and the API read the same result ----

def test_the_check_page_shows_no_limit_with_the_sign_off_and_the_basis(client, users, members):
    login(client, users.chair)
    page = client.post("/finance/rules/expenses/new/?union=SCH", {
        "kind": "hospital", "member_nos": members.wang.member_no, "amount_per_person": "100000",
        "date": "2026-09-20", "description": "住院慰问", "form": "goods", "intent": "check"}).content.decode()
    assert 'data-outcome="no_limit"' in page and 'id="sign-off-needed"' in page
    assert "本级标准未规定该项限额" in page and "计算依据" in page
    assert "msg-ok" not in page and "符合开支标准" not in page


def test_the_expense_page_shows_the_kept_result(client, users, members):
    expense = actions.record_expense(users.finance, members.wang.union, kind="hospital", members=[members.wang],
                                     amount_per_person=D("100000"), date=DAY, description="住院慰问",
                                     submit_if_breached=True)
    page = login(client, users.chair).get(f"/finance/rules/expenses/{expense.pk}/").content.decode()
    assert 'data-outcome="no_limit"' in page and "住院慰问：本级标准未规定该项限额（“全国基线”）" in page
    listing = client.get("/finance/rules/expenses/?org=SCH").content.decode()
    assert '<span class="small muted outcome">本级标准未规定该项限额</span>' in listing


def test_the_member_benefits_page_says_no_limit_rather_than_showing_none(client, users, members):
    page = login(client, users.chair).get(f"/finance/rules/members/{members.wang.pk}/benefits/").content.decode()
    assert "本级标准未规定该项限额" in page and "适用规则集：“全国基线”" in page


def test_the_api_check_returns_outcome_rule_set_article_and_limit(users, members):
    client = APIClient()
    client.force_authenticate(users.chair)
    data = client.post("/api/finance/rules/check/", {
        "union": "SCH", "kind": "hospital", "member_nos": [members.wang.member_no], "amount_per_person": "100000",
        "date": "2026-09-20", "description": "住院慰问"}, format="json").json()
    assert data["outcome"] == "no_limit" and data["needs_sign_off"] is True and data["ok"] is False
    assert (data["rule_set"], data["article"], data["limit"]) == ("全国基线", "住院慰问", None)
    assert data["breaches"][0]["outcome"] == "no_limit"


def test_a_rule_row_with_its_amount_missing_is_reported_plainly_not_as_a_limit(tree, users, members, anhui):
    """Bad data (a hospital row without an amount, e.g. from an import) is no limit, said as such."""
    from gonghui.spending.models import Rule

    own = RuleSet.objects.create(name="本校不完整标准", region="安徽", effective_from=datetime.date(2026, 1, 1),
                                 parent=anhui, owner=tree.school)
    Rule.objects.create(rule_set=own, item="hospital", kind="occasion_cap", amount=None)
    verdict = check_expense(tree.school, kind="hospital", amount_per_person=D("800"), members=[members.wang],
                            date=DAY)
    assert verdict.outcome == Outcome.NO_LIMIT and verdict.limit is None and verdict.needs_sign_off
    [breach] = verdict.breaches
    assert "“本校不完整标准”的住院慰问限额没有填写金额（规则数据不完整" in breach.message
