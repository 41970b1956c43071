"""``gonghui safety-escalate``: every hazard whose rectification deadline has passed is marked overdue-escalated
(once per deadline; run daily). Each is audited (no actor: the batch); the inbox of the safety officers of the
union and the federations above lists it."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.cli import resolve_org
from gonghui.safety import actions


class Command(BaseCommand):
    help = "隐患整改逾期上报（每日运行）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期判断是否逾期（YYYY-MM-DD，默认今天）")
        parser.add_argument("--org", help="只处理该组织及其下级（组织代码）")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["today"]) if options.get("today") else None
        except ValueError:
            raise CommandError(_("日期格式应为YYYY-MM-DD")) from None
        org = resolve_org(options["org"]) if options.get("org") else None
        n = actions.escalate_overdue(today, org=org)
        self.stdout.write(_("已上报%(n)s件逾期未整改的隐患") % {"n": n})
