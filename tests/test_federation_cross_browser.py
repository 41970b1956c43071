"""The county officer's cross-union day in the browser, on a phone (390 px) and a desktop (1366 px): the transfers
page, sending a notice down through the form, the response table; then the school's chair answers it from the
received page. No page is wider than the screen."""
import datetime

from django.utils import timezone

from gonghui.federation.models import PushDown, PushState, PushTarget
from gonghui.members import actions as member_actions
from gonghui.members.models import Transfer

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401

pytestmark = BROWSER_TEST


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_the_county_sends_a_notice_down_and_the_school_answers_it(transactional_db, live_server, tree, users,
                                                                  members, browser):
    transfer = member_actions.transfer_out(users.chair, members.wang, to_org=tree.factory, reason="调动")
    Transfer.objects.filter(pk=transfer.pk).update(requested_at=timezone.now() - datetime.timedelta(days=40))
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    for width in (390, 1366):
        page = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN").new_page()
        page.set_default_timeout(20000)
        sign_in(page, live_server, "fed", PASSWORD)
        page.goto(f"{live_server.url}/federation/transfers/?org=COUNTY")
        assert "王强" in page.content() and "超期" in page.content()
        _fits(page, width)
        page.goto(f"{live_server.url}/federation/pushdowns/new/?org=COUNTY")
        page.fill("input[name=title]", f"关于开展冬季安全检查的通知{width}")
        page.fill("textarea[name=body]", "请各单位全面排查隐患")
        page.fill("input[name=due_on]", due)
        page.check("input[name=union_types][value=school]")
        page.click("form.form button[type=submit]")
        page.wait_for_url(lambda url: "/pushdowns/new/" not in url)
        assert "第一中学工会" in page.content()
        _fits(page, width)
        page.context.close()
    assert PushDown.objects.count() == 2
    page = browser.new_context(viewport={"width": 390, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(20000)
    sign_in(page, live_server, "chair", PASSWORD)
    page.goto(f"{live_server.url}/federation/received/?org=SCH")
    _fits(page, 390)
    page.click("text=关于开展冬季安全检查的通知390")
    page.check("input[name=how][value=reply]")
    page.fill("textarea[name=response]", "已完成排查，无重大隐患")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("load")
    assert "已完成排查" in page.content()
    _fits(page, 390)
    target = PushTarget.objects.get(pushdown__title="关于开展冬季安全检查的通知390")
    assert target.state == PushState.REPLIED
