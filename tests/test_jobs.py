"""The job runner (core.jobs): eager runs, claiming, failures, stale jobs, progress and the worker."""
import datetime
import threading
import time

import pytest
from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.models import Job


@pytest.fixture
def handlers():
    seen = {}

    @jobs.register("test_ok")
    def ok(job, progress):
        progress(0, total=4, phase="计算")
        seen["live"] = jobs.live(job.pk)
        progress(4)
        return {"answer": job.params["n"] * 2}

    @jobs.register("test_crash")
    def crash(job, progress):
        raise ValueError("身份证号 110101198001010010 无效")  # personal data must not reach job.error

    @jobs.register("test_refuse")
    def refuse(job, progress):
        raise jobs.JobFailed("文件已不存在")

    return seen


def test_an_eager_job_runs_at_once_and_keeps_its_result(handlers, admin_user, tree):
    job = jobs.enqueue("test_ok", user=admin_user, org=tree.school, params={"n": 21})
    assert (job.status, job.result, job.done, job.total, job.attempts) == (Job.Status.DONE, {"answer": 42}, 4, 4, 1)
    assert job.percent == 100 and job.finished and job.created_by == admin_user
    assert handlers["live"] == {"done": 0, "total": 4, "phase": "计算"}
    assert jobs.live(job.pk) is None  # the live table is cleared when the job ends


def test_an_unexpected_error_fails_the_job_with_a_chinese_message_without_personal_data(handlers, admin_user):
    job = jobs.enqueue("test_crash", user=admin_user, org=None)
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.error == f"任务执行出错（ValueError），未写入任何数据；请联系系统管理员，任务编号 {job.pk}"
    assert "110101" not in job.error


def test_a_handler_can_fail_its_job_with_its_own_message(handlers, admin_user):
    assert jobs.enqueue("test_refuse", user=admin_user, org=None).error == "文件已不存在"


def test_an_unknown_kind_fails_cleanly(admin_user):
    assert jobs.enqueue("no_such_kind", user=admin_user, org=None).error == "未知的任务类型“no_such_kind”"


def test_queued_jobs_are_claimed_oldest_first_and_only_once(handlers, admin_user, settings):
    settings.GONGHUI_JOBS_EAGER = False
    first = jobs.enqueue("test_ok", user=admin_user, org=None, params={"n": 1})
    second = jobs.enqueue("test_ok", user=admin_user, org=None, params={"n": 2})
    assert first.status == second.status == Job.Status.QUEUED
    claimed = jobs.claim_next()
    assert claimed.pk == first.pk and claimed.status == Job.Status.RUNNING and claimed.started_at
    assert not jobs._claim(first.pk)  # a second worker cannot take it
    assert jobs.run_next().pk == second.pk
    assert jobs.run_next() is None
    assert Job.objects.get(pk=second.pk).result == {"answer": 4}


def test_a_job_whose_worker_process_died_is_failed_at_once_and_never_run_again(admin_user):
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has exited
    now = timezone.now()
    here = socket.gethostname()
    crashed = Job.objects.create(kind="x", status=Job.Status.RUNNING, started_at=now, heartbeat_at=now,
                                 worker=f"{here}:{dead_pid}", attempts=1)
    alive = Job.objects.create(kind="x", status=Job.Status.RUNNING, started_at=now, heartbeat_at=now,
                               worker=f"{here}:1", attempts=1)  # pid 1 lives
    assert jobs.fail_abandoned() == 1
    crashed = Job.objects.get(pk=crashed.pk)
    assert crashed.status == Job.Status.FAILED and crashed.error == jobs.ABANDONED and "未写入任何数据" in crashed.error
    assert Job.objects.get(pk=alive.pk).status == Job.Status.RUNNING
    assert jobs.claim_next() is None  # nothing was put back in the queue


def test_a_job_on_another_host_is_failed_only_when_its_heartbeat_stops(admin_user):
    now = timezone.now()
    silent = Job.objects.create(kind="x", status=Job.Status.RUNNING, started_at=now - jobs.STALE_AFTER * 3,
                                heartbeat_at=now - jobs.STALE_AFTER * 2, worker="elsewhere:42")
    beating = Job.objects.create(kind="x", status=Job.Status.RUNNING, started_at=now - jobs.STALE_AFTER * 3,
                                 heartbeat_at=now, worker="elsewhere:43")
    assert jobs.fail_abandoned() == 1
    assert Job.objects.get(pk=silent.pk).status == Job.Status.FAILED
    assert Job.objects.get(pk=beating.pk).status == Job.Status.RUNNING


def test_a_claimed_job_records_its_worker_process(handlers, admin_user, settings):
    import os

    settings.GONGHUI_JOBS_EAGER = False
    job = jobs.enqueue("test_ok", user=admin_user, org=None, params={"n": 1})
    claimed = jobs.claim_next()
    assert claimed.pk == job.pk and claimed.worker.endswith(f":{os.getpid()}") and claimed.heartbeat_at


def test_handlers_are_discovered_from_each_apps_jobs_module():
    import sys

    jobs.autodiscover()
    assert "gonghui.members.jobs" in sys.modules
    assert {"import_members", "export_members"} <= set(jobs._handlers)


def test_the_status_view_sees_live_progress_of_a_job_running_in_this_process(admin_user):
    job = Job.objects.create(kind="x", status=Job.Status.RUNNING, total=0)
    progress = jobs.Progress(job)
    progress(30, total=120, phase="写入")
    shown = jobs.with_live_progress(Job.objects.get(pk=job.pk))
    assert (shown.done, shown.total, shown.phase, shown.percent) == (30, 120, "写入", 25)
    progress.close()
    assert jobs.live(job.pk) is None


@pytest.mark.django_db(transaction=True)
def test_progress_outside_a_transaction_is_written_to_the_row_for_other_processes():
    job = Job.objects.create(kind="x", status=Job.Status.RUNNING)
    progress = jobs.Progress(job)
    progress(0, total=1000, phase="校验")
    progress(500)
    row = Job.objects.get(pk=job.pk)
    assert (row.done, row.total, row.phase) == (500, 1000, "校验")
    progress(501)  # throttled: less than 2% and within half a second
    assert Job.objects.get(pk=job.pk).done == 500
    progress.close()


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_runs_queued_jobs_until_stopped(handlers, settings):
    settings.GONGHUI_JOBS_EAGER = False
    job = jobs.enqueue("test_ok", user=None, org=None, params={"n": 5})
    stop = threading.Event()
    thread = jobs.start_worker_thread(stop_event=stop, poll=0.05)
    try:
        deadline = time.monotonic() + 10
        while Job.objects.get(pk=job.pk).status != Job.Status.DONE and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert Job.objects.get(pk=job.pk).result == {"answer": 10}
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_inside_the_handlers_transaction_is_visible_to_other_connections(settings):
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress inside a transaction travels through the live table")
    settings.GONGHUI_JOBS_EAGER = False
    seen = {}

    @jobs.register("test_tx_progress")
    def handler(job, progress):
        with transaction.atomic():
            Job.objects.create(kind="written_inside")  # the handler's own, still uncommitted, write
            progress(0, total=100, phase="写入")
            progress(50)
            other = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                with other.cursor() as cur:
                    cur.execute("SELECT done, total, phase FROM core_job WHERE id = %s", [job.pk])
                    seen["row"] = cur.fetchone()
                    cur.execute("SELECT count(*) FROM core_job WHERE kind = 'written_inside'")
                    seen["uncommitted"] = cur.fetchone()[0]
            finally:
                other.close()

    jobs.enqueue("test_tx_progress", user=None, org=None)
    assert jobs.run_next().status == Job.Status.DONE
    assert seen["row"] == (50, 100, "写入")
    assert seen["uncommitted"] == 0 and Job.objects.filter(kind="written_inside").count() == 1
