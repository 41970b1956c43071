"""经审 (the audit committee's reviews and findings) and the disclosure of finances to members.

Both belong to a grassroots union (``union``) and are scoped by it. Periods are whole months: ``start``
is the first day of the first month, ``end`` the last day of the last month (see ``periods``).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.capabilities import VIEW_FINANCE
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet

from .periods import describe


class Area(models.TextChoices):
    """What an audit review covers (经费审查委员会的审查范围), and where a finding lies."""

    BUDGET = "budget", "预算执行"
    INCOME = "income", "经费收入"
    SPENDING = "spending", "经费支出"
    ASSETS = "assets", "资产管理"
    SPECIAL_FUNDS = "special_funds", "专项资金"


class ReviewQuerySet(ScopedQuerySet):
    pass


class AuditReview(models.Model):
    """One review of a union's books over a run of months, ending in a sign-off that closes them."""

    class Status(models.TextChoices):
        OPEN = "open", "审查中"
        FINDINGS = "findings", "已提出问题"
        RECTIFYING = "rectifying", "整改中"
        SIGNED = "signed", "已签署"

    union = models.ForeignKey("orgs.Organisation", verbose_name="基层工会", on_delete=models.PROTECT,
                              related_name="+")
    start = models.DateField("审查期间起")
    end = models.DateField("审查期间止")
    areas = models.JSONField("审查范围", default=list)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="审查人员", related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField("发起时间", default=timezone.now)
    opinion = models.TextField("审查意见", blank=True)
    with_reservations = models.BooleanField("保留意见", default=False)
    reservation_reason = models.TextField("保留意见理由", blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)

    objects = ReviewQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = "经费审查"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["union", "start"], name="finaudit_review_union")]

    def __str__(self):
        return f"{self.union} {self.period_label}经费审查"

    @property
    def period_label(self):
        return describe(self.start, self.end)

    @property
    def signed(self):
        return self.status == self.Status.SIGNED

    def area_labels(self):
        labels = dict(Area.choices)
        return [labels[a] for a in self.areas if a in labels]


class Finding(models.Model):
    """A problem the review found; settled when no rectification is needed, or when it has been
    rectified and an auditor other than the one who recorded the rectification verified it."""

    class Severity(models.TextChoices):
        MINOR = "minor", "一般"
        SERIOUS = "serious", "较重"
        GRAVE = "grave", "严重"

    review = models.ForeignKey(AuditReview, verbose_name="经费审查", on_delete=models.PROTECT,
                               related_name="findings")
    area = models.CharField("所属方面", max_length=16, choices=Area.choices)
    description = models.TextField("问题描述")
    severity = models.CharField("严重程度", max_length=16, choices=Severity.choices, default=Severity.MINOR)
    amount = models.DecimalField("涉及金额", max_digits=14, decimal_places=2, null=True, blank=True)
    rectification_required = models.BooleanField("需要整改", default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    rectification_note = models.TextField("整改情况", blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="整改登记人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField("整改时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核实人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_org = "review__union"

    class Meta:
        verbose_name = verbose_name_plural = "审查发现的问题"
        ordering = ["review", "id"]

    def __str__(self):
        return f"{self.get_area_display()}：{self.description[:40]}"

    @property
    def settled(self):
        return not self.rectification_required or self.verified_at is not None


UNSETTLED = Q(rectification_required=True, verified_at__isnull=True)


class DisclosureQuerySet(ScopedQuerySet, AliveQuerySet):
    """Officers with VIEW_FINANCE see every disclosure of their unions (drafts too); a member (policy
    MY_UNION) sees the published disclosures of their own union and nothing else: ``readable_by``."""

    scope_policy = MY_UNION
    readable_cap = VIEW_FINANCE

    def member_shown(self, member):
        return Q(status=Disclosure.Status.PUBLISHED)


class Disclosure(SoftDeleteModel):
    """The union's finances reported to its members for a period (half-yearly by default).

    ``figures`` is frozen at publication: a later correction in the books does not change a notice
    members have read; a correction is a new disclosure.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公开"

    union = models.ForeignKey("orgs.Organisation", verbose_name="基层工会", on_delete=models.PROTECT,
                              related_name="+")
    start = models.DateField("公开期间起")
    end = models.DateField("公开期间止")
    title = models.CharField("标题", max_length=100)
    note = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("公开数据", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", on_delete=models.PROTECT,
                                   related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="公开人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    objects = AliveManager.from_queryset(DisclosureQuerySet)()
    all_objects = models.Manager.from_queryset(DisclosureQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = "财务公开"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["union", "status", "start"], name="finaudit_disclosure_union")]

    def __str__(self):
        return self.title

    @property
    def period_label(self):
        return describe(self.start, self.end)

    @property
    def published(self):
        return self.status == self.Status.PUBLISHED


class DisclosureSetting(models.Model):
    """How often a union reports its finances to members (DOMAIN §8: half-yearly by default)."""

    class Interval(models.IntegerChoices):
        QUARTERLY = 3, "每季度"
        HALF_YEARLY = 6, "每半年"
        YEARLY = 12, "每年"

    DEFAULT = Interval.HALF_YEARLY

    union = models.OneToOneField("orgs.Organisation", verbose_name="基层工会", on_delete=models.PROTECT,
                                 related_name="+")
    interval_months = models.PositiveSmallIntegerField("公开周期", choices=Interval.choices,
                                                       default=Interval.HALF_YEARLY)

    objects = ScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = "财务公开设置"

    def __str__(self):
        return f"{self.union} {self.get_interval_months_display()}"
