"""The maternity-leave calculation page: an officer opens a woman member's page, records the birth in the
"登记分娩和产假" form and reads the leave computed by DOMAIN §11 (▶ a single normal birth, leave from
2026-05-01 → ends 2026-08-06, 98 days), at desktop width and on a phone (Debian's chromium)."""
import pytest

from gonghui.women.models import Maternity

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_records_a_birth_and_reads_the_computed_leave(transactional_db, live_server, users, members,
                                                                 browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/women/members/{members.zhao.pk}/")
    page.locator("summary", has_text="登记分娩和产假").click()
    form = page.locator("form[action$='/birth/']")
    form.locator("input[name=birth_date]").fill("2026-05-10")
    form.locator("input[name=leave_start]").fill("2026-05-01")
    form.locator("select[name=province]").select_option("")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    record = Maternity.objects.get(member=members.zhao)
    assert (record.leave_start.isoformat(), record.leave_end.isoformat(), record.leave_days) == (
        "2026-05-01", "2026-08-06", 98)
    content = page.content()
    assert "2026-08-06" in content and "98" in content
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
