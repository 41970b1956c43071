"""How the books look in the API, and what the ledger endpoints accept.

Amounts go out as strings with two decimals (never floats) and come in as text, parsed by the
actions with ``core.parsing.parse_money`` so the messages match the web form ("第2行 借方金额: …").
"""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Account, Attachment, Period, Voucher, VoucherLine


class LedgerAccountSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True, label="上级科目编码")
    kind = serializers.CharField(read_only=True, label="类别：asset、liability、net_asset、income、expense")
    normal_balance = serializers.CharField(read_only=True, label="余额方向：debit、credit")

    class Meta:
        model = Account
        fields = ["code", "name", "kind", "normal_balance", "parent", "leaf", "active", "chart"]


class VoucherLineSerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="account.code", read_only=True, label="科目编码")
    account_name = serializers.CharField(source="account.name", read_only=True, label="科目名称")
    debit = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True)
    credit = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True, allow_null=True, label="会员编号（id）")
    member_name = serializers.CharField(source="member.name", read_only=True, allow_null=True, label="会员")
    org = serializers.CharField(source="org.code", read_only=True, allow_null=True, label="部门代码")

    class Meta:
        model = VoucherLine
        fields = ["line_no", "account", "account_name", "debit", "credit", "memo", "member", "member_name", "org"]


class VoucherAttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.name", read_only=True, allow_null=True)

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_by", "uploaded_at"]


def _name(user):
    return user.name if user else None


class VoucherSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, label="凭证号，如 记-2026-0001")
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    status = serializers.CharField(read_only=True, label="状态：draft、reviewed、approved、posted")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    total_debit = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True)
    total_credit = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True)
    prepared_by = serializers.CharField(source="prepared_by.name", read_only=True, allow_null=True)
    reviewed_by = serializers.CharField(source="reviewed_by.name", read_only=True, allow_null=True)
    approved_by = serializers.CharField(source="approved_by.name", read_only=True, allow_null=True)
    posted_by = serializers.CharField(source="posted_by.name", read_only=True, allow_null=True)
    reverses = serializers.IntegerField(source="reverses_id", read_only=True, allow_null=True)

    class Meta:
        model = Voucher
        fields = ["id", "label", "union", "year", "number", "date", "summary", "status", "status_label",
                  "total_debit", "total_credit", "source", "source_ref", "category", "override_reason",
                  "reverses", "prepared_by", "prepared_at", "reviewed_by", "reviewed_at", "approved_by",
                  "approved_at", "posted_by", "posted_at"]


class VoucherDetailSerializer(VoucherSerializer):
    lines = VoucherLineSerializer(many=True, read_only=True)
    attachments = VoucherAttachmentSerializer(many=True, read_only=True)

    class Meta(VoucherSerializer.Meta):
        fields = VoucherSerializer.Meta.fields + ["lines", "attachments"]


class VoucherLineInputSerializer(serializers.Serializer):
    account = serializers.CharField(label="科目编码", allow_blank=True)
    debit = serializers.CharField(label="借方金额（元）", required=False, allow_blank=True, allow_null=True)
    credit = serializers.CharField(label="贷方金额（元）", required=False, allow_blank=True, allow_null=True)
    memo = serializers.CharField(label="摘要", required=False, allow_blank=True, default="")
    member = serializers.IntegerField(label="会员id（明细账按会员）", required=False, allow_null=True)
    org = serializers.CharField(label="部门代码（明细账按部门）", required=False, allow_blank=True, allow_null=True)


class VoucherInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码（新建时）", required=False)
    date = DateField(label="日期", required=False)
    summary = serializers.CharField(label="摘要", required=False, allow_blank=True)
    category = serializers.CharField(label="支出类别（支出科目编码）", required=False, allow_blank=True)
    lines = VoucherLineInputSerializer(many=True, required=False)


class VoucherReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="原因", allow_blank=True)


class VoucherReverseSerializer(serializers.Serializer):
    date = DateField(label="冲销日期")
    reason = serializers.CharField(label="冲销原因", allow_blank=True)


class VoucherAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="原始凭证扫描件（PDF、OFD或图片，不超过10MB）")


class LedgerPeriodSerializer(serializers.ModelSerializer):
    closed_by = serializers.CharField(source="closed_by.name", read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, label="状态：open、closed")

    class Meta:
        model = Period
        fields = ["year", "month", "status", "closed_by", "closed_at"]


class LedgerPeriodInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    month = serializers.CharField(label="月份，如 2026-03")
    reason = serializers.CharField(label="原因（反结账必填）", required=False, allow_blank=True, default="")


class LedgerStatementSerializer(serializers.Serializer):
    """A statement as its printed table: title, unit, period, headers and rows (money as strings)."""

    title = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_null=True)))
    balanced = serializers.BooleanField(allow_null=True, required=False)
