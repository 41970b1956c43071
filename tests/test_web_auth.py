"""Sign-in, lockout, sign-out and password change through the real views (django-axes included)."""
import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry

from .conftest import PASSWORD, login, make_user

LOGIN = "/login/"


@pytest.fixture
def _must_change_middleware(settings):
    """The middleware that holds users with a temporary password on the password page."""
    name = "gonghui.core.middleware.MustChangePasswordMiddleware"
    if name not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, name]


def test_the_login_page_is_in_chinese_with_labelled_fields(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<label for="id_username">用户名</label>' in page
    assert '<label for="id_password">密码</label>' in page


def test_the_right_password_signs_in_and_opens_the_inbox_with_the_dashboard_a_link_away(client, users):
    response = client.post(LOGIN, {"username": "chair", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("inbox:home")
    assert reverse("core:home") in client.get(response.url).content.decode()
    assert client.get("/").status_code == 200


def test_a_wrong_password_shows_a_chinese_message_and_stays_on_the_page(client, users):
    response = client.post(LOGIN, {"username": "chair", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failed_logins_lock_the_account_and_say_for_how_long(client, users):
    for _ in range(4):
        assert client.post(LOGIN, {"username": "chair", "password": "nope"}).status_code == 200
    locked = client.post(LOGIN, {"username": "chair", "password": "nope"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账号已暂时锁定" in page and "30分钟" in page
    # Even the right password is refused while the lock lasts.
    again = client.post(LOGIN, {"username": "chair", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post(client, users):
    login(client, users.chair)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert client.get("/").status_code == 302


def test_pages_redirect_an_anonymous_visitor_to_the_login_page(client, db):
    for url in ["/", "/me/", "/orgs/", "/audit/", "/roles/", "/password/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(LOGIN), url


def test_a_user_with_a_temporary_password_is_sent_to_change_it_after_login(client, db):
    user = make_user("newbie")
    user.must_change_password = True
    user.save()
    response = client.post(LOGIN, {"username": "newbie", "password": PASSWORD})
    assert response.url == reverse("accounts:password_change")
    assert "您正在使用临时密码" in client.get(response.url).content.decode()


@pytest.mark.usefixtures("_must_change_middleware")
def test_a_user_with_a_temporary_password_cannot_open_other_pages_until_they_change_it(client, users):
    users.chair.must_change_password = True
    users.chair.save()
    login(client, users.chair)
    response = client.get("/orgs/")
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    client.post("/password/", {"old_password": PASSWORD, "new_password": "Lianhe#2027x",
                               "new_password2": "Lianhe#2027x"})
    assert client.get("/orgs/").status_code == 200


def test_changing_the_password_keeps_the_session_and_is_audited(client, users):
    login(client, users.chair)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password": "Lianhe#2027x",
                                          "new_password2": "Lianhe#2027x"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # still signed in
    user = User.objects.get(pk=users.chair.pk)
    assert user.check_password("Lianhe#2027x") and not user.must_change_password
    assert AuditEntry.objects.filter(action="change_password", object_id=user.pk).exists()


def test_a_wrong_old_password_is_shown_on_its_field(client, users):
    login(client, users.chair)
    response = client.post("/password/", {"old_password": "not-it", "new_password": "Lianhe#2027x",
                                          "new_password2": "Lianhe#2027x"})
    assert response.context["form"].errors["old_password"] == ["原密码不正确"]


def test_a_weak_or_mistyped_new_password_is_refused_in_chinese(client, users):
    login(client, users.chair)
    weak = client.post("/password/", {"old_password": PASSWORD, "new_password": "12345678",
                                      "new_password2": "12345678"})
    assert weak.context["form"].errors["new_password"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in weak.context["form"].errors["new_password"])
    mistyped = client.post("/password/", {"old_password": PASSWORD, "new_password": "Lianhe#2027x",
                                          "new_password2": "Lianhe#2027y"})
    assert mistyped.context["form"].errors["new_password2"] == ["两次输入的新密码不一致"]
    assert User.objects.get(pk=users.chair.pk).check_password(PASSWORD)
