"""gonghui serve [--port 8000] [--host 127.0.0.1] [--no-worker] [--dev]: everything needed to use Gonghui.

Applies pending migrations, collects static files (only changed ones are copied), starts the job
worker as a separate process (``gonghui worker``: imports, exports and other long work run there, so a
hostile upload that brings a worker down never takes the web server with it; a worker that exits is
restarted and the job it was running is marked failed at once), then serves:

* by default with gunicorn, the production server: ``GONGHUI_WORKERS`` processes (default 2 × cores + 1,
  at most 9) of ``GONGHUI_THREADS`` threads each (default 4), a listen backlog of ``GONGHUI_BACKLOG``
  (default 2048) so a burst of clients queues instead of being reset, bound to ``GONGHUI_BIND`` (default
  ``host:port``); WhiteNoise serves the static files from inside the app;
* with ``--dev``, Django's development server (threaded, no reloader).

DEBUG stays off unless ``GONGHUI_DEBUG=1``. Ctrl+C (or SIGTERM) stops the server and the worker. On Linux
the children also get SIGTERM when ``gonghui serve`` itself dies (even by ``kill -9``: ``die_with_parent``), so
no orphaned gunicorn keeps the port and no orphaned worker runs on beside the next start's.
"""
import atexit
import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

MAX_WORKERS = 9
THREADS = 4
BACKLOG = 2048


def pending_migrations():
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def _positive(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise CommandError(_("环境变量 %(name)s 应为正整数，现在是“%(value)s”") % {"name": name, "value": raw})
    return value


def server_sizes(cores=None):
    """(worker processes, threads per worker, listen backlog) for this machine and environment."""
    cores = cores or os.cpu_count() or 1
    workers = _positive("GONGHUI_WORKERS", min(2 * cores + 1, MAX_WORKERS))
    return workers, _positive("GONGHUI_THREADS", THREADS), _positive("GONGHUI_BACKLOG", BACKLOG)


def gunicorn_command(bind, cores=None):
    """The gunicorn command line ``gonghui serve`` runs (module doc)."""
    workers, threads, backlog = server_sizes(cores)
    return [
        sys.executable, "-m", "gunicorn", "gonghui.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),
        "--worker-class", "gthread",
        "--backlog", str(backlog),
        "--timeout", os.environ.get("GONGHUI_TIMEOUT", "120"),
        "--graceful-timeout", "30",
        "--keep-alive", "5",
        "--max-requests", "2000", "--max-requests-jitter", "200",  # recycle workers: bounded memory
        "--preload",  # the key check (wsgi) runs once in the master: a wrong key stops the start, plainly
        "--access-logfile", "-" if os.environ.get("GONGHUI_ACCESS_LOG") == "1" else "/dev/null",
        "--error-logfile", "-",
        "--forwarded-allow-ips", os.environ.get("GONGHUI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def die_with_parent():
    """``preexec_fn`` of the server's children: Linux sends them SIGTERM when their parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        pass


def run_gunicorn(command):
    """Run gunicorn in the foreground; Ctrl+C and SIGTERM reach it and end it gracefully. Returns its status."""
    process = subprocess.Popen(command, preexec_fn=die_with_parent)

    def forward(signum, _frame):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # pragma: no cover - the handler above catches SIGINT
                forward(signal.SIGINT, None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class WorkerSupervisor:
    """Runs ``gonghui worker`` as a child process and restarts it when it exits (module doc)."""

    RESTART_DELAY = 1.0

    def __init__(self, stdout, command=None):
        self.stdout = stdout
        self.command = command or [sys.executable, "-m", "gonghui.cli", "worker"]
        self.process = None
        self.stopping = threading.Event()
        self.restarts = 0

    def start(self):
        self._spawn()
        threading.Thread(target=self._watch, name="gonghui-worker-supervisor", daemon=True).start()
        atexit.register(self.stop)
        return self

    def _spawn(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, preexec_fn=die_with_parent)

    def _watch(self):
        from gonghui.core import jobs

        while not self.stopping.is_set():
            code = self.process.wait()
            if self.stopping.is_set():
                break
            failed = jobs.fail_abandoned()
            connections.close_all()
            self.restarts += 1
            self.stdout.write(f"后台任务进程已退出（状态 {code}），{failed} 个进行中的任务已标为失败；正在重新启动。")
            time.sleep(self.RESTART_DELAY)
            if not self.stopping.is_set():
                self._spawn()

    def stop(self):
        self.stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_worker(stdout):
    """Start the job worker process; without it, queued imports and exports wait (say so plainly)."""
    try:
        supervisor = WorkerSupervisor(stdout).start()
    except OSError as exc:
        stdout.write(f"警告：无法启动后台任务进程（{exc}）；导入、导出任务将排队等待，可另行运行 gonghui worker。")
        return None
    stdout.write("后台任务进程已启动。")
    return supervisor


class Command(BaseCommand):
    help = "迁移数据库、启动后台任务进程并在 http://127.0.0.1:8000 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（另行运行 gonghui worker）")
        parser.add_argument("--dev", action="store_true", help="用 Django 的开发服务器（仅供开发）")

    def handle(self, *args, port, host, no_worker, dev, **options):
        bind = os.environ.get("GONGHUI_BIND", "").strip() or f"{host}:{port}"
        command = None if dev else gunicorn_command(bind)  # a bad GONGHUI_WORKERS stops here, before anything
        if pending_migrations():
            self.stdout.write("正在迁移数据库……")
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # quick: copies only what changed
        connections.close_all()  # the server's processes open their own connections
        supervisor = None if no_worker else start_worker(self.stdout)
        shown = bind if ":" in bind and not bind.startswith("unix:") else f"{host}:{port}"
        self.stdout.write(f"打开 http://{shown}  （按 Ctrl+C 停止）")
        self.stdout.flush()
        try:
            if dev:
                call_command("runserver", bind, use_reloader=False, use_threading=True)
            else:
                workers, threads, _backlog = server_sizes()
                self.stdout.write(f"生产服务器 gunicorn：{workers} 个进程 × {threads} 个线程")
                self.stdout.flush()
                code = run_gunicorn(command)
                if code not in (0, None, -signal.SIGTERM):
                    raise CommandError(_("服务器已退出（状态 %(code)s）") % {"code": code})
        finally:
            if supervisor is not None:
                supervisor.stop()
