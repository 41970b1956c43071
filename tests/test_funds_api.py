"""The funds and budget API: the same actions and messages as the web, scoped by VIEW_FINANCE."""
from decimal import Decimal as D

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.funds import actions
from gonghui.funds.models import Allocation, Budget

YEAR = timezone.localdate().year - 1
API = "/api/finance/funds/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_recording_an_allocation_and_its_receipt(users):
    client = api(users.finance)
    response = client.post(f"{API}allocations/", {"union": "SCH", "period": f"{YEAR}-03",
                                                  "payroll_total": "1250000.00", "collection": "direct"}, format="json")
    assert response.status_code == 201, response.data
    body = response.data
    assert (body["amount"], body["grassroots_amount"], body["upward_amount"]) == ("25000.00", "15000.00", "10000.00")
    received = client.post(f"{API}allocations/{body['id']}/receive/", {"date": f"{YEAR}-04-10"}, format="json")
    assert received.status_code == 200 and received.data["status"] == "received"
    assert received.data["entries"][0]["source_ref"] == f"funds:{body['id']}:receipt"


def test_bad_input_is_a_400_with_chinese_messages_per_field(users):
    response = api(users.finance).post(f"{API}allocations/", {
        "union": "SCH", "period": f"{timezone.localdate().year + 1}-01", "payroll_total": "-1",
        "collection": "cash"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"period", "payroll_total", "collection"}
    assert response.data["collection"] == ["请选择收缴方式（行政直接拨缴或税务代收）"]
    assert not Allocation.objects.exists()


def test_another_unions_allocation_is_a_404_and_its_code_is_not_found(users, tree):
    allocation = actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-03", payroll_total="1",
                                           collection="direct")
    outsider = api(users.outsider)
    assert outsider.get(f"{API}allocations/{allocation.pk}/").status_code == 404
    assert outsider.get(f"{API}allocations/").data["results"] == []
    response = outsider.post(f"{API}allocations/", {"union": "SCH", "period": f"{YEAR}-04", "payroll_total": "1",
                                                    "collection": "direct"}, format="json")
    assert response.status_code == 400 and response.data["union"] == ["组织不存在或不在您的权限范围内"]


def test_an_unbalanced_split_table_is_refused(admin_user, tree):
    response = api(admin_user).post(f"{API}splits/", {
        "federation": "COUNTY", "effective_from": "2020-01-01", "grassroots_share": "60",
        "shares": [{"level": "county", "share": "25"}, {"level": "national", "share": "5"}]}, format="json")
    assert response.status_code == 400
    assert response.data["shares"] == ["基层留成与各级分成合计应为100%，现为90%（相差10%）"]


def test_a_budget_is_created_submitted_approved_and_its_status_asked(users, tree):
    finance, chair = api(users.finance), api(users.chair)
    created = finance.post(f"{API}budgets/", {"union": "SCH", "year": YEAR, "lines": [
        {"account": "50105", "amount": "20000"}, {"account": "401", "amount": "30000"}]}, format="json")
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert finance.post(f"{API}budgets/{pk}/submit/").status_code == 200
    assert finance.post(f"{API}budgets/{pk}/approve/").status_code == 403
    assert chair.post(f"{API}budgets/{pk}/approve/").data["status"] == "approved"
    status = chair.get(f"{API}budget-status/", {"union": "SCH", "year": YEAR, "category": "50105",
                                                "extra": "16000"})
    assert status.data == {"budget": "20000.00", "spent": "16000.00", "ratio": "0.8000", "level": "amber",
                           "label": "接近预算"}
    rows = chair.get(f"{API}budgets/{pk}/execution/").data
    assert [(r["account_code"], r["level"]) for r in rows] == [("401", "ok"), ("50105", "ok")]


def test_a_budget_line_for_a_non_expense_account_is_refused_by_row(users):
    response = api(users.finance).post(f"{API}budgets/", {"union": "SCH", "year": YEAR, "lines": [
        {"account": "221", "amount": "1", "kind": "expense"}]}, format="json")
    assert response.status_code == 400 and "221 应付上级经费不是支出科目" in response.data["lines.1"][0]
    assert not Budget.objects.exists()


def test_adjusting_an_approved_budget_needs_a_reason_and_goes_back_for_approval(users, tree):
    budget = actions.create_budget(users.finance, tree.school, year=YEAR, lines=[{"account": "504", "amount": "10"}])
    actions.submit_budget(users.finance, budget)
    actions.approve_budget(users.chair, budget)
    client = api(users.finance)
    refused = client.patch(f"{API}budgets/{budget.pk}/", {"lines": [{"account": "504", "amount": "20"}]},
                           format="json")
    assert refused.status_code == 400 and "预算调整" in refused.data["status"][0]
    adjusted = client.post(f"{API}budgets/{budget.pk}/adjust/", {
        "lines": [{"account": "504", "amount": "20"}], "reason": "办公费上涨"}, format="json")
    assert adjusted.data["version"] == 2 and adjusted.data["status"] == "submitted"
    assert adjusted.data["revisions"][0]["changes"] == [{"account": "504", "name": "行政支出", "before": "10.00",
                                                         "after": "20.00"}]


@pytest.mark.parametrize("params, field", [({"year": "x", "category": "50105"}, "year"),
                                           ({"year": "2025", "category": "102"}, "category")])
def test_budget_status_explains_bad_parameters(users, params, field):
    response = api(users.chair).get(f"{API}budget-status/", {"union": "SCH", **params})
    assert response.status_code == 400 and field in response.data


def test_the_allocation_list_costs_a_fixed_number_of_queries(users, tree, django_assert_max_num_queries):
    for month in range(1, 7):
        allocation = actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-{month:02d}",
                                               payroll_total="1000", collection="direct")
        actions.record_receipt(users.finance, allocation, date=f"{YEAR}-{month:02d}-28")
    with django_assert_max_num_queries(8):
        response = api(users.chair).get(f"{API}allocations/", {"union": "SCH", "year": YEAR})
    assert len(response.data["results"]) == 6 and D(response.data["results"][0]["amount"]) == D("20.00")
