"""Workers'/teachers' congress (职代会/教代会): terms with their delegates, sessions (meetings), sign-in,
proposals with their answers, resolutions with their votes, and democratic evaluation of leaders.

Secret ballots (``SecretBallot``, ``EvaluationBallot``) are a hash chain with no voter and no timestamp;
who has voted is a separate ``VoterMark``/``EvaluationMark`` row (random key, no timestamp), unique per
voter. Both are written by ``core.ballots`` (``RESOLUTION_BALLOTS``, ``EVALUATION_BALLOTS`` below) in the
same transaction, so a ballot is never lost and nobody votes twice; its secrecy policy applies.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext, gettext_lazy as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import ballots as secret
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet

from .rules import numeral


def number_shown(n):
    """A term's or meeting's number as the language writes it in a name: 七 in Chinese, 7 otherwise."""
    return numeral(n) if (get_language() or "zh-hans").startswith("zh") else str(n)


def session_name(term, meeting):
    """七届三次 (term 7, session 3) in the current language."""
    return gettext("%(term)s届%(meeting)s次") % {"term": number_shown(term), "meeting": number_shown(meeting)}


class CongressQuerySet(ScopedQuerySet, AliveQuerySet):
    """Officers running the congress see their unions' rows; members (``readable_by``, policy MY_UNION)
    the public congress records of their own union."""

    scope_policy = MY_UNION
    readable_cap = RUN_CONGRESS


def _managers():
    return AliveManager.from_queryset(CongressQuerySet)(), models.Manager.from_queryset(CongressQuerySet)()


class Kind(models.TextChoices):
    WORKERS = "workers", _("职工代表大会")
    TEACHERS = "teachers", _("教职工代表大会")
    ASSEMBLY = "assembly", _("职工大会")


class CongressSettings(models.Model):
    """A union's congress rules (DOMAIN.md §7 leaves these to provinces and unions)."""

    union = models.OneToOneField("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                                 related_name="+")
    rule_set = models.CharField(_("代表名额规则"), max_length=16, default="shanghai",
                                choices=[("shanghai", _("上海")), ("zhejiang", _("浙江"))])
    min_cosigners = models.PositiveSmallIntegerField(_("提案最少附议人数"), default=2)
    answer_days = models.PositiveSmallIntegerField(_("提案答复期限（天）"), default=20)
    unfit_flag = models.CharField(_("不称职票超过此比例即标记"), max_length=10, default="1/3")

    objects = models.Manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("职代会设置")

    def __str__(self):
        return f"{self.union} · {self.get_rule_set_display()}"


class Term(SoftDeleteModel):
    """One term (届) of the congress with its delegates."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    number = models.PositiveSmallIntegerField(_("届次"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("届满日期"), null=True, blank=True)
    employee_count = models.PositiveIntegerField(_("职工人数"))
    women_employees = models.PositiveIntegerField(_("女职工人数"))
    confirmed_at = models.DateTimeField(_("代表名单确认时间"), null=True, blank=True)
    confirm_override = models.CharField(_("未达构成要求仍确认的理由"), max_length=300, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("届")
        ordering = ["-number", "-id"]
        indexes = [models.Index(fields=["union", "-number"], name="congress_term_union")]
        constraints = [models.UniqueConstraint(fields=["union", "number"], condition=models.Q(deleted_at__isnull=True),
                                               name="congress_term_number_once")]

    def __str__(self):
        return gettext("%(union)s第%(n)s届%(kind)s") % {"union": self.union.name, "n": number_shown(self.number),
                                                         "kind": self.get_kind_display()}


class Category(models.TextChoices):
    FRONTLINE = "frontline", _("一线职工")
    MANAGER = "manager", _("中层以上管理人员")
    TEACHER = "teacher", _("教师")
    TECHNICAL = "technical", _("专业技术人员")
    OTHER = "other", _("其他")


class Delegate(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="delegates")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("代表类别"), max_length=10, choices=Category.choices)
    group = models.CharField(_("代表团（组）"), max_length=40)
    elected_on = models.DateField(_("当选日期"))
    constituency = models.CharField(_("选区"), max_length=60, blank=True)
    election = models.ForeignKey("ConstituencyElection", verbose_name=_("选区选举"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("由选区选举结果确认产生；为空表示据纸质记录录入"))

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("代表")
        ordering = ["group", "id"]
        indexes = [models.Index(fields=["term", "group", "id"], name="congress_delegate_term")]
        constraints = [models.UniqueConstraint(fields=["term", "member"], condition=models.Q(deleted_at__isnull=True),
                                               name="congress_delegate_once")]

    def __str__(self):
        return self.member.name


class Session(SoftDeleteModel):
    """One meeting (次) of a term: 七届三次教代会."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("筹备中")
        OPEN = "open", _("会议进行中")
        CLOSED = "closed", _("已闭会")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions")
    meeting = models.PositiveSmallIntegerField(_("次"))
    date = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    agenda = models.TextField(_("议程"), blank=True, help_text=_("每行一项"))
    proposals_from = models.DateField(_("提案征集开始"), null=True, blank=True)
    proposals_until = models.DateField(_("提案征集截止"), null=True, blank=True)
    special = models.BooleanField(_("临时会议"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    papers_sent_on = models.DateField(_("会议文件发送日期"), null=True, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "-date"], name="congress_session_union")]
        constraints = [models.UniqueConstraint(fields=["term", "meeting"], condition=models.Q(deleted_at__isnull=True),
                                               name="congress_session_once")]

    @property
    def label(self):
        return session_name(self.term.number, self.meeting)

    def __str__(self):
        return gettext("%(label)s%(kind)s") % {"label": self.label, "kind": self.term.get_kind_display()}

    @property
    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Attendance(models.Model):
    """A delegate signed in to a session (by phone, or by the officer at the door)."""

    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签到时间"))
    by_officer = models.BooleanField(_("代签"), default=False)

    objects = CongressQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("签到")
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="congress_sign_in_once")]

    def __str__(self):
        return f"{self.session_id}/{self.delegate_id}"


class Choice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Resolution(SoftDeleteModel):
    class ResKind(models.TextChoices):
        REPORT = "report", _("工作报告")
        CONTRACT = "contract", _("集体合同")
        REGULATION = "regulation", _("规章制度")
        PLAN = "plan", _("方案")
        OTHER = "other", _("其他事项")

    class Mode(models.TextChoices):
        OPEN = "open", _("公开表决")
        SECRET = "secret", _("无记名投票")

    class Status(models.TextChoices):
        DRAFT = "draft", _("未表决")
        OPEN = "open", _("表决中")
        CLOSED = "closed", _("已计票")
        VOID = "void", _("表决无效")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="resolutions")
    title = models.CharField(_("表决事项"), max_length=120)
    text = models.TextField(_("全文"), blank=True, help_text=_("代表表决前在手机上阅读的全文"))
    kind = models.CharField(_("类别"), max_length=12, choices=ResKind.choices, default=ResKind.REPORT)
    mode = models.CharField(_("表决方式"), max_length=8, choices=Mode.choices, default=Mode.SECRET)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    total_delegates = models.PositiveIntegerField(_("应到代表"), default=0)
    present = models.PositiveIntegerField(_("实到代表"), default=0)
    paper_issued = models.PositiveIntegerField(_("发出纸质票"), default=0)
    paper_returned = models.PositiveIntegerField(_("收回纸质票"), default=0)
    paper_for = models.PositiveIntegerField(_("纸质票赞成"), default=0)
    paper_against = models.PositiveIntegerField(_("纸质票反对"), default=0)
    paper_abstain = models.PositiveIntegerField(_("纸质票弃权"), default=0)
    paper_invalid = models.PositiveIntegerField(_("纸质废票"), default=0)
    votes_for = models.PositiveIntegerField(_("赞成"), default=0)
    votes_against = models.PositiveIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"), null=True)
    chain_head = models.CharField(_("票链末端摘要"), max_length=64, blank=True)
    void_reason = models.CharField(_("无效原因"), max_length=200, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("表决事项")
        ordering = ["session_id", "id"]
        indexes = [models.Index(fields=["session", "id"], name="congress_resolution_session")]

    def __str__(self):
        return self.title


class OpenVote(models.Model):
    """A vote cast openly: who voted what."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="open_votes")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "delegate"], name="congress_open_vote_once")]


class VoterMark(models.Model):
    """That a delegate has voted in a secret ballot: random key, no time, no link to the ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="marks")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "delegate"], name="congress_voter_mark_once")]


class SecretBallot(models.Model):
    """One secret ballot in the resolution's hash chain: no voter, no timestamp."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="ballots")
    seq = models.PositiveIntegerField()
    choice = models.CharField(max_length=8, choices=Choice.choices)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["resolution_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["resolution", "seq"], name="congress_ballot_seq_once")]

    def payload(self):
        return secret.payload(RESOLUTION_BALLOTS, self)


RESOLUTION_BALLOTS = secret.BallotBox(
    box=Resolution, ballot=SecretBallot, mark=VoterMark, box_field="resolution", voter_field="delegate",
    content=("choice",), field="choice", voted_twice=_("您已对该事项投票，不能重复投票"))


class Proposal(SoftDeleteModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("征集附议中")
        SUBMITTED = "submitted", _("待审查")
        ACCEPTED = "accepted", _("已立案")
        DECLINED = "declined", _("不立案")
        OPINION = "opinion", _("转为意见建议")
        ASSIGNED = "assigned", _("承办中")
        ANSWERED = "answered", _("已答复")
        DONE = "done", _("已办结")
        REHANDLING = "rehandling", _("重新办理")

    class Topic(models.TextChoices):
        PRODUCTION = "production", _("生产经营")
        WAGES = "wages", _("工资福利")
        SAFETY = "safety", _("安全生产与劳动保护")
        TEACHING = "teaching", _("教育教学")
        MANAGEMENT = "management", _("管理制度")
        LIFE = "life", _("生活后勤")
        OTHER = "other", _("其他")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("提案号"), null=True, blank=True)
    proposer = models.ForeignKey(Delegate, verbose_name=_("提案人"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("案由"), max_length=120)
    reason = models.TextField(_("理由"))
    suggestion = models.TextField(_("建议"))
    topic = models.CharField(_("类别"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    review_note = models.CharField(_("审查意见"), max_length=300, blank=True)
    department = models.CharField(_("承办部门"), max_length=60, blank=True)
    deadline = models.DateField(_("答复期限"), null=True, blank=True)
    satisfaction = models.CharField(_("提案人满意度"), max_length=12, blank=True,
                                    choices=[("satisfied", _("满意")), ("basic", _("基本满意")),
                                             ("unsatisfied", _("不满意"))])

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("提案")
        ordering = ["session_id", "number", "id"]
        indexes = [models.Index(fields=["union", "status", "deadline"], name="congress_proposal_due"),
                   models.Index(fields=["session", "number", "id"], name="congress_proposal_session")]

    def __str__(self):
        return self.title

    @property
    def label(self):
        return gettext("第%(n)s号") % {"n": self.number} if self.number else str(_("未编号"))


class CoSigner(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="cosigners")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="congress_cosign_once")]


class Answer(models.Model):
    """One written answer by the department; a new round follows when the proposer is not satisfied."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="answers")
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    text = models.TextField(_("答复内容"))
    answered_on = models.DateField(_("答复日期"))
    deadline = models.DateField(_("答复期限"))
    late = models.BooleanField(_("逾期答复"), default=False)
    satisfaction = models.CharField(_("满意度"), max_length=12, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["proposal_id", "round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="congress_answer_round_once")]

    @property
    def days_late(self):
        return (self.answered_on - self.deadline).days if self.late else 0


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    UNFIT = "unfit", _("不称职")


class EvaluationRound(SoftDeleteModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("未开始")
        OPEN = "open", _("评议中")
        CLOSED = "closed", _("已结束")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="evaluations")
    title = models.CharField(_("评议名称"), max_length=120)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    unfit_flag = models.CharField(_("标记线（不称职票比例）"), max_length=10, default="1/3")
    chain_head = models.CharField(max_length=64, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("民主评议")
        ordering = ["-id"]
        indexes = [models.Index(fields=["session", "id"], name="congress_eval_session")]

    def __str__(self):
        return self.title


class Leader(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="leaders")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=60)

    class Meta:
        ordering = ["round_id", "id"]

    def __str__(self):
        return gettext("%(name)s（%(note)s）") % {"name": self.name, "note": self.post}


class EvaluationMark(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="marks")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "delegate"], name="congress_eval_mark_once")]


class EvaluationBallot(models.Model):
    """One evaluation ballot (a grade per leader id) in the round's hash chain; no voter, no time."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="ballots")
    seq = models.PositiveIntegerField()
    grades = models.JSONField()
    paper = models.BooleanField(default=False)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["round_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["round", "seq"], name="congress_eval_ballot_seq_once")]

    def payload(self):
        return secret.payload(EVALUATION_BALLOTS, self)


EVALUATION_BALLOTS = secret.BallotBox(
    box=EvaluationRound, ballot=EvaluationBallot, mark=EvaluationMark, box_field="round", voter_field="delegate",
    content=("grades", "paper"), field="grades", voted_twice=_("您已提交评议票，不能重复评议"))


class ConstituencyElection(SoftDeleteModel):
    """A constituency (选区) electing delegates for a term: valid with ≥ 2/3 of the constituency voting; a
    candidate is elected with more than half of the WHOLE constituency. The paper count is entered, then
    confirmed, which creates the delegates. A by-election (另行选举) is a further round for unfilled seats."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("未举行")
        COUNTED = "counted", _("已计票，待确认")
        VOID = "void", _("选举无效")
        CONFIRMED = "confirmed", _("已确认")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="elections")
    name = models.CharField(_("选区"), max_length=60)
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("选区所在组织"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    previous = models.ForeignKey("self", verbose_name=_("上一轮"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    voters = models.PositiveIntegerField(_("选区选民人数"))
    seats = models.PositiveSmallIntegerField(_("应选代表名额"))
    date = models.DateField(_("选举日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    ballots_issued = models.PositiveIntegerField(_("发出选票"), null=True, blank=True)
    ballots_returned = models.PositiveIntegerField(_("收回选票"), null=True, blank=True)
    ballots_invalid = models.PositiveIntegerField(_("无效选票"), null=True, blank=True)
    elected_count = models.PositiveSmallIntegerField(_("当选人数"), default=0)
    void_reason = models.CharField(_("无效原因"), max_length=200, blank=True)
    tie_note = models.CharField(_("末位同票"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("选区选举")
        ordering = ["term_id", "name", "round", "id"]
        indexes = [models.Index(fields=["term", "name", "round"], name="congress_cons_term")]

    def __str__(self):
        return gettext("%(name)s（第%(n)s轮）") % {"name": self.name, "n": self.round} if self.round > 1 else self.name

    @property
    def unfilled(self):
        return max(self.seats - self.elected_count, 0) if self.status == self.Status.CONFIRMED else self.seats


class Candidate(models.Model):
    """A candidate in a constituency election, with the category and group they would sit in."""

    election = models.ForeignKey(ConstituencyElection, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("代表类别"), max_length=10, choices=Category.choices)
    group = models.CharField(_("代表团（组）"), max_length=40)
    votes = models.PositiveIntegerField(_("得票"), null=True, blank=True)
    elected = models.BooleanField(_("当选"), default=False)
    tied = models.BooleanField(_("末位同票"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("候选人")
        ordering = ["election_id", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="congress_candidate_once")]

    def __str__(self):
        return self.member.name


class SpecialRequest(SoftDeleteModel):
    """Delegates asking for a special session (临时会议): one open request per term that others join; at
    a third of the term's delegates the officer may convene a special session from it."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集联署中")
        CONVENED = "convened", _("已召开临时会议")
        DECIDED = "decided", _("已作处理")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="special_requests")
    reason = models.TextField(_("提议理由"))
    opened_by = models.ForeignKey(Delegate, verbose_name=_("发起代表"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(_("处理结果"), max_length=300, blank=True)
    session = models.OneToOneField(Session, verbose_name=_("临时会议"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="special_request")
    closed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("临时会议提议")
        ordering = ["-id"]
        indexes = [models.Index(fields=["term", "status"], name="congress_special_term")]
        constraints = [models.UniqueConstraint(fields=["term"], condition=models.Q(status="open", deleted_at__isnull=True),
                                               name="congress_special_one_open")]

    def __str__(self):
        return str(_("临时会议提议")) + f" #{self.pk}"


class Signature(models.Model):
    """A delegate's signature on a special-session request; withdrawing stamps ``withdrawn_at``."""

    request = models.ForeignKey(SpecialRequest, on_delete=models.PROTECT, related_name="signatures")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "delegate"], name="congress_signature_once")]
