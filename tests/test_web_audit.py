"""Audit pages: per organisation (its whole subtree, filtered, paged) and per object, inside scope only."""
from django.db import transaction

from gonghui.core import audit
from gonghui.members import actions as member_actions

from .conftest import login


def test_the_organisation_page_lists_changes_in_its_whole_subtree_newest_first(client, users, members):
    response = login(client, users.chair).get("/audit/")
    entries = response.context["entries"]
    assert response.context["org"].code == "SCH"
    names = [e.object_repr for e in entries if e.object_type == "members.member"]
    assert names[0].startswith("张敏") and any(n.startswith("王强") for n in names)  # 王强 sits in 语文一组
    assert all(not n.startswith("刘洋") for n in names)  # the factory is another union
    assert [e.pk for e in entries] == sorted((e.pk for e in entries), reverse=True)


def test_changed_fields_show_chinese_labels_and_before_and_after(client, users, members):
    member_actions.update_member(users.chair, members.zhang, {"post": "教师", "political_status": "中共党员"})
    page = login(client, users.chair).get("/audit/", {"action": "update"}).content.decode()
    assert "岗位" in page and "教师" in page
    assert "政治面貌" in page and "群众" in page and "中共党员" in page


def test_personal_data_appears_only_as_changed_never_in_clear(client, users, members):
    member_actions.update_member(users.chair, members.zhang, {"phone": "13911112222"})
    page = login(client, users.chair).get("/audit/", {"action": "update"}).content.decode()
    assert "手机号" in page and "已加密" in page and "13911112222" not in page


def test_filters_narrow_by_action_actor_object_type_and_date(client, users, members):
    member_actions.update_member(users.officer, members.zhang, {"post": "教师"})
    login(client, users.chair)
    by_actor = client.get("/audit/", {"actor": "officer"}).context["entries"]
    assert [e.action for e in by_actor] == ["update"]
    by_type = client.get("/audit/", {"type": "orgs.organisation"}).context["entries"]
    assert by_type and all(e.object_type == "orgs.organisation" for e in by_type)
    assert client.get("/audit/", {"until": "2000-01-01"}).context["entries"] == []
    assert "没有符合条件的审计记录" in client.get("/audit/", {"until": "2000-01-01"}).content.decode()
    assert client.get("/audit/", {"since": "bad-date"}).status_code == 200  # bad values are ignored


def test_pages_continue_from_the_last_id_shown(client, users, members):
    with transaction.atomic():
        for n in range(55):
            audit.record(users.chair, "update", members.zhang, org=members.zhang.org, before={"post": str(n)},
                         after={"post": str(n + 1)})
    login(client, users.chair)
    first = client.get("/audit/")
    assert len(first.context["entries"]) == 50 and first.context["next_before"]
    second = client.get("/audit/", {"before": first.context["next_before"]})
    assert second.context["entries"][0].pk < first.context["entries"][-1].pk
    assert {e.pk for e in first.context["entries"]}.isdisjoint(e.pk for e in second.context["entries"])


def test_the_organisation_page_costs_the_same_queries_for_one_or_many_entries(client, users, members,
                                                                             django_assert_max_num_queries):
    login(client, users.chair)
    with django_assert_max_num_queries(10):
        client.get("/audit/")


def test_an_organisation_outside_the_scope_is_a_404(client, users, members):
    assert login(client, users.chair).get("/audit/", {"org": "FAC"}).status_code == 404


def test_roles_without_the_audit_capability_are_refused(client, users, members, member_user):
    assert login(client, users.officer).get("/audit/").status_code == 403
    assert login(client, users.officer).get(f"/audit/members.member/{members.zhang.pk}/").status_code == 404
    assert login(client, member_user).get("/audit/").status_code == 403


def test_the_auditor_and_the_federation_may_read_the_trail(client, users, members):
    assert login(client, users.auditor).get("/audit/").status_code == 200
    assert login(client, users.federation).get("/audit/", {"org": "SCH"}).status_code == 200


def test_an_object_page_shows_its_history(client, users, members):
    member_actions.update_member(users.chair, members.zhang, {"post": "教师"})
    response = login(client, users.chair).get(f"/audit/members.member/{members.zhang.pk}/")
    assert response.status_code == 200
    assert [e.action for e in response.context["entries"]] == ["update", "create"]


def test_an_object_outside_the_scope_or_of_an_unknown_type_is_a_404(client, users, members):
    login(client, users.chair)
    assert client.get(f"/audit/members.member/{members.liu.pk}/").status_code == 404
    assert client.get(f"/audit/orgs.organisation/{members.liu.org_id}/").status_code == 404
    assert client.get(f"/audit/members.member/{members.zhang.pk + 1000}/").status_code == 404
    assert client.get("/audit/core.job/1/").status_code == 404


def test_a_deleted_member_keeps_its_history_page(client, users, members):
    member_actions.delete_member(users.chair, members.zhao, note="重复登记")
    response = login(client, users.chair).get(f"/audit/members.member/{members.zhao.pk}/")
    assert response.status_code == 200 and response.context["entries"][0].action == "delete"


def test_a_users_history_shows_only_role_changes_inside_the_viewers_scope(client, users, tree, admin_user):
    from gonghui.accounts import actions as account_actions

    account_actions.grant_role(admin_user, user=users.officer, org=tree.school, kind="finance")
    account_actions.grant_role(admin_user, user=users.officer, org=tree.factory, kind="group_leader")
    response = login(client, users.chair).get(f"/audit/accounts.user/{users.officer.pk}/")
    assert response.status_code == 200
    assert [e.org_id for e in response.context["entries"]] == [tree.school.pk]
    assert login(client, users.outsider).get(f"/audit/accounts.user/{users.auditor.pk}/").status_code == 404


def test_list_and_dict_values_in_an_entry_are_shown_joined(client, users, members):
    with transaction.atomic():
        audit.record(users.chair, "update", members.zhang, org=members.zhang.org,
                     before={"post": ["教师", "班主任"]}, after={"post": {"主岗": "教师"}})
    page = login(client, users.chair).get("/audit/", {"action": "update"}).content.decode()
    assert "教师、班主任" in page and "主岗: 教师" in page
