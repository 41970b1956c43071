"""Work plans (工作计划): the plan, its outline, tasks with months, targets bound to metrics, the
records that fulfil each task, and the half-year and year-end summaries drafted from recorded data.

A ``Plan`` belongs to a grassroots union (or a federation: its own plan). Its ``PlanSection`` rows are
the outline (level 0 a 篇/部分, 1 一、, 2 （一）, 3 1., 4 （1）, 5 ①); ``Task`` rows the schedule (a month
1–12 of the plan's period and the capability that fulfils it); ``Target`` rows a metric code from
``gonghui.core.metrics``, a comparator and a threshold. ``TaskLink`` names any record (an event, a visit,
a notice …) by content type and id, resolved lazily so apps not installed are skipped.
"""
import calendar
import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

from .labels import month_name


class PlanQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlanKind(models.TextChoices):
    ANNUAL = "annual", _("年度计划")
    HALF_YEAR = "half_year", _("半年计划")
    SEMESTER = "semester", _("学期计划")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ADOPTED = "adopted", _("已通过")
    ARCHIVED = "archived", _("已归档")


class Origin(models.TextChoices):
    BLANK = "blank", _("空白计划")
    TEMPLATE = "template", _("模板")
    COPY = "copy", _("复制往年计划")
    IMPORT = "import", _("导入文件")


PART_LABELS = {
    PlanKind.HALF_YEAR: {1: _("上半年"), 2: _("下半年")},
    PlanKind.SEMESTER: {1: _("春季学期"), 2: _("秋季学期")},
}


class Plan(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("计划类型"), max_length=10, choices=PlanKind.choices, default=PlanKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("年度"))
    part = models.PositiveSmallIntegerField(_("半年/学期"), null=True, blank=True,
                                            help_text=_("半年计划：1 上半年，2 下半年；学期计划：1 春季，2 秋季"))
    title = models.CharField(_("标题"), max_length=120)
    guiding_thought = models.TextField(_("指导思想"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.BLANK)
    source_name = models.CharField(_("来源文件或模板"), max_length=200, blank=True)
    copied_from = models.ForeignKey("self", verbose_name=_("复制自"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(PlanQuerySet)()
    all_objects = models.Manager.from_queryset(PlanQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("工作计划")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["union", "year"], name="plan_union_year")]

    def __str__(self):
        return self.title

    @property
    def part_label(self):
        return PART_LABELS.get(self.kind, {}).get(self.part, "")

    @property
    def period_label(self):
        """2026年 / 2026年上半年 ("2026", "First half 2026")."""
        if self.part_label:
            return _("%(year)s年%(part)s") % {"year": self.year, "part": self.part_label}
        return _("%(year)s年") % {"year": self.year}

    @property
    def period_and_kind(self):
        """2026年年度计划 / 2026年上半年半年计划 ("Annual plan, 2026")."""
        return _("%(period)s%(kind)s") % {"period": self.period_label, "kind": self.get_kind_display()}

    def period(self):
        """The plan's inclusive date range."""
        y = self.year
        if self.kind == PlanKind.HALF_YEAR:
            return (datetime.date(y, 1, 1), datetime.date(y, 6, 30)) if self.part != 2 else \
                (datetime.date(y, 7, 1), datetime.date(y, 12, 31))
        if self.kind == PlanKind.SEMESTER:
            return (datetime.date(y, 2, 1), datetime.date(y, 7, 31)) if self.part != 2 else \
                (datetime.date(y, 8, 1), datetime.date(y + 1, 1, 31))
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)

    def month_bounds(self, month):
        """First and last day of ``month`` (1–12) within the plan's period (an autumn semester's
        January is the next year's)."""
        start, _end = self.period()
        year = start.year + (1 if month < start.month else 0)
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


class PlanSection(models.Model):
    LEVEL_LABELS = {0: _("篇"), 1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 5: "①"}

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", verbose_name=_("上级条目"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    label = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("计划条目")
        ordering = ["plan_id", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"], name="plan_section_order")]

    def __str__(self):
        return f"{self.label}{self.title}"


class Capability(models.TextChoices):
    ACTIVITIES = "activities", _("文体活动")
    CONTESTS = "contests", _("劳动竞赛")
    CARE = "care", _("送温暖与帮扶")
    MUTUALAID = "mutualaid", _("互助保障")
    CONGRESS = "congress", _("职代会/教代会")
    ELECTIONS = "elections", _("换届选举")
    NOTICES = "notices", _("厂务/校务公开")
    MEMBERS = "members", _("会员发展")
    DUES = "dues", _("会费收缴")
    FINANCE = "finance", _("经费管理")
    OTHER = "other", _("其他")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("未开始")
    DOING = "doing", _("进行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class TaskQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Task(SoftDeleteModel):
    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(PlanSection, verbose_name=_("所属条目"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="tasks")
    title = models.CharField(_("任务"), max_length=300)
    owner = models.CharField(_("负责人"), max_length=60, blank=True)
    owner_org = models.ForeignKey("orgs.Organisation", verbose_name=_("负责组织"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    capability = models.CharField(_("承担模块"), max_length=12, choices=Capability.choices, default=Capability.OTHER)
    status = models.CharField(_("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    done_at = models.DateField(_("完成日期"), null=True, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    objects = AliveManager.from_queryset(TaskQuerySet)()
    all_objects = models.Manager.from_queryset(TaskQuerySet)()
    scope_org = "plan__union"

    class Meta:
        verbose_name = verbose_name_plural = _("计划任务")
        ordering = ["plan_id", "month", "order", "id"]
        indexes = [models.Index(fields=["plan", "month"], name="plan_task_month")]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in (TaskStatus.TODO, TaskStatus.DOING)

    @property
    def month_label(self):
        return month_name(self.month) if self.month else _("未定月份")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="


class TargetPeriod(models.TextChoices):
    PLAN = "plan", _("计划期间")
    H1 = "h1", _("上半年")
    H2 = "h2", _("下半年")


class Target(SoftDeleteModel):
    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("指标"), max_length=60)
    label = models.CharField(_("目标名称"), max_length=120, blank=True)
    comparator = models.CharField(_("比较"), max_length=3, choices=Comparator.choices, default=Comparator.GTE)
    threshold = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    period = models.CharField(_("考核期间"), max_length=4, choices=TargetPeriod.choices, default=TargetPeriod.PLAN)
    source_text = models.TextField(_("计划原文"), blank=True)
    unit = models.CharField(_("单位"), max_length=10, blank=True,
                            help_text=_("手动目标的单位（如“家”“次/月”）；有指标的目标用指标的单位"))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    objects = AliveManager.from_queryset(TaskQuerySet)()
    all_objects = models.Manager.from_queryset(TaskQuerySet)()
    scope_org = "plan__union"

    class Meta:
        verbose_name = verbose_name_plural = _("工作目标")
        ordering = ["plan_id", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"], name="plan_target_order")]

    def __str__(self):
        return f"{self.display_label} {self.get_comparator_display()} {self.threshold}"

    @property
    def is_manual(self):
        """No metric measures it: the officer reports progress by hand (an imported "建10家", "每月一次")."""
        return not self.metric

    @property
    def display_label(self):
        from gonghui.core.metrics import get

        if self.label:
            return self.label
        metric = get(self.metric)
        return metric.label if metric else self.metric

    def window(self):
        start, end = self.plan.period()
        if self.period == TargetPeriod.H1:
            return start, min(end, datetime.date(start.year, 6, 30))
        if self.period == TargetPeriod.H2:
            return max(start, datetime.date(start.year, 7, 1)), end
        return start, end


class TaskLink(models.Model):
    """A record that fulfils a task, by content type and id (an event, a visit, a notice …)."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    label = models.CharField(_("记录"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("任务关联记录")
        ordering = ["task_id", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "content_type", "object_id"], name="task_link_once")]

    def __str__(self):
        return self.label


class SummaryKind(models.TextChoices):
    HALF_YEAR = "half_year", _("半年工作总结")
    YEAR_END = "year_end", _("年度工作总结")


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FINAL = "final", _("定稿")


class Summary(SoftDeleteModel):
    """A 工作总结 drafted from the readings; ``sections`` is a list of
    ``{"key", "heading", "body", "figures": [{"text", "url"}]}`` whose ``body`` the officer edits."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="summaries")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("总结类型"), max_length=10, choices=SummaryKind.choices)
    start = models.DateField(_("期间起"))
    end = models.DateField(_("期间止"))
    title = models.CharField(_("标题"), max_length=120)
    status = models.CharField(_("状态"), max_length=6, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    sections = models.JSONField(_("内容"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(PlanQuerySet)()
    all_objects = models.Manager.from_queryset(PlanQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("工作总结")
        ordering = ["-end", "-id"]
        indexes = [models.Index(fields=["union", "end"], name="plan_summary_union_end")]

    def __str__(self):
        return self.title
