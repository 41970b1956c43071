"""REST representations of funds and budgets. Inputs are raw text (amounts in yuan, periods as
2026-03 / 2026-Q1, percentages as numbers): ``funds.actions`` parses them with the same Chinese
messages as the web forms."""
from rest_framework import serializers

from .models import Allocation, AllocationRate, Budget, BudgetLine, BudgetRevision, FundsEntry, SetupReserve, SplitRule


def _text(label, **kwargs):
    return serializers.CharField(label=label, required=kwargs.pop("required", True), allow_blank=True,
                                 trim_whitespace=True, **kwargs)


class FundsEntrySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, label="类型：receipt、remittance、refund")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = FundsEntry
        fields = ["id", "kind", "kind_label", "date", "amount", "source_ref", "note", "recorded_at"]
        read_only_fields = fields


class AllocationSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    period = serializers.CharField(source="period_label", read_only=True, label="所属期间")
    collection = serializers.CharField(read_only=True, label="收缴方式：direct、tax")
    status = serializers.CharField(read_only=True, label="状态：pending、partial、received、settled")
    collection_label = serializers.CharField(source="get_collection_display", read_only=True)
    status_label = serializers.CharField(read_only=True, label="状态")
    split_rule = serializers.CharField(source="split_rule.__str__", read_only=True, label="分成表")
    entries = FundsEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "union", "union_name", "period", "period_start", "period_end", "payroll_total", "rate",
                  "amount", "grassroots_rate", "grassroots_amount", "upward_amount", "collection",
                  "collection_label", "split_rule", "status", "status_label", "received_on", "note", "voided_at",
                  "void_reason", "entries", "created_at"]
        read_only_fields = fields


class AllocationInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    period = serializers.CharField(label="所属期间（2026-03 或 2026-Q1）")
    payroll_total = _text("工资总额（元）")
    collection = serializers.CharField(label="收缴方式：direct（行政直接拨缴）或 tax（税务代收）")
    note = _text("备注", required=False, default="", max_length=200)


class EntryInputSerializer(serializers.Serializer):
    date = _text("日期")
    amount = _text("金额（元；上解不填即全部尚欠金额）", required=False, default="")
    note = _text("备注", required=False, default="", max_length=200)


class ReasonSerializer(serializers.Serializer):
    reason = _text("原因", max_length=500)


class RateSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, default=None, label="基层工会代码（空为全国默认）")

    class Meta:
        model = AllocationRate
        fields = ["id", "union", "effective_from", "rate", "source", "created_at"]
        read_only_fields = fields


class RateInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    effective_from = _text("起始日期")
    rate = _text("拨缴比例（%）")
    source = _text("依据", required=False, default="", max_length=200)


class ShareSerializer(serializers.Serializer):
    level = serializers.CharField(label="层级：town、county、city、province、national、upper")
    share = serializers.CharField(label="比例（占全部经费的%）")


class SplitRuleSerializer(serializers.ModelSerializer):
    federation = serializers.CharField(source="federation.code", read_only=True, default=None,
                                       label="总工会代码（空为全国默认）")
    federation_name = serializers.CharField(source="federation.name", read_only=True, default=None)
    shares = serializers.SerializerMethodField()

    class Meta:
        model = SplitRule
        fields = ["id", "federation", "federation_name", "effective_from", "grassroots_share", "shares", "source",
                  "note", "created_at"]
        read_only_fields = fields

    def get_shares(self, rule) -> list[dict]:
        return [{"level": s.level, "label": s.get_level_display(), "share": str(s.share)} for s in rule.shares.all()]


class SplitRuleInputSerializer(serializers.Serializer):
    federation = _text("总工会代码（空为全国默认，仅系统管理员）", required=False, default="")
    effective_from = _text("起始日期")
    grassroots_share = _text("基层工会留成（%）")
    shares = ShareSerializer(many=True, label="上解部分各级比例")
    source = _text("依据文件", required=False, default="", max_length=200)
    note = _text("说明", required=False, default="", max_length=200)


class ReserveSerializer(serializers.ModelSerializer):
    federation = serializers.CharField(source="federation.code", read_only=True)
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    returned_to = serializers.CharField(source="returned_to.code", read_only=True, default=None)
    status = serializers.CharField(read_only=True, label="状态：held、returned")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SetupReserve
        fields = ["id", "federation", "federation_name", "employer_name", "employer_uscc", "period_start",
                  "period_end", "payroll_total", "rate", "amount", "received_on", "status", "status_label",
                  "returned_to", "returned_on", "note"]
        read_only_fields = fields


class ReserveInputSerializer(serializers.Serializer):
    federation = serializers.CharField(label="代管的总工会代码")
    employer_name = _text("单位名称", max_length=100)
    employer_uscc = _text("统一社会信用代码", required=False, default="", max_length=18)
    period = _text("所属期间（2026-03 或 2026-Q1）")
    payroll_total = _text("工资总额（元）")
    received_on = _text("收到日期")
    note = _text("备注", required=False, default="", max_length=200)


class ReturnInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="新成立的基层工会代码")
    date = _text("返还日期")
    note = _text("备注", required=False, default="", max_length=200)


class BudgetLineSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, label="收支：income、expense")

    class Meta:
        model = BudgetLine
        fields = ["kind", "account_code", "account_name", "amount", "approved_amount", "note"]
        read_only_fields = fields


class BudgetRevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.__str__", read_only=True, default=None)

    class Meta:
        model = BudgetRevision
        fields = ["version", "reason", "changes", "created_by", "created_at"]
        read_only_fields = fields


class BudgetSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    status = serializers.CharField(read_only=True, label="状态：draft、submitted、approved")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    prepared_by = serializers.CharField(source="prepared_by.__str__", read_only=True, default=None)
    approved_by = serializers.CharField(source="approved_by.__str__", read_only=True, default=None)
    lines = BudgetLineSerializer(many=True, read_only=True)
    revisions = BudgetRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "union", "union_name", "year", "status", "status_label", "version", "approved_version",
                  "note", "prepared_by", "prepared_at", "approved_by", "approved_at", "lines", "revisions"]
        read_only_fields = fields


class BudgetLineInputSerializer(serializers.Serializer):
    account = serializers.CharField(label="科目编码（支出 501…510 及明细，收入 401…408）")
    amount = serializers.CharField(label="预算金额（元）")
    kind = serializers.CharField(label="income 或 expense（默认按科目）", required=False, default="", allow_blank=True)
    note = _text("说明", required=False, default="", max_length=200)


class BudgetInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    year = serializers.CharField(label="年度")
    lines = BudgetLineInputSerializer(many=True, label="预算项目")
    note = _text("说明", required=False, default="", max_length=200)


class BudgetUpdateSerializer(serializers.Serializer):
    lines = BudgetLineInputSerializer(many=True, label="预算项目（全部）")
    note = _text("说明", required=False, default=None, allow_null=True, max_length=200)


class BudgetAdjustSerializer(serializers.Serializer):
    lines = BudgetLineInputSerializer(many=True, label="调整后的预算项目（全部）")
    reason = _text("调整原因", max_length=500)


class CategoryStatusSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, label="批准预算")
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, label="已执行（含 extra）")
    ratio = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True, label="执行率")
    level = serializers.CharField(label="预警级别：ok、amber（≥80%）、red（≥100%）、none（无批准预算）")
    label = serializers.CharField(label="预警说明")


class ExecutionRowSerializer(serializers.Serializer):
    kind = serializers.CharField(source="line.kind")
    account_code = serializers.CharField(source="line.account_code")
    account_name = serializers.CharField(source="line.account_name")
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    ratio = serializers.DecimalField(source="status.ratio", max_digits=10, decimal_places=4, allow_null=True)
    level = serializers.CharField(source="status.level")
