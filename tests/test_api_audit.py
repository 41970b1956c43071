"""The audit API: entries limited to the caller's audit scope, per organisation subtree and per
object, newest first with keyset cursors."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry
from gonghui.members import actions

from .conftest import IDS


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def reprs(response):
    assert response.status_code == 200, response.content
    return [row["object_repr"] for row in response.json()["results"]]


def test_a_chair_sees_the_trail_of_their_union_only(members, users):
    shown = reprs(api(users.chair).get("/api/audit/", {"object_type": "members.member",
                                                       "object_id": members.zhao.pk}))
    assert shown == [str(members.zhao)]
    everything = " ".join(reprs(api(users.chair).get("/api/audit/", {"page_size": 500})))
    assert "王强" in everything and "语文一组" in everything
    assert "刘洋" not in everything and "机械厂工会" not in everything


def test_a_federation_officer_sees_every_union_below(members, users):
    everything = " ".join(reprs(api(users.federation).get("/api/audit/", {"page_size": 500})))
    assert "王强" in everything and "刘洋" in everything


def test_roles_without_the_audit_capability_are_refused(members, users, member_user):
    for user in (users.finance, users.officer, users.leader, member_user):
        response = api(user).get("/api/audit/")
        assert response.status_code == 403 and response.json()["detail"] == "无权查看审计记录"


def test_the_organisation_filter_takes_the_whole_subtree(members, users):
    shown = reprs(api(users.chair).get("/api/audit/", {"org": "SCH-B1"}))
    assert sorted(shown) == sorted([str(members.wang), "语文组分工会", "语文一组"])


def test_a_forged_organisation_filter_outside_scope_shows_nothing(members, users):
    assert reprs(api(users.outsider).get("/api/audit/", {"org": "SCH"})) == []
    assert reprs(api(users.outsider).get("/api/audit/", {"org": "COUNTY"})) == []


def test_the_history_of_an_object_out_of_scope_is_a_404(members, users):
    response = api(users.outsider).get("/api/audit/", {"object_type": "members.member",
                                                       "object_id": members.wang.pk})
    assert response.status_code == 404
    response = api(users.outsider).get("/api/audit/", {"object_type": "orgs.organisation",
                                                       "object_id": members.wang.org_id})
    assert response.status_code == 404


def test_a_bad_object_filter_gets_a_chinese_message(members, users):
    response = api(users.chair).get("/api/audit/", {"object_type": "accounts.user", "object_id": "1"})
    assert response.status_code == 400 and "对象类型应为" in response.json()["object_type"][0]
    response = api(users.chair).get("/api/audit/", {"object_type": "members.member", "object_id": "abc"})
    assert response.json() == {"object_id": ["应为整数"]}


def test_entries_show_changes_without_personal_data_newest_first(members, users):
    actions.update_member(users.chair, members.zhao, {"phone": "13988887777", "post": "班主任"})
    rows = api(users.chair).get("/api/audit/", {"object_type": "members.member",
                                                "object_id": members.zhao.pk}).json()["results"]
    assert [r["action"] for r in rows] == ["update", "create"]
    assert rows[0]["changes"]["post"] == ["", "班主任"]
    assert rows[0]["changes"]["phone"] == ["（已加密）", "（已加密，已修改）"]
    assert rows[0]["actor"] == "chair" and rows[0]["org"] == "SCH-B2"
    assert "13988887777" not in str(rows) and IDS["zhao"] not in str(rows)


def test_the_trail_of_a_deleted_organisation_stays_visible(members, users, tree):
    from gonghui.orgs import actions as org_actions

    actions.move_member(users.chair, members.zhao, tree.school)
    org_actions.delete_org(users.chair, tree.b2)
    shown = api(users.chair).get("/api/audit/", {"org": "SCH-B2"}).json()["results"]
    assert [row["action"] for row in shown][:1] == ["delete"]


def test_pages_are_newest_first_keyset_cursors(members, users):
    client = api(users.chair)
    body = client.get("/api/audit/", {"page_size": 2}).json()
    ids = [row["id"] for row in body["results"]]
    assert ids == sorted(ids, reverse=True)
    assert "cursor=" in body["next"] and "offset" not in body["next"]
    following = [row["id"] for row in client.get(body["next"]).json()["results"]]
    assert following and max(following) < min(ids)


def test_the_trail_costs_the_same_queries_however_long(members, users, tree, django_assert_num_queries):
    client = api(users.chair)
    client.get("/api/audit/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/audit/")
    for n in range(10):
        actions.update_member(users.chair, members.zhao, {"post": f"岗位{n}"})
    with django_assert_num_queries(len(few)):
        client.get("/api/audit/")
    assert AuditEntry.objects.count() > 15
