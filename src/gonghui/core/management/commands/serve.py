"""gonghui serve [--port 8000] [--host 127.0.0.1] [--no-worker]: everything needed to use Gonghui.

Applies pending migrations, collects static files (only changed ones are copied), starts the
job worker thread (imports and exports run there), then serves with Django's threaded server and
DEBUG off; WhiteNoise serves the static files.
"""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations():
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def start_worker(stdout):
    """Start the job worker thread; without it, queued imports and exports wait (say so plainly)."""
    try:
        from gonghui.core.jobs import start_worker_thread
    except ImportError as exc:
        stdout.write(f"警告：无法启动后台任务线程（{exc}）；导入、导出任务将排队等待，可另行运行 gonghui worker。")
        return None
    thread = start_worker_thread()
    stdout.write("后台任务线程已启动。")
    return thread


class Command(BaseCommand):
    help = "迁移数据库、启动后台任务线程并在 http://127.0.0.1:8000 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务线程（另行运行 gonghui worker）")

    def handle(self, *args, port, host, no_worker, **options):
        if pending_migrations():
            self.stdout.write("正在迁移数据库……")
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # quick: copies only what changed
        if not no_worker:
            start_worker(self.stdout)
        self.stdout.write(f"打开 http://{host}:{port}  （按 Ctrl+C 停止）")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
