"""gonghui backup FILE | gonghui backup --dir D [--keep N]: one consistent archive of the running instance.

The database (every table, a consistent snapshot while the site runs), the uploaded files and a manifest
with row counts and checksums (``ops.archive``). The personal-data key is never in it: keep the key apart
(README). ``--dir D --keep N`` names the file by the time (``gonghui-YYYYmmdd-HHMMSS.zip``) and then
deletes the oldest beyond N: the command for cron or a systemd timer.
"""
from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core.cli import ProgressBar
from gonghui.ops import archive
from gonghui.ops.command import OpsCommand
from gonghui.ops.errors import OpsProblem


class Command(OpsCommand):
    help = "备份数据库和上传文件到一个文件（密钥不在其中，须另行保管）"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="备份文件（.zip）")
        parser.add_argument("--dir", help="写到这个目录，文件名按时间生成（定时备份）")
        parser.add_argument("--keep", type=int, default=0, help="与 --dir 一起用：只保留最新的 N 个备份")
        parser.add_argument("--no-files", action="store_true", help="不包括上传文件")

    def handle(self, *args, file, dir, keep, no_files, **options):
        if bool(file) == bool(dir):
            raise OpsProblem(_("请给出备份文件名，或用 --dir 指定备份目录（二选一）"))
        if keep < 0 or (keep and not dir):
            raise OpsProblem(_("--keep 须为正整数，且与 --dir 一起使用"))
        target = archive.timestamped(dir) if dir else file
        bar = ProgressBar.for_command(self, unit="项")
        try:
            manifest = archive.write_archive(target, media_root=None if no_files else settings.MEDIA_ROOT,
                                             progress=bar)
        except OSError as exc:
            raise OpsProblem(_("无法写入备份文件 %(path)s（%(error)s）") % {"path": target, "error": exc.strerror
                                                                    or exc}) from None
        finally:
            bar.close()
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(_("已写入备份 %(path)s：%(tables)s 张表、%(rows)s 行、%(files)s 个上传文件。"
                            "个人信息密钥不在备份里，请另行保管（见 README“备份与恢复”）")
                          % {"path": target, "tables": len(manifest["tables"]), "rows": rows,
                             "files": len(manifest["files"])})
        if dir and keep:
            for old in archive.prune(dir, keep):
                self.stdout.write(_("已删除旧备份 %(path)s") % {"path": old})
