"""群众安全生产监督: members' hazard reports, the safety monitors of each workshop, the 安康杯 competition and
the safety trainings held as activities.

* ``Hazard`` — a hazard (隐患) a member reports from the phone: what, where (a text location, required; a
  position if the phone gives one), photos (``HazardPhoto``), optionally anonymous. The safety officer
  (SAFETY) triages it: accepted, rejected with a reason, or a duplicate of an earlier report; an accepted
  hazard is assigned to a responsible person (``assignee``: a member of the union, picked with the member
  picker; optionally their department as text in ``responsible``, which also keeps the free text of hazards
  assigned before there was a person to pick) with a rectification deadline (by default
  ``core.periods.add_days`` from the assignment: 15 days for a general hazard, 30 for a major one); it is
  rectified, then verified by the safety officer: passed → closed (销号), failed → reopened (back to rectification
  with a new deadline). The assignee sees the hazards assigned to them in their inbox (due and overdue; the
  notify digest carries it), may read them and records the rectification themself. A rectification not done
  by its deadline is overdue; ``gonghui safety-escalate`` stamps the overdue ones once (the inbox of the
  federation above shows them).
* ``Monitor`` — a 群众安全生产监督员 appointed for a workshop (branch), a group or the union itself, with a
  term; coverage counts the branches with and without a monitor in office.
* ``Competition`` — the 安康杯 of one year, run by a union (its branches compete) or a federation (its
  unions compete): ``Indicator`` rows (name, weight in %, maximum score) as data, ``Entrant`` units, one
  ``Score`` per entrant and indicator, a weighted total ``Σ score / max × weight`` (out of 100), the ranking,
  and the results published (totals and ranks frozen on the entrants).
* ``Training`` — a safety training session: an ``activities.Event`` linked here; its attendance is the
  event's check-ins (``activities.Attendance``), never a copy.

Hazards are not personal data (places and conditions); an anonymous report keeps the reporter's login only
so that they can follow their own report and be told when it is closed — officers never see who it was.
"""
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

DEADLINE_DAYS = {"general": 15, "major": 30}   # default rectification period (calendar days, core.periods)
WARN_DAYS = 7                                   # "deadlines this week" in the inbox
MAX_PHOTOS = 6


class SafetyQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainQuerySet(ScopedQuerySet):
    pass


class Level(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class Status(models.TextChoices):
    REPORTED = "reported", _("待分拣")
    REJECTED = "rejected", _("不予受理")
    DUPLICATE = "duplicate", _("重复报告")
    ACCEPTED = "accepted", _("已受理，待交办")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改，待验收")
    VERIFIED = "verified", _("验收合格，待销号")
    CLOSED = "closed", _("验收通过，已销号")


OPEN = (Status.ACCEPTED, Status.RECTIFYING)            # waiting for someone to act on the hazard itself
ENDED = (Status.REJECTED, Status.DUPLICATE, Status.CLOSED)


class Hazard(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    workshop = models.ForeignKey("orgs.Organisation", verbose_name=_("车间（分会、小组）"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("编号"), max_length=20)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.REPORTED)
    level = models.CharField(_("隐患等级"), max_length=8, choices=Level.choices, default=Level.GENERAL)
    reported_on = models.DateField(_("报告日期"))
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("位置"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    anonymous = models.BooleanField(_("匿名报告"), default=False)
    reporter = models.ForeignKey("members.Member", verbose_name=_("报告人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reporter_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    triaged_on = models.DateField(_("分拣日期"), null=True, blank=True)
    reject_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name=_("重复于"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey("members.Member", verbose_name=_("整改责任人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", db_index=False)  # safety_hazard_assignee
    responsible = models.CharField(_("整改责任部门"), max_length=100, blank=True,
                                   help_text=_("交办给责任人之前登记的隐患，这里记的是当时填写的责任部门或责任人"))
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    verified_on = models.DateField(_("验收日期"), null=True, blank=True)
    verification = models.CharField(_("验收意见"), max_length=500, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("复查不合格次数"), default=0)
    escalated_on = models.DateField(_("逾期上报日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(SafetyQuerySet)()
    all_objects = models.Manager.from_queryset(SafetyQuerySet)()
    scope_org = "union"
    scope_self = "reporter_user"

    class Meta:
        verbose_name = verbose_name_plural = _("安全隐患报告")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="safety_hazard_union"),
                   models.Index(fields=["union", "reported_on"], name="safety_hazard_union_day"),
                   models.Index(fields=["status", "deadline"], name="safety_hazard_deadline"),
                   models.Index(fields=["union", "status"], name="safety_hazard_union_status"),
                   models.Index(fields=["reporter_user", "-id"], name="safety_hazard_reporter"),
                   models.Index(fields=["assignee", "status"], name="safety_hazard_assignee")]
        constraints = [models.UniqueConstraint(fields=["union", "number"], name="safety_hazard_number_once")]

    def __str__(self):
        return f"隐患{self.number}"

    @property
    def label(self):
        return gettext("隐患%(number)s") % {"number": self.number}

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == Status.RECTIFYING and self.deadline is not None and today > self.deadline

    @property
    def days_to_close(self):
        return (self.closed_on - self.reported_on).days if self.closed_on else None


class Stage(models.TextChoices):
    REPORT = "report", _("报告时")
    RECTIFIED = "rectified", _("整改后")


class HazardPhoto(models.Model):
    """A photo of the hazard (as reported, or after rectification), stored privately (``core.uploads``)."""
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("拍摄阶段"), max_length=10, choices=Stage.choices, default=Stage.REPORT)
    path = models.CharField(max_length=200)
    kind = models.CharField(max_length=4)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "hazard__union"
    scope_self = "hazard__reporter_user"

    class Meta:
        verbose_name = verbose_name_plural = _("隐患照片")
        ordering = ["hazard_id", "id"]

    def __str__(self):
        return f"{self.hazard_id}-{self.pk}.{self.kind}"


class Monitor(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    workshop = models.ForeignKey("orgs.Organisation", verbose_name=_("车间（分会、小组）"), on_delete=models.PROTECT,
                                 related_name="+")
    branch = models.ForeignKey("orgs.Organisation", verbose_name=_("所属车间（分会）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("车间本身，或小组所在的分会；聘任在工会本级时为空"))
    member = models.ForeignKey("members.Member", verbose_name=_("监督员"), on_delete=models.PROTECT, related_name="+")
    appointed_on = models.DateField(_("聘任日期"))
    term_ends = models.DateField(_("任期届满"))
    ended_on = models.DateField(_("解聘日期"), null=True, blank=True)
    end_reason = models.CharField(_("解聘原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SafetyQuerySet)()
    all_objects = models.Manager.from_queryset(SafetyQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("群众安全生产监督员")
        ordering = ["workshop_id", "-appointed_on", "id"]
        indexes = [models.Index(fields=["union", "workshop"], name="safety_monitor_union"),
                   models.Index(fields=["branch", "term_ends"], name="safety_monitor_branch")]
        constraints = [models.UniqueConstraint(fields=["workshop", "member"],
                                               condition=Q(ended_on__isnull=True, deleted_at__isnull=True),
                                               name="safety_monitor_once")]

    def __str__(self):
        return f"{self.member}（{self.workshop}）"

    def in_office(self, today):
        return self.ended_on is None and self.appointed_on <= today <= self.term_ends


class CompetitionStatus(models.TextChoices):
    SCORING = "scoring", _("评分中")
    PUBLISHED = "published", _("结果已公布")


class Competition(SoftDeleteModel):
    organiser = models.ForeignKey("orgs.Organisation", verbose_name=_("主办组织"), on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=CompetitionStatus.choices,
                              default=CompetitionStatus.SCORING)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SafetyQuerySet)()
    all_objects = models.Manager.from_queryset(SafetyQuerySet)()
    scope_org = "organiser"

    class Meta:
        verbose_name = verbose_name_plural = _("安康杯竞赛")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["organiser", "year"], condition=Q(deleted_at__isnull=True),
                                               name="safety_competition_once_a_year")]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("考核指标"), max_length=60)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=Decimal("100"))

    objects = PlainQuerySet.as_manager()
    scope_org = "competition__organiser"

    class Meta:
        verbose_name = verbose_name_plural = _("考核指标")
        ordering = ["competition_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="safety_indicator_once")]

    def __str__(self):
        return self.name


class Entrant(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entrants")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("参赛单位"), on_delete=models.PROTECT,
                            related_name="+")
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    tied = models.BooleanField(_("并列"), default=False)

    objects = PlainQuerySet.as_manager()
    scope_org = "competition__organiser"

    class Meta:
        verbose_name = verbose_name_plural = _("参赛单位")
        ordering = ["competition_id", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "org"], name="safety_entrant_once")]

    def __str__(self):
        return str(self.org)


class Score(models.Model):
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    objects = PlainQuerySet.as_manager()
    scope_org = "entrant__competition__organiser"

    class Meta:
        verbose_name = verbose_name_plural = _("指标得分")
        constraints = [models.UniqueConstraint(fields=["entrant", "indicator"], name="safety_score_once")]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class Training(models.Model):
    """A safety training: an activity (``activities.Event``) of the union, counted here; attendance is the
    event's own check-ins."""
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    event = models.OneToOneField("activities.Event", verbose_name=_("活动"), on_delete=models.PROTECT,
                                 related_name="safety_training")
    topic = models.CharField(_("培训主题"), max_length=100)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("安全培训")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="safety_training_union")]

    def __str__(self):
        return self.topic
