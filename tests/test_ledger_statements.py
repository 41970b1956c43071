"""收入支出表, 资产负债表, 总账 and 明细账 of the worked month (tests/walk_ext/ledger.py: march_2026)."""
import datetime
from decimal import Decimal as D

import pytest

from gonghui.core.documents import to_pdf, to_xlsx
from gonghui.ledger import statements
from gonghui.ledger.models import Account

from .walk_ext.ledger import book, line, march_2026


@pytest.fixture
def march(tree, users):
    march_2026(users, tree.school)
    return tree.school


def acct(code):
    return Account.objects.get(code=code)


def test_the_income_statement_shows_march_income_spending_and_surplus(march):
    st = statements.income_statement(march, 2026, 3)
    assert st.figure("401") == (D("2280"), D("2280"))
    assert st.figure("402") == (D("15000"), D("15000"))
    assert st.figure("403") == (0, 0)
    assert st.figure("501") == (D("3800"), D("3800"))
    assert st.figure("50105") == (D("3000"), D("3000"))
    assert st.figure("505") == (D("4500"), D("4500"))
    assert st.income_total == [D("17280"), D("17280")]
    assert st.expense_total == [D("8300"), D("8300")]
    assert st.surplus == [D("8980"), D("8980")]


def test_the_income_statement_lists_every_income_and_expenditure_line_in_order(march):
    codes = [ln.code for ln in statements.income_statement(march, 2026, 3).lines() if ln.code]
    assert codes[:9] == ["401", "402", "403", "404", "405", "406", "407", "408", "501"]
    assert codes[-2:] == ["509", "510"]
    assert codes.index("50102") == codes.index("501") + 1  # 其中 lines follow their parent


def test_april_income_statement_has_nothing_this_month_and_march_in_the_year_to_date(march):
    st = statements.income_statement(march, 2026, 4)
    assert st.figure("401") == (0, D("2280"))
    assert st.surplus == [0, D("8980")]


def test_the_balance_sheet_balances_with_the_years_surplus_in_net_assets(march):
    bs = statements.balance_sheet(march, 2026, 3)
    assert bs.figure("101") == (0, D("200"))
    assert bs.figure("102") == (0, D("8780"))
    assert bs.figure("162") == (0, D("4500"))
    assert bs.asset_total == [0, D("13480")]
    assert bs.liability_total == [0, 0]
    assert bs.figure("301") == (0, D("4500"))
    assert bs.figure("current") == (0, D("8980"))
    assert bs.net_asset_total == [0, D("13480")]
    assert bs.balanced


def test_last_years_surplus_is_in_331_at_the_start_of_the_year(tree, users, march):
    u = users
    book(u.finance, u.auditor, u.chair, tree.school, datetime.date(2025, 12, 20), "收会费",
         [line("102", "1000.00"), line("401", credit="1000.00")])
    bs = statements.balance_sheet(tree.school, 2026, 3)
    assert bs.figure("331") == (D("1000"), D("1000"))
    assert bs.figure("102") == (D("1000"), D("9780"))
    assert bs.asset_total == [D("1000"), D("14480")] and bs.balanced


def test_the_general_ledger_of_bank_deposits_gives_march_totals_and_balance(march):
    gl = statements.general_ledger(march, acct("102"), 2026)
    labels = [(r.label, r.debit, r.credit, r.direction, r.amount) for r in gl.rows]
    assert labels == [("上年结转", None, None, "平", 0),
                      ("3月本月合计", D("17280"), D("8500"), "借", D("8780")),
                      ("3月本年累计", D("17280"), D("8500"), "借", D("8780"))]


def test_the_general_ledger_of_a_parent_account_sums_its_sub_accounts(march):
    gl = statements.general_ledger(march, acct("501"), 2026)
    assert gl.closing == D("3800")


def test_the_subsidiary_ledger_runs_the_balance_line_by_line(march):
    led = statements.subsidiary_ledger(march, acct("102"), datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    balances = [r.balance for r in led.rows]
    assert balances == [0, D("2280"), D("17280"), D("14280"), D("9780"), D("8780"), D("8780")]
    assert led.rows[1].voucher.label == "记-2026-0001"
    assert (led.rows[-1].debit, led.rows[-1].credit) == (D("17280"), D("8500"))


def test_the_subsidiary_ledger_opens_with_earlier_lines(march):
    led = statements.subsidiary_ledger(march, acct("102"), datetime.date(2026, 3, 16), datetime.date(2026, 3, 31))
    assert led.rows[0].balance == D("14280") and len(led.rows) == 4  # opening, 3-20, 3-25, total


def test_the_subsidiary_ledger_of_one_member_shows_only_their_lines(tree, users, members, march):
    u = users
    book(u.finance, u.auditor, u.chair, tree.school, datetime.date(2026, 3, 29), "慰问住院会员",
         [line("50105", "500.00", member=members.wang), line("102", credit="500.00")])
    led = statements.subsidiary_ledger(march, acct("50105"), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31),
                                       member=members.wang)
    assert [r.debit for r in led.rows[1:-1]] == [D("500")]
    assert "王强" in led.title


def test_statements_take_a_fixed_number_of_queries(march, django_assert_num_queries):
    with django_assert_num_queries(2):
        statements.income_statement(march, 2026, 3)
    with django_assert_num_queries(2):
        statements.balance_sheet(march, 2026, 3)
    account = acct("102")
    with django_assert_num_queries(2):
        statements.general_ledger(march, account, 2026)
    with django_assert_num_queries(2):
        statements.subsidiary_ledger(march, account, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_every_statement_exports_to_xlsx_and_pdf(march):
    from gonghui.ledger import queries

    reports = [
        statements.trial_balance_report(march, queries.trial_balance(march, 2026, 3)),
        statements.income_statement_report(statements.income_statement(march, 2026, 3)),
        statements.balance_sheet_report(statements.balance_sheet(march, 2026, 3)),
        statements.ledger_report(statements.general_ledger(march, acct("102"), 2026), with_voucher=False),
        statements.ledger_report(statements.subsidiary_ledger(march, acct("102"), datetime.date(2026, 3, 1),
                                                              datetime.date(2026, 3, 31))),
    ]
    for report in reports:
        assert to_xlsx(report)[:2] == b"PK"
        assert to_pdf(report, landscape_page=True)[:5] == b"%PDF-"
    assert reports[2].rows[-1][3] == "负债和净资产总计" and reports[2].rows[-1][5] == D("13480")
