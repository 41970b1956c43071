"""The officer's check-in page on a phone (Debian's chromium, 390×844): while the event runs, a member's
6-digit code typed with the member picked checks them in, and the roster shows it; the page states the
check-in window. Runs against ``live_server`` on the real clock, so the event starts half an hour from now."""
import datetime

import pytest
from django.utils import timezone

from gonghui.activities import actions, codes
from gonghui.activities.models import Attendance

from .activities_fixtures import open_event
from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


def test_an_officer_checks_a_member_in_by_their_six_digit_code_on_the_phone(
        transactional_db, live_server, users, tree, members, browser):
    local = timezone.localtime() + datetime.timedelta(minutes=30)
    event = open_event(users.officer, tree.school, signup_closes="", starts_at=f"{local:%Y-%m-%d %H:%M}",
                       ends_at=f"{local + datetime.timedelta(hours=2):%Y-%m-%d %H:%M}")
    actions.sign_up(users.officer, event, members.wang)
    actions.sign_up(users.officer, event, members.zhao)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, "officer", PASSWORD)

    page.goto(f"{live_server.url}/activities/{event.pk}/checkin/")
    assert "签到时间：" in page.inner_text("#checkin-window")
    assert page.locator("#window-closed").count() == 0
    page.select_option("#code-member", str(members.wang.pk))
    page.fill("#code", codes.short_code(event.pk, members.wang.pk))
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("text=王强 签到成功")
    assert page.locator(".act-roster li.done").count() == 1
    assert page.inner_text("#checked-count") == "1/2"
    assert Attendance.objects.get().method == "code"
    context.close()
