"""How care records look in the API, and what the endpoints accept (plain text handed to the actions)."""
from rest_framework import serializers

from gonghui.core.api import DateField
from gonghui.spending.catalogue import Form

from .models import Distribution, DistributionRow, HardshipFile, HardshipHelp, PovertyLine, SurveyAnswer, Visit

FORMS = [c[0] for c in Form.CHOICES]


class CodeField(serializers.CharField):
    """A choice shown as its plain code: care's choices are not published as schema enums (their names
    — status, kind, source — would collide with other apps' enums)."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class CareModelSerializer(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class CareVisitSerializer(CareModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    org = serializers.CharField(source="org.code", read_only=True, label="所在组织代码")
    expense_status = serializers.CharField(source="expense.status", read_only=True, allow_null=True,
                                           label="开支状态")

    class Meta:
        model = Visit
        fields = ["id", "member", "member_name", "org", "occasion", "occasion_name", "must_visit", "date",
                  "visitors", "gift", "amount", "form", "expense", "expense_status", "note"]
        read_only_fields = fields


class CareVisitInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员", help_text="会员编号，或能确定一人的姓名/拼音")
    occasion = serializers.CharField(label="事由代码（见 occasions）")
    date = DateField(label="走访日期")
    visitors = serializers.CharField(label="走访人", allow_blank=True)
    gift = serializers.CharField(label="慰问品或慰问金", required=False, allow_blank=True, default="")
    amount = serializers.CharField(label="金额（元）", required=False, allow_blank=True, default="")
    form = serializers.CharField(required=False, default=Form.CASH, label="发放形式")
    note = serializers.CharField(label="情况记录", required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(label="突破规则的理由（主席）", required=False, allow_blank=True, default="")


class CareOccasionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    expense_kind = serializers.CharField(label="开支类型")
    must_visit = serializers.BooleanField(label="五必访")
    active = serializers.BooleanField()
    custom = serializers.BooleanField(label="本单位增设")


class CareOccasionInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    code = serializers.CharField(required=False, allow_blank=True, default="", label="事由代码（留空为增设）")
    name = serializers.CharField(label="名称")
    expense_kind = serializers.CharField(label="开支类型")
    must_visit = serializers.BooleanField(required=False, default=False)
    active = serializers.BooleanField(required=False, default=True)


class CareFileSerializer(CareModelSerializer):
    """Category and status for everyone in scope; details only with SEE_HARDSHIP (else null)."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    org = serializers.CharField(source="org.code", read_only=True)
    details = serializers.SerializerMethodField(label="家庭收支、原因与帮扶计划（仅有权限者可见）")
    evidence_count = serializers.SerializerMethodField()

    class Meta:
        model = HardshipFile
        fields = ["id", "member", "member_name", "org", "status", "category", "household_size", "submitted_at",
                  "verified_on", "next_verification", "exited_on", "exit_reason", "evidence_count", "details"]
        read_only_fields = fields

    def get_evidence_count(self, f) -> int:
        return f.evidence.count()

    def get_details(self, f) -> dict | None:
        if not self.context.get("clear", lambda f: False)(f):
            return None
        return {"household": f.household, "household_income": str(f.household_income),
                "essential_spending": str(f.essential_spending),
                "crisis_costs": None if f.crisis_costs is None else str(f.crisis_costs),
                "per_capita": None if f.per_capita is None else str(f.per_capita), "disaster": f.disaster,
                "poverty_line": None if f.poverty_line is None else str(f.poverty_line), "cause": f.cause,
                "plan": f.plan}


class CareFiguresInputSerializer(serializers.Serializer):
    household_size = serializers.CharField(label="家庭人口")
    household = serializers.CharField(required=False, allow_blank=True, default="", label="家庭成员情况")
    household_income = serializers.CharField(label="家庭年可支配收入（元）", allow_blank=True)
    essential_spending = serializers.CharField(label="年刚性支出（元）", allow_blank=True)
    crisis_costs = serializers.CharField(required=False, allow_blank=True, default="", label="年突发支出（元）")
    disaster = serializers.BooleanField(required=False, default=False, label="遭遇灾害或因公致困")
    cause = serializers.CharField(label="致困原因", allow_blank=True)
    plan = serializers.CharField(required=False, allow_blank=True, default="", label="帮扶计划")


class CareFileInputSerializer(CareFiguresInputSerializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员", help_text="会员编号，或能确定一人的姓名/拼音")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     label="证明材料（multipart）")
    submit = serializers.BooleanField(required=False, default=False, label="同时提交建档")


class CareReverifyInputSerializer(CareFiguresInputSerializer):
    verified_on = DateField(label="核实日期")


class CareEvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField(label="证明材料（PDF、OFD或图片，不超过10MB）")


class CareExitInputSerializer(serializers.Serializer):
    reason = serializers.CharField(label="退出原因", allow_blank=True)
    date = DateField(label="退出日期", required=False)


class CareHelpSerializer(CareModelSerializer):
    class Meta:
        model = HardshipHelp
        fields = ["id", "date", "kind", "amount", "description", "expense"]
        read_only_fields = fields


class CareHelpInputSerializer(serializers.Serializer):
    date = DateField(label="日期")
    kind = serializers.CharField(label="帮扶方式")
    description = serializers.CharField(label="帮扶内容", allow_blank=True)
    amount = serializers.CharField(label="金额（元）", required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CareRowSerializer(CareModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    signed_by_name = serializers.CharField(source="signed_by.name", read_only=True, allow_null=True)

    class Meta:
        model = DistributionRow
        fields = ["id", "distribution", "member", "member_name", "signed_as", "signed_by_name", "signed_at"]
        read_only_fields = fields


class CareDistributionSerializer(CareModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)

    class Meta:
        model = Distribution
        fields = ["id", "union", "kind", "festival", "year", "month", "date", "description", "amount_per_person",
                  "head_count", "expense"]
        read_only_fields = fields


class CareDistributionInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    kind = serializers.CharField(label="类型")
    festival = serializers.CharField(required=False, allow_blank=True, default="", label="节日")
    month = serializers.IntegerField(required=False, allow_null=True, default=None, label="生日月份")
    date = DateField(label="发放日期")
    description = serializers.CharField(label="物品", allow_blank=True)
    amount_per_person = serializers.CharField(label="每人金额（元）")
    form = serializers.CharField(required=False, default=Form.GOODS)
    group = serializers.CharField(required=False, allow_blank=True, default="", label="发放范围（组织代码）")
    member_nos = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                       label="会员编号")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CareAnswerSerializer(CareModelSerializer):
    class Meta:
        model = SurveyAnswer
        fields = ["id", "member", "visit", "help", "answer", "comment", "source", "answered_on"]
        read_only_fields = fields


class CareAnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(label="满意度",
                                     help_text="satisfied 满意 / basic 基本满意 / dissatisfied 不满意")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CarePovertyLineSerializer(CareModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = PovertyLine
        fields = ["id", "org", "amount", "effective_from", "effective_to", "source"]
        read_only_fields = fields


class CarePovertyLineInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="组织代码")
    amount = serializers.CharField(label="低保标准（元/人·月）")
    effective_from = DateField(label="生效日期")
    source = serializers.CharField(required=False, allow_blank=True, default="")


class CareFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.IntegerField()
    visits = serializers.IntegerField(label="走访慰问人次")
    women = serializers.IntegerField(label="其中女职工人次")
    by_occasion = serializers.DictField(child=serializers.IntegerField())
    people_reached = serializers.IntegerField()
    money_spent = serializers.DictField(child=serializers.CharField())
    satisfaction_rate = serializers.CharField(allow_null=True, label="满意率（%）=（满意+基本满意）÷回访份数")
    answers = serializers.IntegerField()
    hardship_files = serializers.DictField(child=serializers.IntegerField())


class CareRemindersSerializer(serializers.Serializer):
    birthdays = serializers.ListField(child=serializers.DictField())
    reverifications = serializers.ListField(child=serializers.DictField())


class CareHistorySerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    visits = CareVisitSerializer(many=True)
    benefits = serializers.ListField(child=serializers.DictField())
    greetings = CareRowSerializer(many=True)
    files = serializers.ListField(child=serializers.DictField())
    answers = CareAnswerSerializer(many=True)
