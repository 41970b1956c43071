"""The county officer's day (issue 18.8), in Debian's chromium: sign in, the county dashboard, drill down to a
town and a union, the employer registry and founding a union from an entry, the statistical report and its
download — at desktop width and on a 390 px phone."""
import io

from openpyxl import load_workbook

from gonghui.federation.models import Employer
from gonghui.orgs.models import Organisation

from .conftest import PASSWORD
from .federation_fixtures import employer
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


def _fits(page, width):
    if width <= 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _day(page, live_server, users, tree, width, code):
    entry = employer(users.federation, tree.town, 7, name="青石精密机械有限公司", employees=80, migrant=20)
    sign_in(page, live_server, "fed", PASSWORD)

    # the county dashboard, then down to the town and one union
    page.goto(f"{live_server.url}/")
    assert "下级组织汇总" in page.content()
    _fits(page, width)
    page.locator("section[aria-labelledby=fed-heading] a", has_text="城关镇总工会").first.click()
    page.wait_for_url(lambda url: "org=TOWN" in url)
    page.locator("section[aria-labelledby=fed-heading] a", has_text="第一中学工会").first.click()
    page.wait_for_url(lambda url: "org=SCH" in url)
    assert page.locator("h1").inner_text() == "第一中学工会"
    _fits(page, width)

    # the employer registry: found a union from an entry
    page.goto(f"{live_server.url}/federation/employers/?org=TOWN")
    _fits(page, width)
    page.get_by_role("link", name="青石精密机械有限公司").click()
    page.get_by_role("link", name="建会", exact=True).click()
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "已建会并关联" in page.content()
    union = Organisation.objects.get(code=code)
    assert Employer.objects.get(pk=entry.pk).union_id == union.pk and union.parent_id == tree.town.pk

    # the statistical report: the tables, then the .xlsx through the export job
    page.goto(f"{live_server.url}/federation/stats/?org=COUNTY")
    assert "表一 工会组织和会员基本情况" in page.content()
    _fits(page, width)
    page.locator("#stats-download").click()
    page.wait_for_url(lambda url: "/jobs/" in url)
    with page.expect_download() as info:
        page.locator("a[download]").click()
    content = open(info.value.path(), "rb").read()
    rows = list(load_workbook(io.BytesIO(content))["表一"].iter_rows(values_only=True))
    assert rows[1][0].endswith("工会组织和会员基本情况")
    assert ["合计", 3, 0, 4] == list(rows[6][:4])  # two unions and the one just founded; four members
    _fits(page, width)


def test_the_county_officers_day_at_desktop_width(transactional_db, live_server, users, members, tree, browser):
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                               accept_downloads=True).new_page()
    page.set_default_timeout(20000)
    _day(page, live_server, users, tree, 1366, "QSJM")


def test_the_county_officers_day_on_a_phone(transactional_db, live_server, users, members, tree, browser):
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True,
                               is_mobile=True).new_page()
    page.set_default_timeout(20000)
    _day(page, live_server, users, tree, 390, "QSJM2")
