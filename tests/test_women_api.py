"""The women workers' API: the same actions and messages as the pages, scoped, in the OpenAPI schema."""
import datetime

import pytest
from rest_framework.test import APIClient

from gonghui.women import actions
from gonghui.women.models import Maternity

from .women_fixtures import committee, room, woman  # noqa: F401

pytestmark = pytest.mark.django_db
D = datetime.date


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_birth_through_the_api_computes_the_leave(users, woman):
    response = _client(users.officer).post("/api/women/maternity/birth/", {
        "union": "SCH", "member_no": woman.member_no, "birth_date": "2026-05-10", "leave_start": "2026-05-01"},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["leave_start"], body["leave_end"], body["leave_days"]) == ("2026-05-01", "2026-08-06", 98)
    assert body["birth_date"] == "2026-05-10" and body["nursing_until"] == "2027-05-09"


def test_a_birth_on_a_registered_pregnancy_completes_that_record(users, woman):
    client = _client(users.officer)
    assert client.post("/api/women/maternity/pregnancy/", {"union": "SCH", "member_no": woman.member_no,
                                                            "due_date": "2027-01-20"}, format="json").status_code == 201
    response = client.post("/api/women/maternity/miscarriage/", {"union": "SCH", "member_no": woman.member_no,
                                                                 "day": "2026-11-30", "months": 4}, format="json")
    assert response.status_code == 201 and response.json()["leave_days"] == 42
    assert Maternity.objects.get().stage == "miscarriage"


def test_bad_input_is_a_400_naming_the_field_in_chinese(users, members, woman):
    client = _client(users.officer)
    response = client.post("/api/women/maternity/birth/", {"union": "SCH", "member_no": members.wang.member_no,
                                                           "birth_date": "2026-05-10", "leave_start": "2026-05-01"},
                           format="json")
    assert response.status_code == 400 and "男职工" in response.json()["member"][0]
    response = client.post("/api/women/maternity/birth/", {"union": "SCH", "member_no": woman.member_no,
                                                           "birth_date": "2026-05-20", "leave_start": "2026-05-01"},
                           format="json")
    assert response.status_code == 400 and "分娩前15天" in response.json()["leave_start"][0]
    assert not Maternity.objects.exists()


def test_maternity_records_are_listed_only_for_women_holders(users, woman):
    actions.register_pregnancy(users.officer, woman, due_date=D(2027, 1, 20))
    assert _client(users.officer).get("/api/women/maternity/").json()["results"][0]["due_date"] == "2027-01-20"
    for user in (users.finance, users.federation, users.outsider):
        assert _client(user).get("/api/women/maternity/").json()["results"] == []


def test_another_unions_officer_gets_a_404_or_a_400_never_the_record(users, woman):
    record = actions.register_pregnancy(users.officer, woman, due_date=D(2027, 1, 20))
    client = _client(users.outsider)
    assert client.get(f"/api/women/maternity/{record.pk}/").status_code == 404
    response = client.post("/api/women/maternity/pregnancy/", {"union": "SCH", "member_no": woman.member_no,
                                                               "due_date": "2027-01-20"}, format="json")
    assert response.status_code == 400 and "union" in response.json()


def test_the_committee_and_a_room_through_the_api(users, members, committee, room):
    client = _client(users.officer)
    body = client.get(f"/api/women/women-committees/{committee.pk}/").json()
    assert body["term_end"] == "2029-03-07" and body["members"][0]["is_chair"]
    response = client.post(f"/api/women/nursing-rooms/{room.pk}/uses/", {"month": "2026-10", "visits": "25"},
                           format="json")
    assert response.status_code == 200 and response.json()["uses"] == [{"month": "2026-10-01", "visits": 25}]
    response = client.post("/api/women/nursing-rooms/", {"union": "SCH", "name": "", "location": "x",
                                                         "opened_on": "2026-01-01"}, format="json")
    assert response.status_code == 400 and "名称" in response.json()["name"][0]


def test_the_figures_give_the_shares_and_the_plan_metric(users, members, committee):
    body = _client(users.federation).get("/api/women/figures/?org=COUNTY").json()
    assert body["members"] == {"total": 4, "women": 2, "rate": "50.00"}
    assert body["share_of_members"] == "50.00" and body["committee_members"] == 3
    assert _client(users.outsider).get("/api/women/figures/?org=SCH").status_code == 404


def test_only_an_administrator_adds_a_provincial_rule(users, admin_user):
    data = {"province": "浙江", "extra_days": "60", "effective_from": "2027-01-01", "source": "浙江省人口与计划生育条例"}
    assert _client(users.chair).post("/api/women/maternity-rates/", data, format="json").status_code == 400
    assert _client(admin_user).post("/api/women/maternity-rates/", data, format="json").status_code == 201
    assert any(r["province"] == "浙江" for r in _client(users.chair).get("/api/women/maternity-rates/").json())
