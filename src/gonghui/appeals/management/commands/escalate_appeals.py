"""``gonghui escalate_appeals``: every open member's request past its answer deadline goes to the upper union
(run daily). Each move is audited (no actor: the batch), with the reason."""
import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gonghui.appeals import actions


class Command(BaseCommand):
    help = "逾期未答复的职工诉求转上级工会办理"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期判断是否逾期（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["today"]) if options.get("today") else None
        n = actions.escalate_overdue(None, today=today)
        self.stdout.write(_("已将%(n)s件逾期诉求转上级工会") % {"n": n})
