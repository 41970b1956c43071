"""How plans, tasks, targets, summaries and readings look in the API, and what the endpoints accept.
Input is handed to ``plans.actions``, which give the same Chinese messages as the web pages."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Capability, Comparator, Plan, PlanKind, PlanSection, Summary, Target, TargetPeriod, Task


class PlanSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanSection
        fields = ["id", "parent", "level", "label", "title", "body", "order"]
        read_only_fields = fields


class PlanTargetSerializer(serializers.ModelSerializer):
    comparator = serializers.CharField(read_only=True, label="比较（gte、lte、eq）")
    period = serializers.CharField(read_only=True, label="考核期间（plan、h1、h2）")
    display_label = serializers.CharField(read_only=True, label="目标名称（含指标名）")
    comparator_label = serializers.CharField(source="get_comparator_display", read_only=True)
    manual = serializers.BooleanField(source="is_manual", read_only=True,
                                      label="手动目标（没有指标计量，由工会手动填报）")

    class Meta:
        model = Target
        fields = ["id", "plan", "metric", "label", "display_label", "comparator", "comparator_label", "threshold",
                  "unit", "manual", "period", "source_text"]
        read_only_fields = fields


class PlanTaskSerializer(serializers.ModelSerializer):
    capability = serializers.CharField(read_only=True, label="承担模块")
    status = serializers.CharField(read_only=True, label="状态")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    capability_label = serializers.CharField(source="get_capability_display", read_only=True)
    links = serializers.SerializerMethodField(label="关联记录")

    class Meta:
        model = Task
        fields = ["id", "plan", "section", "title", "owner", "month", "capability", "capability_label", "status",
                  "status_label", "done_at", "links"]
        read_only_fields = fields

    def get_links(self, task) -> list[dict]:
        return [{"id": link.pk, "type": f"{link.content_type.app_label}.{link.content_type.model}",
                 "object_id": link.object_id, "label": link.label} for link in task.links.all()]


class PlanSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="工会")
    kind = serializers.CharField(read_only=True, label="计划类型")
    status = serializers.CharField(read_only=True, label="状态")
    origin = serializers.CharField(read_only=True, label="来源")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "union", "union_name", "kind", "kind_label", "year", "part", "title", "guiding_thought",
                  "status", "status_label", "origin", "source_name", "deleted_at"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    sections = PlanSectionSerializer(many=True, read_only=True)
    targets = PlanTargetSerializer(many=True, read_only=True)
    tasks = PlanTaskSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = PlanSerializer.Meta.fields + ["sections", "targets", "tasks"]
        read_only_fields = fields


class PlanInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="工会代码")
    kind = serializers.CharField(label="计划类型（annual、half_year、semester）", default=PlanKind.ANNUAL)
    year = serializers.IntegerField(label="年度")
    part = serializers.IntegerField(label="半年/学期（1 或 2）", required=False, allow_null=True)
    title = serializers.CharField(label="标题", max_length=120)
    guiding_thought = serializers.CharField(label="指导思想", required=False, allow_blank=True, default="")
    template = serializers.CharField(label="模板（school 或 enterprise）", required=False, allow_blank=True, default="")
    copy_from = serializers.IntegerField(label="复制的往年计划编号", required=False, allow_null=True)


class PlanUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(label="标题", max_length=120, required=False)
    guiding_thought = serializers.CharField(label="指导思想", required=False, allow_blank=True)


class PlanStatusInputSerializer(serializers.Serializer):
    status = serializers.CharField(label="状态（draft、adopted、archived）")


class PlanSectionInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(label="计划编号", required=False)
    title = serializers.CharField(label="标题", max_length=300)
    body = serializers.CharField(label="内容", required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(label="上级条目编号", required=False, allow_null=True)


class PlanTaskInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(label="计划编号", required=False)
    title = serializers.CharField(label="任务", max_length=300)
    month = serializers.CharField(label="月份（1至12）", required=False, allow_blank=True, allow_null=True)
    owner = serializers.CharField(label="负责人", required=False, allow_blank=True, default="")
    capability = serializers.CharField(label="承担模块（activities、care、congress、notices……other）",
                                       default=Capability.OTHER)
    section = serializers.IntegerField(label="所属条目编号", required=False, allow_null=True)


class PlanTaskStatusSerializer(serializers.Serializer):
    status = serializers.CharField(label="状态（todo、doing、done、cancelled）")
    done_at = DateField(label="完成日期", required=False, allow_null=True)


class PlanLinkInputSerializer(serializers.Serializer):
    type = serializers.CharField(label="记录类型，如 activities.event")
    object_id = serializers.IntegerField(label="记录编号")


class PlanTargetInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(label="计划编号", required=False)
    metric = serializers.CharField(label="指标代码")
    comparator = serializers.CharField(label="比较（gte、lte、eq）", default=Comparator.GTE)
    threshold = serializers.CharField(label="目标值")
    period = serializers.CharField(label="考核期间（plan、h1、h2）", default=TargetPeriod.PLAN)
    label = serializers.CharField(label="目标名称", required=False, allow_blank=True, default="")


class MetricBasisSerializer(serializers.Serializer):
    code = serializers.CharField(label="指标代码")
    label = serializers.CharField(label="指标")
    description = serializers.CharField(label="统计口径")
    rule = serializers.CharField(label="规则依据")
    start = serializers.DateField(allow_null=True, label="统计期间起")
    end = serializers.DateField(allow_null=True, label="统计期间止")


class PlanReadingSerializer(serializers.Serializer):
    target = PlanTargetSerializer()
    unit = serializers.CharField()
    value = serializers.CharField(allow_null=True, label="实际值")
    breakdown = serializers.ListField(child=serializers.ListField(), label="其中")
    records_url = serializers.CharField(label="记录清单")
    status = serializers.CharField(label="met / missed / progress / na")
    status_label = serializers.CharField()
    trend = serializers.ListField(child=serializers.ListField(), label="各月累计值")
    basis = MetricBasisSerializer(allow_null=True, label="计算依据")


class PlanMetricSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    available = serializers.BooleanField()
    keywords = serializers.ListField(child=serializers.CharField())
    per_member = serializers.BooleanField()
    description = serializers.CharField(label="统计口径")
    rule = serializers.CharField(label="规则依据")


class PlanFileSerializer(serializers.Serializer):
    file = serializers.FileField(label="计划文件（.docx 或 .txt）")


class PlanImportSerializer(PlanFileSerializer):
    union = serializers.CharField(label="工会代码")
    kind = serializers.CharField(label="计划类型（annual、half_year、semester）", default=PlanKind.ANNUAL)
    year = serializers.IntegerField(label="年度")
    part = serializers.IntegerField(label="半年/学期", required=False, allow_null=True)
    title = serializers.CharField(label="标题", max_length=120, required=False, allow_blank=True, default="")
    part_index = serializers.IntegerField(label="导入第几篇（从0开始；空为全部）", required=False, allow_null=True)
    targets = serializers.JSONField(label="采用的目标候选：[{index, metric, threshold}]", required=False, default=list)


class PlanParsedSerializer(serializers.Serializer):
    title = serializers.CharField()
    guiding_thought = serializers.CharField()
    parts = serializers.ListField(child=serializers.DictField())
    outline = serializers.ListField(child=serializers.DictField())
    tasks = serializers.ListField(child=serializers.DictField())
    targets = serializers.ListField(child=serializers.DictField())
    unparsed = serializers.ListField(child=serializers.DictField())


class PlanSummarySerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    kind = serializers.CharField(read_only=True, label="总结类型")
    status = serializers.CharField(read_only=True, label="状态")

    class Meta:
        model = Summary
        fields = ["id", "plan", "union", "kind", "start", "end", "title", "status", "sections"]
        read_only_fields = fields


class PlanSummaryInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(label="计划编号")
    kind = serializers.CharField(label="总结类型（half_year、year_end）")


class PlanSummaryUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(label="标题", required=False, max_length=120)
    bodies = serializers.DictField(label="各部分正文 {key: text}", child=serializers.CharField(allow_blank=True),
                                   required=False, default=dict)


class ReportRequestSerializer(serializers.Serializer):
    org = serializers.CharField(label="组织代码")
    year = serializers.IntegerField(label="年度", required=False, help_text="默认今年")
