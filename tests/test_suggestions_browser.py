"""A member submits a rationalisation suggestion with a co-author from a phone (390 px) and finds it on their
own page with both authors (Debian's chromium)."""
from gonghui.suggestions.models import Suggestion

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


def test_a_member_submits_a_suggestion_with_a_coauthor_from_a_phone(transactional_db, live_server, member_user,
                                                                    members, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    sign_in(page, live_server, "wangqiang", PASSWORD)
    page.goto(f"{live_server.url}/suggestions/mine/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("#id_kind", "small_change")
    page.fill("#id_title", "教室投影仪加装防尘罩")
    page.fill("#id_problem", "投影仪积灰，灯泡寿命短")
    page.fill("#id_proposal", "自制防尘罩，下课后罩上")
    page.fill("#id_coauthors", members.zhao.member_no)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/suggestions/mine/" in url and url.rstrip("/").split("/")[-1].isdigit())
    content = page.content()
    assert "已提交合理化建议" in content and "教室投影仪加装防尘罩" in content
    assert "王强" in content and "赵丽" in content
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    suggestion = Suggestion.objects.get()
    assert sorted(suggestion.authors.values_list("member__name", flat=True)) == ["王强", "赵丽"]
    context.close()
