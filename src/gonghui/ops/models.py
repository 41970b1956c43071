from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KeyRotation(models.Model):
    """One run of ``gonghui rotate-key``: which key it moves from and to (their check values, never the
    keys) and how far it got — ``position`` holds, per table (or sealed-file set), the last primary key
    re-encrypted, written in the same transaction as that batch, so an interrupted run resumes where it
    stopped. While a rotation is unfinished no other command or server starts (``core.keys``)."""

    old_check = models.CharField(_("旧密钥校验值"), max_length=64)
    new_check = models.CharField(_("新密钥校验值"), max_length=64)
    position = models.JSONField(_("进度"), default=dict)
    rows = models.PositiveBigIntegerField(_("已重新加密的行数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("密钥轮换")
        ordering = ["id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"
