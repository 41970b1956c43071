"""The chair signs in, lands on the inbox, and approves one voucher from it (Debian's chromium)."""
import datetime

from gonghui.core.models import AuditEntry
from gonghui.ledger import actions as ledger
from gonghui.ledger.models import Voucher

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in
from .walk_ext.ledger import line

pytestmark = BROWSER_TEST


def _reviewed(users, tree, n):
    out = []
    for i in range(n):
        v = ledger.create_voucher(users.finance, union=tree.school, date=datetime.date(2026, 3, 5),
                                  summary=f"慰问困难职工{i + 1}", lines=[line("50105", "300"), line("102", credit="300")])
        out.append(ledger.review_voucher(users.auditor, v))
    return out


def _approve_one(page, live_server, first):
    sign_in(page, live_server, "chair", PASSWORD)
    assert page.url.rstrip("/").endswith("/inbox")  # the chair lands on the inbox
    section = page.locator("#src-ledger\\.vouchers_to_approve")
    assert "待批准的凭证" in section.locator("h2").inner_text()
    section.locator(f"input[name=pk][value='{first.pk}']").check()
    section.locator("button.ib-go").click()
    page.wait_for_load_state()
    assert "待批准的凭证：已办理1项" in page.content()


def test_the_chair_approves_a_voucher_from_the_inbox(transactional_db, live_server, users, tree, browser):
    first, second = _reviewed(users, tree, 2)
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    _approve_one(page, live_server, first)
    assert dict(Voucher.objects.values_list("pk", "status")) == {first.pk: "approved", second.pk: "reviewed"}
    assert AuditEntry.objects.filter(action="voucher_approve", object_id=first.pk, actor=users.chair).count() == 1
    assert page.locator(".inbox-badge").first.inner_text() == "1"  # one left, shown in the menu


def test_the_inbox_fits_a_phone(transactional_db, live_server, users, tree, browser):
    (first,) = _reviewed(users, tree, 1)
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    _approve_one(page, live_server, first)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
