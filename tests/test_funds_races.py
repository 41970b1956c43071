"""Races in union funds and budgets (funds.actions): one allocation per period (months and quarters never
overlapping), one rate and one split table per date, one budget per year are checked under the union's (or
federation's) row lock, with the unique constraint inside a savepoint as the last guard (its violation is
the rule's Chinese message, never a 500); money received, remitted or returned and every budget step are
recorded once under the allocation's or the budget's lock. Deterministic tests stage the race in one
thread; the threaded ones run two calls at once on PostgreSQL."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.funds import actions
from gonghui.funds.models import Allocation, AllocationRate, Budget, FundsEntry, SplitRule
from gonghui.ledger.models import Voucher

from .fixtures.races import competitor_first as _first
from .fixtures.races import together

LAST_YEAR = timezone.localdate().year - 1
MARCH = f"{LAST_YEAR}-03"
PAID = datetime.date(LAST_YEAR, 4, 10)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def allocate(users, tree, period=MARCH):
    return actions.record_allocation(users.finance, tree.school, period=period, payroll_total="1,250,000.00",
                                     collection="direct")


def budget(users, tree, amount="10000"):
    return actions.create_budget(users.finance, tree.school, year=LAST_YEAR,
                                 lines=[{"kind": "expense", "account": "50105", "amount": amount}])


def nothing_audited(action):
    return not AuditEntry.objects.filter(action=action).exists()


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_an_allocation_recorded_by_another_request_between_the_check_and_the_insert_is_refused_in_chinese(
        tree, users, monkeypatch):
    _first(monkeypatch, Allocation.objects, "create", lambda: allocate(users, tree))
    with pytest.raises(ActionError) as exc:
        allocate(users, tree)
    assert exc.value.message_dict == {"period": [f"{LAST_YEAR}年3月的经费已登记，不能重复登记"]}
    assert not Allocation.objects.exists() and nothing_audited("funds_allocation")


@pytest.mark.django_db
def test_a_budget_created_by_another_request_between_the_check_and_the_insert_is_refused_in_chinese(
        tree, users, monkeypatch):
    _first(monkeypatch, Budget.objects, "create", lambda: budget(users, tree, amount="9000"))
    with pytest.raises(ActionError) as exc:
        budget(users, tree)
    assert exc.value.message_dict == {"year": [f"{LAST_YEAR}年预算已存在，请在原预算上修改或调整"]}
    assert not Budget.objects.exists() and nothing_audited("budget_create")


@pytest.mark.django_db
def test_a_rate_set_by_another_request_for_the_same_date_is_refused_in_chinese(tree, users, monkeypatch):
    day = f"{LAST_YEAR}-01-01"
    _first(monkeypatch, AllocationRate.objects, "create",
           lambda: actions.set_rate(users.finance, tree.school, effective_from=day, rate="1.5"))
    with pytest.raises(ActionError) as exc:
        actions.set_rate(users.finance, tree.school, effective_from=day, rate="1.8")
    assert exc.value.message_dict == {"effective_from": [f"{day}起的比例已设置，如需更改请另设起始日期"]}
    assert not AllocationRate.objects.filter(union=tree.school).exists() and nothing_audited("funds_rate")


@pytest.mark.django_db
def test_a_receipt_recorded_from_a_page_read_before_another_receipt_is_refused_and_booked_once(tree, users):
    allocation = allocate(users, tree)
    stale = Allocation.objects.get(pk=allocation.pk)
    actions.record_receipt(users.finance, allocation, date=PAID)
    with pytest.raises(ActionError) as exc:
        actions.record_receipt(users.finance, stale, date=PAID)
    assert exc.value.message_dict == {"status": ["该期间的拨缴经费已登记到账"]}
    assert FundsEntry.objects.count() == 1 and Voucher.objects.filter(source="funds").count() == 1


@pytest.mark.django_db
def test_a_budget_approved_from_a_page_read_before_it_was_sent_back_is_refused(tree, users):
    b = budget(users, tree)
    actions.submit_budget(users.finance, b)
    stale = Budget.objects.get(pk=b.pk)
    actions.return_budget(users.chair, b, reason="请补充说明")
    with pytest.raises(ActionError) as exc:
        actions.approve_budget(users.chair, stale)
    assert exc.value.message_dict == {"status": ["预算状态为“编制中”，只有待审批的预算可以批准"]}
    b.refresh_from_db()
    assert b.status == "draft" and b.approved_version is None and nothing_audited("budget_approve")


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_period_recorded_twice_at_once_leaves_one_allocation_and_a_chinese_refusal(tree, users):
    outcomes = together([lambda: allocate(users, tree)] * 2)
    assert sorted(outcomes, key=str) == ["ok", {"period": [f"{LAST_YEAR}年3月的经费已登记，不能重复登记"]}], outcomes
    assert Allocation.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_month_and_its_quarter_recorded_at_once_never_overlap(tree, users):
    outcomes = together([lambda: allocate(users, tree), lambda: allocate(users, tree, period=f"{LAST_YEAR}-Q1")])
    assert outcomes.count("ok") == 1, outcomes
    assert [o for o in outcomes if o != "ok"][0] in (
        {"period": [f"{LAST_YEAR}年3月的经费已登记，不能重复登记"]},
        {"period": [f"{LAST_YEAR}年第1季度的经费已登记，不能重复登记"]}), outcomes
    assert Allocation.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_receipt_recorded_twice_at_once_is_booked_once(tree, users):
    allocation = allocate(users, tree)
    pages = [Allocation.objects.get(pk=allocation.pk) for _ in range(2)]
    outcomes = together([lambda: actions.record_receipt(users.finance, pages[0], date=PAID),
                         lambda: actions.record_receipt(users.finance, pages[1], date=PAID)])
    assert sorted(outcomes, key=str) == ["ok", {"status": ["该期间的拨缴经费已登记到账"]}], outcomes
    assert FundsEntry.objects.count() == 1 and Voucher.objects.filter(source="funds").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_budget_of_a_year_created_twice_at_once_is_created_once(tree, users):
    outcomes = together([lambda: budget(users, tree), lambda: budget(users, tree, amount="9000")])
    assert sorted(outcomes, key=str) == ["ok", {"year": [f"{LAST_YEAR}年预算已存在，请在原预算上修改或调整"]}], outcomes
    assert Budget.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_budget_approved_twice_at_once_is_approved_once(tree, users):
    b = budget(users, tree)
    actions.submit_budget(users.finance, b)
    outcomes = together([lambda: actions.approve_budget(users.chair, b)] * 2)
    assert sorted(outcomes, key=str) == ["ok", {"status": ["预算状态为“已批准”，只有待审批的预算可以批准"]}], outcomes
    assert AuditEntry.objects.filter(action="budget_approve").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_national_split_tables_from_the_same_date_set_at_once_leave_one(admin_user):
    day = f"{LAST_YEAR}-07-01"

    def national():
        return actions.create_split_rule(admin_user, None, effective_from=day, grassroots_share="60",
                                         shares=[{"level": "upper", "share": "40"}])

    outcomes = together([national, national])
    assert sorted(outcomes, key=str) == [
        "ok", {"effective_from": [f"{day}起的分成表已存在，如需更改请先删除或另设起始日期"]}], outcomes
    assert SplitRule.objects.filter(federation__isnull=True, effective_from=day).count() == 1
