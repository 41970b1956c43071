"""End to end in Debian's chromium: sign in, import a roster with a bad row, fix it, find a member.

Runs against pytest-django's ``live_server``. The bad file is imported with eager jobs (the job has run
when the upload returns); the fixed file is queued instead and run when the page's script first polls
``/jobs/<id>/``, so the test also proves the progress page updates without a reload.
"""

import pytest
from openpyxl import Workbook

from gonghui.core import jobs
from gonghui.members.models import Member

from .conftest import IDS, PASSWORD
from .fixtures.browsers import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: F401

# Playwright's sync API runs its own event loop in this thread; Django's ORM calls made from the
# route handler below are synchronous and safe here.


pytestmark = BROWSER_TEST

HEADERS = ["姓名", "身份证号", "手机号", "用工形式", "入会日期"]
ROWS = [
    ["欧阳娜娜", IDS["li"], "13600001234", "合同制", "2020-03-01"],
    ["刘洋", IDS["liu"], "13700002222", "劳务派遣", "2021-05-10"],
]


def write_roster(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)




def test_an_officer_imports_a_roster_fixes_a_bad_row_and_finds_the_member(
        transactional_db, live_server, settings, users, tree, browser, tmp_path):
    settings.GONGHUI_JOBS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    wrong = IDS["liu"][:-1] + ("9" if IDS["liu"][-1] != "9" else "8")
    bad_file = write_roster(tmp_path / "bad.xlsx", [ROWS[0], [ROWS[1][0], wrong, *ROWS[1][2:]]])
    good_file = write_roster(tmp_path / "good.xlsx", ROWS)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)

    # Sign in through the form.
    sign_in(page, live_server, "chair", PASSWORD)

    # Upload the roster with a bad row: the problem table names the row and the column in Chinese.
    page.goto(f"{live_server.url}/members/import/")
    page.select_option("select[name=org]", "SCH-B2")
    page.set_input_files("input[name=file]", bad_file)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/members/import/*/")
    problems = page.locator("table.m-problems tbody tr")
    assert problems.count() == 1
    row_text = problems.first.inner_text()
    assert "第3行" in row_text and "身份证号" in row_text and "校验位不正确" in row_text
    assert "没有保存任何数据" in page.inner_text("#job-result")
    assert not Member.objects.exists()

    # Upload the fixed file. The job waits in the queue; it runs when the page first polls its status,
    # and the result appears in place (the marker set on the page survives: no reload).
    settings.GONGHUI_JOBS_EAGER = False
    page.goto(f"{live_server.url}/members/import/")
    page.select_option("select[name=org]", "SCH-B2")
    page.set_input_files("input[name=file]", good_file)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/members/import/*/")
    assert page.locator("#job-progress progress").is_visible()
    page.evaluate("window.__stillTheSamePage = true")

    polled = []

    def run_the_job_then_answer(route):
        if not polled:
            jobs.run_next()  # the browser waits for this answer, so the server is idle meanwhile
        polled.append(route.request.url)
        route.continue_()

    page.route("**/jobs/*/", run_the_job_then_answer)
    page.wait_for_selector("#job-result .m-result-good", timeout=20000)
    assert "导入成功" in page.inner_text("#job-result")
    assert "新登记2人" in page.inner_text("#job-result")
    assert page.locator("#job-progress").is_hidden()
    assert page.evaluate("window.__stillTheSamePage") is True
    assert polled
    page.unroute("**/jobs/*/")
    assert Member.objects.filter(org=tree.b2).count() == 2

    # Find an imported member by name, then by pinyin initials, through the search box.
    page.goto(f"{live_server.url}/members/")
    for term in ("欧阳", "oynn"):
        page.fill("input[name=q]", term)
        page.press("input[name=q]", "Enter")
        page.wait_for_load_state()
        table = page.locator("#member-table tbody")
        assert table.locator("tr").count() == 1, term
        assert "欧阳娜娜" in table.inner_text(), term

    # The member list on a phone-sized screen.
    page.fill("input[name=q]", "")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    shot = tmp_path / "members-phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert page.viewport_size == {"width": 390, "height": 844}
    context.close()
