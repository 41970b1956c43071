"""gonghui dues run --org CODE --month YYYY-MM [--all-unions] [--user USERNAME]
gonghui dues import FILE --org CODE [--batch-no NO] [--dry-run] [--user USERNAME]

``run`` generates (or, while draft, regenerates) the month's dues roll of a grassroots union; with
``--all-unions`` and a federation's code, of every grassroots union below it. It prints the counts and
the total. ``import`` imports a payroll-deduction batch; problems are printed as ``第N行 列名: message``
and nothing is stored. Without --user the command runs as the first superuser, or as the system
itself when there is none (``import`` then needs --user, since the receipt voucher has a preparer).
"""
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.cli import ProgressBar, resolve_actor, resolve_org
from gonghui.core.errors import ActionError
from gonghui.dues import actions, months, payroll
from gonghui.orgs.models import Kind


class Command(BaseCommand):
    help = "会费：生成月度会费表（run）、导入工资代扣批次（import）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="生成会费表")
        run.add_argument("--org", required=True, help="基层工会代码（加 --all-unions 时可为总工会代码）")
        run.add_argument("--month", required=True, help="月份，如 2026-03")
        run.add_argument("--all-unions", action="store_true", help="为该组织下的全部基层工会生成")
        run.add_argument("--user", help="以该用户的身份和权限生成（默认：第一个超级管理员）")
        imp = sub.add_parser("import", help="导入工资代扣批次（.xlsx 或 .csv）")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="基层工会代码")
        imp.add_argument("--batch-no", default="", help="批次号（同月同批次号只能导入一次）")
        imp.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        imp.add_argument("--user", help="以该用户的身份导入（默认：第一个超级管理员）")

    def handle(self, *args, subcommand, **options):
        actor = resolve_actor(options.get("user"))
        org = resolve_org(options["org"])
        try:
            if subcommand == "run":
                self._run(actor, org, options["month"], options["all_unions"])
            else:
                self._import(actor, org, options)
        except ActionError as exc:
            raise CommandError(exc.as_text({"month": "月份", "org": "组织"})) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "无权执行此操作") from None

    def _run(self, actor, org, month, all_unions):
        bar = ProgressBar.for_command(self)
        try:
            if all_unions:
                result = actions.run_rolls(actor, org, month, progress=bar)
            else:
                if org.kind != Kind.GRASSROOTS and org.is_federation:
                    raise CommandError(f"“{org.name}”是{org.get_kind_display()}；会费表按基层工会生成，"
                                       "要为其下全部基层工会生成请加 --all-unions")
                result = actions.run_roll(actor, org, month, progress=bar)
        finally:
            bar.close()
        label = months.label(result.month)
        self.stdout.write(f"{label}会费表：{len(result.rolls)}个基层工会，{result.heads}人"
                          f"（应缴{result.heads - result.exempt}人，免缴{result.exempt}人），应缴合计{result.total_due}元")
        if result.kept_paid:
            self.stdout.write(f"保留已缴明细 {result.kept_paid} 条")
        if result.skipped_final:
            self.stdout.write(f"已定稿、未重新生成：{result.skipped_final}个基层工会")
        if result.no_base:
            self.stderr.write(f"提醒：{result.no_base}人未登记缴费基数，请补录后重新生成")

    def _import(self, actor, org, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if actor is None:
            raise CommandError("请用 --user 指定导入人（经费会计），代扣入账凭证需要制单人")
        result = payroll.run_import(actor, org, path, batch_no=options["batch_no"], dry_run=options["dry_run"])
        for warning in result.warnings:
            self.stderr.write(f"提醒：{warning}")
        if not result.ok:
            for problem in result.problems:
                self.stdout.write(str(problem))
            if result.duplicate:
                raise CommandError("重复的代扣批次，未做任何更改", returncode=1)
            raise CommandError(f"导入失败：共{len(result.problems)}个问题，未写入任何数据", returncode=1)
        if result.dry_run:
            self.stdout.write(f"校验通过（试运行，未写入）：{result.paid}人，合计{result.total}元")
        else:
            self.stdout.write(f"导入成功：{months.label(result.month)} {result.paid}人已缴，合计{result.total}元；"
                              f"已生成入账凭证草稿（来源 {result.batch.source_ref}）")
