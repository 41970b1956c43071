"""How reviews, findings and disclosures look in the API, and what its endpoints accept.

Input is taken as text (months as 2026-01, money in yuan) and handed to ``finaudit.actions``, whose
Chinese messages come back as 400 ``{field: [message]}``.
"""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import AuditReview, Disclosure, DisclosureSetting, Finding


def _month(value):
    return f"{value.year}-{value.month:02d}"


class FindingSerializer(serializers.ModelSerializer):
    review = serializers.IntegerField(source="review_id", read_only=True)
    area_label = serializers.CharField(source="get_area_display", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    rectified_by = serializers.CharField(source="rectified_by.__str__", read_only=True, default=None)
    verified_by = serializers.CharField(source="verified_by.__str__", read_only=True, default=None)
    settled = serializers.BooleanField(read_only=True, label="已了结（无需整改，或已整改并经核实）")

    class Meta:
        model = Finding
        fields = ["id", "review", "area", "area_label", "description", "severity", "severity_label", "amount",
                  "rectification_required", "recorded_by", "recorded_at", "rectification_note", "rectified_by",
                  "rectified_at", "verified_by", "verified_at", "settled"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    start = serializers.SerializerMethodField(label="开始月份（YYYY-MM）")
    end = serializers.SerializerMethodField(label="结束月份（YYYY-MM）")
    period_label = serializers.CharField(read_only=True, label="审查期间")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    areas = serializers.ListField(child=serializers.CharField(), read_only=True,
                                  label="审查范围（budget/income/spending/assets/special_funds）")
    status = serializers.CharField(read_only=True, label="状态：open 审查中 / findings 已提出问题 / "
                                   "rectifying 整改中 / signed 已签署")
    auditors = serializers.SerializerMethodField(label="审查人员（登录名）")
    opened_by = serializers.CharField(source="opened_by.__str__", read_only=True)
    signed_by = serializers.CharField(source="signed_by.__str__", read_only=True, default=None)

    class Meta:
        model = AuditReview
        fields = ["id", "union", "union_name", "start", "end", "period_label", "areas", "status", "status_label",
                  "auditors", "opened_by", "opened_at", "opinion", "with_reservations", "reservation_reason",
                  "signed_by", "signed_at"]
        read_only_fields = fields

    @extend_schema_field(str)
    def get_start(self, review):
        return _month(review.start)

    @extend_schema_field(str)
    def get_end(self, review):
        return _month(review.end)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_auditors(self, review):
        return [u.username for u in review.auditors.all()]


class ReviewDetailSerializer(ReviewSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta(ReviewSerializer.Meta):
        fields = ReviewSerializer.Meta.fields + ["findings"]
        read_only_fields = fields


class ReviewInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    start = serializers.CharField(label="开始月份（2026-01）")
    end = serializers.CharField(label="结束月份（2026-06）")
    areas = serializers.ListField(child=serializers.CharField(), label="审查范围（budget/income/spending/assets/"
                                  "special_funds）", allow_empty=True)
    auditors = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                     label="审查人员登录名（默认本人）")


class FindingInputSerializer(serializers.Serializer):
    area = serializers.CharField(label="所属方面")
    description = serializers.CharField(label="问题描述", allow_blank=True)
    severity = serializers.CharField(label="严重程度（minor/serious/grave）", required=False,
                                     default=Finding.Severity.MINOR)
    amount = serializers.CharField(label="涉及金额（元）", required=False, allow_blank=True, allow_null=True,
                                   default=None)
    rectification_required = serializers.BooleanField(label="需要整改", required=False, default=True)


class RectifyInputSerializer(serializers.Serializer):
    rectification_note = serializers.CharField(label="整改情况", allow_blank=True)


class SignOffInputSerializer(serializers.Serializer):
    opinion = serializers.CharField(label="审查意见", allow_blank=True)
    with_reservations = serializers.BooleanField(label="保留意见", required=False, default=False)
    reservation_reason = serializers.CharField(label="保留意见理由", required=False, allow_blank=True, default="")


class FiguresSerializer(serializers.Serializer):
    dues = serializers.DecimalField(max_digits=14, decimal_places=2, label="会费收入")
    funds = serializers.DecimalField(max_digits=14, decimal_places=2, label="拨缴经费及上级补助收入")
    other_income = serializers.DecimalField(max_digits=14, decimal_places=2, label="其他收入")
    income_total = serializers.DecimalField(max_digits=14, decimal_places=2, label="收入合计")
    spending = serializers.ListField(child=serializers.DictField(child=serializers.CharField()),
                                     label="支出按类别：code, name, amount")
    spending_total = serializers.DecimalField(max_digits=14, decimal_places=2, label="支出合计")
    balance = serializers.DecimalField(max_digits=14, decimal_places=2, label="本期收支结余")
    cash_and_bank = serializers.DecimalField(max_digits=14, decimal_places=2, label="期末库存现金及银行存款")


class DisclosureSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    start = serializers.SerializerMethodField(label="开始月份（YYYY-MM）")
    end = serializers.SerializerMethodField(label="结束月份（YYYY-MM）")
    period_label = serializers.CharField(read_only=True, label="公开期间")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    status = serializers.CharField(read_only=True, label="状态：draft 草稿 / published 已公开")
    published_by = serializers.CharField(source="published_by.__str__", read_only=True, default=None)
    figures = serializers.SerializerMethodField(label="公开数据（公开时固定；草稿为当前账目的预览，列表中为空）")

    class Meta:
        model = Disclosure
        fields = ["id", "union", "union_name", "start", "end", "period_label", "title", "note", "status",
                  "status_label", "published_by", "published_at", "figures"]
        read_only_fields = fields

    @extend_schema_field(str)
    def get_start(self, d):
        return _month(d.start)

    @extend_schema_field(str)
    def get_end(self, d):
        return _month(d.end)

    @extend_schema_field(FiguresSerializer(allow_null=True))
    def get_figures(self, d):
        preview = self.context.get("preview")
        if d.published:
            return d.figures
        if preview is not None and preview[0] == d.pk:
            return preview[1]
        return None


class DisclosureInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码（新建时必填）", required=False, allow_blank=True)
    start = serializers.CharField(label="开始月份（2026-01）")
    end = serializers.CharField(label="结束月份（2026-06）")
    title = serializers.CharField(label="标题（留空自动生成）", required=False, allow_blank=True, default="")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class IntervalSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码")
    interval_months = serializers.ChoiceField(choices=DisclosureSetting.Interval.choices,
                                              label="公开周期（月）：3、6或12")


class MonthAmountSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    income = serializers.DecimalField(max_digits=14, decimal_places=2)
    expense = serializers.DecimalField(max_digits=14, decimal_places=2)


class LineSerializer(serializers.Serializer):
    code = serializers.CharField(label="科目编码")
    name = serializers.CharField(label="科目名称")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    level = serializers.IntegerField(label="0：一级科目，1：明细科目")


class OverviewSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    union_name = serializers.CharField(label="基层工会")
    year = serializers.IntegerField()
    income_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    expense_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    surplus = serializers.DecimalField(max_digits=14, decimal_places=2)
    months = MonthAmountSerializer(many=True)
    income = LineSerializer(many=True)
    expense = LineSerializer(many=True)
    budget = serializers.ListField(child=serializers.DictField(), allow_null=True,
                                   label="预算执行（无已批准预算时为null）")
    dues = serializers.ListField(child=serializers.DictField(), allow_null=True, label="会费收缴率（按小组）")
    checks = serializers.DictField(label="核对：各状态凭证、负余额科目、借贷不平的月份、是否未选用省级开支标准、计算依据")


class PublicationSerializer(serializers.Serializer):
    notice = serializers.IntegerField(label="公开栏通知")
    title = serializers.CharField()
    disclosed_on = serializers.DateField(label="公开日期")
    disclosure = serializers.IntegerField(allow_null=True, label="财务公开（固定数据）；直接在公开栏发布的为null")
