"""The safety API: a member reports a hazard (multipart with a photo, or JSON), the officer takes it to closing
through the same actions and messages, bad input answers 400 naming the field, an anonymous reporter is never
named, out-of-scope ids are 404, and the figures and the cup are read as the pages show them."""
import pytest

from gonghui.safety.models import Hazard

from .conftest import login
from .safety_fixtures import picture, report

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_hazard_goes_from_the_phone_to_closing_through_the_api(client, member_user, users):
    login(client, member_user)
    response = client.post("/api/safety/hazards/", {"description": "灭火器压力不足", "location": "装配车间北门",
                                                    "photos": [picture()]})
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["status"] == "reported" and body["photos"][0]["url"].startswith("/safety/photos/")
    assert client.get("/api/safety/hazards/?mine=1").json()["results"][0]["id"] == pk
    assert client.post(f"/api/safety/hazards/{pk}/triage/", {"decision": "accept"}, content_type=JSON).status_code == 404
    login(client, users.officer)
    assert client.get(f"/api/safety/hazards/{pk}/").json()["reporter"] == "王强"
    steps = [("triage", {"decision": "accept"}), ("assign", {"assignee": "张敏", "responsible": "安全环保部"}),
             ("rectify", {"rectified_on": "2026-12-03", "note": "已充装"}),
             ("verify", {"verified_on": "2026-12-03", "passed": True}), ("close", {})]
    for step, data in steps:
        response = client.post(f"/api/safety/hazards/{pk}/{step}/", data, content_type=JSON)
        assert response.status_code == 200, (step, response.content)
    assert response.json()["status"] == "closed"


def test_bad_input_answers_400_naming_the_field(client, member_user, users):
    login(client, member_user)
    response = client.post("/api/safety/hazards/", {"description": "灭火器压力不足", "location": ""},
                           content_type=JSON)
    assert response.status_code == 400 and response.json() == {"location": ["位置不能为空"]}
    hazard = report(member_user)
    login(client, users.officer)
    client.post(f"/api/safety/hazards/{hazard.pk}/triage/", {"decision": "accept", "day": "2026-11-02"},
                content_type=JSON)
    response = client.post(f"/api/safety/hazards/{hazard.pk}/assign/", {
        "assignee": "张敏", "assigned_on": "2026-11-02", "deadline": "2026-10-30"}, content_type=JSON)
    assert response.status_code == 400 and response.json() == {"deadline": ["整改期限不能早于报告日期（2026-11-02）"]}
    response = client.post(f"/api/safety/hazards/{hazard.pk}/close/", {}, content_type=JSON)
    assert response.status_code == 400 and "closed_on" in response.json()


def test_an_anonymous_reporter_is_never_named_and_outsiders_get_404(client, member_user, users):
    hazard = report(member_user, anonymous=True)
    login(client, users.officer)
    body = client.get(f"/api/safety/hazards/{hazard.pk}/").json()
    assert body["anonymous"] and body["reporter"] is None
    login(client, users.outsider)
    assert client.get(f"/api/safety/hazards/{hazard.pk}/").status_code == 404
    assert client.post(f"/api/safety/hazards/{hazard.pk}/triage/", {"decision": "accept"},
                       content_type=JSON).status_code == 404
    assert Hazard.objects.get().status == "reported"


def test_the_cup_and_the_figures_through_the_api(client, users, tree, members):
    login(client, users.officer)
    response = client.post("/api/safety/competitions/", {
        "organiser": "SCH", "year": "2026", "entrants": ["SCH-B1", "SCH-B2"],
        "indicators": [{"name": "安全培训", "weight": "40", "max_score": "100"},
                       {"name": "隐患排查", "weight": "60", "max_score": "50"}]}, content_type=JSON)
    assert response.status_code == 201, response.content
    cup = response.json()
    ind = {i["name"]: i["id"] for i in cup["indicators"]}
    ent = {r["org"]: r["entrant"] for r in cup["standings"]}
    rows = [{"entrant": ent["SCH-B1"], "indicator": ind["安全培训"], "value": "90"},
            {"entrant": ent["SCH-B1"], "indicator": ind["隐患排查"], "value": "40"},
            {"entrant": ent["SCH-B2"], "indicator": ind["安全培训"], "value": "80"},
            {"entrant": ent["SCH-B2"], "indicator": ind["隐患排查"], "value": "-1"}]
    response = client.post(f"/api/safety/competitions/{cup['id']}/scores/", {"scores": rows}, content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"scores": ["数学组分工会“隐患排查”得分：成绩不能为负数"]}
    rows[-1]["value"] = "45"
    client.post(f"/api/safety/competitions/{cup['id']}/scores/", {"scores": rows}, content_type=JSON)
    result = client.post(f"/api/safety/competitions/{cup['id']}/publish/", {}, content_type=JSON).json()
    assert [(r["org"], r["total"], r["rank"]) for r in result["standings"]] == [("SCH-B2", "86.00", 1),
                                                                               ("SCH-B1", "84.00", 2)]
    response = client.post("/api/safety/monitors/", {"workshop": "SCH-B1", "member_no": members.wang.member_no,
                                                     "appointed_on": "2026-01-01", "term_ends": "2028-12-31"},
                           content_type=JSON)
    assert response.status_code == 201, response.content
    figures = client.get("/api/safety/figures/?org=SCH&start=2026-01-01&end=2026-12-31").json()
    assert figures["coverage"] == {"branches": 2, "covered": 1, "rate": "50.0"}
    assert len(figures["by_month"]) == 12
