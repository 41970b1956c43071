"""How plans, enrolments, claims and health checks look in the API, and what the endpoints accept.

Input is plain text (amounts in yuan, dates as 2026-10-08, organisations by code) handed to the actions,
which give the same Chinese messages as the web pages. A claim's medical description is in the output
only for CARE holders and the member themself.
"""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Claim, Enrolment, EnrolmentBatch, HealthCheckRound, HealthCheckSlot
from .models import MutualAidPlan, Payer, PlanKind


class AidPlanSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.code", read_only=True, label="制定组织代码")
    owner_name = serializers.CharField(source="owner.name", read_only=True, label="制定组织")
    kind = serializers.CharField(read_only=True, label="类别代码")
    payer = serializers.CharField(read_only=True, label="缴费方式代码")
    eligible_sex = serializers.CharField(read_only=True, label="性别限制（M/F，空为不限）")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    payer_label = serializers.CharField(source="get_payer_display", read_only=True)

    class Meta:
        model = MutualAidPlan
        fields = ["id", "owner", "owner_name", "name", "provider", "kind", "kind_label", "year", "coverage_start",
                  "coverage_end", "premium", "payer", "payer_label", "union_share", "eligible_sex",
                  "include_retained", "min_age", "max_age", "per_claim_limit", "yearly_limit", "note",
                  "renewed_from"]
        read_only_fields = fields


class AidPlanInputSerializer(serializers.Serializer):
    owner = serializers.CharField(label="制定组织代码（新建时）", required=False, allow_blank=True, default="")
    name = serializers.CharField(label="名称", max_length=80)
    provider = serializers.CharField(label="承办机构", required=False, allow_blank=True, default="")
    kind = serializers.CharField(label="类别：" + "、".join(f"{k} {v}" for k, v in PlanKind.choices))
    year = serializers.IntegerField(label="年度")
    coverage_start = DateField(label="保障起始日")
    coverage_end = DateField(label="保障终止日")
    premium = serializers.CharField(label="每人保费（元）")
    payer = serializers.CharField(label="缴费方式：union/member/split", required=False, default=Payer.UNION)
    union_share = serializers.CharField(label="工会每人承担（元，分担时）", required=False, allow_blank=True,
                                        default="")
    eligible_sex = serializers.CharField(label="性别限制：M/F，空为不限", required=False, allow_blank=True, default="")
    include_retained = serializers.BooleanField(label="保留会籍会员可参加", required=False, default=False)
    min_age = serializers.IntegerField(label="最低年龄", required=False, allow_null=True, default=None)
    max_age = serializers.IntegerField(label="最高年龄", required=False, allow_null=True, default=None)
    per_claim_limit = serializers.CharField(label="单次给付上限（元）")
    yearly_limit = serializers.CharField(label="年度累计给付上限（元）")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class AidEnrolInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="参保范围（基层工会、分工会或小组代码）")
    members = serializers.ListField(label="指定会员编号（id）；不填则范围内符合条件者全部参保",
                                    child=serializers.IntegerField(), required=False, allow_null=True,
                                    default=None)
    draft_voucher = serializers.BooleanField(label="同时生成保费记账凭证草稿", required=False, default=False)


class AidRenewInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="续保范围（组织代码）")
    draft_voucher = serializers.BooleanField(label="同时生成保费记账凭证草稿", required=False, default=False)


class AidBatchSerializer(serializers.ModelSerializer):
    plan_name = serializers.CharField(source="plan.__str__", read_only=True, label="计划")
    union = serializers.CharField(source="union.code", read_only=True)
    org = serializers.CharField(source="org.code", read_only=True)
    voucher = serializers.CharField(source="voucher.label", read_only=True, allow_null=True, label="凭证号")
    kind = serializers.CharField(read_only=True, label="方式：enrol/renew")

    class Meta:
        model = EnrolmentBatch
        fields = ["id", "plan", "plan_name", "union", "org", "kind", "date", "head_count", "skipped",
                  "premium_total", "union_total", "member_total", "voucher"]
        read_only_fields = fields


class AidEnrolmentSerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    org = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "plan", "member", "member_no", "member_name", "org", "batch", "premium", "union_pays",
                  "member_pays"]
        read_only_fields = fields


class AidClaimSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    org = serializers.CharField(source="org.code", read_only=True)
    status = serializers.CharField(read_only=True, label="状态代码")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    diagnosis = serializers.SerializerMethodField(label="病情及就医说明（仅经办人和本人可见）")

    class Meta:
        model = Claim
        fields = ["id", "plan", "enrolment", "member", "member_name", "org", "incident_date", "amount_claimed",
                  "amount_approved", "status", "status_label", "decision_note", "paid_on", "diagnosis"]
        read_only_fields = fields

    def get_diagnosis(self, claim) -> str | None:
        check = self.context.get("may_see_medical")
        return claim.diagnosis if check and check(claim) else None


class AidClaimInputSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(label="参保记录编号")
    amount = serializers.CharField(label="申请金额（元）")
    incident_date = DateField(label="就医（出险）日期")
    diagnosis = serializers.CharField(label="病情及就医说明", allow_blank=True)


class AidApproveInputSerializer(serializers.Serializer):
    amount_approved = serializers.CharField(label="核准金额（元，默认按申请金额）", required=False, allow_blank=True,
                                            default="")
    decision_note = serializers.CharField(label="审核意见", required=False, allow_blank=True, default="")


class AidRejectInputSerializer(serializers.Serializer):
    decision_note = serializers.CharField(label="不予核准的原因", allow_blank=True)


class AidPayInputSerializer(serializers.Serializer):
    paid_on = DateField(label="给付日期（默认今天）", required=False, allow_null=True, default=None)


class HealthCheckRoundSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)

    class Meta:
        model = HealthCheckRound
        fields = ["id", "union", "year", "name", "provider", "place", "start_date", "end_date", "note"]
        read_only_fields = fields


class HealthCheckRoundInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    name = serializers.CharField(label="名称", max_length=80)
    provider = serializers.CharField(label="体检机构", max_length=80)
    place = serializers.CharField(label="地点", required=False, allow_blank=True, default="")
    start_date = DateField(label="开始日期")
    end_date = DateField(label="结束日期")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class HealthCheckSlotSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = HealthCheckSlot
        fields = ["id", "round", "org", "org_name", "date", "start_time", "end_time", "note"]
        read_only_fields = fields


class HealthCheckSlotInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="分组（组织代码）")
    date = DateField(label="日期")
    start_time = serializers.CharField(label="开始时间（08:30）")
    end_time = serializers.CharField(label="结束时间", required=False, allow_blank=True, default="")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class AidAttendanceSerializer(serializers.Serializer):
    attended = serializers.ListField(label="到检会员编号（id），整份名单", child=serializers.IntegerField())


class AidParticipationSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    org = serializers.CharField()
    org_name = serializers.CharField()
    attended = serializers.IntegerField()
    roster = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class AidReminderSerializer(serializers.Serializer):
    renewals = serializers.ListField(child=serializers.DictField(), label="即将到期需续保的计划（60天内）")
    slots = serializers.ListField(child=serializers.DictField(), label="未来14天的体检时段")


class AidReadingSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    numerator = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)

