"""Trial balance (科目余额表): a worked month of a school union's books, to the fen."""
import datetime
from decimal import Decimal as D

import pytest

from gonghui.ledger import queries

from .walk_ext.ledger import book, line, march_2026


@pytest.fixture
def march(tree, users):
    march_2026(users, tree.school)
    return tree.school


def _by_code(tb):
    return {row.code: row for row in tb}


def test_the_march_trial_balance_has_the_worked_figures_and_balances(march):
    tb = queries.trial_balance(march, 2026, 3)
    rows = _by_code(tb)
    assert (rows["102"].debit, rows["102"].credit, rows["102"].closing_debit) == (D("17280"), D("8500"), D("8780"))
    assert (rows["101"].debit, rows["101"].credit, rows["101"].closing_debit) == (D("1000"), D("800"), D("200"))
    assert rows["162"].closing_debit == D("4500") and rows["301"].closing_credit == D("4500")
    assert rows["401"].closing_credit == D("2280") and rows["402"].closing_credit == D("15000")
    assert rows["501"].debit == D("3800")  # the parent sums 50102 and 50105
    assert rows["50105"].debit == D("3000") and rows["50102"].debit == D("800")
    assert rows["505"].closing_debit == D("4500")
    t = tb.totals
    assert (t.debit, t.credit) == (D("31080"), D("31080"))
    assert (t.closing_debit, t.closing_credit) == (D("21780"), D("21780"))
    assert (t.opening_debit, t.opening_credit) == (D("0"), D("0"))
    assert tb.balanced


def test_april_opens_with_march_closing_balances_and_year_to_date_figures(march):
    rows = _by_code(queries.trial_balance(march, 2026, 4))
    assert rows["102"].opening_debit == D("8780") and rows["102"].debit == 0
    assert rows["401"].opening_credit == D("2280") and rows["401"].ytd_credit == D("2280")


def test_accounts_without_any_entry_are_left_out(march):
    codes = [row.code for row in queries.trial_balance(march, 2026, 3)]
    assert "111" not in codes and "40301" not in codes
    assert codes.index("501") < codes.index("50102") < codes.index("50105") < codes.index("505")


def test_last_years_income_and_spending_open_the_new_year_in_331_surplus(tree, users, march):
    u = users
    book(u.finance, u.auditor, u.chair, tree.school, datetime.date(2025, 12, 20), "收2025年12月会费",
         [line("102", "1000.00"), line("401", credit="1000.00")])
    tb = queries.trial_balance(tree.school, 2026, 3)
    rows = _by_code(tb)
    assert rows["102"].opening_debit == D("1000")
    assert rows["331"].opening_credit == D("1000")
    assert rows["401"].opening_credit == 0 and rows["401"].closing_credit == D("2280")
    assert tb.balanced


def test_drafts_and_unposted_vouchers_do_not_count(tree, users, march):
    from gonghui.ledger import actions

    v = actions.create_voucher(users.finance, union=tree.school, date=datetime.date(2026, 3, 30),
                               summary="未审核", lines=[line("102", "99.00"), line("401", credit="99.00")])
    actions.review_voucher(users.auditor, v)
    assert _by_code(queries.trial_balance(tree.school, 2026, 3))["102"].debit == D("17280")


def test_another_unions_books_are_not_mixed_in(tree, users, march):
    from gonghui.accounts.models import Role, RoleKind, User

    from .walk_ext.ledger import book as book_

    fac_fin = User.objects.create_user("facfin", password="x")
    fac_aud = User.objects.create_user("facaud", password="x")
    Role.objects.create(user=fac_fin, org=tree.factory, kind=RoleKind.FINANCE)
    Role.objects.create(user=fac_aud, org=tree.factory, kind=RoleKind.AUDITOR)
    book_(fac_fin, fac_aud, users.outsider, tree.factory, datetime.date(2026, 3, 3), "机械厂会费",
          [line("102", "500.00"), line("401", credit="500.00")])
    assert _by_code(queries.trial_balance(tree.school, 2026, 3))["401"].credit == D("2280")
    assert _by_code(queries.trial_balance(tree.factory, 2026, 3))["401"].credit == D("500")


def test_the_trial_balance_takes_two_queries(march, django_assert_num_queries):
    with django_assert_num_queries(2):
        queries.trial_balance(march, 2026, 3)
