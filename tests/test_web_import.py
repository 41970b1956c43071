"""The import page: upload, the progress page, the problem table, the template download (eager jobs)."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gonghui.core.models import Job
from gonghui.members.models import Member

from .conftest import IDS, login

HEADERS = ["姓名", "身份证号", "手机号", "用工形式", "入会日期"]
GOOD_ROWS = [
    ["李芳", IDS["li"], "13600001234", "合同制", "2020-03-01"],
    ["刘洋", IDS["liu"], "13700002222", "劳务派遣", "2021-05-10"],
]


def roster(rows, name="roster.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def bad_rows():
    """The second member's ID number has a wrong check character (Excel row 3)."""
    wrong = IDS["liu"][:-1] + ("9" if IDS["liu"][-1] != "9" else "8")
    return [GOOD_ROWS[0], [GOOD_ROWS[1][0], wrong, *GOOD_ROWS[1][2:]]]


def upload(client, file, **options):
    data = {"org": "SCH-B2", "file": file, **{k: "on" for k, v in options.items() if v}}
    response = client.post("/members/import/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_the_import_page_offers_the_organisations_the_user_may_edit_and_the_template(client, users, tree):
    html = login(client, users.chair).get("/members/import/").content.decode()
    assert "数学组分工会" in html and "机械厂工会" not in html
    assert "/members/import/template.xlsx" in html
    assert "仅校验" in html and "按身份证号更新已有会员" in html


def test_the_template_is_an_xlsx_with_chinese_headers(client, users):
    response = login(client, users.chair).get("/members/import/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert "姓名" in headers and "身份证号" in headers


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(client, users, tree):
    page = upload(login(client, users.chair), roster(bad_rows()))
    html = page.content.decode()
    assert page.status_code == 200
    assert "校验未通过，没有保存任何数据" in html
    assert "第3行" in html and "身份证号" in html and "校验位不正确" in html
    job = page.context["job"]
    assert page.context["download_url"] == f"/jobs/{job.pk}/download/"
    assert f'href="/jobs/{job.pk}/download/"' in html
    assert not Member.objects.exists()


def test_the_fixed_file_imports_and_shows_the_summary(client, users, tree):
    client = login(client, users.chair)
    upload(client, roster(bad_rows()))
    page = upload(client, roster(GOOD_ROWS))
    html = page.content.decode()
    assert "导入成功" in html and "新登记2人" in html
    assert sorted(Member.objects.filter(org=tree.b2).values_list("name", flat=True)) == ["刘洋", "李芳"]


def test_a_dry_run_checks_without_saving(client, users, tree):
    page = upload(login(client, users.chair), roster(GOOD_ROWS), dry_run=True)
    assert "校验通过" in page.content.decode()
    assert not Member.objects.exists()


def test_update_mode_changes_existing_members_by_id_number(client, users, members, tree):
    rows = [["王强", IDS["wang"], "13588889999", "劳务派遣", "2015-09-01"]]
    page = upload(login(client, users.chair), roster(rows), update=True)
    assert "更新1人" in page.content.decode()
    members.wang.refresh_from_db()
    assert members.wang.phone == "13588889999"


def test_a_file_that_is_not_a_spreadsheet_gets_a_chinese_message(client, users, tree):
    junk = SimpleUploadedFile("roster.xlsx", b"PK\x03\x04not really a zip file at all")
    page = upload(login(client, users.chair), junk)
    assert "文件不是有效的Excel(.xlsx)或CSV文件" in page.content.decode()


def test_the_result_part_alone_is_served_for_the_progress_script(client, users, tree):
    client = login(client, users.chair)
    page = upload(client, roster(bad_rows()))
    fragment = client.get(page.request["PATH_INFO"], {"fragment": "1"})
    html = fragment.content.decode()
    assert "第3行" in html and "<html" not in html


def test_while_the_job_waits_the_page_shows_a_progress_bar_that_polls_the_job(client, users, tree, settings):
    settings.GONGHUI_JOBS_EAGER = False
    page = upload(login(client, users.chair), roster(GOOD_ROWS))
    job = page.context["job"]
    assert job.status == Job.Status.QUEUED
    html = page.content.decode()
    assert "<progress" in html and f'data-status-url="/jobs/{job.pk}/"' in html
    assert 'data-finished="0"' in html and "gonghui/job.js" in html
    assert not Member.objects.exists()


def test_an_organisation_outside_the_scope_cannot_be_the_target(client, users, tree):
    response = login(client, users.chair).post("/members/import/", {"org": "FAC", "file": roster(GOOD_ROWS)})
    assert response.status_code == 400
    assert response.context["form"].errors["org"]
    assert not Job.objects.exists()


@pytest.mark.parametrize("who", ["finance", "leader", "auditor"])
def test_roles_that_cannot_edit_members_cannot_import(client, users, tree, who):
    client = login(client, getattr(users, who))
    assert client.get("/members/import/").status_code == 403
    assert client.post("/members/import/", {"org": "SCH", "file": roster(GOOD_ROWS)}).status_code == 403
    assert not Job.objects.exists()


def test_another_users_import_job_is_not_found(client, users, tree):
    page = upload(login(client, users.chair), roster(GOOD_ROWS))
    job = page.context["job"]
    assert login(client, users.officer).get(f"/members/import/{job.pk}/").status_code == 404
