"""How suggestions look in the API, and what the endpoints accept (plain text handed to the actions)."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Author, Evaluation, Suggestion


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class SuggestionAuthorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)

    class Meta:
        model = Author
        fields = ["name", "member_no", "lead"]
        read_only_fields = fields


class SuggestionEvaluationSerializer(serializers.ModelSerializer):
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["evaluator", "grade", "score", "comment", "evaluated_on"]
        read_only_fields = fields


class SuggestionSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    org = serializers.CharField(source="org.code", read_only=True, label="第一提出人所在组织代码")
    authors = SuggestionAuthorSerializer(many=True, read_only=True)
    evaluations = SuggestionEvaluationSerializer(many=True, read_only=True)
    benefit = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    reward_per_person = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True)
    reward_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    reward_expense = serializers.IntegerField(source="reward_expense_id", read_only=True, allow_null=True,
                                              label="开支记录编号")

    class Meta:
        model = Suggestion
        fields = ["id", "union", "org", "number", "kind", "title", "problem", "proposal", "expected_benefit", "team",
                  "submitted_on", "status", "grade", "decided_on", "decision_reason", "implementer", "assigned_on",
                  "implement_by", "implemented_on", "benefit", "benefit_evidence", "benefit_reference", "benefit_on",
                  "reward_per_person", "reward_total", "rewarded_on", "reward_expense", "authors", "evaluations"]
        read_only_fields = fields


class SuggestionSubmitInputSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, label="类别：rationalisation / small_change / innovation / other")
    title = serializers.CharField(allow_blank=True, label="题目")
    problem = serializers.CharField(required=False, allow_blank=True, default="", label="存在问题")
    proposal = serializers.CharField(allow_blank=True, label="建议内容")
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="", label="预期效益")
    coauthors = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                      label="共同提出人会员编号（本工会会员）")


class SuggestionOfficerSubmitInputSerializer(SuggestionSubmitInputSerializer):
    union = serializers.CharField(label="基层工会代码")
    lead = serializers.CharField(allow_blank=True, label="第一提出人会员编号")
    submitted_on = DateField(required=False, allow_null=True, default=None, label="提出日期")


class SuggestionEvaluateInputSerializer(serializers.Serializer):
    grade = serializers.CharField(allow_blank=True, label="评审等级")
    score = serializers.CharField(allow_blank=True, label="评分（0—100）")
    comment = serializers.CharField(required=False, allow_blank=True, default="", label="评审意见")


class SuggestionDecideInputSerializer(serializers.Serializer):
    adopted = serializers.BooleanField(label="是否采纳")
    grade = serializers.CharField(required=False, allow_blank=True, default="", label="评定等级（采纳时）")
    reason = serializers.CharField(required=False, allow_blank=True, default="", label="评定意见（不采纳须写明理由）")
    decided_on = DateField(required=False, allow_null=True, default=None, label="评定日期")


class SuggestionAssignInputSerializer(serializers.Serializer):
    implementer = serializers.CharField(allow_blank=True, label="实施责任人（部门）")
    assigned_on = DateField(required=False, allow_null=True, default=None, label="落实日期")
    implement_by = DateField(required=False, allow_null=True, default=None, label="计划完成日期")


class SuggestionCompleteInputSerializer(serializers.Serializer):
    implemented_on = DateField(label="实施完成日期")


class SuggestionBenefitInputSerializer(serializers.Serializer):
    amount = serializers.CharField(allow_blank=True, label="实测效益（元）")
    evidence = serializers.CharField(allow_blank=True, label="效益测算依据")
    reference = serializers.CharField(required=False, allow_blank=True, default="", label="证明材料（文件名或编号）")
    measured_on = DateField(required=False, allow_null=True, default=None, label="效益测算日期")


class SuggestionRewardInputSerializer(serializers.Serializer):
    amount_per_person = serializers.CharField(allow_blank=True, label="每人奖励金额（元）")
    paid_on = DateField(required=False, allow_null=True, default=None, label="奖励日期")
    form = serializers.CharField(required=False, default="cash", label="发放形式：cash 现金 / goods 实物")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                            label="突破开支标准的理由（工会主席签批）")


class SuggestionTargetInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    year = serializers.CharField(label="年度")
    per_person = serializers.CharField(allow_blank=True, label="每人每年条数")
    per_group = serializers.CharField(allow_blank=True, label="每个班组每年条数")
    per_branch = serializers.CharField(allow_blank=True, label="每个车间（分会）每年条数")


class SuggestionGradeRowSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, label="等级")
    adopts = serializers.BooleanField(label="采纳")


class SuggestionGradesInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    grades = SuggestionGradeRowSerializer(many=True, label="评审等级（从高到低）")


class SuggestionGradesSerializer(serializers.Serializer):
    union = serializers.CharField()
    own = serializers.BooleanField(label="本工会自定（否则为默认等级）")
    grades = SuggestionGradeRowSerializer(many=True)


class SuggestionProgressSerializer(serializers.Serializer):
    union = serializers.CharField()
    year = serializers.IntegerField()
    target = serializers.DictField(allow_null=True, label="目标：per_person / per_group / per_branch")
    people_total = serializers.IntegerField()
    people_behind = serializers.IntegerField()
    people = serializers.ListField(child=serializers.DictField(), label="个人（条数从少到多）")
    groups = serializers.ListField(child=serializers.DictField(), label="班组")
    branches = serializers.ListField(child=serializers.DictField(), label="车间（分会）")


class SuggestionFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    submitted = serializers.IntegerField()
    adopted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    implemented = serializers.IntegerField()
    team = serializers.IntegerField(label="集体建议")
    benefit = serializers.DecimalField(max_digits=16, decimal_places=2, label="实测效益（元）")
    rewards = serializers.DecimalField(max_digits=16, decimal_places=2, label="奖励（元）")
    per_member = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True,
                                          label="人均合理化建议（计划指标 suggestions.per_member）")
    by_kind = serializers.DictField(child=serializers.DictField())
    by_month = serializers.DictField(child=serializers.IntegerField())
    by_unit = serializers.ListField(child=serializers.DictField())
