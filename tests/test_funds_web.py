"""The funds and budget pages: register, recording money, split tables, reserve, budgets and exports."""
import datetime
import io
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.funds import actions
from gonghui.funds.models import Allocation, AllocationStatus, Budget, BudgetStatus, SetupReserve, SplitRule

from .conftest import login

YEAR = timezone.localdate().year - 1
URL = "/finance/funds/"


@pytest.fixture
def march(users, tree):
    return actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-03", payroll_total="1250000",
                                     collection="direct", note="三月")


def test_the_register_lists_the_years_allocations_with_totals(client, users, march):
    response = login(client, users.chair).get(f"{URL}?union=SCH&year={YEAR}")
    html = response.content.decode()
    assert response.status_code == 200 and f"{YEAR}年3月" in html and "25000.00" in html and "15000.00" in html
    assert "登记拨缴" not in html  # the chair reads; the finance officer records


def test_a_union_out_of_scope_is_a_404_and_a_plain_member_may_not_look(client, users, member_user):
    assert login(client, users.outsider).get(f"{URL}?union=SCH").status_code == 404
    assert login(client, member_user).get(URL).status_code == 403


def test_the_finance_officer_records_an_allocation_through_the_form(client, users):
    login(client, users.finance)
    response = client.post(f"{URL}allocations/new/?union=SCH", {
        "period": f"{YEAR}-03", "payroll_total": "1,250,000.00", "collection": "direct", "note": ""})
    allocation = Allocation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}allocations/{allocation.pk}/"
    assert allocation.amount == D("25000.00")
    page = client.get(response["Location"]).content.decode()
    assert "县区总工会" not in page and "上级工会（未细分）" in page and "10000.00" in page


def test_bad_input_on_the_form_is_shown_next_to_the_field_and_nothing_is_written(client, users):
    login(client, users.finance)
    response = client.post(f"{URL}allocations/new/?union=SCH", {
        "period": f"{timezone.localdate().year + 1}-01", "payroll_total": "0", "collection": "direct"})
    html = response.content.decode()
    assert response.status_code == 200 and "不能登记未来期间的经费" in html and "金额必须大于0" in html
    assert not Allocation.objects.exists()


def test_receiving_and_remitting_on_the_detail_page_make_vouchers(client, users, march):
    login(client, users.finance)
    day = datetime.date(YEAR, 4, 10).isoformat()
    assert client.post(f"{URL}allocations/{march.pk}/receive/", {"receive-date": day}).status_code == 302
    assert client.post(f"{URL}allocations/{march.pk}/remit/", {"remit-date": day}).status_code == 302
    march.refresh_from_db()
    assert march.status == AllocationStatus.SETTLED
    html = client.get(f"{URL}allocations/{march.pk}/").content.decode()
    assert "收到拨缴经费" in html and "上解上级经费" in html and "记-" in html


def test_a_refused_receipt_shows_its_message_on_the_detail_page(client, users, march):
    login(client, users.finance)
    response = client.post(f"{URL}allocations/{march.pk}/receive/", {"receive-date": "2000-01-01"})
    assert response.status_code == 200 and "不能早于所属期间开始" in response.content.decode()


def test_the_chair_cannot_record_money(client, users, march):
    response = login(client, users.chair).post(f"{URL}allocations/{march.pk}/receive/",
                                               {"receive-date": f"{YEAR}-04-10"})
    assert response.status_code == 403


def test_the_register_exports_as_xlsx_and_pdf(client, users, march):
    login(client, users.chair)
    response = client.get(f"{URL}allocations/register.xlsx?union=SCH&year={YEAR}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "工会经费拨缴登记簿" and sheet["A4"].value == f"{YEAR}年3月"
    assert D(str(sheet["E4"].value)) == D("25000.00") and sheet["A5"].value == "合计"
    pdf = client.get(f"{URL}allocations/register.pdf?union=SCH&year={YEAR}")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_federation_sets_a_split_table_and_an_unbalanced_one_is_refused(client, admin_user, tree):
    login(client, admin_user)
    bad = client.post(f"{URL}splits/new/", {"federation": "COUNTY", "effective_from": "2020-01-01",
                                            "grassroots_share": "60", "share_county": "15", "share_national": "5"})
    assert "合计应为100%，现为80%" in bad.content.decode() and not SplitRule.objects.filter(federation__code="COUNTY")
    good = client.post(f"{URL}splits/new/", {"federation": "COUNTY", "effective_from": "2020-01-01",
                                             "grassroots_share": "60", "share_county": "15", "share_city": "10",
                                             "share_province": "10", "share_national": "5"})
    rule = SplitRule.objects.get(federation__code="COUNTY")
    assert good["Location"] == f"{URL}splits/{rule.pk}/"
    assert "3750.00" in client.get(good["Location"]).content.decode()  # county's 15% of 25,000


def test_the_split_list_shows_the_tables_that_apply_to_the_users_union(client, users, admin_user, tree):
    actions.create_split_rule(admin_user, tree.town, effective_from="2020-01-01", grassroots_share="60",
                              shares=[("town", "40")], source="镇总工会办法")
    html = login(client, users.outsider).get(f"{URL}splits/").content.decode()
    assert "镇总工会办法" in html and "全国默认" in html


def test_a_county_bookkeeper_records_a_setup_reserve_and_returns_it_when_a_union_is_founded(client, tree):
    from gonghui.accounts.models import Role

    from .conftest import make_user

    keeper = make_user("countyfinance")
    Role.objects.create(user=keeper, org=tree.county, kind="finance")
    login(client, keeper)
    client.post(f"{URL}reserves/", {"federation": "COUNTY", "employer_name": "星辰公司", "period": f"{YEAR}-05",
                                    "payroll_total": "100000", "received_on": f"{YEAR}-06-01"})
    reserve = SetupReserve.objects.get()
    assert reserve.amount == D("2000.00")
    client.post(f"{URL}reserves/{reserve.pk}/return/", {"return-union": "FAC", "return-date": f"{YEAR}-07-01"})
    reserve.refresh_from_db()
    assert reserve.status == "returned" and reserve.returned_to == tree.factory


def test_a_setup_reserve_is_returned_to_the_union_picked_by_name_and_an_unknown_name_is_refused(client, tree):
    from gonghui.accounts.models import Role

    from .conftest import make_user

    keeper = make_user("countyfinance")
    Role.objects.create(user=keeper, org=tree.county, kind="finance")
    login(client, keeper)
    client.post(f"{URL}reserves/", {"federation": "COUNTY", "employer_name": "星辰公司", "period": f"{YEAR}-05",
                                    "payroll_total": "100000", "received_on": f"{YEAR}-06-01"})
    reserve = SetupReserve.objects.get()
    page = client.get(f"{URL}reserves/").content.decode()
    assert 'data-picker="/pick/org/?kinds=union"' in page and "基层工会代码" not in page
    refused = client.post(f"{URL}reserves/{reserve.pk}/return/", {"return-union": "星辰公司工会",
                                                                  "return-date": f"{YEAR}-07-01"}, follow=True)
    assert "找不到组织“星辰公司工会”" in refused.content.decode()
    client.post(f"{URL}reserves/{reserve.pk}/return/", {"return-union": "机械厂工会", "return-date": f"{YEAR}-07-01"})
    reserve.refresh_from_db()
    assert reserve.status == "returned" and reserve.returned_to == tree.factory


def test_a_budget_is_prepared_on_the_form_submitted_and_approved_by_the_chair(client, users):
    login(client, users.finance)
    response = client.post(f"{URL}budgets/new/?union=SCH", {"year": YEAR, "acct_50105": "20000",
                                                             "acct_401": "30000"})
    budget = Budget.objects.get()
    assert response["Location"] == f"{URL}budgets/{budget.pk}/"
    client.post(f"{URL}budgets/{budget.pk}/submit/")
    login(client, users.chair).post(f"{URL}budgets/{budget.pk}/approve/")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED
    html = client.get(f"{URL}budgets/{budget.pk}/").content.decode()
    assert "50105 会员活动（慰问）" in html and "<svg" in html and "预警线" in html


def test_a_budget_line_on_both_a_parent_and_its_sub_account_is_shown_next_to_the_field(client, users):
    login(client, users.finance)
    response = client.post(f"{URL}budgets/new/?union=SCH", {"year": YEAR, "acct_501": "1", "acct_50102": "1"})
    assert "是上下级科目" in response.content.decode() and not Budget.objects.exists()


def test_the_budget_page_warns_and_the_execution_exports(client, users, tree):
    from .walk_ext.ledger import book, line

    budget = actions.create_budget(users.finance, tree.school, year=YEAR,
                                   lines=[{"account": "50105", "amount": "1000"}])
    actions.submit_budget(users.finance, budget)
    actions.approve_budget(users.chair, budget)
    book(users.finance, users.auditor, users.chair, tree.school, datetime.date(YEAR, 5, 5), "慰问",
         [line("50105", "850.00"), line("102", credit="850.00")])
    login(client, users.chair)
    html = client.get(f"{URL}budgets/{budget.pk}/").content.decode()
    assert "预算预警" in html and "lvl-amber" in html and "85.0%" in html
    sheet = load_workbook(io.BytesIO(client.get(f"{URL}budgets/{budget.pk}/execution.xlsx").content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert ["50105", "会员活动（慰问）", 1000, 850, 150, "85.0%", "接近预算"] in rows
    assert client.get(f"{URL}budgets/{budget.pk}/execution.pdf").content.startswith(b"%PDF")


def test_an_approved_budget_is_adjusted_with_a_reason_on_the_form(client, users, tree):
    budget = actions.create_budget(users.finance, tree.school, year=YEAR, lines=[{"account": "504", "amount": "10"}])
    actions.submit_budget(users.finance, budget)
    actions.approve_budget(users.chair, budget)
    login(client, users.finance)
    missing = client.post(f"{URL}budgets/{budget.pk}/edit/", {"acct_504": "20"})
    assert "请填写调整原因" in missing.content.decode() or "不能为空" in missing.content.decode()
    client.post(f"{URL}budgets/{budget.pk}/edit/", {"acct_504": "20", "reason": "办公费上涨"})
    budget.refresh_from_db()
    assert budget.version == 2 and budget.status == BudgetStatus.SUBMITTED
    assert "办公费上涨" in client.get(f"{URL}budgets/{budget.pk}/").content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_register_and_budget_pages_cost_the_same_queries_for_one_row_or_many(client, users, tree):
    login(client, users.chair)
    for month in (1, 2):
        a = actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-{month:02d}", payroll_total="100",
                                      collection="direct")
        actions.record_receipt(users.finance, a, date=f"{YEAR}-{month:02d}-28")
    budget = actions.create_budget(users.finance, tree.school, year=YEAR, lines=[{"account": "504", "amount": "1"}])
    few = (_queries(client, f"{URL}?union=SCH&year={YEAR}"), _queries(client, f"{URL}budgets/{budget.pk}/"))
    for month in range(3, 9):
        a = actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-{month:02d}", payroll_total="100",
                                      collection="direct")
        actions.record_receipt(users.finance, a, date=f"{YEAR}-{month:02d}-28")
    actions.update_budget(users.finance, budget, lines=[{"account": code, "amount": "1"}
                                                        for code in ("502", "503", "504", "505", "506", "401")])
    many = (_queries(client, f"{URL}?union=SCH&year={YEAR}"), _queries(client, f"{URL}budgets/{budget.pk}/"))
    assert many == few
