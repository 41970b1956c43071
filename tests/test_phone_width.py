"""Every page a member or the officer running an event uses fits a 390-px phone screen (Debian's
chromium, 390×844, on the demo dataset): the page never scrolls sideways, and no element's right edge
passes 390 px unless it sits inside a container that scrolls or clips it (a wide table in its own
scrolling box). A failure names the page and the elements that stick out.

The member's pages are found as a member finds them: from 我的资料 and each app's member menu, and the
links on those pages (two clicks deep). The officer's are the pages of running an event: the event, its
sign-up list, the check-in desk, score entry, and the congress session desk, its sign-in and a vote."""
import pytest

from gonghui.demo import generate

from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST

WIDTH, HEIGHT = 390, 844
SKIP = ("/logout", "/login", "/i18n/", "/api/", "/admin/", "/jobs/", ".docx", ".pdf", ".xlsx", ".ics", ".csv",
        "/photos/", "/attachment", "/evidence", "/media/", "/static/")

# The elements whose right edge passes the screen without a scrolling or clipping box around them.
OVERFLOW_JS = """(width) => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !clipped(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(name + ' right=' + Math.round(r.right) + ' «' + (el.innerText || '').trim().slice(0, 30) + '»');
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, overflowing: out.slice(0, 5)};
}"""


def _measure(page, url):
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error:  # a page that is not a page (a POST-only address, a download)
        return {"status": None}
    if response is None or response.status >= 400:
        return {"status": response.status if response else None}
    page.wait_for_load_state("load")
    found = page.evaluate(OVERFLOW_JS, WIDTH)
    found["status"] = response.status
    return found


def _problems(page, base, paths):
    problems, seen = [], []
    for path in paths:
        found = _measure(page, base + path)
        seen.append((path, found["status"]))
        if found.get("status") and found["status"] < 400 and (found["scrollWidth"] > WIDTH or found["overflowing"]):
            problems.append(f"{path}: scrollWidth={found['scrollWidth']} {found['overflowing']}")
    return problems, seen


def _links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base):].split("#")[0]
        if path and not any(s in path for s in SKIP):
            out.append(path)
    return out


def _member_pages(page, base, starts, limit=60):
    """The start pages and the pages they link to, two clicks deep, in the order found."""
    found, queue = [], [(p, 0) for p in starts]
    while queue and len(found) < limit:
        path, depth = queue.pop(0)
        if path in found:
            continue
        found.append(path)
        if depth < 2:
            try:
                response = page.goto(base + path)
            except Exception:  # noqa: BLE001 — a link that is a download, not a page
                continue
            if response is not None and response.status < 400:
                queue += [(p, depth + 1) for p in _links(page, base) if p not in found]
    return found


def _officer_pages():
    from gonghui.activities.models import Event
    from gonghui.congress.models import Resolution, Session
    from gonghui.contests.models import ContestItem

    school = next(e.organiser for e in Event.objects.filter(title="迎元旦教职工冬季长跑比赛"))
    events = list(Event.objects.filter(organiser=school).order_by("starts_at"))
    past, coming = [e for e in events if e.attendances.exists()][-1], events[-1]
    paths = ["/activities/", "/activities/calendar/"]
    for e in (past, coming):
        paths += [f"/activities/{e.pk}/", f"/activities/{e.pk}/checkin/",
                  f"/activities/{e.pk}/teams/", f"/activities/{e.pk}/brief/"]
    contest = ContestItem.objects.filter(event__organiser=school).order_by("pk").first()
    if contest is not None:
        paths += [f"/contests/events/{contest.event_id}/", f"/contests/items/{contest.pk}/",
                  f"/contests/items/{contest.pk}/scores/", f"/contests/items/{contest.pk}/prizes/"]
    session = Session.objects.filter(union=school).order_by("-pk").first()
    paths += ["/congress/", f"/congress/sessions/{session.pk}/",
              f"/congress/sessions/{session.pk}/proposals/"]
    resolution = Resolution.objects.filter(session=session).order_by("pk").first()
    if resolution is not None:
        paths.append(f"/congress/resolutions/{resolution.pk}/")
    return paths + _issue_17_officer_pages(school)


def _issue_17_officer_pages(school):
    """Women, safety, suggestions and honours: the pages an officer uses on the spot — a woman member's
    maternity page (the leave calculation), a hazard with its steps, a suggestion, a nomination round."""
    from gonghui.honours.models import Round
    from gonghui.members.models import Member
    from gonghui.safety.models import Hazard
    from gonghui.suggestions.models import Suggestion

    paths = ["/women/", "/safety/", "/suggestions/", "/honours/"]
    woman = Member.objects.filter(union=school, sex="F").order_by("pk").first()
    hazard = Hazard.objects.filter(union=school, status="rectifying").order_by("pk").first()
    suggestion = Suggestion.objects.filter(union=school).order_by("pk").first()
    rnd = Round.objects.filter(org=school).order_by("pk").first()
    paths += [f"/women/members/{woman.pk}/"] if woman else []
    paths += [f"/safety/hazards/{hazard.pk}/"] if hazard else []
    paths += [f"/suggestions/{suggestion.pk}/"] if suggestion else []
    paths += [f"/honours/rounds/{rnd.pk}/"] if rnd else []
    return paths


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return generate.load(members=300, seed=7)


def test_every_member_and_event_officer_page_fits_a_390_px_phone(demo, live_server, browser):
    from django.apps import apps
    from django.urls import reverse

    base = live_server.url
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    problems = []

    sign_in(page, live_server, "teacher", demo.password)
    starts = ["/me/"] + [reverse(cfg.member_menu[1]) for cfg in apps.get_app_configs()
                         if getattr(cfg, "member_menu", None)] + ["/safety/report/"]
    member_paths = _member_pages(page, base, starts)
    member_problems, member_seen = _problems(page, base, member_paths)
    problems += [f"teacher {p}" for p in member_problems]
    context.clear_cookies()

    sign_in(page, live_server, "school_officer", demo.password)
    officer_problems, officer_seen = _problems(page, base, _officer_pages())
    problems += [f"school_officer {p}" for p in officer_problems]
    context.close()

    # the crawl reached the member's own pages of every app, and the officer's pages opened
    opened = {path for path, status in member_seen if status and status < 400}
    assert {"/me/", "/activities/mine/", "/congress/my/", "/elections/mine/", "/notices/mine/"} <= opened
    assert {"/safety/my/", "/safety/report/", "/suggestions/mine/", "/honours/mine/"} <= opened
    assert any(p.startswith("/congress/my/resolutions/") for p in opened), sorted(opened)
    assert any(p.startswith("/activities/mine/") and p != "/activities/mine/" for p in opened), sorted(opened)
    assert all(status and status < 400 for _path, status in officer_seen), officer_seen
    assert not problems, "\n".join(problems)
