"""The organisations API: scoped tree listing, filters, create/update/move/delete/restore through the
actions, Chinese field messages, and 404 for codes out of scope."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry
from gonghui.orgs import actions
from gonghui.orgs.models import Kind, Organisation


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_the_list_is_the_callers_subtree_in_tree_order(tree, users):
    assert codes(api(users.chair).get("/api/orgs/")) == ["SCH", "SCH-B1", "SCH-G1", "SCH-B2"]
    assert codes(api(users.federation).get("/api/orgs/")) == [
        "COUNTY", "TOWN", "SCH", "SCH-B1", "SCH-G1", "SCH-B2", "FAC", "FAC-G1"]
    assert codes(api(users.outsider).get("/api/orgs/")) == ["FAC", "FAC-G1"]


def test_a_plain_member_sees_no_organisations(members, member_user):
    assert codes(api(member_user).get("/api/orgs/")) == []
    assert api(member_user).get("/api/orgs/SCH-G1/").status_code == 404


def test_under_parent_and_kind_narrow_the_list(tree, users):
    client = api(users.federation)
    assert codes(client.get("/api/orgs/", {"under": "SCH-B1"})) == ["SCH-B1", "SCH-G1"]
    assert codes(client.get("/api/orgs/", {"parent": "TOWN"})) == ["SCH", "FAC"]
    assert codes(client.get("/api/orgs/", {"kind": Kind.GROUP})) == ["SCH-G1", "FAC-G1"]


def test_forged_filters_outside_scope_list_nothing(tree, users):
    client = api(users.outsider)
    assert codes(client.get("/api/orgs/", {"under": "SCH"})) == []
    assert codes(client.get("/api/orgs/", {"parent": "COUNTY"})) == []


def test_a_row_shows_codes_not_internal_paths(tree, users):
    row = api(users.chair).get("/api/orgs/SCH-G1/").json()
    assert (row["name"], row["kind"], row["kind_label"], row["parent"], row["union"]) == (
        "语文一组", "group", "工会小组", "SCH-B1", "SCH")
    assert "path" not in row


def test_pages_are_keyset_cursors(tree, users):
    client = api(users.federation)
    body = client.get("/api/orgs/", {"page_size": 3}).json()
    assert len(body["results"]) == 3 and "cursor=" in body["next"] and "offset" not in body["next"]
    second = client.get(body["next"]).json()
    assert [r["code"] for r in second["results"]] == ["SCH-B1", "SCH-G1", "SCH-B2"]


def test_the_list_costs_the_same_queries_for_any_number_of_organisations(tree, users, admin_user,
                                                                          django_assert_num_queries):
    client = api(users.chair)
    client.get("/api/orgs/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/orgs/")
    for n in range(10):
        actions.create_org(admin_user, parent=tree.b2, kind=Kind.GROUP, code=f"SCH-X{n}", name=f"数学{n}组")
    with django_assert_num_queries(len(few)):
        assert len(client.get("/api/orgs/").json()["results"]) == 14


def test_a_code_out_of_scope_or_unknown_is_a_404(tree, users):
    assert api(users.outsider).get("/api/orgs/SCH/").status_code == 404
    assert api(users.chair).get("/api/orgs/NO-SUCH/").status_code == 404
    assert api(users.chair).patch("/api/orgs/FAC/", {"name": "x"}, format="json").status_code == 404


def test_a_chair_creates_a_group_and_it_is_audited(tree, users):
    response = api(users.chair).post("/api/orgs/", {"parent": "SCH-B2", "kind": "group", "code": "SCH-G2",
                                                    "name": "数学一组", "founded_on": "2020年9月1日"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["founded_on"] == "2020-09-01" and response.json()["union"] == "SCH"
    org = Organisation.objects.get(code="SCH-G2")
    assert org.parent == tree.b2
    assert AuditEntry.objects.filter(object_type="orgs.organisation", object_id=org.pk, action="create",
                                     actor=users.chair).exists()


def test_bad_organisation_data_gets_chinese_messages_per_field(tree, users):
    response = api(users.chair).post("/api/orgs/", {"parent": "SCH", "kind": "branch", "code": "坏 代码", "name": "",
                                                    "uscc": "123"}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["code"] == ["组织代码应为2–32位字母、数字、下划线或连字符"]
    assert errors["name"] == ["名称不能为空"]
    assert "统一社会信用代码“123”无效" in errors["uscc"][0]
    response = api(users.chair).post("/api/orgs/", {"parent": "SCH", "kind": "branch", "code": "SCH-B9", "name": "x",
                                                    "employee_count": -1, "founded_on": "明天"}, format="json")
    assert response.json() == {"founded_on": ["“明天”不是有效日期，请写成2024-01-31"], "employee_count": ["不能为负数"]}
    response = api(users.chair).post("/api/orgs/", {"parent": "SCH", "kind": "county", "code": "X1", "name": "x"},
                                     format="json")
    assert response.json() == {"kind": ["基层工会下不能直接建立县区总工会"]}
    assert not Organisation.objects.filter(code__in=["SCH-B9", "X1"]).exists()


def test_creating_under_a_parent_out_of_scope_confirms_nothing(tree, users):
    response = api(users.outsider).post("/api/orgs/", {"parent": "SCH", "kind": "branch", "code": "EVIL",
                                                       "name": "冒名分工会"}, format="json")
    assert response.status_code == 400 and response.json() == {"parent": ["组织不存在或不在您的权限范围内"]}
    response = api(users.outsider).post("/api/orgs/", {"parent": "NO-SUCH", "kind": "branch", "code": "EVIL",
                                                       "name": "冒名分工会"}, format="json")
    assert response.json() == {"parent": ["组织不存在或不在您的权限范围内"]}
    assert not Organisation.all_objects.filter(code="EVIL").exists()


def test_roles_without_manage_orgs_may_not_change_the_tree(tree, users):
    response = api(users.finance).post("/api/orgs/", {"parent": "SCH", "kind": "branch", "code": "SCH-B3",
                                                      "name": "英语组分工会"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "无权在该组织执行此操作"
    assert api(users.auditor).delete("/api/orgs/SCH-B2/").status_code == 403


def test_only_superusers_create_top_level_organisations(tree, users, admin_user):
    body = {"kind": "county", "code": "COUNTY2", "name": "另一县总工会"}
    assert api(users.federation).post("/api/orgs/", body, format="json").json() == {
        "parent": ["只有系统管理员可以建立顶级组织"]}
    assert api(admin_user).post("/api/orgs/", body, format="json").status_code == 201


def test_update_changes_fields_but_not_kind_or_parent(tree, users):
    response = api(users.chair).patch("/api/orgs/SCH-B1/", {"name": "语文教研组分工会", "kind": "group",
                                                            "parent": "SCH-B2"}, format="json")
    assert response.status_code == 200, response.content
    b1 = Organisation.objects.get(code="SCH-B1")
    assert (b1.name, b1.kind, b1.parent_id) == ("语文教研组分工会", Kind.BRANCH, tree.school.pk)


def test_move_carries_the_subtree_and_refuses_impossible_moves(tree, users):
    client = api(users.chair)
    response = client.post("/api/orgs/SCH-G1/move/", {"parent": "SCH-B2"}, format="json")
    assert response.status_code == 200 and response.json()["parent"] == "SCH-B2"
    assert Organisation.objects.get(code="SCH-G1").path.startswith(tree.b2.path)
    response = client.post("/api/orgs/SCH-B2/move/", {"parent": "SCH-G1"}, format="json")
    assert response.json() == {"parent": ["不能把组织移动到它自己或它的下级之下"]}
    response = client.post("/api/orgs/SCH-B2/move/", {"parent": "FAC"}, format="json")
    assert response.json() == {"parent": ["组织不存在或不在您的权限范围内"]}
    assert client.post("/api/orgs/SCH-B2/move/", {}, format="json").status_code == 400


def test_delete_is_soft_refused_while_members_remain_and_restorable(members, users):
    client = api(users.chair)
    response = client.delete("/api/orgs/SCH-G1/")
    assert response.status_code == 400 and response.json() == {"non_field_errors": ["该组织还有会员，请先把会员调到其他组织"]}
    assert client.delete("/api/orgs/SCH-B2/").status_code == 400  # 赵丽 is there
    client.post(f"/api/members/{members.zhao.pk}/move/", {"org": "SCH"}, format="json")
    assert client.delete("/api/orgs/SCH-B2/").status_code == 204
    assert client.get("/api/orgs/SCH-B2/").status_code == 404
    assert codes(client.get("/api/orgs/", {"deleted": "1"})) == ["SCH-B2"]
    assert client.post("/api/orgs/SCH-B2/restore/").status_code == 200
    assert Organisation.objects.filter(code="SCH-B2").exists()
    actions_recorded = AuditEntry.objects.filter(object_type="orgs.organisation", object_id=members.zhao.org_id)
    assert list(actions_recorded.order_by("id").values_list("action", flat=True)) == ["create", "delete", "restore"]
