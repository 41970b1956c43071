"""How rule sets, verdicts, expenses and benefits look in the API, and what the endpoints accept.

Input is plain text (amounts in yuan, dates as 2026-09-20, festivals by name) handed to the actions,
which give the same Chinese messages as the web pages.
"""
from rest_framework import serializers

from gonghui.core.api import DateField

from .catalogue import EXPENSE_KIND_CHOICES, ITEMS, Form
from .models import Benefit, Expense, Rule, RuleSet
from .rules import describe


class SpendingRuleSerializer(serializers.ModelSerializer):
    item = serializers.CharField(read_only=True, label="项目代码")
    kind = serializers.CharField(read_only=True, label="类别代码")
    item_label = serializers.CharField(source="get_item_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    shown = serializers.SerializerMethodField(label="标准（文字）")
    rule_set = serializers.CharField(source="rule_set.name", read_only=True, label="出自规则集")

    class Meta:
        model = Rule
        fields = ["item", "item_label", "kind", "kind_label", "amount", "count", "fraction", "values", "note",
                  "shown", "rule_set"]
        read_only_fields = fields

    def get_shown(self, rule) -> str:
        return describe(rule)


class RuleSetSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.code", read_only=True, allow_null=True, label="制定组织代码")
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True, label="制定组织")
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True, label="上级规则集")
    rules = serializers.SerializerMethodField(label="有效规则（含继承自上级规则集的）")

    class Meta:
        model = RuleSet
        fields = ["id", "name", "region", "source", "effective_from", "effective_to", "parent", "parent_name", "owner",
                  "owner_name", "note", "rules"]
        read_only_fields = fields

    def get_rules(self, rule_set) -> list[dict]:
        effective = self.context["effective"](rule_set)
        return SpendingRuleSerializer([r for code in ITEMS if (r := effective.get(code))], many=True).data


class RuleSetInputSerializer(serializers.Serializer):
    """The organisation's own set. ``rules``: {item code: value}, e.g. {"festival_total": "1800"}."""

    name = serializers.CharField(label="名称", max_length=60)
    effective_from = DateField(label="生效日期", required=False, allow_null=True)
    effective_to = DateField(label="失效日期", required=False, allow_null=True)
    source = serializers.CharField(label="依据文件", required=False, allow_blank=True, default="")
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")
    rules = serializers.DictField(label="各项标准", child=serializers.JSONField(), required=False, default=dict)


class RuleChoiceInputSerializer(serializers.Serializer):
    rule_set = serializers.IntegerField(label="规则集编号（空：不选用）", required=False, allow_null=True)


class RuleChoiceSerializer(serializers.Serializer):
    org = serializers.CharField()
    rule_set = serializers.IntegerField(allow_null=True)
    rule_set_name = serializers.CharField(allow_null=True)


class SpendingExpenseInputSerializer(serializers.Serializer):
    """An expense to check or record. Members by ``group`` (an organisation code of the union, all its
    members), ``member_nos`` (会员编号) or ``members`` (ids); any combination."""

    union = serializers.CharField(label="基层工会代码")
    kind = serializers.CharField(label="开支类型",
                                 help_text="、".join(f"{code}（{label}）" for code, label in EXPENSE_KIND_CHOICES))
    festival = serializers.CharField(label="节日", required=False, allow_blank=True, default="")
    group = serializers.CharField(label="发放范围（组织代码）", required=False, allow_blank=True, default="")
    member_nos = serializers.ListField(label="会员编号", child=serializers.CharField(), required=False, default=list)
    members = serializers.ListField(label="会员ID", child=serializers.IntegerField(), required=False, default=list)
    amount_per_person = serializers.CharField(label="每人金额（元）")
    date = DateField(label="发放日期")
    description = serializers.CharField(label="内容", required=False, allow_blank=True, default="")
    form = serializers.CharField(label="发放形式", default=Form.GOODS,
                                 help_text="、".join(f"{code}（{label}）" for code, label in Form.CHOICES))
    participants = serializers.IntegerField(label="参赛人数", required=False, allow_null=True, min_value=0)
    winners = serializers.IntegerField(label="获奖人数", required=False, allow_null=True, min_value=0)
    account = serializers.CharField(label="支出科目", required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(label="突破规则的理由", required=False, allow_blank=True, default="")
    submit_if_breached = serializers.BooleanField(label="超出规则时提交主席批准", required=False, default=False)


class SpendingBreachSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(allow_null=True)
    member_name = serializers.CharField(allow_blank=True)
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    cap = serializers.CharField(allow_null=True)
    already = serializers.CharField(allow_null=True)
    allowed_remaining = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    outcome = serializers.CharField(label="over 超出、no_limit 本级标准未规定该项限额、not_allowed 不允许")


class SpendingBasisSerializer(serializers.Serializer):
    item = serializers.CharField(label="规则项目代码")
    article = serializers.CharField(label="条款（规则项目）")
    limit = serializers.CharField(allow_null=True, label="限额；null 表示本级标准未规定")
    rule_set = serializers.CharField(label="规定该限额的规则集")
    source = serializers.CharField(allow_blank=True, label="依据文件")


class SpendingVerdictSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    outcome = serializers.CharField(label="结论：within 符合、over 超出、no_limit 未规定限额（须主席签批）、"
                                          "not_allowed 不允许、uncapped 该类开支不设每人限额")
    outcome_label = serializers.CharField()
    needs_sign_off = serializers.BooleanField(label="是否须工会主席签批")
    rule_set = serializers.CharField()
    rule_set_id = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(allow_blank=True, label="依据文件")
    article = serializers.CharField(allow_blank=True, label="条款（规则项目）")
    limit = serializers.CharField(allow_null=True, label="限额；null 表示本级标准未规定")
    head_count = serializers.IntegerField()
    festival = serializers.CharField(allow_blank=True)
    basis = SpendingBasisSerializer(many=True)
    breaches = SpendingBreachSerializer(many=True)
    budget = serializers.CharField(allow_null=True, label="预算提示")


class SpendingExpenseSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, label="开支类型代码")
    form = serializers.CharField(read_only=True, label="发放形式代码")
    status = serializers.CharField(read_only=True, label="状态：pending 待批准、recorded 已登记、rejected 已退回")
    union = serializers.CharField(source="union.code", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rule_set_name = serializers.CharField(source="rule_set.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    override_by = serializers.CharField(source="override_by.__str__", read_only=True, allow_null=True)
    breaches = serializers.ListField(child=serializers.DictField(), read_only=True)
    check_result = serializers.DictField(read_only=True, label="开支规则检查结果（结论、规则集、条款、限额）")

    class Meta:
        model = Expense
        fields = ["id", "union", "union_name", "kind", "kind_label", "festival", "date", "amount_per_person",
                  "head_count", "total", "description", "form", "participants", "winners", "account", "rule_set",
                  "rule_set_name", "status", "status_label", "breaches", "check_result", "override_reason",
                  "override_by", "decision_note", "voucher", "recorded_by", "created_at"]
        read_only_fields = fields


class SpendingBenefitSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, label="开支类型代码")
    form = serializers.CharField(read_only=True, label="发放形式代码")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Benefit
        fields = ["id", "member", "expense", "kind", "kind_label", "festival", "date", "amount", "description",
                  "form", "voucher"]
        read_only_fields = fields


class SpendingOverrideSerializer(serializers.Serializer):
    override_reason = serializers.CharField(label="突破规则的理由", allow_blank=True)


class SpendingRejectSerializer(serializers.Serializer):
    decision_note = serializers.CharField(label="退回原因", allow_blank=True, max_length=200)
