"""经审 (the audit committee's reviews and findings) and the disclosure of finances to members.

Both belong to a grassroots union (``union``) and are scoped by it. Periods are whole months: ``start``
is the first day of the first month, ``end`` the last day of the last month (see ``periods``).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet

from .periods import describe


class Area(models.TextChoices):
    """What an audit review covers (经费审查委员会的审查范围), and where a finding lies."""

    BUDGET = "budget", _("预算执行")
    INCOME = "income", _("经费收入")
    SPENDING = "spending", _("经费支出")
    ASSETS = "assets", _("资产管理")
    SPECIAL_FUNDS = "special_funds", _("专项资金")


class ReviewQuerySet(ScopedQuerySet):
    pass


class AuditReview(models.Model):
    """One review of a union's books over a run of months, ending in a sign-off that closes them."""

    class Status(models.TextChoices):
        OPEN = "open", _("审查中")
        FINDINGS = "findings", _("已提出问题")
        RECTIFYING = "rectifying", _("整改中")
        SIGNED = "signed", _("已签署")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    start = models.DateField(_("审查期间起"))
    end = models.DateField(_("审查期间止"))
    areas = models.JSONField(_("审查范围"), default=list)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("审查人员"), related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    opinion = models.TextField(_("审查意见"), blank=True)
    with_reservations = models.BooleanField(_("保留意见"), default=False)
    reservation_reason = models.TextField(_("保留意见理由"), blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签署人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("经费审查")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["union", "start"], name="finaudit_review_union")]

    def __str__(self):
        return _("%(union)s %(period)s经费审查") % {"union": self.union, "period": self.period_label}

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
        MINOR = "minor", _("一般")
        SERIOUS = "serious", _("较重")
        GRAVE = "grave", _("严重")

    review = models.ForeignKey(AuditReview, verbose_name=_("经费审查"), on_delete=models.PROTECT,
                               related_name="findings")
    area = models.CharField(_("所属方面"), max_length=16, choices=Area.choices)
    description = models.TextField(_("问题描述"))
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices, default=Severity.MINOR)
    amount = models.DecimalField(_("涉及金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    rectification_required = models.BooleanField(_("需要整改"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    rectification_note = models.TextField(_("整改情况"), blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改登记人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核实人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_org = "review__union"

    class Meta:
        verbose_name = verbose_name_plural = _("审查发现的问题")
        ordering = ["review", "id"]

    def __str__(self):
        return _("%(area)s：%(description)s") % {"area": self.get_area_display(), "description": self.description[:40]}

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
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已公开")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    start = models.DateField(_("公开期间起"))
    end = models.DateField(_("公开期间止"))
    title = models.CharField(_("标题"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("公开数据"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), on_delete=models.PROTECT,
                                   related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公开人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    notice = models.OneToOneField("notices.Notice", verbose_name=_("公开通知"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="finance_disclosure",
                                  help_text=_("公开时发布到公开栏的通知：会员的财务公开页和公开栏读同一条"))

    objects = AliveManager.from_queryset(DisclosureQuerySet)()
    all_objects = models.Manager.from_queryset(DisclosureQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("财务公开")
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
        QUARTERLY = 3, _("每季度")
        HALF_YEARLY = 6, _("每半年")
        YEARLY = 12, _("每年")

    DEFAULT = Interval.HALF_YEARLY

    union = models.OneToOneField("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                                 related_name="+")
    interval_months = models.PositiveSmallIntegerField(_("公开周期"), choices=Interval.choices,
                                                       default=Interval.HALF_YEARLY)

    objects = ScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("财务公开设置")

    def __str__(self):
        return f"{self.union} {self.get_interval_months_display()}"
