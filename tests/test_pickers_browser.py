"""A picker in Debian's chromium at phone width: type a name, see the namesakes told apart, pick one, save."""
import pytest

from gonghui.care.models import Visit

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401
from .test_pickers import people  # noqa: F401 — the namesakes fixture

pytestmark = BROWSER_TEST


def test_an_officer_types_a_name_on_a_phone_and_picks_one_of_two_namesakes(
        transactional_db, live_server, users, tree, people, browser):  # noqa: F811
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                               has_touch=True).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/care/visits/new/?org=SCH")
    box = page.locator("input[name=member_no]")
    box.click()
    box.press_sequentially("wangf", delay=40)
    options = page.locator(".picker-options li[role=option]")
    options.nth(1).wait_for()
    assert options.count() == 2
    texts = [options.nth(i).inner_text() for i in range(2)]
    assert all("王芳" in t for t in texts)
    assert any("语文一组" in t for t in texts) and any("数学组分工会" in t for t in texts)
    # The list fits the phone's width.
    right = page.evaluate("Math.max(...[...document.querySelectorAll('.picker-options li')]"
                          ".map(li => li.getBoundingClientRect().right))")
    assert right <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    options.filter(has_text="数学组分工会").click()
    assert box.input_value() == f"王芳（{people.fang_b2.member_no}）"
    assert page.locator("input[name=member_no__pick]").input_value() == str(people.fang_b2.pk)
    page.select_option("select[name=occasion]", "hospital")
    page.fill("input[name=visitors]", "王干事")
    page.locator("form.form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/visits/new/" not in url)
    assert Visit.objects.get().member_id == people.fang_b2.pk
