"""The ledger API: vouchers through their workflow, Chinese 400s naming line and column, attachments,
periods and statements — and 404 for anything out of scope."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gonghui.ledger.models import Voucher

from .walk_ext.ledger import march_2026

BASE = "/api/finance/ledger/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(**extra):
    data = {"org": "SCH", "date": "2026-03-05", "summary": "收3月会费",
            "lines": [{"account": "102", "debit": "2280.00"}, {"account": "401", "credit": "2,280.00"}]}
    data.update(extra)
    return data


@pytest.fixture
def march(tree, users):
    return march_2026(users, tree.school)


def test_a_voucher_is_created_and_taken_through_the_workflow(tree, users):
    created = api(users.finance).post(BASE + "vouchers/", body(), format="json")
    assert created.status_code == 201, created.data
    data = created.data
    assert (data["label"], data["status"], data["total_debit"]) == ("记-2026-0001", "draft", "2280.00")
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in data["lines"]] == [
        ("102", "2280.00", "0.00"), ("401", "0.00", "2280.00")]
    pk = data["id"]
    assert api(users.auditor).post(f"{BASE}vouchers/{pk}/review/").data["status"] == "reviewed"
    assert api(users.chair).post(f"{BASE}vouchers/{pk}/approve/").data["status"] == "approved"
    assert api(users.finance).post(f"{BASE}vouchers/{pk}/post/").data["status"] == "posted"


def test_an_unbalanced_voucher_is_a_400_in_chinese_and_nothing_is_written(tree, users):
    response = api(users.finance).post(BASE + "vouchers/", body(lines=[
        {"account": "102", "debit": "2280.00"}, {"account": "401", "credit": "2208.00"}]), format="json")
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["借贷不平衡：借方合计 2,280.00，贷方合计 2,208.00，相差 72.00"]}
    assert not Voucher.all_objects.exists()


def test_line_errors_name_the_line_and_the_column(tree, users):
    response = api(users.finance).post(BASE + "vouchers/", body(lines=[
        {"account": "102", "debit": "0"}, {"account": "401", "credit": "-3"}]), format="json")
    assert response.status_code == 400
    assert response.data["lines"] == ["第1行 借方金额: 借方金额或贷方金额须填写一个大于零的金额",
                                      "第2行 贷方金额: 金额不能为负数（更正已记账的凭证请作红字冲销）"]


def test_an_approved_voucher_cannot_be_patched(tree, users, march):
    v = march[0]
    response = api(users.finance).patch(f"{BASE}vouchers/{v.pk}/", {"summary": "改"}, format="json")
    assert response.status_code == 400 and response.data == {"status": ["已审核的凭证不能修改，请作红字冲销"]}


def test_a_draft_is_patched_and_its_lines_replaced(tree, users):
    pk = api(users.finance).post(BASE + "vouchers/", body(), format="json").data["id"]
    response = api(users.finance).patch(f"{BASE}vouchers/{pk}/", {"lines": [
        {"account": "101", "debit": "5"}, {"account": "401", "credit": "5"}]}, format="json")
    assert response.status_code == 200 and response.data["total_debit"] == "5.00"


def test_a_posted_voucher_is_reversed(tree, users, march):
    response = api(users.finance).post(f"{BASE}vouchers/{march[0].pk}/reverse/",
                                       {"date": "2026-03-31", "reason": "金额有误"}, format="json")
    assert response.status_code == 201 and response.data["reverses"] == march[0].pk
    assert response.data["summary"] == "冲销记-2026-0001：金额有误"


def test_the_list_filters_and_pages_newest_first(tree, users, march):
    response = api(users.chair).get(BASE + "vouchers/", {"org": "SCH", "account": "501"})
    assert [row["summary"] for row in response.data["results"]] == ["教职工篮球赛", "送温暖慰问困难职工"]


def test_attachments_are_uploaded_listed_and_downloaded_in_scope(tree, users, march):
    v = march[2]
    up = api(users.finance).post(f"{BASE}vouchers/{v.pk}/attachments/",
                                 {"file": SimpleUploadedFile("receipt.png", b"\x89PNG data")}, format="multipart")
    assert up.status_code == 201, up.data
    listed = api(users.auditor).get(f"{BASE}vouchers/{v.pk}/attachments/")
    assert [a["name"] for a in listed.data] == ["receipt.png"]
    download = api(users.auditor).get(f"{BASE}attachments/{up.data['id']}/")
    assert b"".join(download.streaming_content) == b"\x89PNG data"
    assert api(users.outsider).get(f"{BASE}attachments/{up.data['id']}/").status_code == 404


def test_out_of_scope_vouchers_are_404_and_unions_too(tree, users, march):
    outsider = api(users.outsider)
    assert outsider.get(f"{BASE}vouchers/{march[0].pk}/").status_code == 404
    assert outsider.post(f"{BASE}vouchers/{march[0].pk}/reverse/", {"date": "2026-03-31", "reason": "x"},
                         format="json").status_code == 404
    assert outsider.get(BASE + "trial-balance/", {"org": "SCH"}).status_code == 404


def test_roles_are_checked_on_each_step(tree, users):
    pk = api(users.finance).post(BASE + "vouchers/", body(), format="json").data["id"]
    assert api(users.chair).post(f"{BASE}vouchers/{pk}/review/").status_code == 403
    assert api(users.finance).post(f"{BASE}vouchers/{pk}/review/").status_code == 400  # own voucher
    assert api(users.chair).post(BASE + "vouchers/", body(), format="json").status_code == 403


def test_periods_are_closed_and_posting_into_them_refused(tree, users, march):
    closed = api(users.finance).post(BASE + "periods/close/", {"org": "SCH", "month": "2026-03"}, format="json")
    assert closed.status_code == 200 and closed.data["status"] == "closed"
    response = api(users.finance).post(BASE + "vouchers/", body(), format="json")
    assert response.status_code == 400 and "2026年3月已结账" in response.data["date"][0]
    listed = api(users.chair).get(BASE + "periods/", {"org": "SCH", "year": "2026"})
    assert [(p["month"], p["status"]) for p in listed.data] == [(3, "closed")]


def test_the_statements_come_as_their_printed_tables(tree, users, march):
    client = api(users.auditor)
    tb = client.get(BASE + "trial-balance/", {"org": "SCH", "month": "2026-03"}).data
    assert tb["balanced"] is True and tb["rows"][-1][4:6] == ["31080.00", "31080.00"]
    bs = client.get(BASE + "balance-sheet/", {"org": "SCH", "month": "2026-03"}).data
    assert bs["balanced"] is True and bs["rows"][-1][5] == "13480.00"
    income = client.get(BASE + "income-statement/", {"org": "SCH", "month": "2026-03"}).data
    assert income["rows"][-1] == ["三、本期收支结余", "23", "8980.00", "8980.00"]
    gl = client.get(BASE + "general-ledger/", {"org": "SCH", "account": "102", "year": "2026"}).data
    assert gl["rows"][-1][-1] == "8780.00"
    sub = client.get(BASE + "subsidiary-ledger/", {"org": "SCH", "account": "102", "from": "2026-03-01",
                                                  "to": "2026-03-31"}).data
    assert sub["rows"][1][1] == "记-2026-0001" and sub["rows"][-1][-1] == "8780.00"


def test_the_chart_of_accounts_is_listed(tree, users):
    rows = api(users.chair).get(BASE + "accounts/", {"org": "SCH"}).data
    by_code = {r["code"]: r for r in rows}
    assert by_code["50105"]["parent"] == "501" and by_code["501"]["leaf"] is False
    assert by_code["401"]["normal_balance"] == "credit" and len(rows) == 57


def test_amounts_are_never_floats(tree, users, march):
    data = api(users.chair).get(f"{BASE}vouchers/{march[3].pk}/").data
    assert data["total_debit"] == "9000.00" and isinstance(data["lines"][0]["debit"], str)
    assert D(data["total_credit"]) == D("9000")
    assert datetime.date.fromisoformat(data["date"]) == datetime.date(2026, 3, 20)
