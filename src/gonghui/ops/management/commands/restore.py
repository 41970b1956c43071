"""gonghui restore FILE: restore a ``gonghui backup`` archive into an EMPTY instance.

Everything is checked before anything is written: the archive whole (every table's row count and content
hash, every file's checksum), the configured key against the archive's key check value, the Gonghui version
(same migrations), and that the database and the upload folder are empty. The rows are then written in one
transaction that is kept only if every table reads back identical; the files are staged and moved into
place. Any refusal: a Chinese message, exit status 2, nothing changed.
"""
from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core.cli import ProgressBar
from gonghui.ops import archive
from gonghui.ops.command import OpsCommand


class Command(OpsCommand):
    help = "把 gonghui backup 的备份恢复到一个空实例"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件")

    def handle(self, *args, file, **options):
        opened = archive.Archive(file)
        bar = ProgressBar.for_command(self, unit="项")
        try:
            written = archive.restore(opened, media_root=settings.MEDIA_ROOT, progress=bar)
        finally:
            bar.close()
            opened.close()
        rows = sum(t["rows"] for t in written.values())
        self.stdout.write(_("已恢复 %(tables)s 张表、%(rows)s 行、%(files)s 个上传文件；逐表核对行数和内容哈希，"
                            "与备份一致") % {"tables": len(opened.tables), "rows": rows, "files": len(opened.files)})
