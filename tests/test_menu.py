"""The top menu: grouped by area, every link still there for the roles that had it, the current place marked,
and (in chromium) a header that fits 1366 px and a 390-px phone, in Chinese and in English."""
import re
from pathlib import Path

import pytest

from .conftest import PASSWORD, login
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401

LINK = re.compile(r'<a href="([^"]+)"')


def nav(client, url="/"):
    page = client.get(url).content.decode()
    start, end = page.index('<nav class="mainnav"'), page.index("</nav>")
    return page[start:end]


def groups(html):
    """{group key: [hrefs]} for the dropdown groups of the menu."""
    found = {}
    for key, body in re.findall(r'data-group="([^"]+)"><details>(.*?)</details>', html, re.S):
        found[key] = LINK.findall(body)
    return found


def test_a_chair_reaches_every_area_through_ten_top_entries(client, users):
    html = nav(login(client, users.chair))
    assert set(LINK.findall(html)) == {
        "/inbox/", "/", "/orgs/", "/members/", "/finance/", "/activities/", "/contests/", "/care/", "/mutual-aid/",
        "/congress/", "/elections/", "/notices/", "/plans/", "/ratings/", "/bargaining/", "/appeals/", "/mediation/",
        "/supervision/", "/women/", "/safety/", "/suggestions/", "/honours/", "/audit/", "/roles/", "/me/"}
    assert groups(html) == {
        "members": ["/orgs/", "/members/"],
        "care": ["/activities/", "/contests/", "/care/", "/mutual-aid/"],
        "democracy": ["/congress/", "/elections/", "/notices/"],
        "plans": ["/plans/", "/ratings/"],
        "rights": ["/bargaining/", "/appeals/", "/mediation/", "/supervision/", "/women/", "/safety/", "/suggestions/",
                   "/honours/"],
        "admin": ["/audit/", "/roles/"],
    }
    top = re.findall(r'<li class="navitem', html)
    assert len(top) == 10  # 待办 概览 会员 经费 活动与关怀 民主管理 计划考核 权益与建功 管理 我的
    for label in ("活动与关怀", "民主管理", "计划考核", "权益与建功", "管理"):
        assert f"<summary>{label}</summary>" in html


def test_a_finance_officer_sees_only_what_the_role_sees_and_a_group_of_one_is_a_plain_link(client, users):
    html = nav(login(client, users.finance))
    links = set(LINK.findall(html))
    assert {"/finance/", "/contests/", "/plans/", "/notices/", "/me/"} <= links
    assert not links & {"/care/", "/mutual-aid/", "/activities/", "/congress/", "/elections/", "/audit/", "/roles/"}
    assert "care" not in groups(html)  # only 比赛 is left of 活动与关怀: a plain link
    assert '<a href="/contests/">比赛</a>' in html


def test_a_member_without_a_role_gets_the_self_service_menu_grouped(client, member_user):
    from django.urls import reverse
    html = nav(login(client, member_user), "/me/")
    assert groups(html) == {
        "care": [reverse(n) for n in ("activities:mine", "contests:my", "care:my", "mutualaid:mine")],
        "democracy": [reverse(n) for n in ("congress:my", "elections:mine", "notices:mine")],
        "rights": [reverse(n) for n in ("appeals:my", "safety:my", "suggestions:mine", "honours:mine")],
    }
    links = set(LINK.findall(html))
    assert "/me/" in links and not links & {"/", "/audit/", "/members/", "/finance/"}


def test_the_current_page_and_its_group_are_marked(client, users):
    login(client, users.chair)
    html = nav(client, "/care/")
    care = re.search(r'<li class="navitem navgroup is-current" data-group="care"><details>\s*'
                     r'<summary aria-current="true">活动与关怀</summary>(.*?)</details>', html, re.S)
    assert care and '<a href="/care/" aria-current="page">送温暖</a>' in care.group(1)
    assert html.count("is-current") == 1 and html.count('aria-current="page"') == 1
    home = nav(client, "/")
    assert '<li class="navitem is-current"><a href="/" aria-current="page">' in home


def test_the_menu_in_english(client, users):
    from django.conf import settings
    login(client, users.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = nav(client, "/")
    for label in ("Events &amp; care", "Democracy", "Admin", "Sign out"):
        assert label in html
    assert not re.search(r"[\u4e00-\u9fff]", html.replace(users.chair.name, ""))


# ---- in a browser: the header fits ----


FITS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                        bottom: r.bottom, width: r.width, height: r.height}; };
  const name = document.querySelector('.navname'), out = document.querySelector('.navlogout');
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
          header: box(document.querySelector('.topbar')), name: box(name), out: box(out),
          nameShown: name.checkVisibility(), outShown: out.checkVisibility(), outText: out.innerText,
          tallest: Math.max(...[...document.querySelectorAll('.navlist > li > a, .navgroup summary')]
                              .filter((e) => e.checkVisibility()).map((e) => e.getBoundingClientRect().height))};
}"""




@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)")
def test_the_header_fits_a_laptop_and_a_phone_in_both_languages(transactional_db, live_server, users, browser):
    users.chair.name = "欧阳晓明"  # a chair sees the most entries; a four-character name
    users.chair.save(update_fields=["name"])

    for language, sign_out in (("zh-hans", "退出"), ("en", "Sign out")):
        for width, height in ((1366, 768), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            page.set_default_timeout(15000)
            sign_in(page, live_server, "chair", PASSWORD)
            page.goto(f"{live_server.url}/care/")
            where = f"{language} at {width}px"
            if width < 1100:
                assert page.evaluate(FITS)["scroll"] <= width, where
                page.click("label.nav-toggle-label")  # the menu folds away on a phone: open it
            m = page.evaluate(FITS)
            assert m["scroll"] <= m["inner"], (where, m)
            assert m["nameShown"] and m["outShown"] and m["outText"].strip() == sign_out, (where, m)
            for part in ("name", "out"):
                assert 0 <= m[part]["left"] and m[part]["right"] <= m["inner"] and m[part]["width"] > 0, (where, m)
            if width >= 1100:
                assert m["header"]["height"] < 70, (where, m)  # one line, nothing wrapped
                assert m["tallest"] < 45, (where, m)             # no entry broken over two lines
                # A group opens as a dropdown over the page and keeps within the screen.
                page.click(".navgroup[data-group=democracy] summary")
                sub = page.locator(".navgroup[data-group=democracy] .navsub").bounding_box()
                assert sub and sub["x"] + sub["width"] <= width, where
                assert page.evaluate("document.documentElement.scrollWidth") <= width, where
                page.keyboard.press("Escape")
                assert not page.locator(".navgroup[data-group=democracy] .navsub").is_visible(), where
            context.close()
