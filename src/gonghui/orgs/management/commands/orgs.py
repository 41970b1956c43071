"""gonghui orgs [--under CODE]: the organisation tree, one line per organisation, in tree order."""
from django.core.management.base import BaseCommand

from gonghui.core.cli import resolve_org
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = "列出组织：每行一个组织，依次为组织代码、层级或类型、名称（以制表符分隔），按树的顺序"

    def add_arguments(self, parser):
        parser.add_argument("--under", metavar="CODE", help="只列出该组织及其下级")

    def handle(self, *args, under=None, **options):
        orgs = Organisation.objects.tree_order()
        if under:
            orgs = orgs.subtree(resolve_org(under))
        fields = ("code", "name", "kind", "union_type")
        for org in orgs.only(*fields, "path").iterator(chunk_size=2000):
            self.stdout.write(f"{org.code}\t{org.kind_label}\t{org.name}")
