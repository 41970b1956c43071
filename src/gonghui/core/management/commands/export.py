"""gonghui export KIND --org CODE -o FILE [--param NAME=VALUE ...] [--user USERNAME]

Builds one of the documents the apps declare (``core.exports``; e.g. ``plans_report`` with
``--param year=2026``) in this process, with a progress bar, as the user would get it from the page.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core import exports
from gonghui.core.cli import ProgressBar, resolve_actor, resolve_org


class Command(BaseCommand):
    help = "生成报表或导出文件（与网页上的后台任务相同），显示进度"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="文件种类，如 plans_report")
        parser.add_argument("--org", required=True, help="组织代码")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="参数，如 year=2026")
        parser.add_argument("--user", help="以该用户的权限生成（默认：第一个超级管理员）")

    def handle(self, *args, kind, org, output, param, user, **options):
        if kind not in exports.kinds():
            raise CommandError(_("未知的文件种类“%(kind)s”，可用：%(kinds)s") % {"kind": kind, "kinds": "、".join(exports.kinds())})
        params = {}
        for item in param:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(_("参数应写成 名称=值：%(item)s") % {"item": item})
            params[name.strip()] = value.strip()
        actor = resolve_actor(user)
        target = resolve_org(org)
        bar = ProgressBar.for_command(self, unit="项")
        try:
            content, filename = exports.build_now(kind, user=actor, org=target, params=params, progress=bar)
        except exports.Refused as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        try:
            with open(output, "wb") as out:
                out.write(content)
        except OSError as exc:
            raise CommandError(_("无法写入 %(file)s：%(error)s") % {"file": output, "error": exc.strerror}) from None
        self.stdout.write(_("已生成 %(name)s → %(file)s") % {"name": filename, "file": output})
