"""Job status and download: JSON progress for the job's creator only."""
import pytest

from gonghui.core.models import Job

from .conftest import login


@pytest.fixture
def job(users, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "roster.xlsx").write_bytes(b"PK-fake-xlsx")
    return Job.objects.create(kind="export_members", created_by=users.chair, org=tree.school, status=Job.Status.DONE,
                              done=40, total=40, phase="写入", output_file="exports/roster.xlsx",
                              result={"filename": "会员名册.xlsx", "rows": 40})


def test_the_creator_reads_progress_as_json(client, users, job):
    data = login(client, users.chair).get(f"/jobs/{job.pk}/").json()
    assert data["status"] == "done" and data["percent"] == 100 and data["done"] == 40 and data["total"] == 40
    assert data["result"]["rows"] == 40 and data["error"] == ""
    assert data["download_url"] == f"/jobs/{job.pk}/download/"


def test_a_running_job_reports_its_percentage_and_no_download(client, users, job):
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=10)
    data = login(client, users.chair).get(f"/jobs/{job.pk}/").json()
    assert data["percent"] == 25 and data["download_url"] is None and data["phase"] == "写入"


def test_nobody_else_may_read_or_download_the_job(client, users, job):
    login(client, users.officer)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_creator_downloads_the_output_file_under_its_name(client, users, job):
    response = login(client, users.chair).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-fake-xlsx"
    assert "attachment" in response["Content-Disposition"]


def test_an_output_path_outside_the_media_folder_is_never_served(client, users, job):
    Job.objects.filter(pk=job.pk).update(output_file="../../etc/passwd")
    assert login(client, users.chair).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_superuser_may_read_any_job(client, admin_user, job):
    assert login(client, admin_user).get(f"/jobs/{job.pk}/").status_code == 200
