"""API tokens end: GONGHUI_TOKEN_DAYS after they were issued (fixed), at any password change (web, API, the
`changepassword` command, an administrator's reset) and when the user signs out (web or API). A refused token is
a 403 (DRF answers 403, not 401, when session authentication is listed first)."""
from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gonghui.accounts import actions

from .conftest import PASSWORD


def issue(username="chair"):
    response = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()


def me(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/me/")


def test_a_token_says_when_it_expires_and_is_refused_after_that_day(users, settings):
    settings.GONGHUI_TOKEN_DAYS = 30
    body = issue()
    assert body["expires"].startswith("2027-01-02")  # issued 2026-12-03, 30 days
    assert me(body["token"]).status_code == 200
    Token.objects.filter(key=body["token"]).update(created=Token.objects.get().created - timedelta(days=30))
    refused = me(body["token"])
    assert refused.status_code == 403
    assert refused.json() == {"detail": "API 令牌已过期，请用用户名和密码重新获取"}
    assert not Token.objects.exists()
    assert issue()["token"] != body["token"]


def test_asking_again_before_expiry_returns_the_same_token_with_the_same_end(users):
    first, second = issue(), issue()
    assert first == second


def test_changing_the_password_on_the_web_page_revokes_the_token(users):
    key = issue()["token"]
    client = Client()
    client.force_login(users.chair)
    client.post("/password/", {"old_password": PASSWORD, "new_password": "Another#Pass2027",
                               "new_password2": "Another#Pass2027"})
    assert me(key).status_code == 403


def test_changing_the_password_through_the_api_revokes_the_token(users):
    key = issue()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.post("/api/me/password/", {"old_password": PASSWORD, "new_password": "Another#Pass2027"}, format="json")
    assert me(key).status_code == 403


def test_an_administrators_password_reset_from_the_command_line_revokes_the_token(users, monkeypatch):
    key = issue()["token"]
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Another#Pass2027")
    call_command("changepassword", "chair")
    assert me(key).status_code == 403


def test_a_sign_in_that_upgrades_the_password_hash_keeps_the_token(users, settings):
    key = issue()["token"]
    users.chair.set_password(PASSWORD)
    users.chair._password = None  # what Django's own hash upgrade does before it saves
    users.chair.save()
    assert me(key).status_code == 200


def test_signing_out_of_the_web_ends_the_users_token(users):
    key = issue()["token"]
    client = Client()
    client.post("/login/", {"username": "chair", "password": PASSWORD})
    client.post("/logout/")
    assert me(key).status_code == 403


def test_deleting_the_token_through_the_api_signs_the_script_out(users):
    key = issue()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/auth/token/").status_code == 204
    assert me(key).status_code == 403


def test_the_change_password_action_itself_revokes_tokens_for_every_caller(users):
    key = issue()["token"]
    actions.change_password(users.chair, users.chair, old_password=PASSWORD, new_password="Another#Pass2027")
    assert me(key).status_code == 403
