"""A small job runner on ``core.models.Job``: imports, exports and other long work with progress.

Handlers register under a kind and receive ``(job, progress)``::

    @jobs.register("import_members")
    def run(job, progress):
        progress(0, total=n, phase="校验")
        ...
        return {"created": n}            # stored in job.result

``enqueue`` stores a job; a worker (``run_worker``: the ``gonghui worker`` process, which ``gonghui serve``
starts and watches as a child process — never a thread of the web server, so a file that brings down a
worker cannot bring down the site) claims queued jobs one at a time. With ``GONGHUI_JOBS_EAGER`` (tests)
the job runs at once inside ``enqueue``.

**A job is never run twice behind the user's back.** A claimed job records its worker (``host:pid``) and a
heartbeat. A job whose worker process is gone (same host: the pid no longer lives; any host: no heartbeat
for ``STALE_AFTER``) is marked failed with a message saying so (``fail_abandoned``): the file that
crashed a worker must not crash the next one. The user may submit it again.

Handlers are discovered: each installed app's ``jobs`` module is imported (``autodiscover``), plus any
module listed in ``settings.GONGHUI_JOB_MODULES``.

**Progress while the handler holds a transaction.** A handler writes its data in one transaction, but
the browser must see progress meanwhile, so progress cannot be an ordinary write on the handler's
connection (it would only become visible at commit). Progress therefore goes to two places:

* an in-process table (``live``), read by ``with_live_progress`` in the status view: exact and
  instant when the job runs in the same process as the web server (the worker thread of ``gonghui serve``);
* the Job row, throttled (every 0.5 s or 2 %), so other processes see it too: written on the handler's
  connection when it is not inside a transaction, and through a second autocommit connection when it is
  (PostgreSQL). SQLite has a single writer: a second connection would wait for the handler's own write
  lock, so on SQLite the row is brought up to date before and after the write phase and the in-process
  table carries progress in between.
"""
import importlib
import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import (DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, close_old_connections,
                       connections, transaction)
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .logging import redact
from .models import Job

log = logging.getLogger("gonghui.jobs")

STALE_AFTER = timedelta(minutes=2)
HEARTBEAT_SECONDS = 15
FLUSH_SECONDS = 0.5
FLUSH_FRACTION = 0.02
# Stored in Chinese (no request is there to say which language); pages show it through ``gettext``.
ABANDONED = gettext_noop("任务在处理时中断（后台任务进程意外退出，可能是文件过大或格式异常），未写入任何数据；请检查文件后重新提交")
# A job the database's loss interrupted (its transaction rolled back: nothing written) goes back to the queue,
# up to this many attempts in all; its end is recorded once the database answers again (DATABASE_WAITS).
DATABASE_ATTEMPTS = 3
DATABASE_WAITS = (1, 2, 5, 10) + (30,) * 20  # seconds between tries, about 10 minutes in all
DATABASE_LOST = gettext_noop("任务因数据库连接中断已重试 %(attempts)s 次仍未完成，未写入任何数据；请稍后重新提交")

_handlers = {}
_live = {}  # job id -> {"done", "total", "phase"} while the job runs in this process
_live_lock = threading.Lock()
_wake = threading.Event()


class JobFailed(Exception):
    """Raised by a handler to end its job as failed with this (Chinese, PII-free) message."""


def register(kind):
    """Decorator: ``handler(job, progress) -> dict | None`` runs jobs of ``kind``."""

    def decorate(func):
        _handlers[kind] = func
        return func

    return decorate


def autodiscover():
    """Import every installed app's ``jobs`` module (and settings.GONGHUI_JOB_MODULES): their handlers register."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs")
    for module in getattr(settings, "GONGHUI_JOB_MODULES", ()):
        importlib.import_module(module)
    return apps


def _handler(kind):
    if kind not in _handlers:
        autodiscover()
    return _handlers.get(kind)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


# ---- queueing ----

def enqueue(kind, *, user, org, params=None, input_file=""):
    """Store a queued job (and run it now when ``GONGHUI_JOBS_EAGER``); returns the Job.

    The job remembers the language it was asked in (``params["language"]``): it runs in that language,
    so its messages and files read as the page that started it."""
    params = {**(params or {})}
    params.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
    job = Job.objects.create(kind=kind, created_by=user if getattr(user, "pk", None) else None, org=org,
                             params=params, input_file=input_file)
    if getattr(settings, "GONGHUI_JOBS_EAGER", False):
        if _claim(job.pk):
            _run(Job.objects.get(pk=job.pk))
        job.refresh_from_db()
    else:
        transaction.on_commit(_wake.set)
    return job


def _claim(pk):
    """Move one queued job to running; True if this caller won it."""
    now = timezone.now()
    won = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, worker=worker_name(),
        attempts=F("attempts") + 1, done=0, phase="", error="")
    return won == 1


def claim_next():
    """Claim the oldest queued job, or return None.

    PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent workers never wait on each other.
    Elsewhere: an ``UPDATE … WHERE status='queued'`` that only one worker can win.
    """
    if connections[DEFAULT_DB_ALIAS].features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = (Job.objects.select_for_update(skip_locked=True).filter(status=Job.Status.QUEUED)
                   .order_by("id").first())
            if job is None:
                return None
            _claim(job.pk)
        return Job.objects.get(pk=job.pk)
    for pk in Job.objects.filter(status=Job.Status.QUEUED).order_by("id").values_list("pk", flat=True)[:5]:
        if _claim(pk):
            return Job.objects.get(pk=pk)
    return None


def run_next():
    """Claim and run one queued job; returns it (finished) or None when the queue is empty."""
    job = claim_next()
    if job is None:
        return None
    _run(job)
    job.refresh_from_db()
    return job


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _gone(pk, worker, beat, now):
    """Whether the worker of running job ``pk`` is gone (module doc): same host, its pid no longer lives (or
    it is this process and the job is not running here); another host, no heartbeat for STALE_AFTER."""
    host, _sep, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _alive(int(pid)) or int(pid) == os.getpid() and pk not in _live
    return beat is None or beat < now - STALE_AFTER


def fail_abandoned(now=None):
    """Running jobs whose worker is gone are failed, never re-run (module doc); returns how many."""
    now = now or timezone.now()
    running = Job.objects.filter(status=Job.Status.RUNNING)
    dead = [pk for pk, worker, beat in running.values_list("pk", "worker", "heartbeat_at")
            if _gone(pk, worker, beat, now)]
    if not dead:
        return 0
    return running.filter(pk__in=dead).update(status=Job.Status.FAILED, finished_at=now, phase="", error=ABANDONED)


def fail_if_abandoned(job):
    """``job`` (a loaded Job) failed at once when it shows running but its worker is gone — a worker killed
    (``kill -9``, out of memory) while no supervisor restarts it would otherwise leave its job "running" until
    the next worker starts. The status pages and API call this through ``with_live_progress``; it costs no
    query while the worker lives."""
    now = timezone.now()
    if job.status != Job.Status.RUNNING or not job.worker or not _gone(job.pk, job.worker, job.heartbeat_at, now):
        return job
    if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, finished_at=now, phase="", error=ABANDONED):
        job.status, job.finished_at, job.phase, job.error = Job.Status.FAILED, now, "", ABANDONED
    else:
        job.refresh_from_db()
    return job


# ---- running ----

def _run(job):
    with translation.override((job.params or {}).get("language") or settings.LANGUAGE_CODE):
        _run_handler(job)


def _run_handler(job):
    handler = _handler(job.kind)
    progress = Progress(job)
    beat = _Heartbeat(job.pk)
    try:
        if handler is None:
            raise JobFailed(_("未知的任务类型“%(kind)s”") % {"kind": job.kind})
        result = handler(job, progress)
    except JobFailed as exc:
        end = (_finish, job, Job.Status.FAILED), {"error": str(exc)}
    except (OperationalError, InterfaceError) as exc:  # the database went away: the handler's work rolled back
        log.warning("任务 %s（%s）因数据库连接中断而停止：%s", job.pk, job.kind, type(exc).__name__)
        end = (_requeue, job), {}
    except Exception as exc:  # noqa: BLE001 — any failure ends the job, never the worker
        log.error("任务 %s（%s）出错：\n%s", job.pk, job.kind,
                  redact("".join(traceback.format_exception(exc))))
        end = (_finish, job, Job.Status.FAILED), {
            "error": _("任务执行出错（%(error)s），未写入任何数据；请联系系统管理员，任务编号 %(id)s")
            % {"error": type(exc).__name__, "id": job.pk}}
    else:
        end = (_finish, job, Job.Status.DONE), {"result": result or {}, "done": progress.done, "total": progress.total}
    finally:
        beat.stop()
        progress.close()
    (record, *args), kwargs = end
    _when_database_answers(record, *args, **kwargs)


def _when_database_answers(record, *args, **kwargs):
    """Write a job's end, waiting for the database if it is away (DATABASE_WAITS): a job is never left
    "running" by a worker that lives on because the database dropped while it ran."""
    for wait in (0, *DATABASE_WAITS):
        time.sleep(wait)
        try:
            return record(*args, **kwargs)
        except (OperationalError, InterfaceError):
            connection = connections[DEFAULT_DB_ALIAS]
            if not connection.in_atomic_block:
                connection.close()  # the next try opens a new connection
    log.error("任务 %s 的结束状态未能写入：数据库仍无法连接", args[0].pk)
    return None


def _requeue(job):
    """Back to the queue after the database's loss (nothing was written), or failed after DATABASE_ATTEMPTS."""
    if job.attempts >= DATABASE_ATTEMPTS:
        _finish(job, Job.Status.FAILED, error=_(DATABASE_LOST) % {"attempts": job.attempts})
        return
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.QUEUED, worker="", heartbeat_at=None, phase="", done=0, error="")
    transaction.on_commit(_wake.set)


class _Heartbeat:
    """Stamps ``heartbeat_at`` every HEARTBEAT_SECONDS while a job runs, from its own autocommit connection,
    so a worker on another host that died is noticed (``fail_abandoned``). Not on SQLite (one host by
    nature; the pid check covers it, and a second writer would wait for the handler's lock) nor in eager mode."""

    def __init__(self, job_id):
        self.job_id = job_id
        self._stop = threading.Event()
        self._thread = None
        if connections[DEFAULT_DB_ALIAS].vendor != "sqlite" and not getattr(settings, "GONGHUI_JOBS_EAGER", False):
            self._thread = threading.Thread(target=self._loop, name=f"gonghui-heartbeat-{job_id}", daemon=True)
            self._thread.start()

    def _loop(self):
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
            except DatabaseError:
                log.warning("任务 %s 的心跳未能写入", self.job_id)
        connections.close_all()

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _finish(job, status, *, error="", result=None, done=None, total=None):
    fields = {"status": status, "error": error, "finished_at": timezone.now(), "phase": ""}
    if result is not None:
        fields["result"] = result
    if job.output_file:
        fields["output_file"] = job.output_file
    if total:
        fields["total"] = total
        fields["done"] = total if status == Job.Status.DONE else done
    Job.objects.filter(pk=job.pk).update(**fields)


class Progress:
    """The ``progress(done, total=None, phase=None)`` callable handed to a handler (see module doc)."""

    def __init__(self, job):
        self.job_id = job.pk
        self.done, self.total, self.phase = 0, job.total, ""
        self._flushed_at = 0.0
        self._flushed_done = 0
        self._side = None
        with _live_lock:
            _live[self.job_id] = {"done": 0, "total": self.total, "phase": ""}

    def __call__(self, done, total=None, phase=None):
        self.done = done
        new_phase = phase is not None and phase != self.phase
        if total is not None:
            self.total = total
        if phase is not None:
            self.phase = phase
        with _live_lock:
            _live[self.job_id] = {"done": self.done, "total": self.total, "phase": self.phase}
        now = time.monotonic()
        step = abs(done - self._flushed_done) / self.total if self.total else 0
        if new_phase or done == self.total or now - self._flushed_at >= FLUSH_SECONDS or step >= FLUSH_FRACTION:
            self._flush()
            self._flushed_at, self._flushed_done = now, done

    def _flush(self):
        values = [min(self.done, 2**31 - 1), min(self.total or 0, 2**31 - 1), self.phase[:40]]
        conn = connections[DEFAULT_DB_ALIAS]
        if not conn.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(done=values[0], total=values[1], phase=values[2])
        elif conn.vendor == "postgresql" and not getattr(settings, "GONGHUI_JOBS_EAGER", False):
            self._flush_aside(values)
        # else: SQLite inside the handler's transaction — the in-process table carries it (module doc).

    def _flush_aside(self, values):
        """Write through a second autocommit connection. A handler never locks its own Job row, so this
        does not wait; the lock timeout is a guard that turns a mistake into a skipped update."""
        try:
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._side.cursor() as cur:
                    cur.execute("SET lock_timeout = '2s'")
            with self._side.cursor() as cur:
                cur.execute(f"UPDATE {Job._meta.db_table} SET done = %s, total = %s, phase = %s WHERE id = %s",
                            [*values, self.job_id])
        except DatabaseError:
            log.warning("任务 %s 的进度未能写入", self.job_id)

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None
        with _live_lock:
            _live.pop(self.job_id, None)


def live(job_id):
    """The in-process progress of a running job, or None (not running in this process)."""
    with _live_lock:
        value = _live.get(job_id)
        return dict(value) if value else None


def with_live_progress(job):
    """``job`` with done/total/phase from this process's live table when fresher than the row.

    The status view calls this so its progress bar moves while an import's write transaction runs; a job
    whose worker is gone is failed here and then (``fail_if_abandoned``), not left "running".
    """
    current = live(job.pk)
    if current is None:
        fail_if_abandoned(job)
    if current and job.status == Job.Status.RUNNING:
        job.done, job.total, job.phase = current["done"], current["total"] or job.total, current["phase"]
    return job


# ---- the worker ----

def run_worker(stop_event=None, poll=1.0):
    """Run queued jobs until ``stop_event`` is set (forever when None)."""
    stop_event = stop_event or threading.Event()
    close_old_connections()
    fail_abandoned()
    while not stop_event.is_set():
        close_old_connections()
        try:
            job = run_next()
        except Exception:  # noqa: BLE001 — a database hiccup must not end the worker
            log.exception("任务队列读取失败，稍后重试")
            job = None
        if job is None:
            _wake.wait(poll)
            _wake.clear()
    connections.close_all()


def start_worker_thread(stop_event=None, poll=1.0):
    """Start ``run_worker`` in a daemon thread (``gonghui serve``); returns the thread."""
    thread = threading.Thread(target=run_worker, kwargs={"stop_event": stop_event, "poll": poll},
                              name="gonghui-jobs", daemon=True)
    thread.start()
    return thread


def save_upload(uploaded_file, *, folder="imports", allowed=("xlsx", "csv", "xls", "txt"), limit=None):
    """Save an upload under MEDIA_ROOT/<folder>/ for a job to read; returns (relative path, original name).

    At most ``limit`` (default GONGHUI_MAX_IMPORT_BYTES) + 1 bytes are kept, so an oversize upload costs no
    more disk than that and the job's reader reports the limit. When writing fails (the disk is full) the
    partial file is removed and the ``OSError`` goes on to the error page.
    """
    import uuid
    from pathlib import Path

    original = Path(getattr(uploaded_file, "name", "") or "upload").name
    ext = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    ext = ext if ext in allowed else "bin"
    relative = f"{folder}/{uuid.uuid4().hex}.{ext}"
    target = media_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    budget = (limit or settings.GONGHUI_MAX_IMPORT_BYTES) + 1
    try:
        with open(target, "wb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk[:budget])
                budget -= len(chunk)
                if budget <= 0:
                    break
    except OSError:
        # A full disk (ENOSPC) mid-write: no truncated file is left for a job to read; the error page says
        # the file was not saved (core.errorpages, 507).
        target.unlink(missing_ok=True)
        raise
    return relative, original[:200]


def media_path(name):
    """Absolute path of a job's input or output file (stored relative to MEDIA_ROOT)."""
    from pathlib import Path

    return Path(settings.MEDIA_ROOT) / name
