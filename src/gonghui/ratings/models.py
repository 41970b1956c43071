"""Star ratings of grassroots unions (星级职工之家 and similar; DOMAIN §13).

* ``Scheme``: an indicator system a federation defines as data for one year — ``Area`` rows (组织建设,
  干部队伍 …) holding ``Indicator`` rows (max points, weight, optionally a bound metric code and threshold read
  through ``core.metrics``), and ``Band`` rows (stars for a score range within 0–100). A scheme is a draft
  while it is defined, then published: every grassroots union under the federation gets an ``Assessment``.
* ``Assessment``: one union's self-assessment under a scheme and the federation's review of it, with one
  ``Score`` per indicator (self score and evidence, the source figure of a computed indicator, the reviewer's
  score and comment). Its state runs draft → submitted → reviewed, or submitted → returned → submitted.

The total is the weighted share of the possible points, on 0–100 (``rules.total``); the stars come from the
scheme's bands (``rules.stars_for``).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import HERE_OR_ABOVE, ScopedQuerySet

POINTS = {"max_digits": 6, "decimal_places": 2}


class SchemeQuerySet(ScopedQuerySet, AliveQuerySet):
    # A union sees the schemes of the federations above it; a federation those it and its subtree own.
    scope_policy = HERE_OR_ABOVE
    scope_owner = "federation"


class PlainQuerySet(ScopedQuerySet):
    pass


class Scheme(SoftDeleteModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("已发布")

    federation = models.ForeignKey("orgs.Organisation", verbose_name=_("总工会"), on_delete=models.PROTECT,
                                   related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    deadline = models.DateField(_("自评截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SchemeQuerySet)()
    all_objects = models.Manager.from_queryset(SchemeQuerySet)()
    scope_org = "federation"

    class Meta:
        verbose_name = verbose_name_plural = _("星级评定方案")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["federation", "-year"], name="ratings_scheme_fed_year")]

    def __str__(self):
        return f"{self.year}年{self.name}"

    @property
    def label(self):
        return gettext("%(year)s年%(name)s") % {"year": self.year, "name": self.name}

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Area(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("评定方面"), max_length=50)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    objects = PlainQuerySet.as_manager()
    scope_org = "scheme__federation"

    class Meta:
        verbose_name = verbose_name_plural = _("评定方面")
        ordering = ["scheme_id", "position", "id"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=200)
    max_points = models.DecimalField(_("分值"), **POINTS)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    metric = models.CharField(_("数据指标"), max_length=80, blank=True)
    threshold = models.DecimalField(_("达标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    objects = PlainQuerySet.as_manager()
    scope_org = "scheme__federation"

    class Meta:
        verbose_name = verbose_name_plural = _("评定指标")
        ordering = ["scheme_id", "position", "id"]

    def __str__(self):
        return self.name

    @property
    def computed(self):
        return bool(self.metric)


class Band(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="bands")
    stars = models.PositiveSmallIntegerField(_("星级"))
    min_score = models.DecimalField(_("最低分（含）"), **POINTS)
    max_score = models.DecimalField(_("最高分（不含，100分除外）"), **POINTS)

    objects = PlainQuerySet.as_manager()
    scope_org = "scheme__federation"

    class Meta:
        verbose_name = verbose_name_plural = _("星级分数段")
        ordering = ["scheme_id", "-stars"]
        constraints = [models.UniqueConstraint(fields=["scheme", "stars"], name="ratings_band_stars_once")]

    def __str__(self):
        return f"{self.stars}星"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待自评")
        SUBMITTED = "submitted", _("已提交，待评审")
        RETURNED = "returned", _("退回修改")
        REVIEWED = "reviewed", _("已评定")

    scheme = models.ForeignKey(Scheme, verbose_name=_("评定方案"), on_delete=models.PROTECT, related_name="assessments")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField(_("自评得分"), null=True, blank=True, **POINTS)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    returned_reason = models.CharField(_("退回理由"), max_length=500, blank=True)
    correction_due = models.DateField(_("修改期限"), null=True, blank=True)
    final_score = models.DecimalField(_("评定得分"), null=True, blank=True, **POINTS)
    stars = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    review_comment = models.CharField(_("评审意见"), max_length=1000, blank=True)
    reviewed_on = models.DateField(_("评定日期"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("星级自评")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "union"], name="ratings_assessment_once")]
        indexes = [models.Index(fields=["scheme", "status", "-final_score"], name="ratings_assessment_rank"),
                   models.Index(fields=["union", "-id"], name="ratings_assessment_union"),
                   models.Index(fields=["status", "reviewed_on"], name="ratings_assessment_reviewed")]

    def __str__(self):
        return f"{self.scheme}·{self.union_id}"

    @property
    def label(self):
        return gettext("%(union)s %(scheme)s") % {"union": self.union.name, "scheme": self.scheme.label}

    def due(self):
        """The last day the union may submit: the scheme's deadline, or the correction deadline once returned."""
        if self.status == self.Status.RETURNED and self.correction_due:
            return self.correction_due
        return self.scheme.deadline

    @property
    def editable_by_union(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    self_score = models.DecimalField(_("自评分"), null=True, blank=True, **POINTS)
    evidence = models.TextField(_("佐证材料"), blank=True)
    metric_value = models.DecimalField(_("数据来源值"), max_digits=16, decimal_places=2, null=True, blank=True)
    review_score = models.DecimalField(_("评审分"), null=True, blank=True, **POINTS)
    review_comment = models.CharField(_("评审说明"), max_length=500, blank=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "assessment__union"

    class Meta:
        verbose_name = verbose_name_plural = _("指标得分")
        ordering = ["assessment_id", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="ratings_score_once")]

    def __str__(self):
        return f"{self.indicator_id}: {self.self_score}"
