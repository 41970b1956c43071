"""``gonghui plan-reminders [--org CODE] [--date YYYY-MM-DD] [--send]``: the open tasks due this month and the
overdue ones, per union — for a daily cron. ``--send`` also queues them as notifications (``gonghui.notify``:
each union's group robots and its plan officers' e-mail; ``gonghui notify send`` delivers them)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.core.cli import resolve_org
from gonghui.core.parsing import parse_date
from gonghui.orgs.models import Organisation
from gonghui.plans.models import Plan, PlanStatus
from gonghui.plans.progress import open_tasks


class Command(BaseCommand):
    help = "列出各工会本月到期和已逾期的计划任务（提醒）"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="组织代码：只看该组织及其下级")
        parser.add_argument("--date", help="按哪一天计算（默认今天）")
        parser.add_argument("--send", action="store_true", help="同时生成通知（邮件、企业微信群、钉钉群）")

    def handle(self, *args, **options):
        try:
            today = parse_date(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期：{exc}") from None
        plans = Plan.objects.filter(status=PlanStatus.ADOPTED, year__in=[today.year, today.year - 1])
        if options.get("org"):
            org = resolve_org(options["org"])
            plans = plans.filter(union__in=Organisation.objects.subtree(org).values("id"))
        this_month, overdue = open_tasks(plans, today=today)
        if options.get("send"):
            from gonghui.notify import reminders

            self.stdout.write(f"已生成通知：{reminders.plans(plans, today)} 条")
        if not this_month and not overdue:
            self.stdout.write("没有需要提醒的任务")
            return
        for heading, tasks in (("本月到期", this_month), ("已逾期", overdue)):
            for task in tasks:
                owner = f"（{task.owner}）" if task.owner else ""
                self.stdout.write(f"{heading}\t{task.plan.union.name}\t{task.month}月\t{task.title}{owner}")
