"""The finance home says what it counts: vouchers waiting by state next to the posted figures, accounts
below zero, months whose posted lines do not balance, a union on the national baseline, and how each
figure was computed (计算依据)."""
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.finaudit import figures
from gonghui.ledger import actions as ledger
from gonghui.spending import actions as spending_actions
from gonghui.spending.models import RuleSet

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, day, payment, post, receipt, school_books  # noqa: F401

URL = reverse("finaudit:home")


def drafts(union, finance, n, *, month=6):
    return [ledger.create_voucher(finance, union=union, date=day(month, 1 + i % 27), summary=f"草稿{i}",
                                  lines=receipt("10.00")) for i in range(n)]


def test_waiting_vouchers_are_counted_by_state_beside_the_posted_totals(school_books, tree, users):
    waiting = drafts(tree.school, users.finance, 3)
    ledger.review_voucher(users.auditor, waiting[0])
    ledger.review_voucher(users.auditor, waiting[1])
    ledger.approve_voucher(users.chair, waiting[1])
    ov = figures.overview(tree.school, LAST_YEAR, day(12, 31, LAST_YEAR + 1))
    states = {row["status"]: (row["count"], row["total"]) for row in ov.by_status}
    assert states == {"draft": (1, Decimal("10.00")), "reviewed": (1, Decimal("10.00")),
                      "approved": (1, Decimal("10.00")), "posted": (5, Decimal("19300.00"))}
    assert ov.waiting_count == 3 and ov.posted["count"] == 5


def test_the_home_shows_the_waiting_vouchers_and_its_queries_do_not_grow_with_them(
        client, school_books, tree, users, django_assert_num_queries):
    drafts(tree.school, users.finance, 2)
    login(client, users.finance)
    client.get(URL, {"org": "SCH", "year": LAST_YEAR})  # warm the session
    with CaptureQueriesContext(connection) as few:
        page = client.get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    states = page.split('id="voucher-states"')[1].split("</section>")[0]
    assert '<div class="value">2</div>' in states and "未记账凭证（不计入下列数字）" in states
    assert "待审核，合计20.00元" in states and "已记账凭证，合计19300.00元" in states
    drafts(tree.school, users.finance, 31)
    with django_assert_num_queries(len(few)):
        page = client.get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    assert '<div class="value">33</div>' in page.split('id="voucher-states"')[1].split("</section>")[0]


def test_a_negative_bank_balance_is_warned_about(client, school_books, tree, users):
    page = login(client, users.finance).get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    assert "negative-balance" not in page
    post(tree.school, users.finance, users.auditor, users.chair, date=day(11, 2), summary="大额支出",
         lines=payment("16080.00", "50105"))  # bank: 16,200 in, 3,100 + 16,080 out → −2,980.00
    page = client.get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    warnings = page.split('id="finance-warnings"')[1].split("</section>")[0]
    assert "102 银行存款" in warnings and "余额为-2980.00元，低于零" in warnings


def test_an_unbalanced_month_is_found(school_books, tree):
    from gonghui.ledger.models import VoucherLine

    line = VoucherLine.objects.filter(union=tree.school, posted=True, date__month=3).first()
    VoucherLine.objects.filter(pk=line.pk).update(**{("debit" if line.debit else "credit"): Decimal("1.00")})
    [month] = figures.unbalanced_months(tree.school, day(1, 1), day(12, 31))
    assert month["month"] == 3 and month["debit"] != month["credit"]


def test_a_union_whose_federation_chose_no_provincial_standard_is_warned(client, school_books, tree, users):
    page = login(client, users.finance).get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    assert 'id="no-provincial-standard"' in page and "所属总工会尚未选用省级开支标准" in page
    spending_actions.choose_rule_set(users.federation, tree.county,
                                     RuleSet.objects.get(owner__isnull=True, name="安徽（修订）"))
    page = client.get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    assert 'id="no-provincial-standard"' not in page and "开支标准：“安徽（修订）”" in page


def test_the_home_says_how_its_figures_were_computed(client, school_books, tree, users):
    drafts(tree.school, users.finance, 2)
    page = login(client, users.finance).get(URL, {"org": "SCH", "year": LAST_YEAR}).content.decode()
    basis = page.split('id="home-basis"')[1].split("</details>")[0]
    assert f"期间：{LAST_YEAR}-01-01至{LAST_YEAR}-12-31；只计已记账凭证5张，未记账的2张" in basis
    assert "收入类科目（4开头）贷方减借方" in basis and "银行存款（102）" in basis


def test_the_api_overview_carries_the_same_checks(school_books, tree, users):
    from rest_framework.test import APIClient

    drafts(tree.school, users.finance, 2)
    post(tree.school, users.finance, users.auditor, users.chair, date=day(11, 2), summary="大额支出",
         lines=payment("16080.00", "50105"))
    client = APIClient()
    client.force_authenticate(users.finance)
    checks = client.get("/api/finance/overview/", {"org": "SCH", "year": LAST_YEAR}).json()["checks"]
    assert checks["waiting"] == 2 and {"status": "draft", "label": "待审核", "count": 2, "total": "20.00"} in checks[
        "vouchers"]
    assert checks["negative_balances"] == [{"code": "102", "name": "银行存款", "balance": "-2980.00"}]
    assert checks["no_provincial_standard"] is True and checks["spending_rule_set"] == "全国基线"
    assert checks["period"]["start"] == f"{LAST_YEAR}-01-01" and checks["unbalanced_months"] == []
