"""REST shapes for notices, objections, the disclosure calendar and coverage."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import EventKind, Frequency, Notice


def _codes(choices):
    """Codes spelled out in the help text (plain strings: the actions validate them with Chinese messages)."""
    return "；".join(f"{value} {label}" for value, label in choices.choices)


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    union_types = serializers.ListField(child=serializers.CharField(), help_text="必须公开的单位类型；空：所有单位")


class CategoryInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="制定组织代码（基层工会或总工会）")
    category_name = serializers.CharField(label="类别名称", max_length=40)
    description = serializers.CharField(label="说明", required=False, allow_blank=True, default="", max_length=200)
    union_types = serializers.ListField(label="必须公开的单位类型", child=serializers.CharField(), required=False,
                                        default=list, help_text="空：所有单位都必须公开")


class NoticeSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    category = serializers.IntegerField(source="category_id", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    status = serializers.SerializerMethodField(help_text="draft 草稿 / published 公开中 / expired 已到期 / withdrawn 已撤回")
    status_label = serializers.CharField(source="shown_status_label", read_only=True)
    branches = serializers.SerializerMethodField()
    read_count = serializers.SerializerMethodField(help_text="已读人数（面向您的公开事项只显示您本人是否已读）")

    class Meta:
        model = Notice
        fields = ["id", "union", "union_name", "category", "category_name", "title", "body", "period_start",
                  "period_end", "whole_union", "branches", "status", "status_label", "disclosed_on", "audience_size",
                  "read_count", "published_at", "withdraw_reason"]

    def get_status(self, notice) -> str:
        return str(notice.shown_status.value)

    def get_branches(self, notice) -> list[str]:
        return [b.code for b in notice.branches.all()]

    def get_read_count(self, notice) -> int | None:
        return getattr(notice, "read_count", None)


class NoticeInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码", required=False, allow_blank=True, default="")
    category = serializers.IntegerField(label="类别")
    title = serializers.CharField(label="标题", max_length=120)
    body = serializers.CharField(label="正文")
    period_start = DateField(label="公开期起")
    period_end = DateField(label="公开期止")
    whole_union = serializers.BooleanField(label="面向全体会员", default=True)
    branches = serializers.ListField(label="面向的分工会/小组代码", child=serializers.CharField(), required=False,
                                     default=list)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(label="撤回原因", max_length=200)


class ObjectionInputSerializer(serializers.Serializer):
    text = serializers.CharField(label="异议内容", max_length=2000)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(label="答复")


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    union = serializers.CharField(source="union.code")
    notice = serializers.IntegerField(source="notice_id")
    notice_title = serializers.CharField(source="notice.title")
    member_name = serializers.CharField(source="member.name")
    text = serializers.CharField()
    filed_on = serializers.DateField()
    due_on = serializers.DateField()
    answer = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class SignSerializer(serializers.Serializer):
    members = serializers.ListField(label="签阅的会员编号", child=serializers.IntegerField(), allow_empty=False)


class SignResultSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(help_text="新登记的签阅人数（已读的不重复登记）")


class ReadResultSerializer(serializers.Serializer):
    read = serializers.BooleanField(help_text="本次新记录为已读（之前已读则为 false）")


class RequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    owner = serializers.CharField(source="owner.code", allow_null=True, default=None)
    category = serializers.IntegerField(source="category_id")
    category_name = serializers.CharField(source="category.name")
    what = serializers.CharField()
    frequency = serializers.CharField()
    rule = serializers.CharField(source="rule_label")
    due_month = serializers.IntegerField(allow_null=True)
    due_day = serializers.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    lead_days = serializers.IntegerField(allow_null=True)
    event_kind = serializers.CharField()
    source = serializers.CharField()


class RequirementInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="制定组织代码（基层工会或总工会）")
    category = serializers.IntegerField(label="类别")
    what = serializers.CharField(label="公开内容", max_length=120)
    frequency = serializers.CharField(label="频次", help_text=_codes(Frequency))
    due_month = serializers.IntegerField(label="截止月", required=False, allow_null=True, default=None)
    due_day = serializers.IntegerField(label="截止日", required=False, allow_null=True, default=None)
    due_date = DateField(label="截止日期", required=False, allow_null=True, default=None)
    lead_days = serializers.IntegerField(label="提前/限期天数", required=False, allow_null=True, default=None)
    event_kind = serializers.CharField(label="会议/事项类型", required=False, allow_blank=True, default="",
                                       help_text=_codes(EventKind))
    source = serializers.CharField(label="依据", required=False, allow_blank=True, default="", max_length=200)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    union = serializers.CharField(source="union.code")
    kind = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()


class EventInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    kind = serializers.CharField(label="类型", default=EventKind.CONGRESS.value, help_text=_codes(EventKind))
    title = serializers.CharField(label="名称", max_length=120)
    date = DateField(label="日期")


class DueItemSerializer(serializers.Serializer):
    union = serializers.IntegerField(source="union_id")
    requirement = serializers.IntegerField(source="requirement.pk")
    category = serializers.CharField(source="category.name")
    what = serializers.CharField(source="requirement.what")
    label = serializers.CharField()
    window_start = serializers.DateField()
    due = serializers.DateField()
    state = serializers.CharField(help_text="met 已公开 / overdue 逾期未公开 / upcoming 待公开")
    notice = serializers.IntegerField(source="notice_id", allow_null=True)
    disclosed_on = serializers.DateField(allow_null=True)


class CoverageRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField(required=False)
    met = serializers.IntegerField()
    counted = serializers.IntegerField()
    overdue = serializers.IntegerField()
    upcoming = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class CoverageSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    formula = serializers.CharField()
    total = CoverageRowSerializer()
    by_category = CoverageRowSerializer(many=True)
    by_union = CoverageRowSerializer(many=True)
