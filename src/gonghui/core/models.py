"""Shared models: soft deletion, the audit trail and the job queue."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AliveQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class AliveManager(models.Manager):
    """The default manager of soft-deletable models: deleted rows are invisible."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """Rows are never removed: deletion stamps ``deleted_at`` and restore clears it.

    ``objects`` sees live rows only; ``all_objects`` sees both (restore, audit, admin).
    """

    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, db_index=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class AuditEntry(models.Model):
    """One state change: who, when, where in the tree, which object, the fields before and after.

    Append-only: written by ``gonghui.core.audit.record`` inside the same transaction as the change,
    never updated or deleted.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("组织"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("动作"), max_length=32)
    object_type = models.CharField(_("对象类型"), max_length=40)
    object_id = models.BigIntegerField(_("对象编号"))
    object_repr = models.CharField(_("对象"), max_length=200)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("审计记录")
        indexes = [
            models.Index(fields=["object_type", "object_id", "-id"], name="audit_object"),
            models.Index(fields=["org", "-id"], name="audit_org"),
            models.Index(fields=["actor", "-id"], name="audit_actor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计记录不可删除")


class Job(models.Model):
    """Long work (imports, exports, batch runs) with progress, run by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField(_("类型"), max_length=40)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(default=dict)
    input_file = models.CharField(max_length=300, blank=True)
    output_file = models.CharField(max_length=300, blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    phase = models.CharField(_("阶段"), max_length=40, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who runs it: "host:pid" of the worker process, so a worker that died is seen at once (core.jobs).
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("后台任务")
        indexes = [models.Index(fields=["status", "id"], name="job_queue")]

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class KeyCheck(models.Model):
    """The check value of the personal-data key (``core.keys``): proof that the key in use is the one the
    data was encrypted with. One row per key kind; never the key itself."""

    name = models.CharField(max_length=20, unique=True)
    value = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("密钥校验值")

    def __str__(self):
        return self.name
