"""How supervision records look in the API, and what the endpoints accept (plain text handed to the actions)."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Committee, Inspection, Opinion, Recommendation, Supervisor


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class SupervisionSupervisorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supervisor
        fields = ["id", "name", "member", "certificate_no", "issued_on", "expires_on"]
        read_only_fields = fields


class SupervisionCommitteeSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True, label="组织代码")
    supervisors = SupervisionSupervisorSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "org", "name", "established_on", "supervisors"]
        read_only_fields = fields


class SupervisionCommitteeInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="组织代码")
    name = serializers.CharField(allow_blank=True, label="名称")
    established_on = DateField(label="成立日期")


class SupervisionSupervisorInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", label="姓名")
    member_no = serializers.CharField(required=False, allow_blank=True, default="", label="会员编号")
    certificate_no = serializers.CharField(allow_blank=True, label="监督员证号")
    issued_on = DateField(label="发证日期")
    expires_on = DateField(label="有效期至")


class SupervisionInspectionSerializer(PlainChoices):
    org = serializers.CharField(source="org.code", read_only=True, label="组织代码")
    supervisors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    opinion = serializers.SerializerMethodField(label="监督意见书")

    class Meta:
        model = Inspection
        fields = ["id", "committee", "org", "employer", "inspected_on", "subject", "findings", "signature", "signer",
                  "supervisors", "opinion"]
        read_only_fields = fields

    def get_opinion(self, inspection) -> int | None:
        opinion = getattr(inspection, "opinion", None)
        return opinion.pk if opinion else None


class SupervisionInspectionInputSerializer(serializers.Serializer):
    committee = serializers.IntegerField(label="监督委员会")
    employer = serializers.CharField(allow_blank=True, label="被检查单位")
    inspected_on = DateField(label="检查日期")
    subject = serializers.CharField(allow_blank=True, label="检查事项")
    findings = serializers.CharField(allow_blank=True, label="检查发现的问题")
    supervisors = serializers.ListField(child=serializers.IntegerField(), label="检查的监督员（至少两名）")
    signature = serializers.CharField(label="用人单位签字：signed / refused")
    signer = serializers.CharField(allow_blank=True, label="签字人或拒签情况")


class SupervisionRecommendationSerializer(PlainChoices):
    federation = serializers.CharField(source="federation.code", read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "federation", "number", "department", "sent_on", "filing_due", "filing_provisional",
                  "decision", "decided_on"]
        read_only_fields = fields


class SupervisionOpinionSerializer(PlainChoices):
    org = serializers.CharField(source="org.code", read_only=True, label="组织代码")
    recommendation = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = ["id", "inspection", "org", "number", "issued_on", "received_on", "requirements", "answer_due",
                  "answer_provisional", "status", "answered_on", "answer", "rectified_on", "follow_up",
                  "recommendation"]
        read_only_fields = fields

    def get_recommendation(self, opinion) -> dict | None:
        rec = Recommendation.objects.filter(opinion=opinion).select_related("federation").first()
        return SupervisionRecommendationSerializer(rec).data if rec else None


class SupervisionOpinionInputSerializer(serializers.Serializer):
    number = serializers.CharField(allow_blank=True, label="文号")
    issued_on = DateField(label="发出日期")
    received_on = DateField(label="用人单位收到日期")
    requirements = serializers.CharField(allow_blank=True, label="整改意见")


class SupervisionAnswerInputSerializer(serializers.Serializer):
    answered_on = DateField(label="答复日期")
    answer = serializers.CharField(allow_blank=True, label="答复内容")


class SupervisionFollowUpInputSerializer(serializers.Serializer):
    day = DateField(label="日期")
    note = serializers.CharField(allow_blank=True, label="跟踪情况")
    rectified = serializers.BooleanField(label="是否已整改（否：拒不整改）")


class SupervisionRecommendationInputSerializer(serializers.Serializer):
    federation = serializers.CharField(label="发出的总工会（县级以上）组织代码")
    number = serializers.CharField(allow_blank=True, label="文号")
    department = serializers.CharField(allow_blank=True, label="劳动保障行政部门")
    sent_on = DateField(label="送达日期")


class SupervisionDecisionInputSerializer(serializers.Serializer):
    decision = serializers.CharField(label="处理结果：filed / not_filed")
    decided_on = DateField(label="决定日期")


class SupervisionFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    inspections = serializers.IntegerField(label="监督检查次数")
    refused_signature = serializers.IntegerField(label="用人单位拒绝签字次数")
    opinions = serializers.DictField(child=serializers.IntegerField(),
                                     help_text="issued 发出, on_time 按期答复, late 逾期答复, overdue 逾期未答复, "
                                               "rectified 已整改, ignored 拒不整改")
    recommendations = serializers.DictField(child=serializers.IntegerField(),
                                            help_text="sent 送达, filed 已立案, not_filed 不予立案, pending 待决定")
    rectification_rate = serializers.FloatField(allow_null=True, label="整改率（%）")
    by_month = serializers.DictField(child=serializers.IntegerField())
    by_unit = serializers.ListField(child=serializers.DictField())
