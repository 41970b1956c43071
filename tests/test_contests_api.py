"""The contests API: items, bulk scores, standings, prizes, confirming, certificates, results."""
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from gonghui.contests import actions
from gonghui.contests.models import Award, ContestItem, Score
from gonghui.core.models import AuditEntry

from .contests_fixtures import anhui, crowd, event, teams  # noqa: F401


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rope(users, event):
    return actions.create_item(users.officer, event, {"name": "跳绳", "measure": "count", "unit": "个"})


def test_an_item_is_created_through_the_api(users, event):
    response = api(users.officer).post("/api/contests/items/", {"event": event.pk, "name": "踢毽", "measure": "count"},
                                       format="json")
    assert response.status_code == 201 and response.data["better"] == "higher"
    assert ContestItem.objects.filter(name="踢毽", event=event).exists()


def test_an_event_out_of_scope_is_named_as_not_found(users, event):
    response = api(users.outsider).post("/api/contests/items/", {"event": event.pk, "name": "踢毽"}, format="json")
    assert response.status_code == 400 and response.data == {"event": ["活动不存在或不在您的权限范围内"]}


def test_scores_are_saved_in_bulk_and_a_text_score_is_a_400_naming_the_row(users, members, rope):
    client = api(users.officer)
    bad = client.post(f"/api/contests/items/{rope.pk}/scores/", {"rows": [
        {"member": members.wang.pk, "scores": {"1": "152"}}, {"member": members.zhao.pk, "scores": {"1": "x"}}]},
        format="json")
    assert bad.status_code == 400 and bad.data == {"scores": ["第2行 成绩: 请输入数字"]}
    assert not Score.objects.exists()
    ok = client.post(f"/api/contests/items/{rope.pk}/scores/", {"rows": [
        {"member": members.wang.pk, "scores": {"1": "152"}}, {"member": members.zhao.pk, "scores": {"1": "152"}}]},
        format="json")
    assert ok.status_code == 200 and ok.data == {"created": 2, "changed": 0, "removed": 0}
    standings = client.get(f"/api/contests/items/{rope.pk}/standings/").data
    assert [(s["rank"], s["tied"]) for s in standings[:2]] == [(1, True), (1, True)]


def test_a_correction_through_the_api_is_audited(users, members, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}}])
    score = Score.objects.get()
    response = api(users.officer).post(f"/api/contests/scores/{score.pk}/correct/", {"value": "150", "reason": "复核"},
                                       format="json")
    assert response.status_code == 200 and D(response.data["value"]) == D("150")
    assert AuditEntry.objects.filter(action="correct_score", object_id=score.pk).exists()


def test_prizes_preview_and_confirm_through_the_api(users, members, rope, crowd, anhui):
    client = api(users.officer)
    actions.save_scores(users.officer, rope, [{"row": n, "member": m.pk, "scores": {1: str(200 - n)}}
                                              for n, m in enumerate([members.wang, members.zhao, members.zhang]
                                                                    + crowd, start=1)])
    over = client.put(f"/api/contests/items/{rope.pk}/prizes/", {"prizes": [
        {"level": "一等奖", "count": "10", "amount": "400"}]}, format="json")
    assert over.status_code == 400 and "超出活动预算3,000.00元" in over.data["prizes"][0]
    ok = client.put(f"/api/contests/items/{rope.pk}/prizes/", {"prizes": [
        {"level": "一等奖", "count": "1", "amount": "300"}, {"level": "二等奖", "count": "2", "amount": "200"}]},
        format="json")
    assert ok.status_code == 200 and [p["level"] for p in ok.data] == ["一等奖", "二等奖"]
    preview = client.get(f"/api/contests/items/{rope.pk}/preview/").data
    assert [(p["level"], p["name"]) for p in preview] == [("一等奖", "王强"), ("二等奖", "赵丽"), ("二等奖", "张敏")]
    confirmed = client.post(f"/api/contests/items/{rope.pk}/confirm/", {}, format="json")
    assert confirmed.status_code == 201 and len(confirmed.data) == 3
    pdf = client.get(f"/api/contests/awards/{confirmed.data[0]['id']}/certificate/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def test_a_member_sees_only_their_own_scores_and_awards_and_their_unions_results(users, members, member_user, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}},
                                              {"row": 2, "member": members.zhao.pk, "scores": {1: "148"}}])
    actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "1"}])
    actions.confirm_awards(users.officer, rope)
    notice = actions.publish_results(users.officer, rope.event)
    client = api(member_user)
    scores = client.get("/api/contests/scores/").data["results"]
    assert [s["member"] for s in scores] == [members.wang.pk]
    assert [a["member"] for a in client.get("/api/contests/awards/").data["results"]] == [members.wang.pk]
    assert [r["id"] for r in client.get("/api/contests/results/").data["results"]] == [notice.pk]
    assert client.get(f"/api/contests/items/{rope.pk}/").status_code == 404
    assert client.post(f"/api/contests/items/{rope.pk}/scores/", {"rows": []}, format="json").status_code == 404


def test_an_outsider_cannot_see_or_change_another_unions_contests(users, members, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}}])
    client = api(users.outsider)
    assert client.get(f"/api/contests/items/{rope.pk}/").status_code == 404
    assert client.get("/api/contests/items/").data["results"] == []
    score = Score.objects.get()
    assert client.post(f"/api/contests/scores/{score.pk}/correct/", {"value": "1", "reason": "x"},
                       format="json").status_code == 404
    assert client.post("/api/contests/results/", {"event": rope.event_id}, format="json").status_code == 400


def test_the_unions_auditor_may_read_but_not_change(users, members, rope):
    client = api(users.auditor)
    assert client.get(f"/api/contests/items/{rope.pk}/").status_code == 200
    response = client.post(f"/api/contests/items/{rope.pk}/scores/", {"rows": [
        {"member": members.wang.pk, "scores": {"1": "152"}}]}, format="json")
    assert response.status_code == 403 and not Score.objects.exists()


def test_publishing_and_withdrawing_results_through_the_api(users, members, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}}])
    client = api(users.officer)
    created = client.post("/api/contests/results/", {"event": rope.event_id}, format="json")
    assert created.status_code == 201 and created.data["rows"] == [["跳绳", "1", "王强", "152个", ""]]
    assert client.delete(f"/api/contests/results/{created.data['id']}/").status_code == 204
    assert client.get("/api/contests/results/").data["results"] == []
    assert not Award.objects.exists()
