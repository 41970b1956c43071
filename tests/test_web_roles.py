"""The roles page: who holds which role in a subtree; granting (to an existing or a new user) and revoking."""
from gonghui.accounts.models import Role, User
from gonghui.core.models import AuditEntry

from .conftest import login, make_user


def test_the_chair_sees_everyone_holding_a_role_in_the_union(client, users):
    response = login(client, users.chair).get("/roles/")
    assert response.status_code == 200
    holders = {(r.user.username, r.org.code) for r in response.context["holders"]}
    assert holders == {("chair", "SCH"), ("officer", "SCH"), ("finance", "SCH"), ("auditor", "SCH"),
                       ("leader", "SCH-G1")}


def test_roles_without_the_manage_roles_capability_are_refused(client, users, member_user):
    assert login(client, users.officer).get("/roles/").status_code == 403
    assert login(client, member_user).get("/roles/").status_code == 403
    assert login(client, users.chair).get("/roles/", {"org": "FAC"}).status_code == 404


def test_granting_a_role_to_an_existing_user(client, users, tree):
    make_user("teacher", "李老师")
    login(client, users.chair)
    response = client.post("/roles/?org=SCH", {"mode": "existing", "username": "teacher", "org": "SCH-B2",
                                               "kind": "group_leader"})
    assert response.status_code == 302 and response.url == "/roles/?org=SCH"
    assert Role.objects.filter(user__username="teacher", org=tree.b2, kind="group_leader").exists()
    assert AuditEntry.objects.filter(action="grant_role", org=tree.b2).exists()


def test_granting_a_role_to_a_new_user_creates_it_with_a_temporary_password(client, users, tree):
    login(client, users.chair)
    client.post("/roles/", {"mode": "new", "username": "xiaoli", "name": "小李", "password": "Temp#Pass2026",
                            "org": "SCH", "kind": "officer"})
    user = User.objects.get(username="xiaoli")
    assert user.must_change_password and user.check_password("Temp#Pass2026")
    assert Role.objects.filter(user=user, org=tree.school, kind="officer").exists()


def test_bad_input_is_shown_in_chinese_on_the_fields_and_nothing_is_created(client, users, tree):
    login(client, users.chair)
    taken = client.post("/roles/", {"mode": "new", "username": "officer", "name": "重名", "password": "Temp#Pass2026",
                                    "org": "SCH", "kind": "officer"})
    assert taken.context["form"].errors["username"] == ["用户名“officer”已被使用"]
    missing = client.post("/roles/", {"mode": "existing", "username": "nobody", "org": "SCH", "kind": "officer"})
    assert "没有这个用户名的用户" in missing.context["form"].errors["username"][0]
    weak = client.post("/roles/", {"mode": "new", "username": "weak", "name": "弱", "password": "12345678",
                                   "org": "SCH", "kind": "officer"})
    assert weak.context["form"].errors["password"]
    outside = client.post("/roles/", {"mode": "new", "username": "spy", "name": "间", "password": "Temp#Pass2026",
                                      "org": "FAC", "kind": "chair"})
    assert outside.context["form"].errors["org"] == ["找不到组织“FAC”，或不在您的权限范围内"]
    assert not User.objects.filter(username__in=["weak", "spy"]).exists()


def test_a_federation_officer_role_needs_a_federation(client, users, tree):
    login(client, users.chair)
    response = client.post("/roles/", {"mode": "existing", "username": "officer", "org": "SCH",
                                       "kind": "federation_officer"})
    assert response.context["form"].errors["kind"] == ["总工会干部只能在总工会授予"]


def test_revoking_a_role_in_scope(client, users, tree):
    role = Role.objects.get(user=users.leader)
    login(client, users.chair)
    response = client.post(f"/roles/{role.pk}/revoke/", {"org": "SCH"})
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEntry.objects.filter(action="revoke_role", object_id=users.leader.pk).exists()


def test_revoking_a_role_outside_the_scope_is_a_404_and_needs_a_post(client, users, tree):
    role = Role.objects.get(user=users.outsider)
    login(client, users.chair)
    assert client.post(f"/roles/{role.pk}/revoke/").status_code == 404
    assert client.get(f"/roles/{Role.objects.get(user=users.leader).pk}/revoke/").status_code == 405
    assert Role.objects.filter(pk=role.pk).exists()
