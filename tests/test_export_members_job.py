"""A roster too large to build while the browser waits goes to the job worker, from the web and the API,
and the file it builds is the one the request would have built."""
import io

from openpyxl import load_workbook

from gonghui.core import jobs
from gonghui.core.models import Job
from gonghui.members import exporting

from .conftest import login


def _rows(content):
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]


def test_a_small_roster_is_built_in_the_request(client, users, members, settings):
    settings.GONGHUI_EXPORT_IN_REQUEST_ROWS = 3
    response = login(client, users.chair).get("/members/export.xlsx")
    assert response.status_code == 200 and not Job.objects.exists()
    assert "attachment" in response["Content-Disposition"]


def test_a_large_roster_becomes_a_job_with_a_progress_page_and_the_same_file(client, users, members, settings):
    login(client, users.chair)
    inline = b"".join(client.get("/members/export.xlsx").streaming_content)
    settings.GONGHUI_EXPORT_IN_REQUEST_ROWS = 2  # the chair sees three members
    response = client.get("/members/export.xlsx")
    job = Job.objects.get(kind=exporting.JOB_KIND)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/export/"
    assert job.created_by == users.chair and job.params["title"] == "导出会员名册"
    page = client.get(response["Location"]).content.decode()
    assert "导出会员名册" in page and f"/jobs/{job.pk}/" in page  # the progress component polls the job
    jobs.run_next()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["rows"] == 3
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert _rows(b"".join(download.streaming_content)) == _rows(inline)
    assert client.get(f"/jobs/{job.pk}/export/").content.decode().count("/download/") == 1


def test_the_api_answers_202_with_a_status_url_and_an_outsider_cannot_follow_it(client, users, members, settings):
    settings.GONGHUI_EXPORT_IN_REQUEST_ROWS = 2
    response = login(client, users.chair).get("/api/members/export/")
    assert response.status_code == 202
    job = Job.objects.get(kind=exporting.JOB_KIND)
    assert response.json()["status_url"].endswith(f"/api/jobs/{job.pk}/")
    login(client, users.outsider)
    assert client.get(f"/jobs/{job.pk}/export/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_outsider_export_counts_only_its_own_scope(client, users, members, settings):
    settings.GONGHUI_EXPORT_IN_REQUEST_ROWS = 1  # the outsider's union has one member: still in the request
    response = login(client, users.outsider).get("/members/export.xlsx")
    assert response.status_code == 200 and not Job.objects.exists()
