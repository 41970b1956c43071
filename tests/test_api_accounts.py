"""The accounts API: tokens (with lockout), the current user, password change, users and roles."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gonghui.accounts.models import Role, RoleKind, User
from gonghui.core.models import AuditEntry

from .conftest import IDS, PASSWORD


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def token_for(username, password=PASSWORD):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json")


# ---- tokens ----

def test_a_token_is_issued_for_the_right_password_and_authenticates_requests(users):
    response = token_for("chair")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "chair"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/me/").json()["username"] == "chair"


def test_a_wrong_password_gets_a_chinese_message_and_no_token(users):
    response = token_for("chair", "wrong-password")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["用户名或密码不正确"]}
    assert token_for("chair", "").json() == {"password": ["请输入密码"]}
    assert not Token.objects.exists()


def test_five_failures_lock_the_username_even_for_the_right_password(users):
    for _ in range(4):
        assert token_for("chair", "wrong-password").status_code == 400
    locked = token_for("chair", "wrong-password")
    assert locked.status_code == 429
    assert locked.json() == {"detail": "登录失败次数过多，该账号已被锁定30分钟，请稍后再试"}
    assert token_for("chair").status_code == 429
    assert not Token.objects.exists()
    assert token_for("officer").status_code == 200  # only that username is locked


def test_deleting_the_token_revokes_it(users):
    key = token_for("chair").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/auth/token/").status_code == 204
    response = client.get("/api/me/")
    assert response.status_code == 403 and response.json()["detail"] == "认证令牌无效。"


# ---- the current user ----

def test_me_lists_the_roles_held(users, tree):
    Role.objects.create(user=users.chair, org=tree.factory, kind=RoleKind.AUDITOR)
    body = api(users.chair).get("/api/me/").json()
    assert [(r["org"], r["role"], r["role_label"]) for r in body["roles"]] == [
        ("SCH", "chair", "工会主席"), ("FAC", "auditor", "经审委员")]
    assert body["member"] is None


def test_a_member_sees_their_own_record_in_clear_on_me(members, member_user):
    body = api(member_user).get("/api/me/").json()
    assert body["roles"] == []
    assert body["member"]["name"] == "王强" and body["member"]["id_number"] == IDS["wang"]


def test_changing_the_password_checks_the_old_one_and_revokes_tokens(users):
    Token.objects.create(user=users.chair)
    client = api(users.chair)
    response = client.post("/api/me/password/", {"old_password": "x", "new_password": "Xin#Mima2026"}, format="json")
    assert response.status_code == 400 and response.json() == {"old_password": ["原密码不正确"]}
    response = client.post("/api/me/password/", {"old_password": PASSWORD, "new_password": "12345678"}, format="json")
    assert response.status_code == 400 and response.json()["new_password"]
    response = client.post("/api/me/password/", {"old_password": PASSWORD, "new_password": "Xin#Mima2026"},
                           format="json")
    assert response.status_code == 200
    assert not Token.objects.filter(user=users.chair).exists()
    assert client.get("/api/me/").status_code == 200  # the session survives its own password change
    assert token_for("chair", "Xin#Mima2026").status_code == 200


# ---- users and roles ----

def usernames(response):
    assert response.status_code == 200, response.content
    return sorted(row["username"] for row in response.json()["results"])


def test_users_are_listed_only_where_the_caller_manages_roles(members, users, member_user):
    assert usernames(api(users.chair).get("/api/users/")) == [
        "auditor", "chair", "finance", "leader", "officer", "wangqiang"]
    assert usernames(api(users.outsider).get("/api/users/")) == ["outsider"]
    assert usernames(api(users.finance).get("/api/users/")) == []
    assert api(users.outsider).get(f"/api/users/{users.chair.pk}/").status_code == 404


def test_roles_held_elsewhere_are_not_shown(users, tree):
    Role.objects.create(user=users.officer, org=tree.factory, kind=RoleKind.FINANCE)
    row = api(users.outsider).get(f"/api/users/{users.officer.pk}/").json()
    assert [(r["org"], r["role"]) for r in row["roles"]] == [("FAC", "finance")]


def test_a_chair_creates_an_officer_with_a_first_role(users, tree):
    response = api(users.chair).post("/api/users/", {"username": "newofficer", "name": "孙新", "password": "Sun#2026abc",
                                                     "org": "SCH-B2", "role": "group_leader"}, format="json")
    assert response.status_code == 201, response.content
    assert [(r["org"], r["role"]) for r in response.json()["roles"]] == [("SCH-B2", "group_leader")]
    user = User.objects.get(username="newofficer")
    assert user.must_change_password and user.check_password("Sun#2026abc")
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=user.pk, action="grant_role").exists()


@pytest.mark.parametrize("role,status,org", [("finance", 403, "SCH"), ("outsider", 400, "SCH"),
                                             ("leader", 400, "SCH")])
def test_roles_that_may_not_manage_roles_create_no_user(users, role, status, org):
    response = api(getattr(users, role)).post("/api/users/", {"username": "sneaky", "name": "某人",
                                                              "password": "Sneaky#2026", "org": org,
                                                              "role": "chair"}, format="json")
    assert response.status_code == status
    assert not User.objects.filter(username="sneaky").exists()


def test_a_taken_username_and_a_weak_password_get_chinese_messages(users):
    response = api(users.chair).post("/api/users/", {"username": "officer", "name": "重名", "password": "123",
                                                     "org": "SCH", "role": "officer"}, format="json")
    assert response.json() == {"username": ["用户名“officer”已被使用"]}


def test_granting_and_revoking_roles_stay_inside_the_callers_subtree(users, tree):
    client = api(users.chair)
    response = client.post(f"/api/users/{users.leader.pk}/roles/", {"org": "SCH-B2", "role": "group_leader"},
                           format="json")
    assert response.status_code == 201
    role_id = response.json()["id"]
    response = client.post(f"/api/users/{users.leader.pk}/roles/", {"org": "FAC", "role": "chair"}, format="json")
    assert response.json() == {"org": ["组织不存在或不在您的权限范围内"]}
    response = client.post(f"/api/users/{users.leader.pk}/roles/", {"org": "SCH", "role": "king"}, format="json")
    assert response.json() == {"role": ["请选择角色"]}
    assert client.delete(f"/api/users/{users.leader.pk}/roles/{role_id}/").status_code == 204
    assert not Role.objects.filter(pk=role_id).exists()
    outsider_role = Role.objects.get(user=users.outsider)
    assert api(users.federation).delete(f"/api/users/{users.outsider.pk}/roles/{outsider_role.pk}/").status_code == 204
    assert client.delete(f"/api/users/{users.chair.pk}/roles/{outsider_role.pk}/").status_code == 404


def test_the_user_list_costs_the_same_queries_however_many_users(users, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(users.chair)
    client.get("/api/users/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/users/")
    for n in range(10):
        Role.objects.create(user=User.objects.create_user(f"extra{n}", password=PASSWORD), org=tree.b2,
                            kind=RoleKind.GROUP_LEADER)
    with django_assert_num_queries(len(few)):
        assert len(client.get("/api/users/").json()["results"]) == 15
