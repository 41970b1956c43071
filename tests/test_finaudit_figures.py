"""The figures finaudit reads from the ledger: posted vouchers only, one GROUP BY per figure
(finaudit.figures)."""
import datetime
from decimal import Decimal

from gonghui.finaudit import figures
from gonghui.ledger import actions as ledger

from .walk_ext.finaudit import LAST_YEAR, day, payment, school_books  # noqa: F401

YEAR = figures.year_bounds(LAST_YEAR)


def test_the_statement_lists_accounts_with_their_sub_accounts_and_totals(school_books):
    s = figures.statement(school_books, *YEAR)
    assert [(x.code, x.name, x.amount, x.level) for x in s.income] == [
        ("401", "会费收入", Decimal("1200.00"), 0),
        ("403", "上级补助收入", Decimal("15000.00"), 0), ("40301", "回拨经费补助", Decimal("15000.00"), 1)]
    assert [(x.code, x.amount, x.level) for x in s.expense] == [
        ("501", Decimal("2800.00"), 0), ("50102", Decimal("800.00"), 1), ("50105", Decimal("2000.00"), 1),
        ("504", Decimal("300.00"), 0)]
    assert (s.income_total, s.expense_total, s.surplus) == (Decimal("16200.00"), Decimal("3100.00"),
                                                            Decimal("13100.00"))


def test_vouchers_not_yet_posted_do_not_count(school_books, users):
    ledger.create_voucher(users.finance, union=school_books, date=day(3, 30), summary="待审核", lines=payment("99.00"))
    assert figures.statement(school_books, *YEAR).expense_total == Decimal("3100.00")


def test_income_and_spending_by_month(school_books):
    months = figures.monthly(school_books, LAST_YEAR)
    assert months[0] == (1, Decimal("16200.00"), Decimal("0.00"))
    assert months[2] == (3, Decimal("0.00"), Decimal("2800.00"))
    assert months[4] == (5, Decimal("0.00"), Decimal("300.00"))
    assert sum(e for _m, _i, e in months) == Decimal("3100.00")


def test_a_statement_costs_three_queries_however_many_vouchers(school_books, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures.statement(school_books, *YEAR)


def test_the_disclosure_figures_cost_four_queries(school_books, django_assert_num_queries):
    with django_assert_num_queries(4):
        data = figures.disclosure_figures(school_books, datetime.date(LAST_YEAR, 3, 1),
                                          datetime.date(LAST_YEAR, 3, 31))
    assert data["income_total"] == "0.00" and data["spending_total"] == "2800.00"
    assert data["cash_and_bank"] == "13400.00" and not data["empty"]


def test_budget_execution_is_absent_without_an_approved_budget(school_books):
    assert figures.budget_execution(school_books, LAST_YEAR) is None


def test_budget_execution_compares_the_approved_budget_with_posted_spending(school_books, users):
    from gonghui.funds import actions as funds

    budget = funds.create_budget(users.finance, school_books, year=LAST_YEAR, lines=[
        {"account": "501", "amount": "3000.00"}, {"account": "504", "amount": "1000.00"}])
    funds.submit_budget(users.finance, budget)
    funds.approve_budget(users.chair, budget)
    rows = figures.budget_execution(school_books, LAST_YEAR)
    assert [(r["code"], r["budget"], r["actual"], r["percent"], r["warning"]) for r in rows] == [
        ("501", Decimal("3000.00"), Decimal("2800.00"), Decimal("93.3"), "amber"),
        ("504", Decimal("1000.00"), Decimal("300.00"), Decimal("30.0"), "ok")]
