"""The care API: the same actions and messages as the pages, scope as 404, masking of hardship details."""
import pytest

from gonghui.care import actions
from gonghui.care.models import Distribution, HardshipFile, Visit

from .care_fixtures import DAY, FIGURES, care, open_file, proof  # noqa: F401
from .conftest import login


def test_an_officer_records_a_visit_and_lists_it(client, care):
    login(client, care.users.officer)
    response = client.post("/api/care/visits/", {"union": "SCH", "member_no": care.members.wang.member_no,
                                                 "occasion": "marriage", "date": "2026-09-20", "visitors": "王干事",
                                                 "gift": "慰问金", "amount": "1000"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "1000.00" and response.json()["expense"]
    listed = client.get("/api/care/visits/").json()
    assert [v["member_name"] for v in listed["results"]] == ["王强"]


def test_a_gift_over_the_cap_is_a_400_on_the_amount(client, care):
    login(client, care.users.officer)
    response = client.post("/api/care/visits/", {"union": "SCH", "member_no": care.members.wang.member_no,
                                                 "occasion": "childbirth", "date": "2026-09-20", "visitors": "王干事",
                                                 "gift": "慰问金", "amount": "1200"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"amount": ["生育慰问每人不超过1,000.00元，本次每人1,200.00元"]}
    assert not Visit.objects.exists()


def test_a_member_out_of_scope_is_a_400_naming_the_member_number(client, care):
    login(client, care.users.officer)
    response = client.post("/api/care/visits/", {"union": "SCH", "member_no": care.members.liu.member_no,
                                                 "occasion": "marriage", "date": "2026-09-20", "visitors": "王干事"},
                           content_type="application/json")
    assert response.status_code == 400 and "member_no" in response.json()


def test_file_details_are_null_without_see_hardship_and_clear_with_it(client, care):
    f = open_file(care.users.officer, care.members.wang)
    login(client, care.users.leader)
    data = client.get(f"/api/care/hardship-files/{f.pk}/").json()
    assert data["category"] == "deep" and data["details"] is None
    login(client, care.users.officer)
    data = client.get(f"/api/care/hardship-files/{f.pk}/").json()
    assert data["details"]["per_capita"] == "833.33" and data["details"]["cause"] == FIGURES["cause"]
    login(client, care.users.outsider)
    assert client.get(f"/api/care/hardship-files/{f.pk}/").status_code == 404


def test_a_file_is_opened_with_evidence_over_multipart_and_refused_without(client, care):
    login(client, care.users.officer)
    body = {**FIGURES, "union": "SCH", "member_no": care.members.wang.member_no, "submit": "true"}
    response = client.post("/api/care/hardship-files/", body)
    assert response.status_code == 400 and "缺少证明材料" in response.json()["evidence"][0]
    response = client.post("/api/care/hardship-files/", {**body, "evidence": [proof()]})
    assert response.status_code == 201, response.json()
    assert HardshipFile.objects.get().status == "active"
    pk = response.json()["id"]
    assert client.post(f"/api/care/hardship-files/{pk}/help/", {"date": "2026-09-21", "kind": "goods", "description": "米面油"},
                       content_type="application/json").status_code == 201
    assert client.post(f"/api/care/hardship-files/{pk}/exit/", {"reason": "已脱困"},
                       content_type="application/json").json()["status"] == "exited"


def test_a_festival_list_a_duplicate_and_signing(client, care, member_user):
    login(client, care.users.officer)
    body = {"union": "SCH", "kind": "festival", "festival": "端午节", "date": "2026-06-19", "description": "粽子",
            "amount_per_person": "150", "member_nos": [care.members.wang.member_no, care.members.zhao.member_no]}
    response = client.post("/api/care/greetings/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    again = client.post("/api/care/greetings/", body, content_type="application/json")
    assert again.status_code == 400 and "不能重复发放" in again.json()["members"][0]
    d = Distribution.objects.get()
    login(client, member_user)
    rows = client.get(f"/api/care/greetings/{d.pk}/rows/").json()["results"]
    assert [r["member_name"] for r in rows] == ["王强"]
    signed = client.post(f"/api/care/greeting-rows/{rows[0]['id']}/sign/")
    assert signed.status_code == 200 and signed.json()["signed_as"] == "member"


def test_figures_reminders_occasions_and_history(client, care):
    actions.record_visit(care.users.officer, care.members.zhao, occasion="childbirth", date=DAY, visitors="王干事")
    login(client, care.users.officer)
    figures = client.get("/api/care/figures/?year=2026").json()
    assert figures["visits"] == 1 and figures["women"] == 1 and figures["by_occasion"] == {"生育": 1}
    assert client.get("/api/care/reminders/").status_code == 200
    occasions = client.get("/api/care/occasions/").json()
    assert any(o["code"] == "marriage" and o["must_visit"] for o in occasions)
    history = client.get(f"/api/care/members/{care.members.zhao.pk}/history/").json()
    assert history["visits"][0]["occasion_name"] == "生育"
    assert client.get(f"/api/care/members/{care.members.liu.pk}/history/").status_code == 404


def test_a_paper_answer_and_the_answers_list(client, care):
    v = actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="王干事")
    login(client, care.users.officer)
    assert client.post(f"/api/care/visits/{v.pk}/answer/", {"answer": "satisfied"},
                       content_type="application/json").json()["source"] == "paper"
    assert client.post(f"/api/care/visits/{v.pk}/answer/", {"answer": "satisfied"},
                       content_type="application/json").status_code == 400
    assert len(client.get("/api/care/answers/").json()["results"]) == 1


@pytest.mark.parametrize("user", ["finance", "auditor"])
def test_users_without_care_cannot_record(client, care, user):
    login(client, getattr(care.users, user))
    response = client.post("/api/care/visits/", {"union": "SCH", "member_no": care.members.wang.member_no,
                                                 "occasion": "marriage", "date": "2026-09-20", "visitors": "x"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json() == {"union": ["组织不存在或不在您的权限范围内"]}
