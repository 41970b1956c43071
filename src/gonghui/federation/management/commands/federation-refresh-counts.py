"""gonghui federation-refresh-counts [--check]: rebuild the per-organisation member counts (``federation.counts``)
set-based, or with --check compare them with a fresh count and list the differences (exit 1 when any)."""
import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.federation import counts


class Command(BaseCommand):
    help = "重建各组织的会员计数（总工会统计读取）；--check 只核对"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对，不重建")

    def handle(self, *args, check=False, **options):
        started = time.perf_counter()
        if check:
            diffs = counts.check()
            for (org, year), expected, actual in diffs[:50]:
                self.stdout.write(f"org={org} year={year} expected={expected} actual={actual}")
            if diffs:
                raise CommandError(f"会员计数与名册不一致：{len(diffs)}处（运行 gonghui federation-refresh-counts 重建）")
            self.stdout.write(self.style.SUCCESS(f"会员计数与名册一致（{time.perf_counter() - started:.2f}秒）"))
            return
        rows = counts.rebuild()
        self.stdout.write(self.style.SUCCESS(f"已重建会员计数：{rows}行（{time.perf_counter() - started:.2f}秒）"))
