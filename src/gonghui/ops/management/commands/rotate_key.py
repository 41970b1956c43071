"""gonghui rotate-key --new-key-file PATH [--old-key-file PATH] [--batch N]: re-encrypt every personal-data
value under a new key (``ops.rotation``), in batches, resumable, with a progress bar.

The old key is the configured one (``GONGHUI_DATA_KEY`` or ``data.key``) unless ``--old-key-file`` names
it; it must match the data, or nothing is done. The new key is read from ``--new-key-file``, or made there
(mode 0600) when the file does not exist. Stop the server first. An interrupted run is resumed by running the
same command again; until it finishes nothing else starts. At the end the database's key check value becomes
the new key's; when the old key was the ``data.key`` file, that file now holds the new key and the old one is
kept beside it as ``data.key.old-<time>`` (backups made before the rotation still need it).
"""
import os
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core.cli import ProgressBar
from gonghui.core.keys import key_file, new_key
from gonghui.ops import rotation
from gonghui.ops.command import OpsCommand
from gonghui.ops.errors import OpsProblem


def read_key(path):
    try:
        return Path(path).read_text().strip()
    except OSError as exc:
        raise OpsProblem(_("无法读取密钥文件 %(path)s（%(error)s）") % {"path": path, "error": exc.strerror}) from None


def make_key(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(raw + "\n")
    return raw


class Command(OpsCommand):
    help = "用新密钥重新加密全部个人信息（分批、可续跑、显示进度）"

    def add_arguments(self, parser):
        parser.add_argument("--new-key-file", required=True, help="新密钥文件；不存在时生成新密钥写入该文件")
        parser.add_argument("--old-key-file", help="旧密钥文件（默认：当前配置的密钥）")
        parser.add_argument("--batch", type=int, default=rotation.BATCH, help="每批行数（默认500）")

    def handle(self, *args, new_key_file, old_key_file, batch, **options):
        old = read_key(old_key_file) if old_key_file else settings.GONGHUI_DATA_KEY
        if not old:
            raise OpsProblem(_("没有配置当前的个人信息密钥（GONGHUI_DATA_KEY 或 %(path)s），请用 --old-key-file 给出")
                             % {"path": key_file()})
        made = not Path(new_key_file).exists()
        new = make_key(new_key_file) if made else read_key(new_key_file)
        if made:
            self.stdout.write(_("已生成新密钥 %(path)s（仅本人可读）") % {"path": new_key_file})
        if batch < 1:
            raise OpsProblem(_("--batch 须为正整数"))
        bar = ProgressBar.for_command(self, unit="行")
        try:
            done = rotation.run(old, new, batch=batch, progress=bar)
        finally:
            bar.close()
        self.stdout.write(_("已用新密钥重新加密 %(rows)s 行，数据库的密钥校验值已更新为新密钥")
                          % {"rows": done.rows})
        self._swap_key_file(old, new, old_key_file)

    def _swap_key_file(self, old, new, old_key_file):
        """When the old key was the data directory's data.key, put the new key there and keep the old beside it."""
        path = key_file()
        from_file = not old_key_file and not os.environ.get("GONGHUI_DATA_KEY") and path.exists() \
            and path.read_text().strip() == old
        if not from_file:
            self.stdout.write(_("请把 GONGHUI_DATA_KEY（或 %(path)s）换成新密钥后再启动；旧密钥请保留到"
                                "轮换前的备份都不再需要为止") % {"path": path})
            return
        retired = path.with_name(f"{path.name}.old-{time.strftime('%Y%m%d-%H%M%S')}")
        staged = path.with_name(path.name + ".new")
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(new + "\n")
        os.link(path, retired)
        os.replace(staged, path)
        self.stdout.write(_("%(path)s 已换成新密钥；旧密钥保存在 %(retired)s，轮换前的备份需要用它恢复")
                          % {"path": path, "retired": retired})
