"""The dues API (/api/finance/dues/): scoped lists, actions with Chinese 400s, masked amounts."""
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from rest_framework.test import APIClient

from gonghui.dues import actions, months
from gonghui.dues.models import DuesBatch, DuesExemption, DuesPolicy, DuesReminder, DuesRoll, WageBaseChange

from .conftest import IDS

LAST = months.add_months(months.current_month(), -1)
BASE = "/api/finance/dues/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def roll(users, members, tree):
    return actions.run_roll(users.finance, tree.school, LAST).roll


def test_running_a_roll_through_the_api(users, members):
    response = api(users.finance).post(f"{BASE}rolls/run/", {"org": "SCH", "month": months.iso(LAST)}, format="json")
    assert response.status_code == 201 and response.json()["total_due"] == "60.60" and response.json()["heads"] == 3


def test_a_future_month_or_a_branch_is_a_400_naming_the_field(users, members):
    client = api(users.finance)
    future = client.post(f"{BASE}rolls/run/", {"org": "SCH", "month": "2999-01"}, format="json")
    assert future.status_code == 400 and "还没有到" in future.json()["month"][0]
    branch = client.post(f"{BASE}rolls/run/", {"org": "SCH-B1", "month": months.iso(LAST)}, format="json")
    assert branch.status_code == 400 and "会费按基层工会收缴" in branch.json()["org"][0]
    assert not DuesRoll.objects.exists()


def test_rolls_of_another_union_are_not_listed_nor_found(users, roll):
    client = api(users.outsider)
    assert client.get(f"{BASE}rolls/", {"org": "SCH"}).status_code == 404
    assert client.get(f"{BASE}rolls/{roll.pk}/").status_code == 404
    assert client.get(f"{BASE}rolls/{roll.pk}/items/").status_code == 404


def test_items_are_paginated_and_masked_unless_the_reader_may_see_wages(users, roll):
    client = api(users.finance)
    finance = client.get(f"{BASE}rolls/{roll.pk}/items/", {"page_size": 2}).json()
    assert len(finance["results"]) == 2 and finance["next"]
    rest = client.get(finance["next"]).json()
    by_name = {row["name"]: row["amount"] for row in finance["results"] + rest["results"]}
    assert len(by_name) == 3 and by_name["王强"] == "22.80"
    federation = api(users.federation).get(f"{BASE}rolls/{roll.pk}/items/").json()
    assert {row["amount"] for row in federation["results"]} == {"****"}


def test_groups_totals_and_finalising(users, roll):
    client = api(users.finance)
    groups = client.get(f"{BASE}rolls/{roll.pk}/groups/").json()
    assert groups["total"]["due"] == "60.60" and {g["org"] for g in groups["groups"]} == {"SCH", "SCH-G1", "SCH-B2"}
    assert client.post(f"{BASE}rolls/{roll.pk}/finalize/").json()["status"] == "final"
    again = client.post(f"{BASE}rolls/run/", {"org": "SCH", "month": months.iso(LAST)}, format="json")
    assert again.status_code == 400 and "已定稿" in again.json()["month"][0]


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["身份证号", "姓名", "扣缴金额", "月份"])
    for row in rows:
        ws.append(row)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "batch.xlsx"
    return data


def test_importing_a_batch_through_the_api_is_idempotent(users, roll):
    client = api(users.finance)
    body = _xlsx([[IDS["wang"], "王强", "22.80", months.iso(LAST)]]).getvalue()

    def send():
        upload = io.BytesIO(body)
        upload.name = "batch.xlsx"
        return client.post(f"{BASE}batches/import/", {"org": "SCH", "file": upload, "batch_no": "A"},
                           format="multipart")

    first = send()
    assert first.status_code == 202  # read by the job worker; the job's result is the import's
    done = client.get(first.json()["status_url"]).json()
    assert done["status"] == "done" and done["result"]["ok"] and done["result"]["paid"] == 1
    second = client.get(send().json()["status_url"]).json()
    assert second["result"]["ok"] is False and second["result"]["duplicate"] is True
    assert DuesBatch.objects.count() == 1
    listed = client.get(f"{BASE}batches/", {"org": "SCH"}).json()["results"]
    assert listed[0]["source_ref"] == f"dues:SCH:{listed[0]['id']}"


def test_policy_wage_and_exemption_endpoints(users, members):
    finance, chair = api(users.finance), api(users.chair)
    policy = finance.post(f"{BASE}policies/", {"org": "SCH", "effective_from": "2026-01", "rate_percent": "0.4",
                                               "group_share": "60"}, format="json")
    assert policy.status_code == 201 and DuesPolicy.objects.get().rate == Decimal("0.004")
    bad = finance.post(f"{BASE}policies/", {"org": "SCH", "effective_from": "2026-01", "rate_percent": "9"},
                       format="json")
    assert bad.status_code == 400 and "rate_percent" in bad.json()
    wage = chair.post(f"{BASE}wage-changes/", {"member": members.wang.pk, "wage_base": "-5",
                                               "effective_from": months.iso(LAST)}, format="json")
    assert wage.status_code == 400 and wage.json()["wage_base"] == ["不能为负数"]
    assert not WageBaseChange.objects.exists()
    granted = chair.post(f"{BASE}exemptions/", {"member": members.wang.pk, "start_month": months.iso(LAST),
                                                "reason": "困难", "decision_no": "1号"}, format="json")
    assert granted.status_code == 201
    revoked = chair.post(f"{BASE}exemptions/{granted.json()['id']}/revoke/", {"note": "已就业"}, format="json")
    assert revoked.status_code == 200 and DuesExemption.objects.get().revoked_at is not None


def test_arrears_reminders_collection_and_my_dues(users, roll, member_user):
    finance = api(users.finance)
    arrears = finance.get(f"{BASE}arrears/", {"org": "SCH"}).json()["results"]
    assert {row["name"] for row in arrears} == {"王强", "赵丽", "张敏"}
    sent = finance.post(f"{BASE}reminders/", {"org": "SCH", "min_months": 1}, format="json")
    assert sent.status_code == 201 and DuesReminder.objects.count() == 3
    collection = finance.get(f"{BASE}collection/", {"org": "SCH"}).json()
    assert collection["month"] == months.iso(LAST) and collection["total"]["due"] == "60.60"
    mine = api(member_user).get(f"{BASE}mine/").json()
    assert mine["owed"] == "22.80" and len(mine["items"]) == 1 and len(mine["reminders"]) == 1


def test_a_plain_member_gets_no_finance_data(member_user, roll):
    client = api(member_user)
    assert client.get(f"{BASE}rolls/{roll.pk}/").status_code == 404
    assert client.get(f"{BASE}arrears/").status_code == 404
    assert client.post(f"{BASE}rolls/run/", {"org": "SCH", "month": months.iso(LAST)},
                       format="json").status_code == 400


def test_a_federation_run_through_the_api_is_a_job_whose_result_gives_the_totals(admin_user, members, tree):
    client = api(admin_user)
    response = client.post(f"{BASE}rolls/run-all/", {"org": "COUNTY", "month": months.iso(LAST)}, format="json")
    assert response.status_code == 202 and response["Location"] == response.data["status_url"]
    job = client.get(response.data["status_url"]).json()
    rolls = DuesRoll.objects.filter(month=LAST)
    assert job["status"] == "done" and rolls.count() == 2
    assert job["result"]["unions"] == 2 and Decimal(job["result"]["total_due"]) == sum(r.total_due for r in rolls)


def test_a_federation_run_names_the_field_it_refuses(admin_user, users, members, tree):
    client = api(admin_user)
    union = client.post(f"{BASE}rolls/run-all/", {"org": "SCH", "month": months.iso(LAST)}, format="json")
    assert union.status_code == 400 and "org" in union.json() and "不是总工会" in str(union.json())
    future = client.post(f"{BASE}rolls/run-all/", {"org": "COUNTY", "month": "2999-01"}, format="json")
    assert future.status_code == 400 and "month" in future.json()
    outside = api(users.finance).post(f"{BASE}rolls/run-all/", {"org": "COUNTY", "month": months.iso(LAST)},
                                      format="json")
    assert outside.status_code == 400 and "org" in outside.json()
    assert not DuesRoll.objects.exists()
