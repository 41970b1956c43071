"""``gonghui activities-summary [--rebuild]``: check the participation summary against the check-ins and the
roster (and rebuild it from them). The summary is kept exact by every action; this is for after a restore
or a hand edit of the database."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.activities import summary


class Command(BaseCommand):
    help = gettext_lazy("核对参与汇总表与签到记录、会员名册是否一致；--rebuild 从签到记录重建")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help=_("从签到记录和会员名册重建参与汇总"))

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                summary.rebuild()
            self.stdout.write(_("已重建参与汇总"))
        differences = summary.check()
        if differences:
            for key, expected, actual in differences[:20]:
                self.stdout.write(_("会员 %(member)s 工会 %(union)s %(year)s年：应为 %(expected)s，实为 %(actual)s") % {
                    "member": key[0], "union": key[1], "year": key[2], "expected": expected, "actual": actual})
            raise CommandError(_("参与汇总有 %(n)s 处不一致（运行 --rebuild 重建）") % {"n": len(differences)})
        self.stdout.write(_("参与汇总与签到记录一致"))
