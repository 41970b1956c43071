"""The voucher entry form in Debian's chromium: add a line, watch the running difference, save."""

import pytest

from gonghui.ledger.models import Voucher

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401



pytestmark = BROWSER_TEST




def test_the_finance_officer_sees_the_difference_while_typing_and_saves_a_balanced_voucher(
        transactional_db, live_server, settings, users, tree, browser, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, "finance", PASSWORD)

    page.goto(f"{live_server.url}/finance/ledger/vouchers/new/?org=SCH")
    page.fill("input[name=date]", "2026-03-15")
    page.fill("input[name=summary]", "送温暖慰问困难职工")
    rows = page.locator("#lg-lines tr.lg-row")
    assert rows.count() == 4
    rows.nth(0).locator("select[name=account]").select_option("50105")
    rows.nth(0).locator("input[name=debit]").fill("3,000.00")
    rows.nth(1).locator("select[name=account]").select_option("102")
    rows.nth(1).locator("input[name=credit]").fill("2000")
    assert page.locator("#lg-difference").inner_text() == "借贷差额 1,000.00"
    page.click("#lg-add")
    assert rows.count() == 5
    rows.nth(4).locator("select[name=account]").select_option("101")
    rows.nth(4).locator("input[name=credit]").fill("1000")
    assert page.locator("#lg-difference").inner_text() == "借贷平衡"
    assert page.locator("#lg-total-debit").inner_text() == "3,000.00"
    page.click("#voucher-form button[type=submit]")
    page.wait_for_url(lambda url: "/vouchers/new/" not in url)
    voucher = Voucher.objects.get()
    assert (voucher.label, voucher.total_debit, voucher.lines.count()) == ("记-2026-0001", 3000, 3)
    assert "记-2026-0001" in page.content()
