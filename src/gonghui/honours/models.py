"""Honours (评先评优; DOMAIN §15, §14 for the notice period, §6 for secret ballots).

* ``HonourKind``: an honour as data — name, level, individual or collective, its eligibility rules (women only,
  not under disciplinary action, minimum years of membership), the public-notice period in working days
  (default 5), the quota of a round, and how many members must endorse a self-nomination. Presets (no owner,
  migration 0002) for everyone; a union or federation adds its own for its subtree.
* ``Sanction``: a disciplinary action on a member, with its dates; a member under one on the day of nomination
  is not eligible for a kind that says so.
* ``Round``: one year's selection of a kind by an organisation (a grassroots union for unit-level honours, a
  federation above): nominating → selecting (committee scores or a secret vote through ``core.ballots``) →
  public notice (公示, N working days counted by ``core.periods.add_working_days``) → final list.
* ``Nomination`` (a member, or an organisation for a collective honour) by a group, a branch or the member
  themself (``Endorsement`` rows until the kind's count is reached); ``Evaluator`` (the committee), ``Score``
  (per evaluator and nomination), ``VoteMark`` / ``VoteBallot`` (the secret vote); ``Objection`` (received in
  the notice period, answered; upheld removes the nominee).

Sanction reasons and objection texts are encrypted at rest; dates, kinds, states and counts stay plain so the
figures are counted set-based.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from gonghui.core import ballots as secret
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import HERE_OR_ABOVE, ScopedQuerySet, applying_to

DEFAULT_NOTICE_DAYS = 5     # DOMAIN §15: commonly at least 5 working days
WARN_DAYS = 2               # the inbox shows a notice period this many days before it ends


# The names of the preset kinds (migration 0002), for the catalogues: a preset reads in the user's language.
PRESET_NAMES = (gettext_noop("先进个人"), gettext_noop("先进集体"), gettext_noop("劳动模范"), gettext_noop("工人先锋号"),
                gettext_noop("巾帼建功标兵"), gettext_noop("技术能手"), gettext_noop("优秀工会干部"), gettext_noop("优秀会员"))


class Level(models.TextChoices):
    UNIT = "unit", _("单位级")
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class KindQuerySet(ScopedQuerySet, AliveQuerySet):
    """Presets for everyone holding the capability somewhere; an organisation's own kinds for its subtree."""

    scope_policy = HERE_OR_ABOVE
    scope_owner = "owner"
    scope_presets = True

    def applying_to(self, org):
        return self.filter(applying_to(org, "owner", presets=True))


class HonourKind(SoftDeleteModel):
    code = models.SlugField(_("代码"), max_length=32, blank=True)
    name = models.CharField(_("荣誉名称"), max_length=60)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.UNIT)
    collective = models.BooleanField(_("集体荣誉"), default=False)
    women_only = models.BooleanField(_("限女职工"), default=False)
    no_sanction = models.BooleanField(_("受处分期间不得参评"), default=True)
    min_member_years = models.PositiveSmallIntegerField(_("最低会龄（年）"), default=0)
    notice_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=DEFAULT_NOTICE_DAYS)
    quota = models.PositiveIntegerField(_("名额"), default=1)
    endorsements_required = models.PositiveSmallIntegerField(_("自荐所需会员附议人数"), default=3)
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("制定组织"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    objects = AliveManager.from_queryset(KindQuerySet)()
    all_objects = models.Manager.from_queryset(KindQuerySet)()

    class Meta:
        verbose_name = verbose_name_plural = _("荣誉类别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["code"], condition=Q(owner__isnull=True) & ~Q(code=""),
                                               name="honours_preset_code")]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return gettext(self.name) if self.owner_id is None else self.name

    @property
    def rules_text(self):
        parts = []
        if self.women_only:
            parts.append(gettext("限女职工"))
        if self.no_sanction:
            parts.append(gettext("受处分期间不得参评"))
        if self.min_member_years:
            parts.append(gettext("会龄满%(n)s年") % {"n": self.min_member_years})
        return "；".join(parts) or gettext("无特别条件")


class ScopedAlive(ScopedQuerySet, AliveQuerySet):
    pass


class Plain(ScopedQuerySet):
    pass


class Sanction(SoftDeleteModel):
    """A disciplinary action (处分) on a member from ``starts_on`` to ``ends_on`` (open-ended when empty)."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="+")
    starts_on = models.DateField(_("处分日期"))
    ends_on = models.DateField(_("处分期满"), null=True, blank=True)
    reason = EncryptedTextField(_("处分事由"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(ScopedAlive)()
    all_objects = models.Manager.from_queryset(ScopedAlive)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("处分记录")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["member", "starts_on"], name="honours_sanction_member")]

    def __str__(self):
        return gettext("处分记录（%(day)s）") % {"day": self.starts_on.isoformat()}

    label = property(__str__)


class Method(models.TextChoices):
    SCORE = "score", _("评审委员会评分")
    VOTE = "vote", _("评审委员会无记名投票")


class Round(SoftDeleteModel):
    class State(models.TextChoices):
        NOMINATING = "nominating", _("推荐中")
        SELECTING = "selecting", _("评审中")
        NOTICE = "notice", _("公示中")
        FINAL = "final", _("已确定")

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("评选组织"), on_delete=models.PROTECT,
                            related_name="+")
    kind = models.ForeignKey(HonourKind, verbose_name=_("荣誉类别"), on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("年度"))
    quota = models.PositiveIntegerField(_("名额"))
    method = models.CharField(_("评选方式"), max_length=10, choices=Method.choices, default=Method.SCORE)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.NOMINATING)
    notice_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=DEFAULT_NOTICE_DAYS)
    posted_on = models.DateField(_("公示日期"), null=True, blank=True)
    notice_ends = models.DateField(_("公示截止日"), null=True, blank=True)
    notice_provisional = models.BooleanField(_("公示期暂按周末计算"), default=False)
    final_on = models.DateField(_("确定日期"), null=True, blank=True)
    head = models.CharField(_("末张选票摘要"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(ScopedAlive)()
    all_objects = models.Manager.from_queryset(ScopedAlive)()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("评选")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["org", "year"], name="honours_round_org_year"),
                   models.Index(fields=["state", "notice_ends"], name="honours_round_notice"),
                   models.Index(fields=["final_on"], name="honours_round_final")]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "year"], condition=Q(deleted_at__isnull=True),
                                               name="honours_one_round_per_kind_year")]

    def __str__(self):
        return f"{self.year}年度{self.kind.name}评选"

    @property
    def label(self):
        return gettext("%(year)s年度%(kind)s评选") % {"year": self.year, "kind": self.kind.label}

    def notice_state(self, today):
        """"open" (objections received), "ended" (notice over, list not final yet) or ""."""
        if self.state != self.State.NOTICE:
            return ""
        return "open" if today <= self.notice_ends else "ended"


class Nomination(models.Model):
    class By(models.TextChoices):
        GROUP = "group", _("小组推荐")
        BRANCH = "branch", _("分工会推荐")
        UNION = "union", _("工会推荐")
        SELF = "self", _("个人自荐")

    class State(models.TextChoices):
        ENDORSING = "endorsing", _("待会员附议")
        NOMINATED = "nominated", _("已推荐")
        SHORTLISTED = "shortlisted", _("拟表彰（公示中）")
        NOT_SELECTED = "not_selected", _("未入选")
        REMOVED = "removed", _("异议成立，已取消")
        WITHDRAWN = "withdrawn", _("已撤回")
        AWARDED = "awarded", _("已表彰")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    nominee_org = models.ForeignKey("orgs.Organisation", verbose_name=_("集体"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    nominee_name = models.CharField(_("被推荐人"), max_length=100)
    women = models.BooleanField(_("女职工"), default=False)
    by = models.CharField(_("推荐方式"), max_length=10, choices=By.choices)
    nominator_org = models.ForeignKey("orgs.Organisation", verbose_name=_("推荐单位"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    deeds = models.TextField(_("主要事迹"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.NOMINATED)
    nominated_on = models.DateField(_("推荐日期"))
    endorsements = models.PositiveSmallIntegerField(_("附议人数"), default=0)
    score = models.DecimalField(_("平均分"), max_digits=6, decimal_places=2, null=True, blank=True)
    votes = models.PositiveIntegerField(_("得票"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = Plain.as_manager()
    scope_org = "round__org"

    class Meta:
        verbose_name = verbose_name_plural = _("推荐")
        ordering = ["round_id", "rank", "id"]
        indexes = [models.Index(fields=["round", "state"], name="honours_nomination_state"),
                   models.Index(fields=["member", "state"], name="honours_nomination_member"),
                   models.Index(fields=["nominee_org", "state"], name="honours_nomination_org")]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], condition=Q(member__isnull=False) & ~Q(state="withdrawn"),
                                    name="honours_member_once_per_round"),
            models.UniqueConstraint(fields=["round", "nominee_org"],
                                    condition=Q(nominee_org__isnull=False) & ~Q(state="withdrawn"),
                                    name="honours_org_once_per_round")]

    def __str__(self):
        return self.nominee_name

    @property
    def label(self):
        return self.nominee_name


class Endorsement(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="endorsement_rows")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    objects = Plain.as_manager()
    scope_org = "nomination__round__org"

    class Meta:
        verbose_name = verbose_name_plural = _("附议")
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="honours_endorse_once")]


class Evaluator(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evaluators")
    member = models.ForeignKey("members.Member", verbose_name=_("评委"), on_delete=models.PROTECT, related_name="+")

    objects = Plain.as_manager()
    scope_org = "round__org"

    class Meta:
        verbose_name = verbose_name_plural = _("评审委员")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="honours_evaluator_once")]

    def __str__(self):
        return self.member.name


class Score(models.Model):
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("分数"), max_digits=5, decimal_places=2)

    objects = Plain.as_manager()
    scope_org = "nomination__round__org"

    class Meta:
        verbose_name = verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["evaluator", "nomination"], name="honours_score_once")]


class VoteMark(models.Model):
    """That an evaluator has voted in a round: nothing else, no time, a random key (``core.ballots``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="marks")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("已投票标记")
        constraints = [models.UniqueConstraint(fields=["round", "evaluator"], name="honours_vote_once")]


class VoteBallot(models.Model):
    """One ballot: the nominations chosen, its place in the round's chain; no voter, no time."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    seq = models.PositiveIntegerField(_("序号"))
    choices = models.JSONField(_("所选被推荐人"), default=list)
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = _("选票")
        ordering = ["round_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["round", "seq"], name="honours_ballot_seq_once")]


HONOUR_BALLOTS = secret.BallotBox(
    box=Round, ballot=VoteBallot, mark=VoteMark, box_field="round", voter_field="evaluator",
    content=("choices",), field="choices",
    voted_twice=_("您已经投过票，每位评委只能投一次"), broken=_("选票链在第%(n)s张处校验失败，请核查后再计票"))


class Objection(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待答复")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="objections")
    nomination = models.ForeignKey(Nomination, verbose_name=_("被异议人"), on_delete=models.PROTECT,
                                   related_name="objections")
    received_on = models.DateField(_("收到日期"))
    text = EncryptedTextField(_("异议内容"))
    filed_by = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    answer = EncryptedTextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = Plain.as_manager()
    scope_org = "round__org"

    class Meta:
        verbose_name = verbose_name_plural = _("公示异议")
        ordering = ["round_id", "id"]
        indexes = [models.Index(fields=["state", "round"], name="honours_objection_state")]

    def __str__(self):
        return gettext("对%(name)s的异议") % {"name": self.nomination.nominee_name}

    label = property(__str__)
