"""gonghui serve [--port 8000] [--host 127.0.0.1] [--no-worker]: everything needed to use Gonghui.

Applies pending migrations, collects static files (only changed ones are copied), starts the job
worker as a separate process (``gonghui worker``: imports, exports and other long work run there, so a
hostile upload that brings a worker down never takes the web server with it; a worker that exits is
restarted and the job it was running is marked failed at once), then serves with Django's threaded
server and DEBUG off; WhiteNoise serves the static files.
"""
import atexit
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations():
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


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
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)

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

    def handle(self, *args, port, host, no_worker, **options):
        if pending_migrations():
            self.stdout.write("正在迁移数据库……")
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # quick: copies only what changed
        supervisor = None if no_worker else start_worker(self.stdout)
        self.stdout.write(f"打开 http://{host}:{port}  （按 Ctrl+C 停止）")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            if supervisor is not None:
                supervisor.stop()
