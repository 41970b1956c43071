"""Races in spending (spending.actions): every member's yearly caps are checked against what is recorded
one expense of a union at a time (the union's row lock), so two gifts recorded at once never go past a cap
together; a pending expense is let through or sent back once (its own lock); a federation has one chosen
rule set (its row lock, and the one-to-one constraint inside a savepoint as the last guard: a Chinese
message, never a 500); an organisation's own rule sets never overlap (its row lock). Deterministic tests
stage the race in one thread; the threaded ones run two calls at once on PostgreSQL."""
import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.models import Sum

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.ledger.models import Voucher
from gonghui.spending import actions
from gonghui.spending.models import Benefit, Expense, FederationRuleChoice, RuleSet

from .fixtures.races import competitor_first as _first
from .fixtures.races import together
from .spending_fixtures import anhui, preset  # noqa: F401

DAY = datetime.date(2026, 9, 20)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
OVER_THE_CAP = ["王强：本年度已发放节日慰问品1,200.00元，上限2,000.00元，最多还可发放800.00元（本次每人1,200.00元）",
                "赵丽：本年度已发放节日慰问品1,200.00元，上限2,000.00元，最多还可发放800.00元（本次每人1,200.00元）"]


def gifts(users, tree, members, amount="1200", name="中秋节", **extra):
    return actions.record_expense(users.finance, tree.school, kind="festival", festival=name,
                                  members=[members.wang, members.zhao], amount_per_person=D(amount), date=DAY,
                                  description="月饼", **extra)


def pending(users, tree, members):
    """Gifts over the cap, waiting for the chair (the first 1,200.00 recorded, the second sent to the chair)."""
    gifts(users, tree, members)
    return gifts(users, tree, members, name="国庆节", submit_if_breached=True)


def given(member):
    return Benefit.objects.filter(member=member).aggregate(total=Sum("amount"))["total"]


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_gifts_recorded_meanwhile_count_against_the_cap_under_the_unions_lock(tree, users, members, anhui,
                                                                             monkeypatch):
    _first(monkeypatch, actions, "_lock_org", lambda: gifts(users, tree, members))
    with pytest.raises(ActionError) as exc:
        gifts(users, tree, members, name="国庆节")
    assert exc.value.message_dict == {"__all__": OVER_THE_CAP}
    # the staged gifts ran inside the refused call's transaction and went back with it
    assert not Expense.objects.exists() and not Benefit.objects.exists()
    assert not Voucher.objects.filter(source="expense").exists()


@pytest.mark.django_db
def test_a_choice_saved_by_another_request_between_the_check_and_the_insert_is_refused_in_chinese(
        tree, users, monkeypatch):
    original = FederationRuleChoice.save

    def other_chooses_first(self, *args, **kwargs):
        monkeypatch.setattr(FederationRuleChoice, "save", original)
        FederationRuleChoice.objects.create(org=self.org, rule_set=preset("山西"), chosen_by=users.federation)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FederationRuleChoice, "save", other_chooses_first)
    with pytest.raises(ActionError) as exc:
        actions.choose_rule_set(users.federation, tree.county, preset("安徽（修订）"))
    assert exc.value.message_dict == {"rule_set": ["该总工会的规则集刚刚已由他人选用，请刷新后再试"]}
    assert not FederationRuleChoice.objects.exists()
    assert not AuditEntry.objects.filter(action="choose_rules").exists()


@pytest.mark.django_db
def test_an_expense_let_through_from_a_page_read_before_it_was_sent_back_is_refused(tree, users, members, anhui):
    expense = pending(users, tree, members)
    stale = Expense.objects.get(pk=expense.pk)
    actions.reject_expense(users.chair, expense, note="超标准")
    with pytest.raises(ActionError) as exc:
        actions.override_expense(users.chair, stale, reason="国庆特别慰问")
    assert exc.value.message_dict == {"status": ["该开支不在待批准状态"]}
    assert given(members.wang) == D("1200.00") and Voucher.objects.filter(source="expense").count() == 1


@pytest.mark.django_db
def test_a_rule_set_adjusted_meanwhile_is_seen_under_the_owners_lock(tree, users, anhui, monkeypatch):
    _first(monkeypatch, actions, "_lock_org",
           lambda: actions.adjust_rule_set(users.chair, tree.school, name="细则", rules={"birthday": "200"},
                                           effective_from=datetime.date(2026, 1, 1)))
    with pytest.raises(ActionError) as exc:
        actions.adjust_rule_set(users.chair, tree.school, name="新细则", rules={"birthday": "150"},
                                effective_from=datetime.date(2026, 7, 1))
    assert exc.value.message_dict == {"effective_from": [
        "与本单位已有的规则集“细则”（2026-01-01—至今）生效期重叠；请先为它填写失效日期"]}
    assert not RuleSet.objects.filter(owner=tree.school).exists()


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_gifts_recorded_at_once_never_go_past_the_yearly_cap_together(tree, users, members, anhui):
    outcomes = together([lambda: gifts(users, tree, members), lambda: gifts(users, tree, members, name="国庆节")])
    assert sorted(outcomes, key=str) == ["ok", {"__all__": OVER_THE_CAP}], outcomes
    assert given(members.wang) == given(members.zhao) == D("1200.00")
    assert Expense.objects.count() == 1 and Voucher.objects.filter(source="expense").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_pending_expense_let_through_and_sent_back_at_once_ends_one_way(tree, users, members, anhui):
    expense = pending(users, tree, members)
    pages = [Expense.objects.get(pk=expense.pk) for _ in range(2)]
    outcomes = together([lambda: actions.override_expense(users.chair, pages[0], reason="国庆特别慰问"),
                         lambda: actions.reject_expense(users.chair, pages[1], note="超标准")])
    assert outcomes.count("ok") == 1 and {"status": ["该开支不在待批准状态"]} in outcomes, outcomes
    expense.refresh_from_db()
    recorded = expense.status == Expense.Status.RECORDED
    assert Benefit.objects.filter(expense=expense).count() == (2 if recorded else 0)
    assert Voucher.objects.filter(source="expense").count() == (2 if recorded else 1)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_federation_choosing_twice_at_once_keeps_one_choice(tree, users):
    outcomes = together([lambda: actions.choose_rule_set(users.federation, tree.county, preset(name))
                         for name in ("安徽（修订）", "山西")])
    assert outcomes == ["ok", "ok"], outcomes
    assert FederationRuleChoice.objects.filter(org=tree.county).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_rule_sets_adjusted_at_once_leave_one(tree, users, anhui):
    outcomes = together([
        lambda: actions.adjust_rule_set(users.chair, tree.school, name="细则", rules={"birthday": "200"},
                                        effective_from=datetime.date(2026, 1, 1)),
        lambda: actions.adjust_rule_set(users.chair, tree.school, name="新细则", rules={"birthday": "150"},
                                        effective_from=datetime.date(2026, 7, 1))], results=True)
    refusals = [o for o in outcomes if not isinstance(o, RuleSet)]
    assert len(refusals) == 1 and "生效期重叠" in refusals[0]["effective_from"][0], outcomes
    assert RuleSet.objects.filter(owner=tree.school).count() == 1
