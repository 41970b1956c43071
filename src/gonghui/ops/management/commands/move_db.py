"""gonghui move-db --to postgres://…: carry this instance's database to another (empty) database.

The same path as backup and restore (``ops.archive``): a consistent snapshot of the current database in the
portable format, checked, written into the target in one transaction, and proven table by table (row count
and content hash) before it is committed. Uploaded files and the key stay where they are; afterwards point
``DATABASE_URL`` at the target.
"""
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.db import DatabaseError
from django.utils.translation import gettext as _

from gonghui.core.cli import ProgressBar
from gonghui.ops import archive
from gonghui.ops.command import OpsCommand
from gonghui.ops.errors import OpsProblem

TARGET = "gonghui_target"


def shown(url):
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class Command(OpsCommand):
    help = "把当前数据库搬到另一个空数据库（如 SQLite → PostgreSQL），逐表核对"

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="目标数据库，如 postgres://用户@主机:5432/库名")

    def handle(self, *args, to, **options):
        try:
            config = dj_database_url.parse(to)
        except Exception:
            raise OpsProblem(_("目标数据库地址“%(url)s”看不懂：应写作 postgres://用户@主机:5432/库名")
                             % {"url": shown(to)}) from None
        if config.get("ENGINE") not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
            raise OpsProblem(_("只能搬到 PostgreSQL 或 SQLite 数据库"))
        target = archive.add_alias(TARGET, config)
        bar = ProgressBar.for_command(self, unit="项")
        try:
            try:
                target.ensure_connection()
            except DatabaseError as exc:
                raise OpsProblem(_("无法连接目标数据库 %(url)s（%(error)s）；未做任何改动")
                                 % {"url": shown(to), "error": str(exc).strip().splitlines()[0][:200]}) from None
            archive.check_empty(target, None, None)
            with tempfile.TemporaryDirectory(prefix="gonghui-move-") as folder:
                path = Path(folder) / "move.zip"
                archive.write_archive(path, media_root=None, progress=bar)
                opened = archive.Archive(path)
                try:
                    written = archive.restore(opened, using=TARGET, progress=bar)
                finally:
                    opened.close()
        finally:
            bar.close()
            archive.drop_alias(TARGET)
        rows = sum(t["rows"] for t in written.values())
        self.stdout.write(_("已把 %(tables)s 张表、%(rows)s 行搬到 %(url)s，逐表核对行数和内容哈希与源数据库一致。"
                            "上传文件和密钥不变；请把 DATABASE_URL 改为目标数据库后再启动")
                          % {"tables": len(written), "rows": rows, "url": shown(to)})
