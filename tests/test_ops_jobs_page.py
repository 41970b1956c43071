"""The job status page for system administrators: counts by state, stuck and failed jobs, and retry."""
from datetime import timedelta

from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.models import AuditEntry, Job

from .conftest import login


def test_the_page_shows_stuck_and_failed_jobs_to_a_system_administrator(client, admin_user, users):
    long_ago = timezone.now() - jobs.STALE_AFTER - timedelta(minutes=5)
    Job.objects.create(kind="export", created_by=users.chair, status=Job.Status.RUNNING, heartbeat_at=long_ago)
    Job.objects.create(kind="import_members", created_by=users.chair, status=Job.Status.FAILED,
                       error=jobs.ABANDONED, finished_at=long_ago)
    login(client, admin_user)
    page = client.get("/ops/jobs/").content.decode()
    assert "卡住的任务" in page and "import_members" in page and "重新提交" in page
    assert "任务在处理时中断" in page


def test_officers_get_a_404_for_the_page_and_the_retry(client, users):
    job = Job.objects.create(kind="export", created_by=users.chair, status=Job.Status.FAILED)
    login(client, users.chair)
    assert client.get("/ops/jobs/").status_code == 404
    assert client.post(f"/ops/jobs/{job.pk}/retry/").status_code == 404
    assert Job.objects.count() == 1


def test_retrying_a_failed_job_queues_a_copy_and_audits_it(client, admin_user, users, settings):
    settings.GONGHUI_JOBS_EAGER = False
    failed = Job.objects.create(kind="export", created_by=users.chair, org=users.chair.roles.get().org,
                                status=Job.Status.FAILED, params={"year": 2026})
    login(client, admin_user)
    client.post(f"/ops/jobs/{failed.pk}/retry/")
    again = Job.objects.exclude(pk=failed.pk).get()
    assert again.status == Job.Status.QUEUED and again.kind == "export" and again.params["year"] == 2026
    assert again.created_by == users.chair
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED
    assert AuditEntry.objects.filter(action="retry_job", object_id=again.pk).exists()
    client.post(f"/ops/jobs/{again.pk}/retry/")  # a queued job is not retried
    assert Job.objects.count() == 2


def test_the_page_costs_a_fixed_number_of_queries_however_many_jobs(client, admin_user, users,
                                                                    django_assert_max_num_queries):
    Job.objects.bulk_create([Job(kind="export", created_by=users.chair, status=Job.Status.FAILED)
                             for _i in range(30)])
    login(client, admin_user)
    with django_assert_max_num_queries(12):
        assert client.get("/ops/jobs/").status_code == 200
