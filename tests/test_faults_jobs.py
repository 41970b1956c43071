"""Jobs and faults (issue 19 point 5): a job whose worker was killed is shown as failed the moment anyone
looks at it, never left "running"; a job the database's loss interrupted goes back to the queue (its work
rolled back), a bounded number of times; its end is recorded once the database answers again."""
import socket
import subprocess
import sys

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.models import Job

from .conftest import login


def dead_pid():
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(gone.stdout)


def running_job(user, worker):
    now = timezone.now()
    return Job.objects.create(kind="import_members", created_by=user, status=Job.Status.RUNNING, started_at=now,
                              heartbeat_at=now, worker=worker, attempts=1, total=100000, done=42000)


def test_the_status_page_shows_a_job_whose_worker_was_killed_as_failed_at_once(client, users):
    job = running_job(users.officer, f"{socket.gethostname()}:{dead_pid()}")
    login(client, users.officer)
    answer = client.get(reverse("core:job_status", args=[job.pk])).json()
    assert answer["status"] == Job.Status.FAILED
    assert "未写入任何数据" in answer["error"]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == jobs.ABANDONED and job.finished_at
    assert jobs.claim_next() is None  # failed, not put back in the queue to crash the next worker


def test_a_job_whose_worker_lives_stays_running_and_costs_no_write(client, users, django_assert_num_queries):
    job = running_job(users.officer, f"{socket.gethostname()}:1")  # pid 1 lives
    loaded = Job.objects.get(pk=job.pk)
    with django_assert_num_queries(0):
        jobs.with_live_progress(loaded)
    assert loaded.status == Job.Status.RUNNING
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_job_on_another_host_is_failed_on_sight_only_when_its_heartbeat_stopped(users):
    beating = running_job(users.officer, "elsewhere:42")
    silent = running_job(users.officer, "elsewhere:43")
    Job.objects.filter(pk=silent.pk).update(heartbeat_at=timezone.now() - jobs.STALE_AFTER * 2)
    assert jobs.fail_if_abandoned(Job.objects.get(pk=beating.pk)).status == Job.Status.RUNNING
    assert jobs.fail_if_abandoned(Job.objects.get(pk=silent.pk)).status == Job.Status.FAILED


@pytest.fixture
def lost_database(monkeypatch):
    """A handler that meets a dropped database connection; the waits between tries made instant."""
    calls = []

    @jobs.register("test_database_lost")
    def handler(job, progress):
        calls.append(job.attempts)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(jobs, "DATABASE_WAITS", (0, 0, 0))
    return calls


def test_a_job_the_database_loss_interrupted_is_queued_again_then_failed_after_three_attempts(
        users, settings, lost_database):
    settings.GONGHUI_JOBS_EAGER = False
    job = jobs.enqueue("test_database_lost", user=users.officer, org=None)
    for attempt in (1, 2):
        assert jobs.run_next().pk == job.pk
        job.refresh_from_db()
        assert (job.status, job.attempts, job.worker, job.error) == (Job.Status.QUEUED, attempt, "", "")
    jobs.run_next()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == jobs.DATABASE_ATTEMPTS
    assert job.error == "任务因数据库连接中断已重试 3 次仍未完成，未写入任何数据；请稍后重新提交"
    assert lost_database == [1, 2, 3]
    assert jobs.run_next() is None


def test_a_job_s_end_is_written_once_the_database_answers_again(users, monkeypatch):
    monkeypatch.setattr(jobs, "DATABASE_WAITS", (0, 0, 0))
    job = running_job(users.officer, jobs.worker_name())
    tries = []

    def finish(job, status, **fields):
        tries.append(status)
        if len(tries) < 3:
            raise OperationalError("could not connect to server")
        jobs._finish(job, status, **fields)

    jobs._when_database_answers(finish, job, Job.Status.DONE, result={"created": 5})
    job.refresh_from_db()
    assert tries == [Job.Status.DONE] * 3
    assert job.status == Job.Status.DONE and job.result == {"created": 5}


def test_a_database_that_never_comes_back_is_logged_and_the_worker_goes_on(users, monkeypatch):
    logged = []
    monkeypatch.setattr(jobs.log, "error", lambda message, *args: logged.append(message % args))
    monkeypatch.setattr(jobs, "DATABASE_WAITS", (0, 0))
    job = running_job(users.officer, jobs.worker_name())

    def never(*args, **kwargs):
        raise OperationalError("could not connect to server")

    assert jobs._when_database_answers(never, job, Job.Status.DONE) is None
    assert logged == [f"任务 {job.pk} 的结束状态未能写入：数据库仍无法连接"]
