"""Union elections (换届选举) and terms of office.

An ``Election`` is one vote of one grassroots union for one body (the committee, the chair, the
vice-chairs, the audit committee). Its steps: nomination → candidates_approved (the upper union
approves the list) → voting (rounds) → counted → approved (the upper union approves the result,
which starts a ``Term``). The committee is elected first; the chair's election names the committee
election it follows, takes its candidates and its voters from the elected committee.

Voting happens in ``Round`` s: the first round, a round among the tied at the last seat, or a
further round for seats left short. Each round has its own ballots. The roll of voters (``Voter``)
is snapshotted once, when voting opens. Secret ballot: ``VoterMark`` (round, voter) is unique and
records only *that* a voter has voted (random key, no time); ``Ballot`` (round, seq, marks) carries
no voter and no time and is chained, so anyone can recount it and no ballot can be dropped or changed
without breaking the chain. Both are written by ``core.ballots`` (``ROUND_BALLOTS``, ``REMOVAL_BALLOTS``
below), whose secrecy policy applies: the round is sealed when it is counted.
"""
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _

from gonghui.core.capabilities import VIEW
from gonghui.core import ballots as secret
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet


class Kind(models.TextChoices):
    COMMITTEE = "committee", _("工会委员会委员")
    CHAIR = "chair", _("工会主席")
    VICE_CHAIR = "vice_chair", _("工会副主席")
    AUDIT_COMMITTEE = "audit_committee", _("经费审查委员会委员")


# Bodies elected by competitive (差额) vote; chair and vice-chairs may be elected with or without surplus.
COMPETITIVE_KINDS = {Kind.COMMITTEE, Kind.AUDIT_COMMITTEE}
# Elections held by the new committee, among its elected members.
COMMITTEE_HELD_KINDS = {Kind.CHAIR, Kind.VICE_CHAIR}


class Assembly(models.TextChoices):
    MEMBERS = "members", _("会员大会")
    DELEGATES = "delegates", _("会员代表大会")


class Basis(models.TextChoices):
    ENTITLED = "entitled", _("应到会人数")
    PRESENT = "present", _("实到会人数")


class Status(models.TextChoices):
    NOMINATION = "nomination", _("提名中")
    CANDIDATES_APPROVED = "candidates_approved", _("候选人已批复")
    VOTING = "voting", _("投票中")
    COUNTED = "counted", _("已计票")
    APPROVED = "approved", _("结果已批复")


# A plain member sees their union's elections once the candidate list is approved.
MEMBER_VISIBLE = [Status.CANDIDATES_APPROVED, Status.VOTING, Status.COUNTED, Status.APPROVED]


class OwnUnionQuerySet(ScopedQuerySet, AliveQuerySet):
    """Officers: the rows of unions in their subtrees for ``cap``. For ``VIEW``, also the rows of the
    user's own union whose ``state_field`` is in ``shown`` (voters see them from then on)."""

    state_field, shown = "status", ()
    scope_policy = MY_UNION  # members: core.scope.ScopedQuerySet.readable_by

    def member_shown(self, member):
        return Q(**{f"{self.state_field}__in": self.shown})

    def visible_to(self, user, cap=VIEW, *, org_index=True):
        if cap == VIEW:
            return self.readable_by(user, VIEW)
        return super().visible_to(user, cap, org_index=org_index)


class ElectionQuerySet(OwnUnionQuerySet):
    """Members see their union's elections from the approved candidate list on."""

    state_field, shown = "status", MEMBER_VISIBLE


class Election(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("选举事项"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100)
    seats = models.PositiveSmallIntegerField(_("应选人数"))
    assembly = models.CharField(_("会议形式"), max_length=10, choices=Assembly.choices, default=Assembly.MEMBERS)
    threshold_basis = models.CharField(_("当选票数基数"), max_length=10, choices=Basis.choices,
                                       default=Basis.ENTITLED)
    term_years = models.PositiveSmallIntegerField(_("任期（年）"), default=5)
    committee_election = models.ForeignKey("self", verbose_name=_("所依据的委员选举"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NOMINATION)
    awaiting_decision = models.BooleanField(_("待决定是否另行选举"), default=False)
    seats_left_empty = models.PositiveSmallIntegerField(_("空缺名额"), default=0)
    held_on = models.DateField(_("选举日期"), null=True, blank=True)
    candidates_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    results_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    results_approved_on = models.DateField(_("结果批复日期"), null=True, blank=True)
    published = models.BooleanField(_("已公布"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(ElectionQuerySet)()
    all_objects = models.Manager.from_queryset(ElectionQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("选举")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["union", "-id"], name="election_union"),
            models.Index(fields=["union", "status", "held_on"], name="election_union_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def competitive(self):
        return self.kind in COMPETITIVE_KINDS

    @property
    def held_by_committee(self):
        return self.kind in COMMITTEE_HELD_KINDS


class Candidate(SoftDeleteModel):
    election = models.ForeignKey(Election, verbose_name=_("选举"), on_delete=models.PROTECT,
                                 related_name="candidates")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    write_in = models.BooleanField(_("另选他人"), default=False)
    nominated_by = models.CharField(_("提名方式"), max_length=100, blank=True)
    elected = models.BooleanField(_("当选"), default=False)
    elected_round = models.PositiveSmallIntegerField(_("当选轮次"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("当选得票"), null=True, blank=True)

    objects = AliveManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = verbose_name_plural = _("候选人")
        ordering = ["election_id", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], condition=Q(deleted_at__isnull=True),
                                               name="candidate_once_per_election")]

    def __str__(self):
        return self.name


class Delegate(models.Model):
    """A delegate entitled to vote at a delegates' assembly (会员代表大会)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("会员代表")
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="delegate_once")]


class Voter(models.Model):
    """The roll: one row per person entitled to vote, snapshotted when voting opens."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("选举人名册")
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="voter_once")]
        indexes = [models.Index(fields=["member"], name="voter_member")]


class Round(models.Model):
    class RoundKind(models.TextChoices):
        FIRST = "first", _("正式选举")
        TIE = "tie", _("票数相等者再次投票")
        FURTHER = "further", _("另行选举")
        REPEAT = "repeat", _("重新投票")

    class State(models.TextChoices):
        PENDING = "pending", _("待开始")
        OPEN = "open", _("投票中")
        COUNTED = "counted", _("已计票")
        VOID = "void", _("无效")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    kind = models.CharField(_("类型"), max_length=10, choices=RoundKind.choices, default=RoundKind.FIRST)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    seats = models.PositiveSmallIntegerField(_("本轮应选人数"))
    candidate_ids = models.JSONField(_("本轮候选人"), default=list)
    entitled = models.PositiveIntegerField(_("应到会人数"), default=0)
    present = models.PositiveIntegerField(_("实到会人数"), default=0)
    issued = models.PositiveIntegerField(_("发出选票"), default=0)
    returned = models.PositiveIntegerField(_("收回选票"), default=0)
    invalid = models.PositiveIntegerField(_("无效票"), default=0)
    threshold = models.PositiveIntegerField(_("当选所需票数"), default=0)
    tally = models.JSONField(_("计票结果"), default=dict, blank=True)
    outcome = models.JSONField(_("结果"), default=dict, blank=True)
    head = models.CharField(_("末张选票摘要"), max_length=64, blank=True)
    held_on = models.DateField(_("投票日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("投票轮次")
        ordering = ["election_id", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="round_number_once")]

    def __str__(self):
        return gettext("%(election)s 第%(n)s轮") % {"election": self.election, "n": self.number}

    @property
    def void_text(self):
        """Why a void round is void, in the current language."""
        return gettext("收回选票%(returned)s张，多于发出的%(issued)s张，本轮选举无效，须重新投票") % {
            "returned": self.returned, "issued": self.issued}


class VoterMark(models.Model):
    """That a voter has voted (or was handed a paper ballot) in a round: nothing else, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="marks")
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="marks")

    class Meta:
        verbose_name = verbose_name_plural = _("已投票标记")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_vote_per_voter_per_round")]


class Ballot(models.Model):
    """One ballot, with no voter and no time: its place in the round's hash chain is all it records."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    seq = models.PositiveIntegerField(_("序号"))
    marks = models.JSONField(_("所选候选人"), default=list)
    write_ins = models.JSONField(_("另选他人"), default=list)
    valid = models.BooleanField(_("有效"), default=True)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = _("选票")
        ordering = ["round_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["round", "seq"], name="ballot_seq_once")]

    def payload(self):
        return secret.payload(ROUND_BALLOTS, self)


ROUND_BALLOTS = secret.BallotBox(
    box=Round, ballot=Ballot, mark=VoterMark, box_field="round", voter_field="voter",
    content=("marks", "write_ins", "valid"), field="round",
    voted_twice=_("您已经投过票（或已领取纸质选票），每人只能投一次"), broken=_("选票链在第%(n)s张处校验失败，请核查后再计票"))


class Body(models.TextChoices):
    COMMITTEE = "committee", _("工会委员会")
    AUDIT_COMMITTEE = "audit_committee", _("经费审查委员会")


class TermQuerySet(ScopedQuerySet, AliveQuerySet):
    """The one reading of "超期未换届" (a union committee's current term ended with no new one) for the inbox,
    the plan metric and the federation roll-up: ``committees().overdue(today)``, or ``overdue_condition`` inside
    an aggregate."""

    def committees(self):
        return self.filter(body=Body.COMMITTEE, current=True)

    @staticmethod
    def overdue_condition(today):
        return models.Q(ends_on__lt=today)

    def overdue(self, today):
        return self.filter(self.overdue_condition(today))

    def ending_within(self, today, months):
        from .rules import add_months

        return self.filter(ends_on__lte=add_months(today, months))


class Term(SoftDeleteModel):
    """One term of office of a union's committee or audit committee."""

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                            related_name="+")
    body = models.CharField(_("机构"), max_length=20, choices=Body.choices, default=Body.COMMITTEE)
    elected_on = models.DateField(_("选举日期"))
    years = models.PositiveSmallIntegerField(_("任期（年）"))
    ends_on = models.DateField(_("届满日期"))
    election = models.ForeignKey(Election, verbose_name=_("选举"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    current = models.BooleanField(_("现任"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(TermQuerySet)()
    all_objects = models.Manager.from_queryset(TermQuerySet)()

    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("任期")
        ordering = ["ends_on", "id"]
        indexes = [
            models.Index(fields=["current", "ends_on"], name="term_current_ends"),
            models.Index(fields=["org", "body", "-elected_on"], name="term_org_body"),
            # the API's newest-first keyset pages within a union's scope
            models.Index(fields=["org", "-id"], name="term_org_id"),
        ]

    def __str__(self):
        return gettext("%(org)s %(body)s %(start)s—%(end)s") % {
            "org": self.org, "body": self.get_body_display(), "start": self.elected_on.year, "end": self.ends_on.year}

    def months_left(self, today: datetime.date) -> int:
        return (self.ends_on.year - today.year) * 12 + self.ends_on.month - today.month


# ---- offices and their removal (罢免) ----

class Post(models.TextChoices):
    CHAIR = "chair", _("工会主席")
    VICE_CHAIR = "vice_chair", _("工会副主席")


class OfficeQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Office(SoftDeleteModel):
    """One person's tenure as chair or vice-chair of a union: from an approved election, or entered by
    hand. A removal (罢免) ends it: ``current`` goes off and ``removed_on`` / ``removal_reason`` say why."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    election = models.ForeignKey(Election, verbose_name=_("选举"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    removed_on = models.DateField(_("罢免日期"), null=True, blank=True)
    removal_reason = models.CharField(_("罢免理由"), max_length=300, blank=True)
    current = models.BooleanField(_("现任"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(OfficeQuerySet)()
    all_objects = models.Manager.from_queryset(OfficeQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("任职记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="office_union"),
                   models.Index(fields=["union", "current", "post"], name="office_union_current")]

    def __str__(self):
        return gettext("%(name)s（%(post)s）") % {"name": self.name, "post": self.get_post_display()}


class RemovalState(models.TextChoices):
    PREPARING = "preparing", _("待表决")
    OPEN = "open", _("表决中")
    PASSED = "passed", _("罢免通过")
    FAILED = "failed", _("未通过")
    VOID = "void", _("表决无效")


class RemovalChoice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


# A plain member sees the removal votes of their union once voting opens.
REMOVAL_MEMBER_VISIBLE = [RemovalState.OPEN, RemovalState.PASSED, RemovalState.FAILED, RemovalState.VOID]


class RemovalQuerySet(OwnUnionQuerySet):
    """Members see their union's removal votes once voting opens."""

    state_field, shown = "state", REMOVAL_MEMBER_VISIBLE


class Removal(SoftDeleteModel):
    """A removal motion (罢免) against a chair or vice-chair, voted on by the members' or delegates'
    assembly: it passes only with more than half of ALL those entitled to vote."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    office = models.ForeignKey(Office, verbose_name=_("被罢免职务"), on_delete=models.PROTECT,
                               related_name="removals")
    reason = models.CharField(_("罢免理由"), max_length=300)
    motion_on = models.DateField(_("动议日期"))
    assembly = models.CharField(_("会议形式"), max_length=10, choices=Assembly.choices, default=Assembly.MEMBERS)
    state = models.CharField(_("状态"), max_length=10, choices=RemovalState.choices,
                             default=RemovalState.PREPARING)
    entitled = models.PositiveIntegerField(_("应到会人数"), default=0)
    present = models.PositiveIntegerField(_("实到会人数"), default=0)
    needed = models.PositiveIntegerField(_("罢免所需赞成票"), default=0)
    issued = models.PositiveIntegerField(_("发出表决票"), default=0)
    returned = models.PositiveIntegerField(_("收回表决票"), default=0)
    invalid = models.PositiveIntegerField(_("无效票"), default=0)
    votes_for = models.PositiveIntegerField(_("赞成"), default=0)
    votes_against = models.PositiveIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveIntegerField(_("弃权"), default=0)
    held_on = models.DateField(_("表决日期"), null=True, blank=True)
    decided_on = models.DateField(_("结果日期"), null=True, blank=True)
    head = models.CharField(_("末张表决票摘要"), max_length=64, blank=True)
    outcome = models.CharField(_("结果说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(RemovalQuerySet)()
    all_objects = models.Manager.from_queryset(RemovalQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("罢免表决")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="removal_union"),
                   models.Index(fields=["union", "state"], name="removal_union_state")]

    def __str__(self):
        return gettext("罢免%(office)s") % {"office": self.office}

    @property
    def outcome_text(self):
        """The result of a decided vote in the current language ("" while it is undecided)."""
        if self.state == RemovalState.VOID:
            return gettext("收回表决票%(returned)s张，多于发出的%(issued)s张，本次表决无效，须重新表决") % {
                "returned": self.returned, "issued": self.issued}
        values = {"n": self.votes_for, "entitled": self.entitled, "needed": self.needed}
        if self.state == RemovalState.PASSED:
            return gettext("赞成%(n)s票，达到应到会%(entitled)s人的过半数（%(needed)s票），罢免通过") % values
        if self.state == RemovalState.FAILED:
            return gettext("赞成%(n)s票，未达到应到会%(entitled)s人的过半数（%(needed)s票），罢免未通过") % values
        return ""


class RemovalVoter(models.Model):
    """The roll of a removal vote: snapshotted from the members (or set as the delegates)."""

    removal = models.ForeignKey(Removal, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("罢免表决名册")
        constraints = [models.UniqueConstraint(fields=["removal", "member"], name="removal_voter_once")]
        indexes = [models.Index(fields=["member"], name="removal_voter_member")]


class RemovalMark(models.Model):
    """That a voter has voted (or was handed a paper ballot): nothing else, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    removal = models.ForeignKey(Removal, on_delete=models.PROTECT, related_name="marks")
    voter = models.ForeignKey(RemovalVoter, on_delete=models.PROTECT, related_name="marks")

    class Meta:
        verbose_name = verbose_name_plural = _("已表决标记")
        constraints = [models.UniqueConstraint(fields=["removal", "voter"], name="one_removal_vote_per_voter")]


class RemovalBallot(models.Model):
    """One removal ballot, chained like election ballots: no voter, no time. ``choice`` is for / against /
    abstain, or blank for an invalid paper ballot."""

    removal = models.ForeignKey(Removal, on_delete=models.PROTECT, related_name="ballots")
    seq = models.PositiveIntegerField(_("序号"))
    choice = models.CharField(_("表决意见"), max_length=10, blank=True)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = _("罢免表决票")
        ordering = ["removal_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["removal", "seq"], name="removal_ballot_seq_once")]

    def payload(self):
        return secret.payload(REMOVAL_BALLOTS, self)


REMOVAL_BALLOTS = secret.BallotBox(
    box=Removal, ballot=RemovalBallot, mark=RemovalMark, box_field="removal", voter_field="voter",
    content=("choice",), field="removal",
    voted_twice=_("您已经表决过（或已领取纸质表决票），每人只能表决一次"),
    broken=_("表决票链在第%(n)s张处校验失败，请核查后再计票"))
