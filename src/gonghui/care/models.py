"""Care (送温暖): hardship files, visits and condolences, batch greetings and satisfaction answers.

* ``PovertyLine``: the local minimum-living line (低保) a union or federation sets, effective-dated.
* ``Occasion``: a union's own visiting occasions (the built-in 五必访 list is ``occasions.DEFAULTS``).
* ``HardshipFile`` (一人一档一策) with its ``HardshipEvidence`` and ``HardshipHelp`` rows; household
  figures, cause and plan are encrypted at rest and shown only to SEE_HARDSHIP holders.
* ``Visit``: who visited whom, when, on which occasion, what was given (its ``spending.Expense``).
* ``Distribution`` and ``DistributionRow``: a festival or birthday greeting list with per-member sign-off.
* ``SurveyAnswer``: a helped member's 满意/基本满意/不满意.

Rows carry the member's organisation (``org``) for scope, so a group leader reaches his group's rows.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedDecimalField, EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet
from gonghui.spending.catalogue import EXPENSE_KIND_CHOICES, Form

MONEY = {"max_digits": 12, "decimal_places": 2}


class CareQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainScopedQuerySet(ScopedQuerySet):
    pass


class PovertyLine(models.Model):
    """低保 line per month per person, set by a union or a federation for the unions beneath it."""

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("设定组织"), on_delete=models.PROTECT,
                            related_name="+")
    amount = models.DecimalField(_("低保标准（元/人·月）"), **MONEY)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.CharField(_("依据文件"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("低保标准")
        ordering = ["org_id", "-effective_from"]
        indexes = [models.Index(fields=["org", "effective_from"], name="care_povline_org")]

    def __str__(self):
        return f"{self.org} {self.amount}"


class Occasion(models.Model):
    """A union's own setting for one occasion: a built-in one renamed/switched off, or a new one."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    code = models.CharField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=30)
    expense_kind = models.CharField(_("开支类型"), max_length=20, choices=EXPENSE_KIND_CHOICES)
    must_visit = models.BooleanField(_("五必访"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("走访慰问事由")
        constraints = [models.UniqueConstraint(fields=["union", "code"], name="care_occasion_once")]

    def __str__(self):
        return self.name


class HardshipClass(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")
    NONE = "none", _("不符合困难标准")


class HardshipFile(SoftDeleteModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACTIVE = "active", _("在档")
        EXITED = "exited", _("已退出")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="hardship_files")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    category = models.CharField(_("困难类别"), max_length=10, choices=HardshipClass.choices, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    household = EncryptedTextField(_("家庭成员情况"), blank=True)
    household_income = EncryptedDecimalField(_("家庭年可支配收入（元）"), null=True, blank=True)
    essential_spending = EncryptedDecimalField(_("年刚性支出（元）"), null=True, blank=True)
    crisis_costs = EncryptedDecimalField(_("年突发支出（元）"), null=True, blank=True)
    per_capita = EncryptedDecimalField(_("家庭月人均收入（元）"), null=True, blank=True)
    disaster = models.BooleanField(_("遭遇灾害或因公致困"), default=False)
    cause = EncryptedTextField(_("致困原因"), blank=True)
    plan = EncryptedTextField(_("帮扶计划"), blank=True)
    poverty_line = models.DecimalField(_("适用低保标准"), null=True, blank=True, **MONEY)
    submitted_at = models.DateField(_("建档日期"), null=True, blank=True)
    verified_on = models.DateField(_("最近核实日期"), null=True, blank=True)
    next_verification = models.DateField(_("下次核实日期"), null=True, blank=True)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(CareQuerySet)()
    all_objects = models.Manager.from_queryset(CareQuerySet)()
    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("困难职工档案")
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "status", "next_verification"], name="care_file_due"),
                   models.Index(fields=["union", "-id"], name="care_file_union")]
        constraints = [models.UniqueConstraint(fields=["member"], name="care_one_open_file_per_member",
                                               condition=Q(deleted_at__isnull=True) & ~Q(status="exited"))]

    def __str__(self):
        """Chinese, as the audit trail stores it; ``label`` is the name in the current language."""
        return f"{self.member.name}的困难档案"

    @property
    def label(self):
        return gettext("%(name)s的困难档案") % {"name": self.member.name}


def evidence_path(instance, filename):
    import uuid
    from pathlib import PurePosixPath

    return "care/evidence/" + uuid.uuid4().hex + PurePosixPath(filename).suffix.lower()[:10]


class HardshipEvidence(models.Model):
    file_record = models.ForeignKey(HardshipFile, verbose_name=_("档案"), on_delete=models.CASCADE,
                                    related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "file_record__org"

    class Meta:
        verbose_name = verbose_name_plural = _("困难证明材料")
        ordering = ["id"]

    def __str__(self):
        return self.name


class HardshipHelp(models.Model):
    class Kind(models.TextChoices):
        GRANT = "grant", _("困难补助")
        GOODS = "goods", _("慰问物资")
        MEDICAL = "medical", _("医疗救助")
        SCHOOLING = "schooling", _("助学")
        JOBS = "jobs", _("就业帮扶")
        OTHER = "other", _("其他帮扶")

    file_record = models.ForeignKey(HardshipFile, verbose_name=_("档案"), on_delete=models.PROTECT,
                                    related_name="help")
    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("帮扶方式"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), default=0, **MONEY)
    description = models.CharField(_("帮扶内容"), max_length=200)
    expense = models.ForeignKey("spending.Expense", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("帮扶记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="care_help_org_date")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class Visit(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="care_visits")
    occasion = models.CharField(_("事由代码"), max_length=30)
    occasion_name = models.CharField(_("事由"), max_length=30)
    must_visit = models.BooleanField(_("五必访"), default=False)
    date = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人"), max_length=100)
    gift = models.CharField(_("慰问品或慰问金"), max_length=200, blank=True)
    amount = models.DecimalField(_("金额（元）"), default=0, **MONEY)
    form = models.CharField(_("发放形式"), max_length=8, choices=Form.CHOICES, default=Form.CASH)
    expense = models.ForeignKey("spending.Expense", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    note = models.CharField(_("情况记录"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(CareQuerySet)()
    all_objects = models.Manager.from_queryset(CareQuerySet)()
    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("走访慰问")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="care_visit_org_date"),
                   models.Index(fields=["member", "date"], name="care_visit_member")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.occasion_name}"


class Distribution(models.Model):
    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("节日慰问")
        BIRTHDAY = "birthday", _("生日慰问")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    festival = models.CharField(_("节日"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    date = models.DateField(_("发放日期"))
    description = models.CharField(_("物品"), max_length=200)
    amount_per_person = models.DecimalField(_("每人金额（元）"), **MONEY)
    head_count = models.PositiveIntegerField(_("人数"))
    expense = models.ForeignKey("spending.Expense", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("慰问品发放")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "-date"], name="care_dist_union")]

    def __str__(self):
        """The list's name without its items (those are the expense's, shown to officers only), in Chinese
        as the audit trail stores it; ``label`` is the name in the current language."""
        return f"{self.year}年{self.festival}慰问品" if self.festival else f"{self.year}年{self.month}月生日慰问"

    @property
    def label(self):
        if self.festival:
            return gettext("%(year)s年%(festival)s慰问品") % {"year": self.year, "festival": self.festival}
        return gettext("%(year)s年%(month)s月生日慰问") % {"year": self.year, "month": self.month}


class DistributionRow(models.Model):
    class SignedAs(models.TextChoices):
        MEMBER = "member", _("本人签收")
        LEADER = "leader", _("小组长代签")
        OFFICER = "officer", _("干事登记纸质签收")

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="rows")
    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    dedupe_key = models.CharField(max_length=40, help_text="festival:2026:中秋节 / birthday:2026")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    signed_as = models.CharField(_("签收方式"), max_length=8, choices=SignedAs.choices, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("发放签收")
        ordering = ["distribution_id", "org_id", "id"]
        indexes = [models.Index(fields=["org", "distribution"], name="care_row_org")]
        constraints = [models.UniqueConstraint(fields=["member", "dedupe_key"], name="care_one_greeting_per_key")]

    def __str__(self):
        return f"{self.distribution} · {self.member_id}"


class Answer(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class SurveyAnswer(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("本人填写")
        PAPER = "paper", _("纸质问卷录入")

    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    visit = models.OneToOneField(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="answer")
    help = models.OneToOneField(HardshipHelp, null=True, blank=True, on_delete=models.PROTECT, related_name="answer")
    answer = models.CharField(_("满意度"), max_length=12, choices=Answer.choices)
    comment = models.CharField(_("意见建议"), max_length=300, blank=True)
    source = models.CharField(_("来源"), max_length=6, choices=Source.choices)
    answered_on = models.DateField(_("填写日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("满意度回访")
        ordering = ["-answered_on", "-id"]
        indexes = [models.Index(fields=["org", "answered_on"], name="care_answer_org")]

    def __str__(self):
        return f"{self.member_id} {self.get_answer_display()}"
