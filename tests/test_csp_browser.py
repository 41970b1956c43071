"""The Content-Security-Policy in Debian's chromium: a chair's main pages — the two-factor enrolment page with its QR
code as a data: image, the dashboard with its charts, the roster, the menu script, the API docs — load with no
violation reported by the browser."""
from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401

pytestmark = BROWSER_TEST

LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));")
PAGES = ["/inbox/", "/", "/members/", "/me/", "/care/?org=SCH", "/finance/", "/orgs/", "/api/docs/"]


def test_a_chairs_main_pages_load_without_a_single_csp_violation(transactional_db, live_server, users, members,
                                                                 browser, settings):
    settings.GONGHUI_2FA_ROLES = ["chair"]
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    page.set_default_timeout(20000)
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    violations = {}

    def collect(url):
        found = page.evaluate("window.__csp || []")
        if found:
            violations[url] = found

    sign_in(page, live_server, "chair", PASSWORD)
    assert "/me/2fa/" in page.url  # the enrolment page, its QR code a data: image
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelector('img.otp-qr').naturalWidth") > 0
    collect("/me/2fa/")
    settings.GONGHUI_2FA_ROLES = []
    for url in PAGES:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        collect(url)
    assert page.evaluate("typeof SwaggerUIBundle") == "function"  # the docs' scripts ran
    assert violations == {} and console == []
