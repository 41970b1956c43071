"""The suggestions API: a member submits and lists their own; the committee steps, the reward through the
spending rules, targets with progress, grades and figures — with the pages' messages; out of scope is a 404."""
import pytest

from gonghui.suggestions.models import Suggestion

from .conftest import login
from .suggestions_fixtures import anhui, submit  # noqa: F401

pytestmark = pytest.mark.django_db
J = "application/json"


def test_a_member_submits_through_the_api_and_lists_their_own(client, member_user, members):
    login(client, member_user)
    response = client.post("/api/suggestions/mine/", {
        "kind": "innovation", "title": "空压机余热回收", "proposal": "加装换热器", "coauthors": [members.zhao.member_no]},
        content_type=J)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["team"] and [a["lead"] for a in body["authors"]] == [True, False]
    bad = client.post("/api/suggestions/mine/", {"kind": "innovation", "title": "", "proposal": ""}, content_type=J)
    assert bad.status_code == 400 and bad.json()["title"] == ["题目不能为空"] and bad.json()["proposal"]
    assert [s["title"] for s in client.get("/api/suggestions/mine/").json()] == ["空压机余热回收"]


def test_the_committee_works_through_the_api(client, users, tree, members, anhui):  # noqa: F811
    other = submit(users.officer, members.zhang, coauthors=[members.zhao])  # three authors take part this year
    login(client, users.officer)
    response = client.post("/api/suggestions/items/", {
        "union": "SCH", "lead": members.wang.member_no, "kind": "small_change", "title": "通道灯声光控",
        "proposal": "改为声光控开关"}, content_type=J)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.post(f"/api/suggestions/items/{pk}/evaluate/", {"grade": "一等", "score": "92"},
                       content_type=J).status_code == 201
    twice = client.post(f"/api/suggestions/items/{pk}/evaluate/", {"grade": "一等", "score": "92"}, content_type=J)
    assert twice.status_code == 400 and "grade" in twice.json()
    login(client, users.chair)
    client.post(f"/api/suggestions/items/{other.pk}/evaluate/", {"grade": "不采纳", "score": "20"}, content_type=J)
    client.post(f"/api/suggestions/items/{other.pk}/decide/", {"adopted": False, "reason": "不可行"}, content_type=J)
    decided = client.post(f"/api/suggestions/items/{pk}/decide/", {"adopted": True, "grade": "一等"}, content_type=J)
    assert decided.json()["status"] == "adopted" and decided.json()["grade"] == "一等"
    beyond = client.post(f"/api/suggestions/items/{pk}/reward/", {"amount_per_person": "600"}, content_type=J)
    assert beyond.status_code == 400 and "500" in str(beyond.json())
    paid = client.post(f"/api/suggestions/items/{pk}/reward/", {"amount_per_person": "500"}, content_type=J)
    assert paid.status_code == 200 and paid.json()["reward_total"] == "500.00"
    again = client.post(f"/api/suggestions/items/{pk}/reward/", {"amount_per_person": "100"}, content_type=J)
    assert again.status_code == 400 and "不能重复奖励" in again.json()["amount_per_person"][0]
    figures = client.get("/api/suggestions/figures/?org=SCH&start=2026-01-01&end=2026-12-31").json()
    assert figures["submitted"] == 2 and figures["adopted"] == 1 and figures["rewards"] == "500.00"
    assert figures["per_member"] == "0.67" and figures["by_kind"]["small_change"] == {"submitted": 1, "adopted": 1}
    login(client, users.outsider)
    assert client.get(f"/api/suggestions/items/{pk}/").status_code == 404
    assert client.post(f"/api/suggestions/items/{pk}/assign/", {"implementer": "x"}, content_type=J).status_code == 404


def test_targets_and_grades_through_the_api(client, users, tree, members):
    submit(users.officer, members.wang)
    login(client, users.officer)
    assert client.post("/api/suggestions/targets/", {"union": "SCH", "year": "2026", "per_person": "3",
                                                      "per_group": "5", "per_branch": "10"},
                       content_type=J).status_code == 200
    progress = client.get("/api/suggestions/targets/?org=SCH&year=2026").json()
    assert progress["target"] == {"per_person": 3, "per_group": 5, "per_branch": 10}
    assert progress["people_behind"] == 3 and progress["people"][-1]["count"] == 1
    assert {g["name"]: g["count"] for g in progress["groups"]} == {"语文一组": 1}
    grades = client.get("/api/suggestions/grades/?org=SCH").json()
    assert grades["own"] is False and grades["grades"][-1] == {"name": "不采纳", "adopts": False}
    bad = client.post("/api/suggestions/grades/", {"union": "SCH", "grades": [{"name": "好", "adopts": True}]},
                      content_type=J)
    assert bad.status_code == 400 and "grades" in bad.json()
    login(client, users.outsider)
    assert client.get("/api/suggestions/targets/?org=SCH").status_code == 404
    assert not Suggestion.objects.filter(union=tree.factory).exists()
