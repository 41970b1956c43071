"""Every demo role signs in, lands on its inbox and completes one task from it, on a desktop screen and on a
390-px phone (Debian's chromium, on the demo dataset, as ``test_phone_width`` loads it).

The roles and their tasks: the chair approves a voucher, the finance officer posts one, the auditor reviews
one, the officer and the group leader sign for a greeting on a member's behalf, the county's federation
officer approves a lower union's candidate list — each in a batch from the inbox, through the app's own action
(its audit row is written) — and the member opens an activity from the service hub and signs up for it.
One demo load per screen width serves the seven roles; a failure names the role and what it missed."""
import pytest

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry
from gonghui.demo import generate

from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST

HEIGHT = 844

# username, the inbox source it works from, the audit action its batch writes
BATCH_TASKS = [
    ("school_chair", "ledger.vouchers_to_approve", "voucher_approve"),
    ("school_finance", "ledger.vouchers_to_post", "voucher_post"),
    ("school_auditor", "ledger.vouchers_to_review", "voucher_review"),
    ("school_officer", "care.group_to_sign", None),
    ("group_leader", "care.group_to_sign", None),
    ("county", "elections.candidates_to_approve", None),
]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return generate.load(members=300, seed=7)


def _fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def _batch_task(page, username, key, action, width):
    """On the inbox: tick the first item of ``key``'s section and run the batch; returns what went wrong."""
    from gonghui.core import inbox

    source = inbox.get(key)
    section = page.locator("#src-" + key.replace(".", "\\."))
    if section.count() == 0:
        return f"{username}: no 「{source.label}」 section on the inbox"
    if not _fits(page, width):
        return f"{username}: the inbox is wider than {width} px"
    box = section.locator("input[name=pk]").first
    pk = int(box.get_attribute("value"))
    user = User.objects.get(username=username)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    box.check()
    section.locator("button.ib-go").click()
    page.wait_for_load_state()
    done = f"{source.label}：已办理1项"
    if done not in page.content():
        return f"{username}: «{done}» not shown after the batch"
    written = list(AuditEntry.objects.filter(actor=user, id__gt=last))
    if not written or (action and not any(e.action == action and e.object_id == pk for e in written)):
        return f"{username}: the batch wrote no audit entry{' ' + action if action else ''} for item {pk}"
    return ""


def _member_task(page, base, width):
    """The member lands on the service hub, opens an activity open for sign-up and signs up."""
    from gonghui.activities.models import Registration
    from gonghui.members.queries import member_for

    if not page.locator(".hub-grid").count():
        return "teacher: did not land on the service hub"
    card = page.locator(".hub-card", has_text="可以报名的活动")
    if card.count() == 0:
        return "teacher: no 「可以报名的活动」 card on the hub"
    if not _fits(page, width):
        return f"teacher: the hub is wider than {width} px"
    card.locator("ul a").first.click()
    page.wait_for_load_state()
    member = member_for(User.objects.get(username="teacher"))
    before = Registration.objects.filter(member=member).count()
    page.get_by_role("button", name="我要报名").click()
    page.wait_for_load_state()
    if Registration.objects.filter(member=member).count() != before + 1:
        return "teacher: signing up from the hub's card did not register the member"
    if not _fits(page, width):
        return f"teacher: the event page is wider than {width} px"
    return ""


@pytest.mark.parametrize("width", [1366, 390])
def test_every_demo_role_finds_its_inbox_and_completes_a_task_from_it(demo, live_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    problems = []
    for username, key, action in BATCH_TASKS:
        context.clear_cookies()
        sign_in(page, live_server, username, demo.password)
        if not page.url.rstrip("/").endswith("/inbox"):
            problems.append(f"{username}: landed on {page.url}, not the inbox")
            continue
        problems.append(_batch_task(page, username, key, action, width))
    context.clear_cookies()
    sign_in(page, live_server, "teacher", demo.password)
    problems.append(_member_task(page, live_server.url, width))
    context.close()
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
