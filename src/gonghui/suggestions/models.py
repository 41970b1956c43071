"""Rationalisation suggestions and innovation (合理化建议 / 小改小革 / 技术创新; DOMAIN §15).

* ``Suggestion``: submitted by a member (alone, or with co-authors of the same union: ``Author`` rows), of a
  kind, with the problem, the proposal and the expected benefit. A committee evaluates it: each evaluator's
  grade and score (``Evaluation``, one per evaluator); then the decision (adopted with a grade, or not
  adopted with the reason), the implementation (who, when assigned, the day it was done), the measured
  benefit (money saved, with its evidence) and the reward, paid through ``spending.actions.record_expense``
  (``reward_expense``: at most one per suggestion).
* ``Grade``: the grades a union's committee gives, as data per union; a union that has not set its own uses
  the default set ``DEFAULT_GRADES`` (一等 / 二等 / 三等 / 鼓励 / 不采纳).
* ``Target``: a "3510"-style scheme — three yearly counts, per person, per group (班组) and per branch
  (车间/分会) — one row per union and year.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet


class SuggestionQuerySet(ScopedQuerySet, AliveQuerySet):
    def own(self, member):
        """The suggestions ``member`` wrote or co-wrote (none without a member record)."""
        if member is None:
            return self.none()
        return self.filter(authors__member=member).distinct()


class PlainQuerySet(ScopedQuerySet):
    pass


class Kind(models.TextChoices):
    RATIONALISATION = "rationalisation", _("合理化建议")
    SMALL_CHANGE = "small_change", _("小改小革")
    INNOVATION = "innovation", _("技术创新")
    OTHER = "other", _("其他")


class Grade(models.Model):
    """One grade of a union's own scale. ``adopts``: the grade means the suggestion is adopted (不采纳 does
    not). A union without rows uses ``DEFAULT_GRADES``."""
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.CASCADE,
                              related_name="+")
    name = models.CharField(_("等级"), max_length=20)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    adopts = models.BooleanField(_("采纳"), default=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("评审等级")
        ordering = ["union_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="suggestions_grade_once")]

    def __str__(self):
        return self.name


DEFAULT_GRADES = [("一等", True), ("二等", True), ("三等", True), ("鼓励", True), ("不采纳", False)]


class Suggestion(SoftDeleteModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待评审")
        ADOPTED = "adopted", _("已采纳，待实施")
        REJECTED = "rejected", _("不采纳")
        IMPLEMENTED = "implemented", _("已实施")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+", help_text=_("第一提出人提交时所在的分会或小组"))
    number = models.CharField(_("编号"), max_length=20)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("题目"), max_length=120)
    problem = models.TextField(_("存在问题"), blank=True)
    proposal = models.TextField(_("建议内容"))
    expected_benefit = models.TextField(_("预期效益"), blank=True)
    team = models.BooleanField(_("集体建议"), default=False)
    submitted_on = models.DateField(_("提出日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    grade = models.CharField(_("评定等级"), max_length=20, blank=True)
    decided_on = models.DateField(_("评定日期"), null=True, blank=True)
    decision_reason = models.CharField(_("评定意见"), max_length=500, blank=True)
    implementer = models.CharField(_("实施责任人（部门）"), max_length=100, blank=True)
    assigned_on = models.DateField(_("落实日期"), null=True, blank=True)
    implement_by = models.DateField(_("计划完成日期"), null=True, blank=True)
    implemented_on = models.DateField(_("实施完成日期"), null=True, blank=True)
    benefit = models.DecimalField(_("实测效益（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    benefit_evidence = models.TextField(_("效益测算依据"), blank=True)
    benefit_reference = models.CharField(_("证明材料"), max_length=200, blank=True)
    benefit_on = models.DateField(_("效益测算日期"), null=True, blank=True)
    reward_per_person = models.DecimalField(_("每人奖励（元）"), max_digits=10, decimal_places=2, null=True,
                                            blank=True)
    reward_total = models.DecimalField(_("奖励合计（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    rewarded_on = models.DateField(_("奖励日期"), null=True, blank=True)
    reward_expense = models.ForeignKey("spending.Expense", verbose_name=_("开支记录"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SuggestionQuerySet)()
    all_objects = models.Manager.from_queryset(SuggestionQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("合理化建议")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="suggestions_union"),
                   models.Index(fields=["union", "submitted_on"], name="suggestions_union_day"),
                   models.Index(fields=["union", "status", "id"], name="suggestions_union_status"),
                   models.Index(fields=["org", "submitted_on"], name="suggestions_org_day")]
        constraints = [models.UniqueConstraint(fields=["union", "number"], name="suggestions_number_once")]

    def __str__(self):
        return f"合理化建议{self.number}"

    @property
    def label(self):
        return gettext("合理化建议%(number)s：%(title)s") % {"number": self.number, "title": self.title}

    @property
    def adopted(self):
        return self.status in (self.Status.ADOPTED, self.Status.IMPLEMENTED)

    @property
    def rewarded(self):
        return self.reward_expense_id is not None


class Author(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("第一提出人"), default=False)

    objects = PlainQuerySet.as_manager()
    scope_org = "suggestion__union"

    class Meta:
        verbose_name = verbose_name_plural = _("建议人")
        ordering = ["suggestion_id", "-lead", "id"]
        indexes = [models.Index(fields=["member", "suggestion"], name="suggestions_author_member")]
        constraints = [models.UniqueConstraint(fields=["suggestion", "member"], name="suggestions_author_once")]

    def __str__(self):
        return str(self.member_id)


class Evaluation(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), on_delete=models.PROTECT,
                                  related_name="+")
    grade = models.CharField(_("评审等级"), max_length=20)
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("评审意见"), max_length=500, blank=True)
    evaluated_on = models.DateField(_("评审日期"))

    objects = PlainQuerySet.as_manager()
    scope_org = "suggestion__union"

    class Meta:
        verbose_name = verbose_name_plural = _("评审意见")
        ordering = ["suggestion_id", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "evaluator"],
                                               name="suggestions_one_evaluation_each")]

    def __str__(self):
        return f"{self.grade} {self.score}"


class Target(models.Model):
    """A "3510"-style scheme for one union and year: suggestions per person, per group, per branch."""
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.CASCADE,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    per_person = models.PositiveSmallIntegerField(_("每人每年（条）"))
    per_group = models.PositiveSmallIntegerField(_("每个班组每年（条）"))
    per_branch = models.PositiveSmallIntegerField(_("每个车间（分会）每年（条）"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("合理化建议目标")
        ordering = ["union_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="suggestions_target_once")]

    def __str__(self):
        return f"{self.year}: {self.per_person}/{self.per_group}/{self.per_branch}"
