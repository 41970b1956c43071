"""gonghui import-members FILE --org ORG_CODE [--update] [--dry-run] [--user USERNAME]

Exit 0 with the counts on success; on any problem print every one as ``第N行 列名: message``, store
nothing and exit 1. Without --user the import runs as the first superuser, or as the system itself
(audit entries without an actor, noted 命令行导入) when there is none.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.cli import ProgressBar, resolve_actor, resolve_org
from gonghui.members import importing


class Command(BaseCommand):
    help = "从Excel(.xlsx)或CSV文件导入会员名单（全部成功才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="会员名单文件（.xlsx 或 .csv）")
        parser.add_argument("--org", required=True, help="导入到的组织代码（基层工会、分工会或工会小组）")
        parser.add_argument("--update", action="store_true", help="按身份证号更新已登记的会员，其余新增")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--user", help="以该用户的身份和权限导入（默认：第一个超级管理员）")

    def handle(self, *args, file, org, update, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        actor = resolve_actor(user)
        target = resolve_org(org)
        bar = ProgressBar.for_command(self)
        try:
            result = importing.run_import(actor, target, path, update=update, dry_run=dry_run, progress=bar,
                                          source_name=path.name)
        finally:
            bar.close()
        for warning in result.warnings:
            self.stderr.write(f"提醒：{warning}")
        if not result.ok:
            for problem in result.problems:
                self.stdout.write(str(problem))
            raise CommandError(f"导入失败：共{len(result.problems)}个问题，未写入任何数据", returncode=1)
        if dry_run:
            self.stdout.write(f"校验通过（试运行，未写入）：将新增 {result.created} 人，更新 {result.updated} 人")
        else:
            self.stdout.write(f"导入成功：新增 {result.created} 人，更新 {result.updated} 人")
