"""How congress records look in the API and what its endpoints accept. Input goes to
``congress.actions``, which give the same Chinese messages as the web pages."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import (Category, Choice, ConstituencyElection, Delegate, EvaluationRound, Grade, Kind, Proposal,
                     Resolution, Session, SpecialRequest, Term)
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
        fields = ["id", "member", "name", "sex", "category", "group", "elected_on", "constituency", "election"]
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
                  "proposals_until", "special", "status", "papers_sent_on"]
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
        fields = ["id", "session", "title", "text", "kind", "mode", "status", "total_delegates", "present", "paper_issued",
                  "paper_returned", "paper_for", "paper_against", "paper_abstain", "paper_invalid", "votes_for",
                  "votes_against", "votes_abstain", "passed", "chain_head", "void_reason"]
        read_only_fields = fields


class CongressResolutionInputSerializer(serializers.Serializer):
    session = serializers.IntegerField(label="会议（id）")
    title = serializers.CharField(label="表决事项", max_length=120)
    text = serializers.CharField(label="全文", required=False, allow_blank=True, default="")
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


class CongressCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True, label="姓名")
    category = serializers.CharField(read_only=True, help_text=_codes(Category.choices))
    group = serializers.CharField(read_only=True, label="代表团（组）")
    votes = serializers.IntegerField(read_only=True, allow_null=True, label="得票")
    elected = serializers.BooleanField(read_only=True, label="当选")
    tied = serializers.BooleanField(read_only=True, label="末位同票")


class CongressElectionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_codes(ConstituencyElection.Status.choices))
    org = serializers.CharField(source="org.code", read_only=True, allow_null=True, label="选区所在组织代码")
    turnout_needed = serializers.SerializerMethodField(label="有效选举须参选人数（2/3）")
    votes_needed = serializers.SerializerMethodField(label="当选须得票（过选区选民半数）")
    unfilled = serializers.IntegerField(read_only=True, label="空缺名额")
    candidates = CongressCandidateSerializer(many=True, read_only=True)

    class Meta:
        model = ConstituencyElection
        fields = ["id", "term", "name", "org", "round", "previous", "voters", "seats", "date", "status",
                  "ballots_issued", "ballots_returned", "ballots_invalid", "elected_count", "unfilled", "void_reason",
                  "tie_note", "confirmed_at", "turnout_needed", "votes_needed", "candidates"]
        read_only_fields = fields

    def get_turnout_needed(self, e) -> int:
        from .rules import constituency_turnout
        return constituency_turnout(e.voters)

    def get_votes_needed(self, e) -> int:
        from .rules import constituency_votes_needed
        return constituency_votes_needed(e.voters)


class CongressCandidateInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(label="会员（id）")
    category = serializers.CharField(label="代表类别", help_text=_codes(Category.choices))
    group = serializers.CharField(label="代表团（组）", max_length=40)


class CongressElectionInputSerializer(serializers.Serializer):
    term = serializers.IntegerField(label="届（id）")
    name = serializers.CharField(label="选区名称（不填则用组织名称）", max_length=60, required=False, allow_blank=True,
                                 default="")
    org = serializers.CharField(label="选区所在组织代码（可不填）", max_length=32, required=False, allow_blank=True,
                                default="")
    voters = serializers.IntegerField(label="选区选民人数（不填则按该组织在籍会员数）", required=False, allow_null=True,
                                      default=None)
    seats = serializers.IntegerField(label="应选代表名额")
    date = DateField(label="选举日期")
    candidates = CongressCandidateInputSerializer(many=True)


class CongressElectionResultSerializer(serializers.Serializer):
    issued = serializers.IntegerField(label="发出选票", min_value=0)
    returned = serializers.IntegerField(label="收回选票", min_value=0)
    invalid = serializers.IntegerField(label="无效选票（含所选人数多于应选名额的选票）", min_value=0, default=0)
    votes = serializers.DictField(child=serializers.IntegerField(min_value=0), label="每位候选人得票：{候选人id: 票数}")


class CongressByElectionSerializer(serializers.Serializer):
    date = DateField(label="另行选举日期")


class CongressSpecialRequestSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_codes(SpecialRequest.Status.choices))
    opened_by = serializers.CharField(source="opened_by.member.name", read_only=True, label="发起代表")
    signatures = serializers.IntegerField(source="n_signed", read_only=True, label="联署人数")
    delegates = serializers.IntegerField(source="n_delegates", read_only=True, label="全体代表")
    needed = serializers.SerializerMethodField(label="须联署（全体代表三分之一）")
    reached = serializers.SerializerMethodField(label="已达三分之一")
    signed = serializers.SerializerMethodField(label="本人已联署")

    class Meta:
        model = SpecialRequest
        fields = ["id", "term", "reason", "opened_by", "status", "decision", "session", "created_at", "closed_at",
                  "signatures", "delegates", "needed", "reached", "signed"]
        read_only_fields = fields

    def get_needed(self, r) -> int:
        from .rules import special_session_requests
        return special_session_requests(r.n_delegates)

    def get_reached(self, r) -> bool:
        return r.n_delegates > 0 and r.n_signed >= self.get_needed(r)

    def get_signed(self, r) -> bool:
        return bool(getattr(r, "i_signed", False))


class CongressSpecialRequestInputSerializer(serializers.Serializer):
    term = serializers.IntegerField(label="届（id）")
    reason = serializers.CharField(label="提议理由", allow_blank=True)


class CongressConveneSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(label="次", min_value=1)
    date = DateField(label="会议日期")
    place = serializers.CharField(label="地点", max_length=100, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(label="议程（每行一项）", required=False, allow_blank=True, default="")


class CongressDecisionSerializer(serializers.Serializer):
    decision = serializers.CharField(label="处理结果", max_length=300, allow_blank=True)


class CongressPapersSerializer(serializers.Serializer):
    sent_on = DateField(label="发送日期（不填为今天）", required=False, allow_null=True, default=None)


class CongressMeetingWarningSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="pk")
    label = serializers.CharField(source="__str__")
    last_held = serializers.DateField(allow_null=True, label="上次会议日期")
    since = serializers.DateField(source="window_start", label="统计起始日（近12个月或本学年）")
    warning = serializers.CharField()


class CongressPapersWarningSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="pk")
    label = serializers.CharField(source="__str__")
    date = serializers.DateField()
    papers_sent_on = serializers.DateField(allow_null=True)
    warning = serializers.CharField(source="papers_warning")


class CongressWarningsSerializer(serializers.Serializer):
    meetings = CongressMeetingWarningSerializer(many=True, label="未按期召开会议的届")
    papers = CongressPapersWarningSerializer(many=True, label="会议文件未提前7天送达的会议")
