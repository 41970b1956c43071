"""How congress records look in the API and what its endpoints accept. Input goes to
``congress.actions``, which give the same Chinese messages as the web pages."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Category, Choice, Delegate, EvaluationRound, Grade, Kind, Proposal, Resolution, Session, Term
from .rules import RULE_SETS


def _codes(choices):
    """Allowed codes with their Chinese names, for the schema (the actions validate them)."""
    return "；".join(f"{code}={label}" for code, label in choices)


class CongressTermSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_codes(Kind.choices))
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    label = serializers.CharField(source="__str__", read_only=True, label="名称")
    delegates = serializers.IntegerField(source="n_delegates", read_only=True, label="代表人数")

    class Meta:
        model = Term
        fields = ["id", "union", "label", "number", "kind", "start", "end", "employee_count", "women_employees",
                  "confirmed_at", "confirm_override", "delegates"]
        read_only_fields = fields


class CongressTermInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码", max_length=32)
    number = serializers.IntegerField(label="届次", min_value=1)
    kind = serializers.CharField(label="类型", help_text=_codes(Kind.choices), required=False, allow_blank=True, default="")
    start = DateField(label="开始日期")
    end = DateField(label="届满日期", required=False, allow_null=True, default=None)
    employee_count = serializers.IntegerField(label="职工人数", min_value=1)
    women_employees = serializers.IntegerField(label="女职工人数", min_value=0)


class CongressCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    actual = serializers.IntegerField()
    required = serializers.CharField()
    message = serializers.CharField()


class CongressDelegateSerializer(serializers.ModelSerializer):
    category = serializers.CharField(read_only=True, help_text=_codes(Category.choices))
    member = serializers.IntegerField(source="member_id", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True, label="姓名")
    sex = serializers.CharField(source="member.sex", read_only=True, label="性别")

    class Meta:
        model = Delegate
        fields = ["id", "member", "name", "sex", "category", "group", "elected_on"]
        read_only_fields = fields


class CongressDelegateInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(label="会员编号（id）")
    category = serializers.CharField(label="代表类别", help_text=_codes(Category.choices))
    group = serializers.CharField(label="代表团（组）", max_length=40)
    elected_on = DateField(label="当选日期", required=False, allow_null=True, default=None)


class CongressConfirmSerializer(serializers.Serializer):
    override_reason = serializers.CharField(label="未达构成要求仍确认的理由", required=False, allow_blank=True,
                                            default="", max_length=300)


class CongressSessionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_codes(Session.Status.choices))
    union = serializers.CharField(source="union.code", read_only=True)
    label = serializers.CharField(read_only=True, label="届次")
    title = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "union", "term", "meeting", "label", "title", "date", "place", "agenda", "proposals_from",
                  "proposals_until", "special", "status"]
        read_only_fields = fields


class CongressSessionInputSerializer(serializers.Serializer):
    term = serializers.IntegerField(label="届（id）")
    meeting = serializers.IntegerField(label="次", min_value=1)
    date = DateField(label="会议日期")
    place = serializers.CharField(label="地点", required=False, allow_blank=True, default="", max_length=100)
    agenda = serializers.CharField(label="议程（每行一项）", required=False, allow_blank=True, default="")
    proposals_from = DateField(label="提案征集开始", required=False, allow_null=True, default=None)
    proposals_until = DateField(label="提案征集截止", required=False, allow_null=True, default=None)
    special = serializers.BooleanField(label="临时会议", required=False, default=False)


class CongressStatusSerializer(serializers.Serializer):
    status = serializers.CharField(label="状态", help_text=_codes(Session.Status.choices))


class CongressSignInSerializer(serializers.Serializer):
    delegate = serializers.IntegerField(label="代表（id；不填为本人签到）", required=False, allow_null=True, default=None)


class CongressAttendanceSerializer(serializers.Serializer):
    total = serializers.IntegerField(label="应到代表")
    present = serializers.IntegerField(label="已签到")
    quorum = serializers.IntegerField(label="法定人数")
    needed = serializers.IntegerField(label="通过所需赞成票")


class CongressResolutionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_codes(Resolution.ResKind.choices))
    mode = serializers.CharField(read_only=True, help_text=_codes(Resolution.Mode.choices))
    status = serializers.CharField(read_only=True, help_text=_codes(Resolution.Status.choices))
    class Meta:
        model = Resolution
        fields = ["id", "session", "title", "kind", "mode", "status", "total_delegates", "present", "paper_issued",
                  "paper_returned", "paper_for", "paper_against", "paper_abstain", "paper_invalid", "votes_for",
                  "votes_against", "votes_abstain", "passed", "chain_head", "void_reason"]
        read_only_fields = fields


class CongressResolutionInputSerializer(serializers.Serializer):
    session = serializers.IntegerField(label="会议（id）")
    title = serializers.CharField(label="表决事项", max_length=120)
    kind = serializers.CharField(label="类别", help_text=_codes(Resolution.ResKind.choices), default="report")
    mode = serializers.CharField(label="表决方式", help_text=_codes(Resolution.Mode.choices), default="secret")


class CongressPaperSerializer(serializers.Serializer):
    issued = serializers.IntegerField(label="发出纸质票", min_value=0)
    returned = serializers.IntegerField(label="收回纸质票", min_value=0)
    votes_for = serializers.IntegerField(label="赞成", min_value=0)
    votes_against = serializers.IntegerField(label="反对", min_value=0)
    votes_abstain = serializers.IntegerField(label="弃权", min_value=0)
    invalid = serializers.IntegerField(label="废票", min_value=0, default=0)


class CongressVoteSerializer(serializers.Serializer):
    choice = serializers.CharField(label="表决意见", help_text=_codes(Choice.choices))


class CongressBallotSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    choice = serializers.CharField()
    prev = serializers.CharField()
    digest = serializers.CharField()


class CongressRecountSerializer(serializers.Serializer):
    ok = serializers.BooleanField(label="票链完整")
    broken_at = serializers.IntegerField(allow_null=True, label="首个断开的票（序号，从0起）")
    counts = serializers.DictField(child=serializers.IntegerField(), label="重新计票")
    stored = serializers.DictField(child=serializers.IntegerField(), label="公布结果")
    matches = serializers.BooleanField(label="一致")
    ballots = CongressBallotSerializer(many=True)


class CongressProposalSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(read_only=True, help_text=_codes(Proposal.Topic.choices))
    status = serializers.CharField(read_only=True, help_text=_codes(Proposal.Status.choices))
    satisfaction = serializers.CharField(read_only=True)
    proposer_name = serializers.SerializerMethodField(label="提案人（仅管理人员可见）")
    cosigners = serializers.SerializerMethodField(label="附议人数")

    class Meta:
        model = Proposal
        fields = ["id", "session", "number", "title", "reason", "suggestion", "topic", "status", "submitted_on",
                  "review_note", "department", "deadline", "satisfaction", "proposer_name", "cosigners"]
        read_only_fields = fields

    def get_proposer_name(self, p) -> str | None:
        return p.proposer.member.name if self.context.get("officer", lambda p: False)(p) else None

    def get_cosigners(self, p) -> int:
        return p.n_cosigners if hasattr(p, "n_cosigners") else p.cosigners.count()


class CongressProposalInputSerializer(serializers.Serializer):
    session = serializers.IntegerField(label="会议（id）")
    title = serializers.CharField(label="案由", max_length=120, allow_blank=True)
    reason = serializers.CharField(label="理由", allow_blank=True)
    suggestion = serializers.CharField(label="建议", allow_blank=True)
    topic = serializers.CharField(label="类别", help_text=_codes(Proposal.Topic.choices), default="other")
    proposer = serializers.IntegerField(label="提案人（代表id；管理人员录入纸质提案时填写）", required=False,
                                        allow_null=True, default=None)
    cosigners = serializers.ListField(child=serializers.IntegerField(), label="附议代表（id；录入纸质提案时）",
                                      required=False, default=list)
    submit = serializers.BooleanField(label="立即提交", required=False, default=False)


class CongressReviewSerializer(serializers.Serializer):
    decision = serializers.CharField(label="审查结论", help_text=_codes([("accept", "立案"), ("decline", "不立案"),
                                                                 ("opinion", "转为意见建议")]))
    note = serializers.CharField(label="审查意见", required=False, allow_blank=True, default="", max_length=300)


class CongressAssignSerializer(serializers.Serializer):
    department = serializers.CharField(label="承办部门", max_length=60)
    deadline = DateField(label="答复期限", required=False, allow_null=True, default=None)


class CongressAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(label="答复内容")
    answered_on = DateField(label="答复日期", required=False, allow_null=True, default=None)


class CongressRateSerializer(serializers.Serializer):
    satisfaction = serializers.CharField(label="评价", help_text=_codes([("satisfied", "满意"), ("basic", "基本满意"),
                                                                ("unsatisfied", "不满意")]))


class CongressLeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(required=False, allow_null=True, default=None, label="会员（id，可不填）")
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="", label="姓名")
    post = serializers.CharField(max_length=60, label="职务")


class CongressEvaluationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_codes(EvaluationRound.Status.choices))
    leaders = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = ["id", "session", "title", "status", "unfit_flag", "chain_head", "leaders"]
        read_only_fields = fields

    def get_leaders(self, rnd) -> list[dict]:
        return [{"id": x.pk, "name": x.name, "post": x.post} for x in rnd.leaders.all()]


class CongressEvaluationInputSerializer(serializers.Serializer):
    session = serializers.IntegerField(label="会议（id）")
    title = serializers.CharField(label="评议名称", max_length=120)
    leaders = CongressLeaderSerializer(many=True)


class CongressGradesSerializer(serializers.Serializer):
    grades = serializers.DictField(child=serializers.CharField(help_text=_codes(Grade.choices)),
                                   label="每位被评议人的等次：{被评议人id: excellent|competent|basic|unfit}")


class CongressSheetRowSerializer(serializers.Serializer):
    leader = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    shares = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True))
    ballots = serializers.IntegerField()
    good_share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, label="优秀+称职占比（%）")
    flagged = serializers.BooleanField()


class CongressSettingsSerializer(serializers.Serializer):
    rule_set = serializers.CharField(label="代表名额规则", help_text=_codes(list(RULE_SETS.items())))
    min_cosigners = serializers.IntegerField(label="提案最少附议人数")
    answer_days = serializers.IntegerField(label="提案答复期限（天）")
    unfit_flag = serializers.CharField(label="不称职票超过此比例即标记", max_length=10)
