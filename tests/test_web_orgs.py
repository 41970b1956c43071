"""The organisation pages: tree, detail, create, edit, move, delete and restore, all inside scope."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.orgs.models import Organisation

from .conftest import login


def test_the_tree_lists_the_scope_in_tree_order_with_kind_labels_and_member_counts(client, users, members):
    response = login(client, users.chair).get("/orgs/")
    assert response.status_code == 200
    (school,) = response.context["forest"]
    assert school.code == "SCH" and school.total == 3
    assert [k.code for k in school.kids] == ["SCH-B1", "SCH-B2"]
    assert school.kids[0].total == 1 and school.kids[0].kids[0].total == 1
    page = response.content.decode()
    assert "基层工会（学校）" in page and "分工会" in page and "机械厂工会" not in page
    assert "<details" in page  # collapsible without scripts


def test_the_tree_costs_the_same_queries_however_many_organisations_and_members(client, tree, users, members,
                                                                               admin_user):
    from gonghui.orgs import actions as org_actions

    login(client, users.federation)
    client.get("/orgs/")
    with CaptureQueriesContext(connection) as before:
        client.get("/orgs/")
    for n in range(5):
        org_actions.create_org(admin_user, parent=tree.school, kind="group", code=f"SCH-X{n}", name=f"小组{n}")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/orgs/")
    assert len(after.captured_queries) == len(before.captured_queries) <= 10
    assert response.context["node_count"] == 13


def test_a_plain_member_is_sent_to_their_own_page_instead_of_the_tree(client, member_user):
    response = login(client, member_user).get("/orgs/")
    assert response.status_code == 302 and response.url == "/me/"


def test_the_detail_page_shows_fields_children_counts_and_links(client, users, members):
    response = login(client, users.chair).get("/orgs/SCH/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "91110000802100433B" in page
    assert "/members/?org=SCH" in page and "/audit/?org=SCH" in page and "/roles/?org=SCH" in page
    assert response.context["total"] == 3 and response.context["direct"] == 1
    assert [(c.code, c.total) for c in response.context["children"]] == [("SCH-B1", 1), ("SCH-B2", 1)]


def test_an_organisation_outside_the_scope_is_a_404_on_every_page(client, users, tree):
    login(client, users.outsider)
    for suffix in ["", "edit/", "move/", "delete/", "restore/", "new/"]:
        assert client.get(f"/orgs/SCH/{suffix}").status_code == 404, suffix
    assert client.post("/orgs/SCH/delete/").status_code == 404
    assert Organisation.objects.filter(code="SCH").exists()


def test_seeing_an_organisation_without_managing_it_refuses_changes(client, users, tree):
    login(client, users.finance)
    assert client.get("/orgs/SCH/").status_code == 200
    assert client.get("/orgs/SCH/edit/").status_code == 403
    assert "编辑" not in client.get("/orgs/SCH/").content.decode().split("基本信息")[1].split("下级组织")[0]


def test_creating_a_child_offers_only_the_levels_allowed_under_the_parent(client, users, tree):
    response = login(client, users.chair).get("/orgs/SCH/new/")
    assert [c[0] for c in response.context["form"].fields["kind"].choices] == ["branch", "group"]


def test_creating_a_child_calls_the_action_and_audits_it(client, users, tree):
    login(client, users.chair)
    response = client.post("/orgs/SCH/new/", {"kind": "group", "code": "SCH-G9", "name": "体育组"})
    assert response.status_code == 302 and response.url == "/orgs/SCH-G9/"
    org = Organisation.objects.get(code="SCH-G9")
    assert org.parent == tree.school and org.union == tree.school
    assert AuditEntry.objects.filter(object_type="orgs.organisation", object_id=org.pk, action="create").exists()


def test_an_invalid_credit_code_is_shown_in_chinese_on_its_field(client, users, tree):
    login(client, users.federation)
    response = client.post("/orgs/TOWN/new/", {"kind": "grassroots", "union_type": "enterprise", "code": "NEW1",
                                               "name": "新厂工会", "uscc": "91110000802100433C"})
    assert response.context["form"].errors["uscc"] == ["统一社会信用代码“91110000802100433C”无效（校验位不正确）"]
    assert not Organisation.objects.filter(name="新厂工会").exists()


def test_a_code_already_taken_is_refused_by_the_action_on_the_code_field(client, users, tree):
    login(client, users.federation)
    response = client.post("/orgs/TOWN/new/", {"kind": "grassroots", "union_type": "enterprise", "code": "FAC",
                                               "name": "新厂工会"})
    assert response.context["form"].errors["code"] == ["组织代码“FAC”已被使用"]
    assert "组织代码“FAC”已被使用" in response.content.decode()


def test_a_grassroots_union_needs_its_type(client, users, tree):
    login(client, users.federation)
    response = client.post("/orgs/TOWN/new/", {"kind": "grassroots", "code": "NEW1", "name": "新厂工会"})
    assert response.context["form"].errors["union_type"] == ["请选择基层工会类型"]


def test_editing_saves_through_the_action_and_records_before_and_after(client, users, tree):
    login(client, users.chair)
    response = client.post("/orgs/SCH/edit/", {"code": "SCH", "name": "第一中学工会委员会", "union_type": "school",
                                               "uscc": "91110000802100433B", "employee_count": "120"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_type="orgs.organisation", action="update").get()
    assert entry.changes["name"] == ["第一中学工会", "第一中学工会委员会"]
    assert entry.changes["employee_count"] == [None, 120]


def test_moving_offers_parents_in_scope_and_moves_the_subtree(client, users, tree):
    login(client, users.chair)
    response = client.get("/orgs/SCH-G1/move/")
    codes = [c[0] for c in response.context["form"].fields["parent"].choices if c[0]]
    assert codes == ["SCH", "SCH-B2"]  # not its current parent, nothing outside the union
    assert client.post("/orgs/SCH-G1/move/", {"parent": "SCH-B2"}).status_code == 302
    assert Organisation.objects.get(code="SCH-G1").parent == tree.b2


def test_moving_to_an_organisation_outside_the_scope_is_refused_on_the_field(client, users, tree):
    login(client, users.chair)
    response = client.post("/orgs/SCH-G1/move/", {"parent": "FAC"})
    assert response.context["form"].errors["parent"]
    assert Organisation.objects.get(code="SCH-G1").parent == tree.b1


def test_deleting_an_organisation_with_members_shows_why_it_cannot(client, users, members):
    login(client, users.chair)
    response = client.post("/orgs/SCH-G1/delete/")
    assert response.status_code == 200
    assert "该组织还有会员" in response.content.decode()
    assert Organisation.objects.filter(code="SCH-G1").exists()


def test_a_deleted_child_is_listed_for_managers_and_can_be_restored(client, users, tree):
    login(client, users.chair)
    assert client.post("/orgs/SCH-B2/delete/").url == "/orgs/SCH/"
    assert not Organisation.objects.filter(code="SCH-B2").exists()
    page = client.get("/orgs/SCH/").content.decode()
    assert "已删除的下级组织" in page and "/orgs/SCH-B2/restore/" in page
    assert client.get("/orgs/SCH-B2/").status_code == 200  # a manager may open it to restore it
    assert client.post("/orgs/SCH-B2/restore/").url == "/orgs/SCH-B2/"
    assert Organisation.objects.filter(code="SCH-B2").exists()


def test_a_deleted_organisation_is_hidden_from_those_who_only_view(client, users, tree, admin_user):
    from gonghui.orgs import actions as org_actions

    org_actions.delete_org(admin_user, tree.b2)
    login(client, users.finance)
    assert client.get("/orgs/SCH-B2/").status_code == 404
    assert "SCH-B2" not in client.get("/orgs/SCH/").content.decode()


@pytest.mark.parametrize("who", ["chair", "federation", "finance", "auditor", "leader"])
def test_every_officer_can_open_the_tree_and_their_top_organisation(client, users, tree, who):
    login(client, getattr(users, who))
    assert client.get("/orgs/").status_code == 200


def test_only_a_superuser_may_create_a_top_level_organisation(client, users, admin_user):
    assert login(client, users.federation).get("/orgs/+new/").status_code == 403
    login(client, admin_user)
    response = client.post("/orgs/+new/", {"kind": "city", "code": "CITY", "name": "某市总工会"})
    assert response.status_code == 302 and Organisation.objects.get(code="CITY").parent is None


def test_a_member_transferred_out_still_counts_until_accepted(client, users, members, tree):
    member_actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    response = login(client, users.chair).get("/orgs/")
    assert response.context["forest"][0].total == 3


def test_a_missing_required_field_is_reported_in_chinese(client, users, tree):
    login(client, users.chair)
    response = client.post("/orgs/SCH/new/", {"kind": "group", "code": "SCH-G9", "name": ""})
    assert response.context["form"].errors["name"] == ["该字段是必填项。"]
    assert 'class="field required has-error"' in response.content.decode()
