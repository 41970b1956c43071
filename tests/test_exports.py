"""Documents built in the job worker (``core.exports``): the report upward of a federation as the worked
example — the job builds the same workbook the page used to send, reports progress, keeps the file for
whoever asked, refuses an organisation out of scope and names bad input, on the page, the API and the
command line."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from gonghui.core import exports, jobs
from gonghui.core.models import Job
from gonghui.orgs.models import Organisation
from gonghui.plans import upward

from .conftest import login

pytestmark = pytest.mark.django_db


def cells(content):
    """Every sheet's values (the file's bytes also hold its creation time)."""
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def downloaded(client, job):
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_document_kinds_are_discovered_from_the_apps_jobs_modules():
    assert "plans_report" in exports.kinds()
    assert jobs._handler("plans_report") is not None


def test_the_job_builds_the_same_workbook_the_page_used_to_send(client, users, members):
    county = Organisation.objects.get(code="COUNTY")
    before = upward.workbook(county, 2026)
    login(client, users.federation)
    response = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "2026"})
    job = Job.objects.get(kind="plans_report")
    assert response.status_code == 302 and response["Location"] == reverse("core:export_job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.org == county and job.created_by_id == users.federation.pk
    assert job.result == {"filename": "report-COUNTY-2026.xlsx", "bytes": job.result["bytes"]}
    after = downloaded(client, job)
    assert cells(after) == cells(before)
    # the worked example: two unions under the county, four current members in all
    assert cells(after)["会员情况"][-1][0] == "合计" and cells(after)["会员情况"][-1][2] == 4
    page = client.get(response["Location"]).content.decode()
    assert "已生成" in page and reverse("core:job_download", args=[job.pk]) in page
    assert "report-COUNTY-2026.xlsx" in page


def test_progress_is_reported_sheet_by_sheet(users, members):
    county = Organisation.objects.get(code="COUNTY")
    seen = []
    content, name = exports.build_now("plans_report", user=users.federation, org=county, params={"year": 2026},
                                      progress=lambda done, total=None, phase=None: seen.append((done, total, phase)))
    assert name == "report-COUNTY-2026.xlsx" and content[:2] == b"PK"
    assert seen == [(0, 3, "生成报表"), (1, 3, "生成报表"), (2, 3, "生成报表"), (3, 3, "生成报表")]
    job = exports.start("plans_report", user=users.federation, org=county, params={"year": 2026})
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (3, 3, 100)


def test_the_page_shows_progress_while_the_job_waits(client, users, members, settings):
    settings.GONGHUI_JOBS_EAGER = False
    login(client, users.federation)
    response = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "2026"})
    page = client.get(response["Location"]).content.decode()
    job = Job.objects.get(kind="plans_report")
    assert job.status == Job.Status.QUEUED
    assert 'id="job-bar"' in page and reverse("core:job_status", args=[job.pk]) in page
    status = client.get(reverse("core:job_status", args=[job.pk])).json()
    assert status["status"] == "queued" and status["download_url"] is None


def test_an_organisation_out_of_scope_is_refused_and_starts_nothing(client, users, members):
    login(client, users.outsider)
    response = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "2026"})
    assert response.status_code == 400 and "org" in response.context["form"].errors
    body = api(users.outsider).post("/api/plans/report/", {"org": "COUNTY", "year": 2026}, format="json")
    assert body.status_code == 400 and body.json() == {"org": ["组织不存在或不在您的权限范围内"]}
    assert not Job.objects.exists()


def test_only_whoever_asked_sees_the_page_and_downloads_the_file(client, users, members):
    county = Organisation.objects.get(code="COUNTY")
    job = exports.start("plans_report", user=users.federation, org=county, params={"year": 2026})
    login(client, users.outsider)
    assert client.get(reverse("core:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
    assert api(users.outsider).get(f"/api/jobs/{job.pk}/output/").status_code == 404
    assert api(users.federation).get(f"/api/jobs/{job.pk}/output/").status_code == 200


def test_a_user_who_lost_the_scope_gets_a_failed_job_not_the_file(users, members):
    county = Organisation.objects.get(code="COUNTY")
    job = exports.start("plans_report", user=users.outsider, org=county, params={"year": 2026})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "组织不存在或不在您的权限范围内" and not job.output_file


def test_bad_input_is_named_on_its_field(client, users, members):
    login(client, users.federation)
    response = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "1999"})
    assert response.status_code == 400 and response.context["form"].errors["year"] == ["年度应在2000至2100之间"]
    response = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "明年"})
    assert response.status_code == 400 and "year" in response.context["form"].errors
    body = api(users.federation).post("/api/plans/report/", {"org": "COUNTY", "year": 1999}, format="json")
    assert body.status_code == 400 and body.json() == {"year": ["年度应在2000至2100之间"]}
    body = api(users.federation).post("/api/plans/report/", {"year": 2026}, format="json")
    assert body.status_code == 400 and "org" in body.json()
    assert not Job.objects.exists()


def test_the_command_line_builds_the_same_file_with_a_bar(users, members, tmp_path, capsys):
    county = Organisation.objects.get(code="COUNTY")
    out = tmp_path / "report.xlsx"
    call_command("export", "plans_report", "--org", "COUNTY", "--param", "year=2026", "-o", str(out),
                 "--user", users.federation.username)
    assert cells(out.read_bytes()) == cells(upward.workbook(county, 2026))
    captured = capsys.readouterr()
    assert "生成报表" in captured.err and "3/3" in captured.err
    with pytest.raises(CommandError, match="未知的文件种类"):
        call_command("export", "nope", "--org", "COUNTY", "-o", str(out))
    with pytest.raises(CommandError, match="名称=值"):
        call_command("export", "plans_report", "--org", "COUNTY", "--param", "2026", "-o", str(out))
    with pytest.raises(CommandError, match="年度应在2000至2100之间"):
        call_command("export", "plans_report", "--org", "COUNTY", "--param", "year=1800", "-o", str(out))
