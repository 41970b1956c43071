"""The error pages: 403, 404, 500, a refused form (CSRF) and a locked account, in Chinese and in English.

Each page is in the site's frame, says what happened and what to do, and offers the way back: the page the
user came from (when the browser sent it and it is on this site) and the home page. A 403 from
``scope.require`` names the capability and the roles that carry it. The 500 page is rendered without the
database. A few test-only URLs (this module is the URL conf) raise the errors; the handlers are the project's.
"""
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from gonghui.core.capabilities import CARE, KEEP_BOOKS, RUN_EVENTS
from gonghui.core import scope
from gonghui.orgs.models import Organisation
from gonghui.urls import handler403, handler404, handler500, urlpatterns as project_urls  # noqa: F401

from .conftest import PASSWORD, login

HOME = 'href="/"'
CAME_FROM = "http://testserver/members/"


def _needs_care(request):
    scope.require(request.user, CARE, Organisation.objects.get(code="SCH"))
    return HttpResponse("ok")


def _needs_care_or_events(request):
    scope.require_any(request.user, (CARE, RUN_EVENTS), Organisation.objects.get(code="SCH"))
    return HttpResponse("ok")


def _refused_with_reason(request):
    raise PermissionDenied("只有本届选举的监票人可以计票")


def _boom(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("test-errors/care/", _needs_care),
    path("test-errors/care-or-events/", _needs_care_or_events),
    path("test-errors/refused/", _refused_with_reason),
    path("test-errors/boom/", _boom),
    path("api/test-errors/boom/", _boom),
] + project_urls


@pytest.fixture(autouse=True)
def _these_urls(settings):
    settings.ROOT_URLCONF = __name__


def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response):
    return response.content.decode()


def has_no_chinese(page):
    return not any("\u4e00" <= ch <= "\u9fff" for ch in page.replace("简体中文", ""))


# ---- 404 ----

@override_settings(DEBUG=False)
def test_a_missing_page_says_so_in_the_site_frame_with_the_way_back(client, users):
    login(client, users.chair)
    response = client.get("/members/no-such-page/", HTTP_REFERER=CAME_FROM)
    page = text(response)
    assert response.status_code == 404
    assert "页面不存在" in page and "/members/no-such-page/" in page and "请检查地址" in page
    assert f'href="{CAME_FROM}"' in page and "返回上一页" in page
    assert HOME in page and "回到首页" in page
    assert 'class="topbar"' in page and 'id="mainnav"' in page  # the site's frame and menu


@override_settings(DEBUG=False)
def test_a_missing_page_in_english(client, users):
    english(login(client, users.chair))
    response = client.get("/nowhere/", HTTP_REFERER=CAME_FROM)
    page = text(response)
    assert response.status_code == 404
    assert "Page not found" in page and "Check the address" in page
    assert "Back to the previous page" in page and "Go to the home page" in page and HOME in page
    assert '<html lang="en">' in page
    assert has_no_chinese(page.replace(users.chair.name, ""))


@override_settings(DEBUG=False)
def test_a_link_from_another_site_gets_no_back_link_only_home(client, users):
    login(client, users.chair)
    page = text(client.get("/nowhere/", HTTP_REFERER="https://evil.example/phish"))
    assert "evil.example" not in page and "返回上一页" not in page
    assert HOME in page


def test_a_missing_api_address_answers_json(client, users):
    login(client, users.chair)
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and response.json() == {"detail": "地址不存在"}


# ---- 403 ----

def test_a_refusal_names_the_capability_and_the_roles_that_carry_it(client, users, tree):
    login(client, users.finance)  # 经费会计: no CARE
    response = client.get("/test-errors/care/", HTTP_REFERER=CAME_FROM)
    page = text(response)
    assert response.status_code == 403
    assert "没有权限" in page and "无权在该组织执行此操作" in page
    assert "需要的权限：送温暖和互助保障。" in page
    assert "可以办理的角色：工会主席、工会干事。" in page
    assert f'href="{CAME_FROM}"' in page and HOME in page


def test_a_refusal_for_either_of_two_capabilities_names_both(client, users, tree):
    login(client, users.auditor)
    page = text(client.get("/test-errors/care-or-events/"))
    assert "需要的权限：送温暖和互助保障、组织活动和比赛。" in page
    assert "可以办理的角色：工会主席、工会干事。" in page


def test_a_refusal_in_english(client, users, tree):
    english(login(client, users.finance))
    response = client.get("/test-errors/care/", HTTP_REFERER=CAME_FROM)
    page = text(response)
    assert response.status_code == 403
    assert "Not allowed" in page and "You may not do this in that organisation" in page
    assert "Permission needed: care visits and mutual aid." in page
    assert "Roles that can do this: Union chair, Union officer." in page
    assert "Back to the previous page" in page and "Go to the home page" in page
    assert has_no_chinese(page.replace(users.finance.name, ""))


def test_a_refusal_with_its_own_reason_shows_it(client, users):
    login(client, users.chair)
    response = client.get("/test-errors/refused/")
    page = text(response)
    assert response.status_code == 403
    assert "只有本届选举的监票人可以计票" in page and "需要的权限" not in page and HOME in page


def test_the_roles_named_follow_the_capability_table(client, users, tree):
    """KEEP_BOOKS is carried by the finance officer only: the chair is refused and told so."""
    from gonghui.core import errorpages

    exc = pytest.raises(PermissionDenied, scope.require, users.chair, KEEP_BOOKS, tree.school).value
    assert isinstance(exc, scope.CapabilityDenied) and exc.capabilities == (KEEP_BOOKS,)
    labels, roles = errorpages._needed(exc)
    assert [str(x) for x in labels] == ["记账和收缴会费"] and roles == ["经费会计"]


# ---- 500 ----

@override_settings(DEBUG=False)
@pytest.mark.parametrize("language, words", [
    ("zh-hans", ["服务器出错", "错误已记录", "请稍后再试", "返回上一页", "回到首页"]),
    ("en", ["Server error", "the error has been logged", "try again later", "Back to the previous page",
            "Go to the home page"]),
])
def test_a_server_error_page_renders_without_the_database_or_a_user(language, words):
    """No ``db`` fixture: pytest-django refuses any query, so the page is proven to need none."""
    client = Client(raise_request_exception=False)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/test-errors/boom/", HTTP_REFERER="http://testserver/care/")
    page = text(response)
    assert response.status_code == 500
    for word in words:
        assert word in page
    assert 'href="http://testserver/care/"' in page and HOME in page
    assert 'class="topbar"' in page and 'id="mainnav"' not in page  # the frame, no menu
    if language == "en":
        assert has_no_chinese(page)


@override_settings(DEBUG=False)
def test_a_server_error_for_a_signed_in_user_still_shows_no_menu(users):
    client = Client(raise_request_exception=False)
    client.force_login(users.chair)
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500 and "服务器出错" in text(response) and 'id="mainnav"' not in text(response)


@override_settings(DEBUG=False)
def test_a_server_error_under_the_api_answers_json():
    client = Client(raise_request_exception=False)
    response = client.get("/api/test-errors/boom/")
    assert response.status_code == 500 and response.json() == {"detail": "服务器出错，请稍后再试"}


# ---- a refused form (CSRF) ----

@pytest.mark.parametrize("language, words", [
    ("zh-hans", ["页面已过期，提交未被接受", "什么都没有保存", "返回上一页", "回到首页"]),
    ("en", ["The page has expired; your submission was not accepted", "Nothing was saved",
            "Back to the previous page", "Go to the home page"]),
])
def test_a_form_without_its_token_is_refused_with_a_page_that_says_what_to_do(users, language, words):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.chair)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/logout/", HTTP_REFERER="http://testserver/me/")
    page = text(response)
    assert response.status_code == 403
    for word in words:
        assert word in page
    assert 'href="http://testserver/me/"' in page and HOME in page
    assert "_auth_user_id" in client.session  # nothing happened: still signed in
    if language == "en":
        assert "Forbidden" not in page


# ---- a locked account ----

@pytest.mark.parametrize("language, words", [
    ("zh-hans", ["账号已暂时锁定", "30分钟", "返回登录页", "回到首页"]),
    ("en", ["Account temporarily locked", "30 minutes", "Back to sign-in", "Go to the home page"]),
])
def test_a_locked_account_page_in_both_languages(client, users, language, words):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    for _ in range(4):
        client.post("/login/", {"username": "chair", "password": "nope"})
    response = client.post("/login/", {"username": "chair", "password": "nope"})
    page = text(response)
    assert response.status_code == 429
    for word in words:
        assert word in page
    assert 'href="/login/"' in page and HOME in page and 'class="errorpage"' in page
    assert PASSWORD not in page
