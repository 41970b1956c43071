"""How members' requests look in the API. The officers' view never shows who submitted an anonymous request
(nobody is stored); a named request shows the member's name."""
from rest_framework import serializers

from .models import Appeal, LegalAid


class CodeField(serializers.CharField):
    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class AppealsModelSerializer(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class AppealSerializer(AppealsModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    handler = serializers.CharField(source="handler.code", read_only=True, label="承办组织代码")
    member_name = serializers.SerializerMethodField(label="会员姓名（匿名时为空）")

    class Meta:
        model = Appeal
        fields = ["id", "union", "handler", "anonymous", "member_name", "category", "title", "text", "submitted_on",
                  "due", "due_provisional", "status", "escalations", "answer", "answered_on", "rating"]
        read_only_fields = fields

    def get_member_name(self, obj) -> str:
        return "" if obj.anonymous or obj.member_id is None else obj.member.name


class MyAppealSerializer(AppealsModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "category", "title", "text", "submitted_on", "due", "status", "answer", "answered_on",
                  "rating"]
        read_only_fields = fields


class AppealSubmitInputSerializer(serializers.Serializer):
    category = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    anonymous = serializers.BooleanField(required=False, default=False)


class AppealSubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, label="编号（匿名时为空）")
    receipt = serializers.CharField(label="查询码")
    due = serializers.DateField()


class AppealAnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField()
    answered_on = serializers.CharField(required=False, allow_blank=True, default="")


class AppealRateInputSerializer(serializers.Serializer):
    rating = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AppealStatsSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.IntegerField()
    totals = serializers.DictField()
    by_category = serializers.ListField(child=serializers.DictField())
    by_month = serializers.ListField(child=serializers.DictField())
    by_child = serializers.ListField(child=serializers.DictField())


class LegalAidSerializer(AppealsModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)

    class Meta:
        model = LegalAid
        fields = ["id", "union", "kind", "date", "category", "provider", "summary", "outcome"]
        read_only_fields = fields


class LegalAidInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="工会代码")
    kind = serializers.CharField()
    date = serializers.CharField()
    category = serializers.CharField()
    summary = serializers.CharField()
    provider = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class AppealAssignInputSerializer(serializers.Serializer):
    officer = serializers.IntegerField(help_text="承办人（用户ID，须在该工会有维权工作权限）")


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


class RoutingSerializer(serializers.Serializer):
    org = serializers.CharField()
    answer_working_days = serializers.IntegerField()
    routes = serializers.DictField(child=serializers.IntegerField(allow_null=True),
                                   help_text="类别 → 承办人用户ID（null：由干部分派）")
    officers = OfficerSerializer(many=True, help_text="可以指定的承办人")


class RoutingInputSerializer(serializers.Serializer):
    answer_working_days = serializers.IntegerField(min_value=1, max_value=60)
    routes = serializers.DictField(child=serializers.IntegerField(allow_null=True), required=False, default=dict,
                                   help_text="类别 → 承办人用户ID（null：不指定）；未列出的类别不变")
