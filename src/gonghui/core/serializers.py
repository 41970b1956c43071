"""How audit entries and background jobs look in the API."""
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from .models import AuditEntry, Job


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, label=gettext_lazy("操作人登录名"))
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default=None, label=gettext_lazy("操作人"))
    org = serializers.CharField(source="org.code", read_only=True, default=None, label=gettext_lazy("组织代码"))
    org_name = serializers.CharField(source="org.name", read_only=True, default=None, label=gettext_lazy("组织"))
    changes = serializers.DictField(child=serializers.ListField(allow_null=True), read_only=True,
                                    label=gettext_lazy("变更：字段 → [原值, 新值]（个人信息只记“已修改”）"))

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_name", "org", "org_name", "action", "object_type", "object_id",
                  "object_repr", "changes", "note"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    org = serializers.CharField(source="org.code", read_only=True, default=None)
    result = serializers.DictField(read_only=True, label=gettext_lazy("结果（导入：ok/created/updated/rows/problems/warnings）"))
    output_url = serializers.SerializerMethodField(label=gettext_lazy("结果文件下载地址（如导入的标注文件）"))

    class Meta:
        model = Job
        fields = ["id", "kind", "status", "status_label", "percent", "done", "total", "phase", "org", "result",
                  "error", "output_url", "created_at", "started_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_output_url(self, job):
        if not job.output_file or not job.finished:
            return None
        return reverse("api:job-output", args=[job.pk], request=self.context.get("request"))


class JobStartedSerializer(serializers.Serializer):
    """The 202 answer of an endpoint that queued a background job (``core.exports.accepted``)."""

    job = serializers.IntegerField(label=gettext_lazy("任务编号"))
    status = serializers.CharField(label=gettext_lazy("状态"))
    status_url = serializers.URLField(label=gettext_lazy("查询进度的地址"))
