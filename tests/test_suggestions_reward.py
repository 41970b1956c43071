"""Rewards go through spending.actions.record_expense: within 安徽（修订） they are booked with a draft voucher
for every author; a suggestion rewarded twice, a reward beyond the rule and one to a suggestion not adopted
are refused — with the rule's own message — and nothing is half-written."""
from decimal import Decimal

import pytest

from gonghui.spending.models import Benefit, Expense
from gonghui.suggestions import actions
from gonghui.suggestions.models import Suggestion

from .suggestions_fixtures import adopt, adopted, anhui, submit  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking_part(users, members, anhui):  # noqa: F811
    """张敏's and 赵's suggestion, not adopted: with 王强's, three authors take part in the year, so one
    prize-winner is allowed (安徽（修订）: winners at most a third of those taking part)."""
    s = submit(users.officer, members.zhang, title="教室灯具更换", coauthors=[members.zhao])
    actions.evaluate(users.officer, s, grade="不采纳", score=30)
    return actions.decide(users.chair, s, adopted=False, reason="已列入学校年度计划")


def test_a_reward_within_the_rule_is_booked_with_a_draft_voucher(users, members, anhui, taking_part):  # noqa: F811
    s = adopt(users, submit(users.officer, members.wang))
    s = actions.reward(users.officer, s, amount_per_person="300")
    expense = Expense.objects.get()
    assert expense.kind == "prize" and expense.head_count == 1
    assert list(Benefit.objects.filter(expense=expense).values_list("member_id", flat=True)) == [members.wang.pk]
    assert expense.total == Decimal("300.00") and expense.status == Expense.Status.RECORDED
    assert expense.voucher_id is not None
    assert s.reward_expense == expense and s.reward_total == Decimal("300.00") and s.rewarded


def test_a_suggestion_rewarded_twice_is_refused(users, members, anhui, taking_part):  # noqa: F811
    s = actions.reward(users.officer, adopt(users, submit(users.officer, members.wang)), amount_per_person="200")
    with pytest.raises(Exception) as exc:
        actions.reward(users.officer, s, amount_per_person="200")
    assert exc.value.message_dict["amount_per_person"] == ["奖励金额：该建议已于2026-12-03奖励，不能重复奖励"]
    assert Expense.objects.count() == 1


def test_a_reward_beyond_the_rule_is_refused_with_the_rules_message(users, members, anhui, taking_part):  # noqa: F811
    s = adopt(users, submit(users.officer, members.wang))
    with pytest.raises(Exception) as exc:
        actions.reward(users.officer, s, amount_per_person="800")
    assert exc.value.message_dict == {
        "amount_per_person": ["奖励金额：超出开支规则，一等奖奖品每人不超过500.00元，本次每人800.00元"]}
    s.refresh_from_db()
    assert not s.rewarded and not Expense.objects.exists()


def test_too_many_winners_among_those_taking_part_is_refused(users, members, anhui, adopted):  # noqa: F811
    """王强 and 赵 are the only authors of the year: two winners out of two is more than a third."""
    with pytest.raises(Exception) as exc:
        actions.reward(users.officer, adopted, amount_per_person="100")
    assert "获奖人数2人超过参赛人数2人的1/3" in " ".join(exc.value.messages)
    assert not Expense.objects.exists()


def test_the_chair_may_sign_a_breach_off_with_a_reason(users, members, anhui, taking_part):  # noqa: F811
    s = adopt(users, submit(users.officer, members.wang))
    s = actions.reward(users.chair, s, amount_per_person="800", override_reason="重大技术创新，经工会委员会研究")
    assert s.reward_total == Decimal("800.00") and Expense.objects.get().status == Expense.Status.RECORDED


def test_a_suggestion_not_adopted_is_not_rewarded(users, members, anhui, taking_part):  # noqa: F811
    with pytest.raises(Exception) as exc:
        actions.reward(users.officer, taking_part, amount_per_person="100")
    assert exc.value.message_dict["amount_per_person"] == ["奖励金额：只有已采纳的建议可以奖励"]


def test_a_zero_reward_is_refused_naming_the_field(users, members, anhui, taking_part):  # noqa: F811
    s = adopt(users, submit(users.officer, members.wang))
    with pytest.raises(Exception) as exc:
        actions.reward(users.officer, s, amount_per_person="0")
    assert exc.value.message_dict["amount_per_person"] == ["每人奖励金额必须大于0"]
    assert Suggestion.objects.get(pk=s.pk).reward_expense_id is None
