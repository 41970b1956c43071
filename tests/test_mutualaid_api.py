"""The mutual-aid REST API: same actions, 400 with Chinese messages, 404 out of scope, medical details hidden."""
import datetime

import pytest
from rest_framework.test import APIClient

from gonghui.mutualaid import actions
from gonghui.mutualaid.models import Claim, Enrolment

from .mutualaid_fixtures import enrolled, plan, plan_data, round_, women_plan  # noqa: F401

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_plan_is_created_and_bad_input_is_a_400_naming_the_field(users, tree):
    client = api(users.chair)
    bad = client.post("/api/mutual-aid/aid-plans/", {**plan_data(), "owner": "SCH", "premium": "-5"}, format="json")
    assert bad.status_code == 400 and bad.json()["premium"] == ["金额必须大于0"]
    good = client.post("/api/mutual-aid/aid-plans/", {**plan_data(), "owner": "SCH"}, format="json")
    assert good.status_code == 201 and good.json()["premium"] == "60.00"
    listed = client.get("/api/mutual-aid/aid-plans/?org=SCH").json()["results"]
    assert [p["name"] for p in listed] == ["职工医疗互助"]


def test_enrol_by_api_refuses_an_ineligible_member_with_a_chinese_message(users, tree, women_plan, members):
    client = api(users.officer)
    response = client.post(f"/api/mutual-aid/aid-plans/{women_plan.pk}/enrol/",
                           {"org": "SCH", "members": [members.wang.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["members"] == ["王强是男职工，女职工特种疾病互助仅限女职工参加"]
    ok = client.post(f"/api/mutual-aid/aid-plans/{women_plan.pk}/enrol/", {"org": "SCH"}, format="json")
    assert ok.status_code == 201 and ok.json()["head_count"] == 2 and ok.json()["premium_total"] == "60.00"


def test_an_outsider_gets_404_for_the_schools_plan_and_400_for_its_code(users, tree, plan):
    client = api(users.outsider)
    assert client.get(f"/api/mutual-aid/aid-plans/{plan.pk}/").status_code == 404
    response = client.post(f"/api/mutual-aid/aid-plans/{plan.pk}/enrol/", {"org": "SCH"}, format="json")
    assert response.status_code == 404


def test_a_member_claims_by_api_and_sees_their_own_diagnosis(member_user, members, enrolled):
    client = api(member_user)
    enrolment = enrolled[members.wang.pk]
    over = client.post("/api/mutual-aid/aid-claims/", {"enrolment": enrolment.pk, "amount": "6000",
                                                       "incident_date": "2026-10-08", "diagnosis": "住院"},
                       format="json")
    assert over.status_code == 400 and "单次给付上限3000.00元" in over.json()["amount_claimed"][0]
    ok = client.post("/api/mutual-aid/aid-claims/", {"enrolment": enrolment.pk, "amount": "800",
                                                     "incident_date": "2026-10-08", "diagnosis": "住院"},
                     format="json")
    assert ok.status_code == 201 and ok.json()["diagnosis"] == "住院" and ok.json()["status"] == "submitted"
    mine = client.get("/api/mutual-aid/aid-claims/").json()["results"]
    assert [c["id"] for c in mine] == [ok.json()["id"]]
    other = enrolled[members.zhao.pk]
    assert client.post("/api/mutual-aid/aid-claims/", {"enrolment": other.pk, "amount": "1",
                                                       "incident_date": "2026-10-08", "diagnosis": "x"},
                       format="json").status_code == 404


def test_finance_reads_claims_without_the_diagnosis_and_cannot_decide(users, members, enrolled):
    claim = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="100",
                                 incident_date=datetime.date(2026, 9, 1), diagnosis="门诊手术")
    client = api(users.finance)
    data = client.get(f"/api/mutual-aid/aid-claims/{claim.pk}/").json()
    assert data["amount_claimed"] == "100.00" and data["diagnosis"] is None
    assert client.post(f"/api/mutual-aid/aid-claims/{claim.pk}/review/").status_code == 403


def test_the_claim_status_chain_by_api(users, members, enrolled):
    claim = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="1000",
                                 incident_date=datetime.date(2026, 9, 1), diagnosis="住院")
    client = api(users.officer)
    wrong = client.post(f"/api/mutual-aid/aid-claims/{claim.pk}/pay/", {}, format="json")
    assert wrong.status_code == 400 and "status" in wrong.json()
    client.post(f"/api/mutual-aid/aid-claims/{claim.pk}/review/")
    client.post(f"/api/mutual-aid/aid-claims/{claim.pk}/approve/", {"amount_approved": "900"}, format="json")
    paid = client.post(f"/api/mutual-aid/aid-claims/{claim.pk}/pay/", {"paid_on": "2026-11-30"}, format="json")
    assert paid.json()["status"] == "paid" and paid.json()["amount_approved"] == "900.00"
    assert Claim.objects.get().paid_on == datetime.date(2026, 11, 30)


def test_health_check_slots_and_attendance_by_api(users, tree, members, round_):
    client = api(users.officer)
    slot = client.post(f"/api/mutual-aid/checkup-slots/?round={round_.pk}",
                       {"org": "SCH-B2", "date": "2026-11-26", "start_time": "08:30"}, format="json")
    assert slot.status_code == 201
    slot_id = slot.json()["id"]
    put = client.put(f"/api/mutual-aid/checkup-slots/{slot_id}/attendance/", {"attended": [members.zhao.pk]},
                     format="json")
    assert put.json() == {"attended": [members.zhao.pk]}
    bad = client.put(f"/api/mutual-aid/checkup-slots/{slot_id}/attendance/", {"attended": [members.wang.pk]},
                     format="json")
    assert bad.status_code == 400 and "不在数学组分工会的名单中" in bad.json()["attended"][0]
    rates = client.get(f"/api/mutual-aid/checkups/{round_.pk}/participation/").json()
    assert rates == [{"slot": slot_id, "org": "SCH-B2", "org_name": "数学组分工会", "attended": 1, "roster": 1,
                      "rate": "100.00"}]


def test_reminders_and_figures_by_api(users, tree, enrolled, round_):
    actions.add_slot(users.officer, round_, org=tree.g1, date="2026-12-10", start_time="08:30")
    client = api(users.officer)
    reminders = client.get("/api/mutual-aid/reminders/?org=SCH").json()
    assert reminders["renewals"][0]["days"] == 28 and reminders["renewals"][0]["members"] == 3
    assert reminders["slots"][0]["org"] == "SCH-G1"
    figures = {r["code"]: r for r in client.get("/api/mutual-aid/figures/?org=SCH").json()}
    assert figures["mutualaid.members_covered"]["value"] == "3.00"
    assert figures["mutualaid.coverage_rate"]["value"] == "100.00"


def test_cancelling_an_enrolment_by_api(users, members, enrolled):
    enrolment = enrolled[members.zhang.pk]
    assert api(users.officer).delete(f"/api/mutual-aid/aid-enrolments/{enrolment.pk}/").status_code == 204
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert api(users.outsider).delete(f"/api/mutual-aid/aid-enrolments/{members.zhao.pk}/").status_code == 404
