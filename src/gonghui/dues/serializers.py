"""How dues data looks in the API, and what the dues endpoints accept.

Per-member amounts (a line's dues, a wage base, a member's arrears) give the wage away, so they are
masked (``****``) unless the role may see wages at the union (``context["see_wage"]``); roll and group
totals are not. Input is raw text handed to ``dues.actions``, which answer with Chinese messages.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core import crypto
from gonghui.core.api import DateField

from . import months
from .models import (DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRemittance, DuesRoll,
                     Frequency, Source, WageBaseChange)


def _money(serializer, value):
    if value is None:
        return None
    return str(value) if serializer.context.get("see_wage") else crypto.mask_money(value)


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    """A month as 2026-03 out; in, anything ``months.parse_month`` reads (checked by the action)."""

    def to_representation(self, value):
        return months.iso(value) if value else None

    def to_internal_value(self, data):
        return str(data)


class DuesRollSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    month = MonthField(read_only=True, label="月份")
    period = serializers.CharField(source="period_label", read_only=True, label="期间")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    collection_rate = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True, allow_null=True,
                                               label="收缴率（按金额，%）")

    class Meta:
        model = DuesRoll
        fields = ["id", "union", "month", "months", "period", "status", "status_label", "rate", "group_share",
                  "heads", "due_heads", "exempt_heads", "paid_heads", "no_base_heads", "total_due", "total_paid",
                  "collection_rate", "run_at", "finalized_at"]
        read_only_fields = fields


class DuesItemSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True, label="会员编号")
    name = serializers.CharField(source="member.name", read_only=True, label="姓名")
    org = serializers.CharField(source="org.code", read_only=True, label="所在组织代码（生成时）")
    org_name = serializers.CharField(source="org.name", read_only=True, label="所在组织")
    amount = serializers.SerializerMethodField(label="应缴金额（元；无权查看工资时为****）")
    paid_amount = serializers.SerializerMethodField(label="实缴金额")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    exempt_reason_label = serializers.CharField(source="get_exempt_reason_display", read_only=True)
    line_label = serializers.CharField(read_only=True, label="明细说明：未缴、已缴、免缴（原因）、低于起缴基数、未登记缴费基数")
    batch = serializers.IntegerField(source="batch_id", read_only=True, allow_null=True)

    class Meta:
        model = DuesItem
        fields = ["id", "member", "member_no", "name", "org", "org_name", "amount", "status", "status_label",
                  "exempt_reason", "exempt_reason_label", "line_label", "paid_amount", "paid_at", "batch"]
        read_only_fields = fields

    def get_amount(self, item) -> str:
        return _money(self, item.amount)

    def get_paid_amount(self, item) -> str | None:
        return _money(self, item.paid_amount)


class DuesRateSerializer(serializers.Serializer):
    org = serializers.CharField(source="org.code", allow_null=True, default=None, label="组织代码（合计行为空）")
    org_name = serializers.CharField(source="org.name", allow_null=True, default=None)
    due = serializers.DecimalField(max_digits=14, decimal_places=2, label="应缴（元）")
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, label="已缴（元）")
    due_heads = serializers.IntegerField(label="应缴人次")
    paid_heads = serializers.IntegerField(label="已缴人次")
    exempt_heads = serializers.IntegerField(label="免缴人次")
    amount_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True, label="收缴率（按金额，%）")
    head_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True, label="收缴率（按人次，%）")


class DuesGroupsSerializer(serializers.Serializer):
    groups = DuesRateSerializer(many=True)
    total = DuesRateSerializer()


class DuesCollectionSerializer(serializers.Serializer):
    month = serializers.CharField()
    groups = DuesRateSerializer(many=True)
    total = DuesRateSerializer()
    year_to_date = DuesRateSerializer(many=True)
    year_total = DuesRateSerializer()


class DuesBatchSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    month = MonthField(read_only=True)
    source_ref = serializers.CharField(read_only=True, label="入账凭证来源标识")

    class Meta:
        model = DuesBatch
        fields = ["id", "union", "roll", "month", "batch_no", "file_name", "rows", "total", "mismatches",
                  "imported_at", "source_ref"]
        read_only_fields = fields


class DuesProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(label="Excel行号（0：整个文件）")
    column = serializers.CharField(label="列名")
    message = serializers.CharField()


class DuesBatchResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    paid = serializers.IntegerField()
    total = serializers.CharField()
    month = serializers.CharField(allow_null=True)
    batch = serializers.IntegerField(allow_null=True)
    duplicate = serializers.BooleanField(label="同一批次已导入过（未做任何更改）")
    dry_run = serializers.BooleanField()
    problems = DuesProblemSerializer(many=True)
    warnings = DuesProblemSerializer(many=True)


class DuesImportStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    status_url = serializers.URLField()


class DuesBatchImportSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    file = serializers.FileField(label="代扣名单（.xlsx 或 .csv）")
    batch_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=40, label="批次号")
    dry_run = serializers.BooleanField(required=False, default=False, label="只校验，不写入")


class DuesRunSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    month = serializers.CharField(label="月份，如 2026-03")


class DuesRunAllSerializer(serializers.Serializer):
    org = serializers.CharField(label="总工会代码")
    month = serializers.CharField(label="月份，如 2026-03")


class DuesPolicySerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    effective_from = MonthField(read_only=True)
    rate_percent = serializers.DecimalField(max_digits=7, decimal_places=3, read_only=True, label="比例（%）")

    class Meta:
        model = DuesPolicy
        fields = ["id", "union", "effective_from", "rate", "rate_percent", "frequency", "group_share", "note",
                  "created_at"]
        read_only_fields = fields


class DuesPolicyInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    effective_from = serializers.CharField(label="生效月份，如 2026-01")
    rate_percent = serializers.CharField(label="会费比例（%），全国标准 0.5")
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.MONTHLY)
    group_share = serializers.CharField(required=False, allow_blank=True, default="0",
                                        label="留给分工会/小组的比例（%）")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class DuesWageChangeSerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    effective_from = MonthField(read_only=True)
    wage_base = serializers.SerializerMethodField(label="缴费基数（无权查看工资时为****）")
    dues_amount = serializers.SerializerMethodField(label="月应缴会费")

    class Meta:
        model = WageBaseChange
        fields = ["id", "member", "member_no", "name", "effective_from", "wage_base", "rate", "dues_amount", "source",
                  "note", "created_at"]
        read_only_fields = fields

    def get_wage_base(self, change) -> str:
        return _money(self, change.wage_base)

    def get_dues_amount(self, change) -> str:
        return _money(self, change.dues_amount)


class DuesWageInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(label="会员编号（id）")
    wage_base = serializers.CharField(label="会费缴纳基数（元）")
    effective_from = serializers.CharField(label="生效月份")
    source = serializers.ChoiceField(choices=Source.choices, default=Source.MANUAL)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class DuesExemptionSerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    start_month = MonthField(read_only=True)
    end_month = MonthField(read_only=True)
    approved_by = serializers.CharField(source="approved_by.__str__", read_only=True)

    class Meta:
        model = DuesExemption
        fields = ["id", "member", "member_no", "name", "start_month", "end_month", "reason", "decision_no",
                  "approved_by", "created_at", "revoked_at", "revoke_note"]
        read_only_fields = fields


class DuesExemptionInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(label="会员id")
    start_month = serializers.CharField(label="起始月份")
    end_month = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                      label="截止月份（空：直到撤销）")
    reason = serializers.CharField(max_length=200, label="理由")
    decision_no = serializers.CharField(max_length=50, label="决定文号")


class DuesNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, allow_blank=True, label="说明")


class DuesArrearsSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    member_no = serializers.CharField(source="member.member_no")
    name = serializers.CharField(source="member.name")
    org_name = serializers.CharField(source="org.name")
    months = serializers.IntegerField(label="欠缴月数")
    amount = serializers.SerializerMethodField(label="欠缴金额（无权查看工资时为****）")
    first = DateField()
    last = DateField()

    def get_amount(self, row) -> str:
        return _money(self, row["amount"])


class DuesRemindInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    min_months = serializers.IntegerField(default=1, label="欠缴月数至少")


class DuesReminderSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    amount = serializers.SerializerMethodField()

    class Meta:
        model = DuesReminder
        fields = ["id", "member", "member_no", "name", "month", "unpaid_months", "amount", "sent_at"]
        read_only_fields = fields

    def get_amount(self, reminder) -> str:
        return _money(self, reminder.amount)


class DuesRemittanceSerializer(serializers.ModelSerializer):
    to_org = serializers.CharField(source="to_org.code", read_only=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True)

    class Meta:
        model = DuesRemittance
        fields = ["id", "roll", "to_org", "to_org_name", "amount", "paid_at", "note", "recorded_at"]
        read_only_fields = fields


class DuesRemittanceInputSerializer(serializers.Serializer):
    roll = serializers.IntegerField(label="会费表id")
    to_org = serializers.CharField(label="分工会或小组的组织代码")
    amount = serializers.CharField(label="金额（元）")
    paid_at = serializers.CharField(label="拨付日期")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class DuesSplitRowSerializer(serializers.Serializer):
    org = serializers.CharField(source="org.code")
    org_name = serializers.CharField(source="org.name")
    collected = serializers.DecimalField(max_digits=14, decimal_places=2, label="已收缴")
    owed = serializers.DecimalField(max_digits=14, decimal_places=2, label="应拨付")
    remitted = serializers.DecimalField(max_digits=14, decimal_places=2, label="已拨付")
    balance = serializers.DecimalField(max_digits=14, decimal_places=2, label="未拨付")


class DuesMineSerializer(serializers.Serializer):
    member_no = serializers.CharField()
    union = serializers.CharField()
    dues_monthly = serializers.CharField()
    owed = serializers.CharField()
    items = DuesItemSerializer(many=True)
    reminders = DuesReminderSerializer(many=True)
