"""The organisation tree: kinds, codes, subtree queries and moves."""
import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.members.models import Member
from gonghui.orgs import actions
from gonghui.orgs.models import Kind, Organisation

from .conftest import member_data


def test_a_subtree_at_any_depth_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = [o.code for o in Organisation.objects.subtree(tree.town)]
    assert codes == ["TOWN", "SCH", "SCH-B1", "SCH-G1", "SCH-B2", "FAC", "FAC-G1"]


def test_branch_and_group_belong_to_their_grassroots_union(tree):
    assert tree.g1.union == tree.school and tree.school.union == tree.school and tree.town.union is None


def test_a_group_cannot_hold_a_union(tree, admin_user):
    with pytest.raises(ActionError) as err:
        actions.create_org(admin_user, parent=tree.g1, kind=Kind.GRASSROOTS, code="X1", name="X", union_type="school")
    assert "工会小组下不能直接建立基层工会" in err.value.message_dict["kind"][0]


def test_codes_are_unique_and_uscc_is_checked(tree, admin_user):
    with pytest.raises(ActionError) as err:
        actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, code="SCH", name="重复",
                           union_type="school", uscc="91110000802100433A")
    assert err.value.message_dict["code"] == ["组织代码“SCH”已被使用"]
    assert "校验位不正确" in err.value.message_dict["uscc"][0]


def test_moving_a_subtree_rewrites_every_path_and_keeps_order(tree, users, admin_user, members):
    sub = actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, code="SCH2", name="第二中学工会",
                             union_type="school")
    actions.move_org(admin_user, tree.school, tree.county)
    school = Organisation.objects.get(code="SCH")
    g1 = Organisation.objects.get(code="SCH-G1")
    assert school.parent == tree.county and school.depth == 2 and g1.depth == 4
    assert [o.code for o in Organisation.objects.subtree(school)] == ["SCH", "SCH-B1", "SCH-G1", "SCH-B2"]
    assert [o.code for o in Organisation.objects.subtree(tree.town)] == ["TOWN", "FAC", "FAC-G1", "SCH2"]
    assert all(o.path.startswith(school.path) for o in [g1, Organisation.objects.get(code="SCH-B2")])
    assert AuditEntry.objects.filter(action="move", object_id=school.pk).get().changes == {
        "parent": ["城关镇总工会", "某县总工会"]}
    assert sub.path.startswith(tree.town.path)


def test_moving_a_group_between_branches_keeps_its_members(tree, users, members):
    actions.move_org(users.chair, tree.g1, tree.b2)
    g1 = Organisation.objects.get(code="SCH-G1")
    assert g1.parent == tree.b2 and g1.path.startswith(tree.b2.path)
    assert Member.objects.filter(org__in=Organisation.objects.subtree(tree.b2).values("id")).count() == 2


def test_moving_a_group_to_another_union_carries_its_members(tree, admin_user, members):
    actions.move_org(admin_user, tree.g1, tree.factory)
    wang = Member.objects.get(pk=members.wang.pk)
    assert wang.union_id == tree.factory.pk
    assert Organisation.objects.get(code="SCH-G1").union_id == tree.factory.pk


def test_a_node_cannot_move_under_its_own_descendant(tree, admin_user):
    with pytest.raises(ActionError) as err:
        actions.move_org(admin_user, tree.b1, tree.g1)
    assert err.value.message_dict["parent"] == ["不能把组织移动到它自己或它的下级之下"]


def test_an_officer_cannot_move_their_union_under_another_federation_they_do_not_manage(tree, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.move_org(users.chair, tree.b1, tree.factory)


def test_an_organisation_with_members_cannot_be_deleted_but_an_empty_one_can_and_comes_back(tree, users, members):
    with pytest.raises(ActionError):
        actions.delete_org(users.chair, tree.g1)
    member_actions.move_member(users.chair, members.zhao, tree.school)
    actions.delete_org(users.chair, tree.b2)
    assert not Organisation.objects.filter(code="SCH-B2").exists()
    actions.restore_org(users.chair, Organisation.all_objects.get(code="SCH-B2"))
    assert Organisation.objects.filter(code="SCH-B2").exists()


def test_update_audits_changed_fields(tree, users):
    actions.update_org(users.chair, tree.school, chair_name="李校长", employee_count=120)
    entry = AuditEntry.objects.filter(action="update", object_id=tree.school.pk).get()
    assert entry.changes == {"chair_name": ["", "李校长"], "employee_count": [None, 120]}


def test_member_creation_in_a_federation_node_is_refused(tree, admin_user):
    with pytest.raises(ActionError) as err:
        member_actions.create_member(admin_user, org=tree.town, data=member_data("wang"))
    assert "不能登记在乡镇街道总工会" in err.value.message_dict["org"][0]


# ---- the tree page, level by level (large scopes) ----

@pytest.fixture
def level_by_level(monkeypatch):
    from gonghui.orgs import views

    monkeypatch.setattr(views, "WHOLE_TREE", 3)


def test_a_large_scope_shows_the_top_and_its_children_with_deeper_levels_on_demand(client, users, members,
                                                                                   level_by_level):
    from .conftest import login

    response = login(client, users.federation).get("/orgs/")
    (county,) = response.context["forest"]
    assert county.code == "COUNTY" and county.total == 4
    (town,) = county.kids
    assert (town.code, town.total, town.more, town.kids) == ("TOWN", 4, 2, [])
    page = response.content.decode()
    assert 'data-children="/orgs/TOWN/children/"' in page and "?under=TOWN" in page
    assert "第一中学工会" not in page  # not rendered until asked for
    assert '<script src="/static/gonghui/orgtree.js" defer>' in page


def test_opening_a_node_fetches_its_children_with_their_subtree_counts(client, users, members):
    from .conftest import login

    response = login(client, users.federation).get("/orgs/TOWN/children/")
    assert response.status_code == 200
    assert [(n.code, n.total, n.more) for n in response.context["nodes"]] == [("SCH", 3, 2), ("FAC", 1, 1)]
    assert 'data-children="/orgs/SCH/children/"' in response.content.decode()


def test_children_outside_the_scope_are_a_404(client, users, members):
    from .conftest import login

    assert login(client, users.outsider).get("/orgs/SCH/children/").status_code == 404
    assert client.get("/orgs/NO-SUCH/children/").status_code == 404


def test_the_page_opens_at_an_organisation_without_scripts(client, users, members, level_by_level):
    from .conftest import login

    response = login(client, users.federation).get("/orgs/", {"under": "SCH"})
    (school,) = response.context["forest"]
    assert [(k.code, k.total) for k in school.kids] == [("SCH-B1", 1), ("SCH-B2", 1)]
    assert [o.code for o in response.context["trail"]] == ["COUNTY", "TOWN"]
    assert login(client, users.outsider).get("/orgs/", {"under": "SCH"}).status_code == 404


def test_the_search_box_finds_organisations_by_name_or_code_in_scope_only(client, users, members):
    from .conftest import login

    found = login(client, users.federation).get("/orgs/", {"q": "中学"}).context["found"]
    assert [(o.code, o.total) for o in found] == [("SCH", 3)]
    assert [o.code for o in client.get("/orgs/", {"q": "FAC-G1"}).context["found"]] == ["FAC-G1"]
    assert login(client, users.outsider).get("/orgs/", {"q": "中学"}).context["found"] == []


def test_the_level_by_level_page_costs_the_same_queries_however_large_the_tree(client, tree, users, members,
                                                                               admin_user, level_by_level):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import login

    login(client, users.federation)
    client.get("/orgs/")
    with CaptureQueriesContext(connection) as before:
        client.get("/orgs/")
    for n in range(5):
        actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, union_type="enterprise",
                           code=f"U{n}", name=f"单位{n}工会")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/orgs/")
    assert len(after.captured_queries) == len(before.captured_queries) <= 12
    assert response.context["forest"][0].kids[0].more == 7
    assert not any("members_member" in q["sql"] for q in after.captured_queries)  # counts, not member rows


def test_subtree_totals_from_the_maintained_counts_equal_a_count_of_member_rows(users, members, tree):
    from gonghui.orgs import headcount

    nodes = [tree.county, tree.town, tree.school, tree.b1, tree.b2, tree.factory]
    fast = headcount.subtree_totals(users.federation, nodes)
    slow_hook, headcount._subtrees = headcount._subtrees, None
    try:
        slow = headcount.subtree_totals(users.federation, nodes)
    finally:
        headcount._subtrees = slow_hook
    assert fast == slow == {tree.county.pk: 4, tree.town.pk: 4, tree.school.pk: 3, tree.b1.pk: 1, tree.b2.pk: 1,
                            tree.factory.pk: 1}


def test_many_siblings_are_counted_in_one_query_over_their_parent_and_scattered_nodes_in_chunks(
        users, members, tree, monkeypatch, django_assert_num_queries):
    from gonghui.federation import stats_counts

    monkeypatch.setattr(stats_counts, "CHUNK", 1)
    with django_assert_num_queries(1):  # SCH and FAC: siblings under the town
        assert stats_counts.subtree_totals([tree.school, tree.factory]) == {tree.school.pk: 3, tree.factory.pk: 1}
    with django_assert_num_queries(2):  # two top-most nodes, one range per statement
        assert stats_counts.subtree_totals([tree.b1, tree.g1, tree.factory]) == {
            tree.b1.pk: 1, tree.g1.pk: 1, tree.factory.pk: 1}
