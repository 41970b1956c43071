"""The figures other finance apps read from the books (ledger.queries), on the worked month."""
import datetime
from decimal import Decimal as D

import pytest

from gonghui.ledger import actions, queries

from .walk_ext.ledger import line, march_2026

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def march(tree, users):
    march_2026(users, tree.school)
    return tree.school


def test_balances_give_debit_credit_and_the_net_on_the_accounts_normal_side(march):
    b = queries.balances(march, end=datetime.date(2026, 3, 31))
    assert b["102"] == queries.Balance(D("17280"), D("8500"), D("8780"))
    assert b["401"].net == D("2280")          # credit-normal: credit − debit
    assert b["501"].net == D("3800")          # a parent sums its sub-accounts
    assert b["111"] == queries.Balance()      # no entries: zero
    assert "501" not in b                     # keys are leaf accounts: summing values never double counts


def test_balances_are_limited_by_dates_and_accounts(march):
    b = queries.balances(march, start=datetime.date(2026, 3, 16), end=datetime.date(2026, 3, 31), accounts=["10"])
    assert set(b) == {"101", "102"}
    assert b["102"] == queries.Balance(D("0"), D("5500"), D("-5500"))


def test_totals_by_account_give_income_and_spending_per_account(march):
    assert dict(queries.totals_by_account(march, START, END, "income")) == {"401": D("2280"), "402": D("15000")}
    spending = queries.totals_by_account(march, START, END, "expense")
    assert dict(spending) == {"50102": D("800"), "50105": D("3000"), "505": D("4500")}
    assert spending["501"] == D("3800")


def test_monthly_totals_put_march_in_the_third_place(march):
    income = queries.monthly_totals(march, 2026, "income")
    assert income[2] == D("17280") and sum(income) == D("17280") and len(income) == 12
    assert queries.monthly_totals(march, 2026, "expense")[2] == D("8300")


def test_spent_sums_expense_accounts_by_code_prefix(march):
    assert queries.spent(march, START, END, "501") == D("3800")
    assert queries.spent(march, START, END, "50105") == D("3000")
    assert queries.spent(march, datetime.date(2026, 4, 1), END, "501") == 0


def test_a_posted_reversal_takes_the_spending_back_out(tree, users, march):
    from gonghui.ledger.models import Voucher

    v = Voucher.objects.get(category="50105")
    r = actions.reverse_voucher(users.finance, v, date=datetime.date(2026, 3, 31), reason="重复支付")
    actions.review_voucher(users.auditor, r)
    actions.approve_voucher(users.chair, r)
    actions.post_voucher(users.finance, r)
    assert queries.spent(march, START, END, "50105") == 0


def test_each_query_is_one_statement(march, django_assert_num_queries):
    with django_assert_num_queries(4):
        queries.balances(march, end=END)
        queries.totals_by_account(march, START, END, "expense")
        queries.monthly_totals(march, 2026, "income")
        queries.spent(march, START, END, "501")


def test_unknown_kinds_are_a_programming_error(march):
    with pytest.raises(ValueError):
        queries.totals_by_account(march, START, END, "asset")


def test_lines_of_unposted_vouchers_are_not_counted(tree, users, march):
    actions.create_voucher(users.finance, union=tree.school, date=datetime.date(2026, 3, 31), summary="草稿",
                           lines=[line("50105", "1"), line("102", credit="1")])
    assert queries.spent(march, START, END, "50105") == D("3000")


def test_month_totals_kept_by_posting_equal_the_totals_rebuilt_from_the_lines(tree, users, march):
    from django.db import transaction

    from gonghui.ledger.models import MonthTotal, Voucher

    r = actions.reverse_voucher(users.finance, Voucher.objects.get(category="50105"), date=datetime.date(2026, 4, 2),
                                reason="重复支付")
    actions.review_voucher(users.auditor, r)
    actions.approve_voucher(users.chair, r)
    actions.post_voucher(users.finance, r)

    def rows():
        return sorted(MonthTotal.objects.filter(union=march).values_list("account__code", "year", "month", "debit",
                                                                         "credit"))
    kept = rows()
    with transaction.atomic():
        queries.rebuild_month_totals(march)
    assert rows() == kept
    assert ("102", 2026, 3, D("17280"), D("8500")) in kept and ("50105", 2026, 4, 0, D("3000")) in kept
