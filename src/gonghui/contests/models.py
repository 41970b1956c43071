"""Competitions held at an activity (``activities.Event``): their items, scores, standings, prizes,
awards and the published results.

* ``ContestItem`` — one item of the event (跳绳, 滚铁环接力): individual or team, what is measured
  (count, time, points), whether higher or lower is better, how many rounds and how they add up.
* ``Score`` — one competitor's score in one round (a member, or a team for a relay); unique per
  (item, competitor, round). Corrections go through ``actions.correct_score`` and are audited.
* ``Standing`` — the item's ranking, recomputed as a whole whenever scores change (ties marked 并列).
* ``PrizeRule`` — a prize level by rank ("一等奖1名") or by threshold ("累加个数30个获纪念品").
* ``Award`` — one prize to one member or team, written when the item's awards are confirmed (the
  standings and prize rules give the list; the spending rules and the event's budget are checked, one
  expense per level is recorded, certificates are numbered).
* ``ResultNotice`` — the results as published to the union's members, a text snapshot.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet

from . import scoring

MONEY = {"max_digits": 14, "decimal_places": 2}
SCORE = {"max_digits": 12, "decimal_places": 3}


class Mode(models.TextChoices):
    INDIVIDUAL = "individual", _("个人赛")
    TEAM = "team", _("团体赛")


class TeamTotal(models.TextChoices):
    ENTERED = "entered", _("按队录入成绩（如接力用时）")
    SUM = "sum", _("队员成绩之和")


class Measure(models.TextChoices):
    COUNT = scoring.COUNT, _("计数")
    TIME = scoring.TIME, _("计时")
    POINTS = scoring.POINTS, _("得分")


class Better(models.TextChoices):
    HIGHER = scoring.HIGHER, _("越高越好")
    LOWER = scoring.LOWER, _("越低越好")


class Aggregate(models.TextChoices):
    SUM = scoring.SUM, _("各轮累加")
    BEST = scoring.BEST, _("取最好一轮")


class ItemStatus(models.TextChoices):
    SCORING = "scoring", _("录入成绩")
    AWARDED = "awarded", _("奖项已确认")


class ContestQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class ContestItem(SoftDeleteModel):
    event = models.ForeignKey("activities.Event", verbose_name=_("活动"), on_delete=models.PROTECT,
                              related_name="contest_items")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    name = models.CharField(_("项目名称"), max_length=60)
    mode = models.CharField(_("赛制"), max_length=10, choices=Mode.choices, default=Mode.INDIVIDUAL)
    team_total = models.CharField(_("团体成绩"), max_length=8, choices=TeamTotal.choices, default=TeamTotal.ENTERED)
    measure = models.CharField(_("计分方式"), max_length=8, choices=Measure.choices, default=Measure.COUNT)
    unit = models.CharField(_("单位"), max_length=10, blank=True, help_text=_("如：个、秒、分"))
    better = models.CharField(_("名次规则"), max_length=8, choices=Better.choices, default=Better.HIGHER)
    rounds = models.PositiveSmallIntegerField(_("轮数"), default=1)
    aggregate = models.CharField(_("多轮成绩"), max_length=8, choices=Aggregate.choices, default=Aggregate.SUM)
    description = models.CharField(_("规则说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.SCORING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(ContestQuerySet)()
    all_objects = models.Manager.from_queryset(ContestQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("比赛项目")
        ordering = ["event_id", "id"]
        indexes = [models.Index(fields=["union", "event"], name="contest_item_union_event")]
        constraints = [models.UniqueConstraint(fields=["event", "name"], condition=Q(deleted_at__isnull=True),
                                               name="contest_item_name_once")]

    def __str__(self):
        return f"{self.event} · {self.name}"

    @property
    def is_team(self):
        return self.mode == Mode.TEAM

    @property
    def team_entered(self):
        """Scores are typed per team (a relay time), not per member."""
        return self.mode == Mode.TEAM and self.team_total == TeamTotal.ENTERED

    @property
    def round_numbers(self):
        return list(range(1, self.rounds + 1))

    def show(self, value):
        return scoring.format_score(value, self.measure)


class ScoreQuerySet(ScopedQuerySet):
    pass


class Score(models.Model):
    item = models.ForeignKey(ContestItem, verbose_name=_("比赛项目"), on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="contest_scores")
    team = models.ForeignKey("activities.Team", verbose_name=_("参赛队"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="contest_scores")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    value = models.DecimalField(_("成绩"), **SCORE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = ScoreQuerySet.as_manager()

    scope_org = "item__union"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("成绩")
        ordering = ["item_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member", "round"], condition=Q(member__isnull=False),
                                    name="score_member_round_once"),
            models.UniqueConstraint(fields=["item", "team", "round"], condition=Q(team__isnull=False),
                                    name="score_team_round_once"),
            models.CheckConstraint(condition=Q(member__isnull=False) | Q(team__isnull=False),
                                   name="score_has_competitor"),
        ]
        indexes = [models.Index(fields=["member", "item"], name="score_member_item")]

    def __str__(self):
        return _("%(item)s 第%(round)s轮 %(value)s") % {"item": self.item.name, "round": self.round,
                                                       "value": self.item.show(self.value)}


class Standing(models.Model):
    """One competitor's place in an item: the combined score, the rank (null: no score), 并列."""

    item = models.ForeignKey(ContestItem, on_delete=models.CASCADE, related_name="standings")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("activities.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("总成绩"), null=True, blank=True, **SCORE)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    tied = models.BooleanField(_("并列"), default=False)

    objects = ScoreQuerySet.as_manager()

    scope_org = "item__union"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("名次")
        ordering = ["item_id", "rank", "id"]
        indexes = [models.Index(fields=["item", "rank"], name="standing_item_rank")]


class Basis(models.TextChoices):
    RANK = scoring.RANK, _("按名次")
    THRESHOLD = scoring.THRESHOLD, _("按达标成绩")


class PrizeRule(models.Model):
    item = models.ForeignKey(ContestItem, verbose_name=_("比赛项目"), on_delete=models.CASCADE,
                             related_name="prize_rules")
    level = models.CharField(_("奖项"), max_length=20, help_text=_("如：一等奖、二等奖、三等奖、纪念奖"))
    basis = models.CharField(_("评奖方式"), max_length=10, choices=Basis.choices, default=Basis.RANK)
    count = models.PositiveSmallIntegerField(_("名额"), default=0)
    threshold = models.DecimalField(_("达标成绩"), null=True, blank=True, **SCORE)
    amount = models.DecimalField(_("每人奖品金额（元）"), **MONEY)
    goods = models.CharField(_("奖品"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = ScoreQuerySet.as_manager()
    scope_org = "item__union"

    class Meta:
        verbose_name = verbose_name_plural = _("奖项设置")
        ordering = ["item_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "level"], name="prize_level_once_per_item")]

    def __str__(self):
        return self.level

    def describe(self):
        if self.basis == Basis.RANK:
            return _("%(level)s%(n)s名") % {"level": self.level, "n": self.count}
        return _("成绩达到%(t)s获%(level)s") % {"t": self.item.show(self.threshold), "level": self.level}

    def as_rule(self):
        return scoring.Rule(self.pk, self.level, self.basis, self.count, self.threshold)


class AwardQuerySet(ScopedQuerySet):
    pass


class Award(models.Model):
    item = models.ForeignKey(ContestItem, verbose_name=_("比赛项目"), on_delete=models.PROTECT, related_name="awards")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    rule = models.ForeignKey(PrizeRule, verbose_name=_("奖项"), on_delete=models.PROTECT, related_name="awards")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="contest_awards")
    team = models.ForeignKey("activities.Team", verbose_name=_("参赛队"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="contest_awards")
    level = models.CharField(_("奖项"), max_length=20)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    tied = models.BooleanField(_("并列"), default=False)
    total = models.DecimalField(_("成绩"), null=True, blank=True, **SCORE)
    people = models.PositiveIntegerField(_("获奖人数"), default=1, help_text=_("团体奖为队员人数"))
    amount = models.DecimalField(_("奖品金额（元）"), **MONEY)
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True)
    expense = models.ForeignKey("spending.Expense", verbose_name=_("开支"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField(_("颁奖日期"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    objects = AwardQuerySet.as_manager()

    scope_org = "union"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("获奖记录")
        ordering = ["item_id", "rule__order", "rank", "id"]
        indexes = [models.Index(fields=["union", "awarded_on"], name="award_union_day"),
                   models.Index(fields=["member", "-id"], name="award_member")]

    def __str__(self):
        return f"{self.item.name} {self.level}"

    @property
    def winner_name(self):
        return self.team.name if self.team_id else self.member.name


class NoticeQuerySet(ScopedQuerySet, AliveQuerySet):
    """Results a plain member may read (policy MY_UNION, ``for_member``): those published in their union."""

    scope_policy = MY_UNION


class ResultNotice(SoftDeleteModel):
    """The results of an event as published (成绩公告): the text is a snapshot, unchanged by later edits."""

    event = models.ForeignKey("activities.Event", verbose_name=_("活动"), on_delete=models.PROTECT,
                              related_name="contest_results")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("公告内容"))
    rows = models.JSONField(_("成绩表"), default=list, blank=True,
                            help_text=_("[项目, 名次, 姓名或队名, 成绩, 奖项] 的快照，供导出"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    objects = AliveManager.from_queryset(NoticeQuerySet)()
    all_objects = models.Manager.from_queryset(NoticeQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("比赛成绩公告")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["union", "-published_at"], name="result_union_published")]

    def __str__(self):
        return self.title
