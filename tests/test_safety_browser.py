"""A member reports a hazard from a phone (390 px): a photo, the location typed and the position filled by the
report page's script from the phone's geolocation; the report lands on its page (Debian's chromium)."""
import io

from PIL import Image
from playwright.sync_api import expect

from gonghui.safety.models import Hazard

from .conftest import PASSWORD
from .fixtures.browsers import BROWSER_TEST, sign_in

pytestmark = BROWSER_TEST


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_member_reports_a_hazard_with_a_photo_and_a_location_from_a_phone(transactional_db, live_server,
                                                                             member_user, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  geolocation={"latitude": 31.820591, "longitude": 117.227219})
    context.grant_permissions(["geolocation"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30000)
    sign_in(page, live_server, "wangqiang", PASSWORD)
    page.goto(f"{live_server.url}/safety/report/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_description", "楼梯扶手松动，学生上下楼有跌落危险")
    page.fill("#id_location", "教学楼东侧楼梯二楼")
    page.click("#locate")  # report.js asks the phone for its position
    expect(page.locator("#id_latitude")).to_have_value("31.820591", timeout=8000)
    page.set_input_files("#photos", files=[{"name": "stairs.png", "mimeType": "image/png", "buffer": _png()}])
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/safety/hazards/" in url)
    assert "已报告隐患" in page.content() and "教学楼东侧楼梯二楼" in page.content()
    photo = page.locator(".safety-photos img")
    expect(photo).to_have_count(1)
    served = page.request.get(live_server.url + photo.get_attribute("src"))  # with the member's session
    assert served.status == 200 and served.headers["content-type"] == "image/png"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    hazard = Hazard.objects.get()
    assert (hazard.location, str(hazard.latitude), str(hazard.longitude)) == ("教学楼东侧楼梯二楼", "31.820591",
                                                                              "117.227219")
    assert hazard.reporter_user == member_user and hazard.photos.count() == 1
    context.close()
