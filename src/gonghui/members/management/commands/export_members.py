"""gonghui export-members --org ORG_CODE -o FILE.xlsx [--user USERNAME]

Exports the organisation's whole subtree in the import template's layout. With --user the export
holds what that user may see (personal data masked per role); without it the command runs as the
first superuser, or as the system itself when there is none.
"""
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.cli import ProgressBar, resolve_actor, resolve_org
from gonghui.members import exporting
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = "把组织（含下级）的会员名单导出为Excel(.xlsx)"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织代码；导出该组织及其全部下级的会员")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--user", help="以该用户的权限导出（默认：第一个超级管理员）")

    def handle(self, *args, org, output, user, **options):
        actor = resolve_actor(user)
        target = resolve_org(org)
        if actor is not None and not Organisation.objects.visible_to(actor).filter(pk=target.pk).exists():
            raise CommandError(f"找不到组织代码“{org}”（或不在用户“{actor.username}”的权限范围内）")
        members = Member.objects.filter(org__in=Organisation.objects.subtree(target).values("id"))
        bar = ProgressBar.for_command(self)
        try:
            count = exporting.export_members(actor, members, output, progress=bar)
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror}") from None
        finally:
            bar.close()
        self.stdout.write(f"已导出 {count} 名会员到 {output}")
