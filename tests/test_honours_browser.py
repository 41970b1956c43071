"""An officer opens a nomination round and nominates a member through the pages; after the committee's scores
the list is posted, and the round's public notice shows its end counted in working days by the official
holiday calendar (DOMAIN §14 ▶ posted 2026-09-29, 5 working days → 2026-10-12); the member sees the same end
on their own honours page, on a phone (Debian's chromium)."""
from gonghui.honours import actions
from gonghui.honours.models import HonourKind, Round

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


def test_a_round_is_opened_a_nomination_made_and_the_notice_shows_its_working_day_end(
        transactional_db, live_server, users, members, member_user, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/honours/rounds/new/?org=SCH")
    kind = HonourKind.objects.get(owner__isnull=True, code="advanced_individual")
    page.select_option("#id_kind", str(kind.pk))
    page.fill("#id_year", "2026")
    page.fill("#id_quota", "1")
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/honours/rounds/" in url and "/new/" not in url)
    rnd = Round.objects.get()
    page.goto(f"{live_server.url}/honours/rounds/{rnd.pk}/nominate/")
    page.select_option("#id_by", "union")
    page.fill("#id_member_no", members.wang.member_no)
    page.fill("#id_deeds", "带教青年教师，课题获市级一等奖")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/honours/rounds/{rnd.pk}/")
    nomination = rnd.nominations.get()
    assert nomination.member == members.wang and "王强" in page.content()
    # the committee's work, as in the round's other tests
    actions.set_evaluators(users.officer, rnd, [members.zhang])
    actions.start_selection(users.officer, rnd)
    actions.record_scores(users.officer, rnd, rnd.evaluators.get(), {nomination.pk: "92"})
    page.goto(f"{live_server.url}/honours/rounds/{rnd.pk}/publish/")
    page.fill("#id_posted_on", "2026-09-29")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/honours/rounds/{rnd.pk}/")
    assert "2026-09-29公示，5个工作日，至2026-10-12止" in page.content()
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    phone.set_default_timeout(30000)
    sign_in(phone, live_server, "wangqiang", PASSWORD)
    phone.goto(f"{live_server.url}/honours/mine/")
    assert "公示至2026-10-12" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
