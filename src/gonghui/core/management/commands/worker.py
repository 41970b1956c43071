"""gonghui worker [--once] [--poll SECONDS]: run queued jobs (imports, exports) until stopped."""
import threading

from django.core.management.base import BaseCommand

from gonghui.core import jobs


class Command(BaseCommand):
    help = "运行后台任务（导入、导出等），按 Ctrl-C 停止"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理完当前排队的任务后退出")
        parser.add_argument("--poll", type=float, default=1.0, help="队列为空时每隔几秒查看一次（默认1秒）")

    def handle(self, *args, once, poll, **options):
        if once:
            jobs.fail_abandoned()
            count = 0
            while jobs.run_next() is not None:
                count += 1
            self.stdout.write(f"已处理 {count} 个任务")
            return
        self.stdout.write("后台任务已启动，按 Ctrl-C 停止")
        stop = threading.Event()
        try:
            jobs.run_worker(stop_event=stop, poll=poll)
        except KeyboardInterrupt:
            stop.set()
            self.stdout.write("后台任务已停止")
