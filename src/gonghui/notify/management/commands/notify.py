"""``gonghui notify send`` — queue the digests and send every due message (with a progress bar);
``gonghui notify send --enqueue`` — leave the run to the job worker instead;
``gonghui notify reminders [--date YYYY-MM-DD]`` — queue plan, care and notice reminders for every union
that has a group robot or an officer receiving e-mail (then ``send`` delivers them).

For a periodic run (see README): ``0 7 * * * gonghui notify reminders`` and
``*/10 * * * * gonghui notify send``; or leave it to the worker with ``--enqueue``."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.cli import ProgressBar, resolve_actor
from gonghui.core.parsing import parse_date
from gonghui.notify import outbox, reminders
from gonghui.notify.jobs import KIND


class Command(BaseCommand):
    help = "发送通知：生成待办汇总并发送到期的邮件和群机器人消息（send），或生成提醒（reminders）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        send = sub.add_parser("send", help="生成待办汇总并发送到期消息")
        send.add_argument("--enqueue", action="store_true", help="交给后台任务进程执行")
        send.add_argument("--user", help="以哪个用户的名义提交后台任务（配合 --enqueue）")
        rem = sub.add_parser("reminders", help="生成计划、关怀、公开事项提醒")
        rem.add_argument("--date", help="按哪一天计算（默认今天）")

    def handle(self, *args, **options):
        if options["what"] == "reminders":
            try:
                today = parse_date(options["date"]) if options.get("date") else timezone.localdate()
            except ValueError as exc:
                raise CommandError(f"日期：{exc}") from None
            counts = reminders.all_reminders(today)
            self.stdout.write("已生成提醒：计划 {plans} 条，关怀 {care} 条，公开事项 {notices} 条".format(**counts))
            return
        if options["enqueue"]:
            job = jobs.enqueue(KIND, user=resolve_actor(options.get("user")), org=None)
            self.stdout.write(f"已提交后台任务 {job.pk}")
            return
        bar = ProgressBar.for_command(self, unit="条")
        try:
            result = outbox.run(progress=bar)
        finally:
            bar.close()
        self.stdout.write("新生成 {queued} 条，已发送 {sent} 条，待重试 {retrying} 条，失败 {failed} 条".format(**result))
        for error in result["errors"]:
            self.stdout.write(f"  #{error['id']} {error['channel']} {error['union']}：{error['error']}")
