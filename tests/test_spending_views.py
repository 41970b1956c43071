"""Spending-rule pages: the rule table, a union's rules, adjusting, choosing, the expense page."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.spending import actions
from gonghui.spending.models import Benefit, Expense, RuleSet

from .conftest import login
from .spending_fixtures import anhui, preset  # noqa: F401

D = Decimal


def test_the_rule_sets_page_reads_as_the_domain_table(client, users, anhui):
    page = login(client, users.chair).get("/finance/rules/").content.decode()
    for text in ("安徽（修订）", "广东（试行）", "黑龙江（2017）", "2,000.00 / 1,000.00", "1,000.00 / 2,000.00",
                 "春节500.00，其他节日各200.00", "1,000.00，最多3个节日"):
        assert text in page


def test_the_rule_table_costs_the_same_queries_however_many_sets_there_are(
        client, users, anhui, django_assert_num_queries):
    login(client, users.federation)
    client.get("/finance/rules/")
    with CaptureQueriesContext(connection) as before:
        client.get("/finance/rules/")
    actions.adjust_rule_set(users.chair, users.chair.roles.get().org, name="一中细则",
                            effective_from=datetime.date(2026, 1, 1), rules={"birthday": "200"})
    actions.adjust_rule_set(users.outsider, users.outsider.roles.get().org, name="机械厂细则",
                            effective_from=datetime.date(2026, 1, 1), rules={"birthday": "100"})
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get("/finance/rules/").content.decode()
    assert "一中细则" in page and "机械厂细则" in page


def test_a_plain_member_may_not_open_the_rules(client, member_user):
    assert login(client, member_user).get("/finance/rules/").status_code == 403


def test_a_union_page_says_which_set_applies_and_why(client, users, anhui):
    page = login(client, users.chair).get("/finance/rules/orgs/SCH/").content.decode()
    assert "安徽（修订）" in page and "某县总工会选用" in page and "调整本单位规则" in page
    assert login(client, users.outsider).get("/finance/rules/orgs/SCH/").status_code == 404


def test_the_chair_adjusts_the_unions_rules_and_a_looser_cap_comes_back_on_the_field(client, users, anhui):
    login(client, users.chair)
    form = {"name": "一中工会细则", "effective_from": "2026-01-01", "festival_total": "2500"}
    response = client.post("/finance/rules/orgs/SCH/adjust/", form)
    assert response.status_code == 400
    assert "高于上级规则集“安徽（修订）”的2,000.00元" in response.content.decode()
    assert not RuleSet.objects.filter(owner__code="SCH").exists()
    form["festival_total"] = "1800"
    assert client.post("/finance/rules/orgs/SCH/adjust/", form).status_code == 302
    page = client.get("/finance/rules/orgs/SCH/").content.decode()
    assert "一中工会细则" in page and "1,800.00" in page
    again = client.get("/finance/rules/orgs/SCH/adjust/").content.decode()
    assert 'value="1800.00"' in again


def test_a_finance_officer_cannot_adjust_and_a_federation_officer_chooses(client, users):
    assert login(client, users.finance).get("/finance/rules/orgs/SCH/adjust/").status_code == 403
    login(client, users.federation)
    shanxi = preset("山西")
    assert client.post("/finance/rules/orgs/TOWN/choose/", {"rule_set": str(shanxi.pk)}).status_code == 302
    assert "山西" in client.get("/finance/rules/orgs/SCH/").content.decode()
    assert client.get("/finance/rules/orgs/SCH/choose/").status_code == 404


def test_the_check_shows_who_would_exceed_before_anything_is_recorded(client, users, members, anhui):
    actions.record_expense(users.finance, members.wang.union, kind="festival", festival="春节",
                           members=[members.wang], amount_per_person=D("1800"), date=datetime.date(2026, 2, 1),
                           description="年货")
    login(client, users.chair)
    response = client.post("/finance/rules/expenses/new/?union=SCH", {
        "kind": "festival", "festival": "中秋节", "group": "SCH", "amount_per_person": "300", "date": "2026-09-20",
        "description": "月饼", "form": "goods", "intent": "check"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="over-cap"' in page
    assert "王强" in page and "本年度已发放节日慰问品1,800.00元，上限2,000.00元，最多还可发放200.00元" in page
    assert "赵丽" not in page.split('id="over-cap"')[1].split("</table>")[0]
    assert Expense.objects.count() == 1


def test_the_bookkeeper_records_within_the_rules_and_sends_a_breach_to_the_chair(client, users, members, anhui):
    login(client, users.finance)
    form = {"kind": "festival", "festival": "中秋节", "member_nos": members.wang.member_no, "amount_per_person": "300",
            "date": "2026-09-20", "description": "月饼", "form": "goods"}
    response = client.post("/finance/rules/expenses/new/?union=SCH", {**form, "intent": "record"})
    expense = Expense.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/finance/rules/expenses/{expense.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert f"{expense.voucher.year}-{expense.voucher.number}" in detail and "王强" in detail
    assert Benefit.objects.filter(member=members.wang).count() == 1
    form["amount_per_person"] = "1800"
    blocked = client.post("/finance/rules/expenses/new/?union=SCH", {**form, "intent": "record"})
    assert blocked.status_code == 400 and "最多还可发放1,700.00元" in blocked.content.decode()
    client.post("/finance/rules/expenses/new/?union=SCH", {**form, "intent": "submit"})
    pending = Expense.objects.get(status=Expense.Status.PENDING)
    login(client, users.chair)
    page = client.get(f"/finance/rules/expenses/{pending.pk}/").content.decode()
    assert "批准突破规则并登记" in page
    response = client.post(f"/finance/rules/expenses/{pending.pk}/override/", {"override_reason": "教代会决定"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Expense.Status.RECORDED and pending.override_reason == "教代会决定"


def test_cash_festival_gifts_and_unknown_festivals_are_explained_on_the_form(client, users, members, anhui):
    login(client, users.finance)
    form = {"kind": "festival", "festival": "圣诞节", "member_nos": members.wang.member_no,
            "amount_per_person": "100", "date": "2026-12-20", "description": "苹果", "form": "goods", "intent": "check"}
    page = client.post("/finance/rules/expenses/new/?union=SCH", form).content.decode()
    assert "“圣诞节”不是法定节日" in page
    form.update(festival="国庆节", form="cash")
    page = client.post("/finance/rules/expenses/new/?union=SCH", form).content.decode()
    assert "节日慰问品只能发放实物，不得发放现金" in page


def test_a_members_benefits_this_year_show_what_is_left_under_each_cap(client, users, members, anhui):
    actions.record_expense(users.finance, members.wang.union, kind="festival", festival="春节", members=[members.wang],
                           amount_per_person=D("500"), date=datetime.date(2026, 2, 1), description="年货")
    page = login(client, users.chair).get(f"/finance/rules/members/{members.wang.pk}/benefits/?year=2026")
    text = page.content.decode()
    assert page.status_code == 200 and "年货" in text and "还可发放1500.00元" in text
    assert login(client, users.outsider).get(f"/finance/rules/members/{members.wang.pk}/benefits/").status_code == 404
