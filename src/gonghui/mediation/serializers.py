"""How mediation records look in the API, and what the endpoints accept (plain text handed to the actions).

Dispute details (parties, facts, amounts, minutes, terms) are present only for callers holding MEDIATE at the
case's union (the view passes ``clear`` in the context); everyone else in scope gets them as null."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Case, Claim, Committee, CommitteeMember, Party, Session

SECRET = ("facts", "terms", "outcome_note", "parties", "sessions")


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class MediationCommitteeMemberSerializer(PlainChoices):
    class Meta:
        model = CommitteeMember
        fields = ["name", "side", "basis", "member", "is_chair", "chair_agreed"]
        read_only_fields = fields


class MediationCommitteeSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    members = MediationCommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "union", "employer", "established_on", "members"]
        read_only_fields = fields


class MediationCommitteeMemberInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", label="姓名")
    side = serializers.CharField(label="代表方：employee 职工代表 / employer 企业代表")
    basis = serializers.CharField(label="产生方式：union_member / elected / named")
    member_no = serializers.CharField(required=False, allow_blank=True, default="", label="会员编号（工会成员）")
    is_chair = serializers.BooleanField(required=False, default=False, label="主任")
    chair_agreed = serializers.BooleanField(required=False, default=False, label="双方推举的主任")


class MediationCommitteeInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    employer = serializers.CharField(allow_blank=True, label="用人单位")
    established_on = DateField(label="成立日期")
    members = MediationCommitteeMemberInputSerializer(many=True, label="委员")


class MediationClaimSerializer(PlainChoices):
    class Meta:
        model = Claim
        fields = ["kind", "amount", "description"]
        read_only_fields = fields


class MediationPartySerializer(PlainChoices):
    class Meta:
        model = Party
        fields = ["role", "name", "member"]
        read_only_fields = fields


class MediationSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "held_on", "place", "mediators", "minutes"]
        read_only_fields = fields


class MediationCaseSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    claims = serializers.SerializerMethodField(label="请求事项（金额和内容仅调解工作人员可见）")
    parties = MediationPartySerializer(many=True, read_only=True, allow_null=True)
    sessions = MediationSessionSerializer(many=True, read_only=True, allow_null=True)
    wage_agreement_broken = serializers.BooleanField(read_only=True, label="劳动报酬协议未履行（可申请支付令）")

    class Meta:
        model = Case
        fields = ["id", "union", "number", "status", "applied_on", "worker_count", "accepted_on", "clock_ends",
                  "clock_provisional", "arbitration_from", "refused_on", "refusal_reason", "outcome_on",
                  "performance", "performance_due", "performed_on", "broken_on", "wage_claim",
                  "wage_agreement_broken", "facts", "terms", "outcome_note", "claims", "parties", "sessions"]
        read_only_fields = fields

    def _clear(self, case):
        clear = self.context.get("clear")
        return bool(clear and clear(case))

    def get_claims(self, case) -> list[dict]:
        rows = MediationClaimSerializer(case.claims.all(), many=True).data
        if not self._clear(case):
            rows = [{"kind": r["kind"], "amount": None, "description": None} for r in rows]
        return rows

    def to_representation(self, case):
        data = super().to_representation(case)
        if not self._clear(case):
            for name in SECRET:
                data[name] = None
        return data


class MediationWorkerInputSerializer(serializers.Serializer):
    member_no = serializers.CharField(required=False, allow_blank=True, default="", label="会员编号（会员）")
    name = serializers.CharField(required=False, allow_blank=True, default="", label="姓名（非会员）")


class MediationClaimInputSerializer(serializers.Serializer):
    kind = serializers.CharField(label="类别：wages / social_insurance / termination / overtime / injury / other")
    amount = serializers.CharField(required=False, allow_blank=True, default="", label="金额（元）")
    description = serializers.CharField(required=False, allow_blank=True, default="", label="请求内容")


class MediationApplyInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    applied_on = DateField(label="申请日期")
    workers = MediationWorkerInputSerializer(many=True, label="申请调解的职工")
    claims = MediationClaimInputSerializer(many=True, label="请求事项")
    facts = serializers.CharField(required=False, allow_blank=True, default="", label="争议事实和请求")


class MediationAcceptInputSerializer(serializers.Serializer):
    accepted_on = DateField(label="受理日期")


class MediationRefuseInputSerializer(serializers.Serializer):
    refused_on = DateField(label="不予受理日期")
    reason = serializers.CharField(allow_blank=True, label="不予受理理由")


class MediationSessionInputSerializer(serializers.Serializer):
    held_on = DateField(label="调解日期")
    place = serializers.CharField(required=False, allow_blank=True, default="", label="地点")
    mediators = serializers.CharField(allow_blank=True, label="调解员")
    minutes = serializers.CharField(allow_blank=True, label="调解笔录")


class MediationCloseInputSerializer(serializers.Serializer):
    outcome = serializers.CharField(label="结果：agreed 达成协议 / withdrawn 撤回 / failed 调解不成")
    outcome_on = DateField(label="结案日期")
    terms = serializers.CharField(required=False, allow_blank=True, default="", label="协议内容")
    performance_due = DateField(required=False, allow_null=True, default=None, label="履行期限")
    note = serializers.CharField(required=False, allow_blank=True, default="", label="结案情况")


class MediationPerformanceInputSerializer(serializers.Serializer):
    performed = serializers.BooleanField(label="是否已履行")
    day = DateField(label="日期")
    note = serializers.CharField(required=False, allow_blank=True, default="", label="说明")


class MediationFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField(label="申请调解件数")
    accepted = serializers.IntegerField(label="受理件数（计划指标 mediation.cases）")
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_month = serializers.DictField(child=serializers.IntegerField())
    by_unit = serializers.ListField(child=serializers.DictField())
    broken_wage = serializers.IntegerField(label="劳动报酬协议未履行件数")
