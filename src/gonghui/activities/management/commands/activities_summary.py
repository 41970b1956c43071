"""``gonghui activities-summary [--rebuild]``: check the participation summary against the check-ins and the
roster (and rebuild it from them). The summary is kept exact by every action; this is for after a restore
or a hand edit of the database."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.activities import summary


class Command(BaseCommand):
    help = "核对参与汇总表与签到记录、会员名册是否一致；--rebuild 从签到记录重建"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="从签到记录和会员名册重建参与汇总")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                summary.rebuild()
            self.stdout.write("已重建参与汇总")
        differences = summary.check()
        if differences:
            for key, expected, actual in differences[:20]:
                self.stdout.write(f"会员 {key[0]} 工会 {key[1]} {key[2]}年：应为 {expected}，实为 {actual}")
            raise CommandError(f"参与汇总有 {len(differences)} 处不一致（运行 --rebuild 重建）")
        self.stdout.write("参与汇总与签到记录一致")
