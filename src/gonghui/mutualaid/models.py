"""Mutual-aid and insurance plans (职工医疗互助, 女职工特种疾病互助, …), who is enrolled, their claims,
and health checks (体检: the schedule and who attended — never any medical result).

A ``MutualAidPlan`` belongs to an organisation: a federation defines a plan its unions use, a
grassroots union its own. One plan is one plan year with its coverage period; renewing makes the next
year's plan (``renewed_from``) and enrols last year's members again. ``EnrolmentBatch`` is one
enrolment run (a group, a branch, a whole union, or a renewal) with its premium totals and the draft
voucher; ``Enrolment`` is one member covered by one plan. A ``Claim`` moves submitted → reviewing →
approved/rejected → paid; every step is kept in ``ClaimStep``. Its medical description is encrypted.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import HERE_OR_ABOVE, ScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}


class PlanKind(models.TextChoices):
    MEDICAL = "medical", _("职工医疗互助")
    FEMALE_DISEASE = "female_disease", _("女职工特种疾病互助")
    ACCIDENT = "accident", _("意外伤害互助")
    HOSPITALISATION = "hospitalisation", _("住院医疗互助")
    OTHER = "other", _("其他")


class Payer(models.TextChoices):
    UNION = "union", _("工会全额支付")
    MEMBER = "member", _("会员个人缴纳")
    SPLIT = "split", _("工会与个人分担")


class EligibleSex(models.TextChoices):
    ANY = "", _("不限")
    MALE = "M", _("男")
    FEMALE = "F", _("女")


def plan_label(year, name):
    """A plan year's name as pages show it: 2026年职工医疗互助 ("2026 职工医疗互助" in English)."""
    return gettext("%(year)s年%(name)s") % {"year": year, "name": name}


class PlanQuerySet(ScopedQuerySet, AliveQuerySet):
    """Plans of organisations in the user's scope, and of the federations above it (a county
    federation's plan is used by its unions)."""

    scope_policy = HERE_OR_ABOVE
    scope_owner = "owner"


class MutualAidPlan(SoftDeleteModel):
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("制定组织"), on_delete=models.PROTECT,
                              related_name="+")
    name = models.CharField(_("名称"), max_length=80)
    provider = models.CharField(_("承办机构"), max_length=80, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    coverage_start = models.DateField(_("保障起始日"))
    coverage_end = models.DateField(_("保障终止日"))
    premium = models.DecimalField(_("每人保费（元）"), **MONEY)
    payer = models.CharField(_("缴费方式"), max_length=8, choices=Payer.choices, default=Payer.UNION)
    union_share = models.DecimalField(_("工会每人承担（元）"), default=0, **MONEY)
    eligible_sex = models.CharField(_("性别限制"), max_length=1, choices=EligibleSex.choices, blank=True)
    include_retained = models.BooleanField(_("保留会籍会员（退休等）可参加"), default=False)
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    per_claim_limit = models.DecimalField(_("单次给付上限（元）"), **MONEY)
    yearly_limit = models.DecimalField(_("年度累计给付上限（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    renewed_from = models.ForeignKey("self", verbose_name=_("续保自"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="renewals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(PlanQuerySet)()
    all_objects = models.Manager.from_queryset(PlanQuerySet)()

    scope_org = "owner"

    class Meta:
        verbose_name = verbose_name_plural = _("互助保障计划")
        ordering = ["-year", "owner_id", "name", "id"]
        indexes = [models.Index(fields=["owner", "-year"], name="aidplan_owner_year"),
                   models.Index(fields=["coverage_end"], name="aidplan_coverage_end")]

    def __str__(self):
        """Chinese, as the audit trail and batch notes store it; ``label`` is the name in the current language."""
        return f"{self.year}年{self.name}"

    @property
    def label(self):
        return plan_label(self.year, self.name)

    def covers(self, day):
        return self.coverage_start <= day <= self.coverage_end


class UnionScopedQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class EnrolmentBatch(models.Model):
    """One enrolment run: who was enrolled at once, the premiums it costs and the voucher drafted for it."""

    class Kind(models.TextChoices):
        ENROL = "enrol", _("参保登记")
        RENEW = "renew", _("续保")

    plan = models.ForeignKey(MutualAidPlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="batches")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("参保范围"), on_delete=models.PROTECT,
                            related_name="+")
    kind = models.CharField(_("方式"), max_length=8, choices=Kind.choices, default=Kind.ENROL)
    date = models.DateField(_("登记日期"))
    head_count = models.PositiveIntegerField(_("参保人数"), default=0)
    skipped = models.JSONField(_("未参保原因"), default=dict, blank=True)
    premium_total = models.DecimalField(_("保费合计（元）"), default=0, **MONEY)
    union_total = models.DecimalField(_("工会承担（元）"), default=0, **MONEY)
    member_total = models.DecimalField(_("个人缴纳（元）"), default=0, **MONEY)
    voucher = models.ForeignKey("ledger.Voucher", verbose_name=_("记账凭证"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("参保批次")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="aidbatch_union")]

    def __str__(self):
        return f"{self.plan_id}#{self.pk} {self.head_count}"


class Enrolment(SoftDeleteModel):
    plan = models.ForeignKey(MutualAidPlan, verbose_name=_("计划"), on_delete=models.PROTECT,
                             related_name="enrolments")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="aid_enrolments")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+")
    batch = models.ForeignKey(EnrolmentBatch, verbose_name=_("参保批次"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="enrolments")
    premium = models.DecimalField(_("保费（元）"), **MONEY)
    union_pays = models.DecimalField(_("工会承担（元）"), **MONEY)
    member_pays = models.DecimalField(_("个人缴纳（元）"), **MONEY)

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("参保记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "plan"], name="aidenrol_org_plan"),
                   models.Index(fields=["plan", "id"], name="aidenrol_plan_id"),
                   models.Index(fields=["member", "plan"], name="aidenrol_member")]
        constraints = [models.UniqueConstraint(fields=["plan", "member"], condition=Q(deleted_at__isnull=True),
                                               name="aid_enrol_once_per_plan")]

    def __str__(self):
        return f"{self.plan_id}/{self.member_id}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    REVIEWING = "reviewing", _("审核中")
    APPROVED = "approved", _("已核准")
    REJECTED = "rejected", _("未核准")
    PAID = "paid", _("已给付")


# Claims whose amount counts against the plan's yearly limit (approved/paid at the approved amount).
OPEN_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.REVIEWING)
GRANTED_STATUSES = (ClaimStatus.APPROVED, ClaimStatus.PAID)


class Claim(SoftDeleteModel):
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("参保记录"), on_delete=models.PROTECT,
                                  related_name="claims")
    plan = models.ForeignKey(MutualAidPlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="claims")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="aid_claims")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+")
    incident_date = models.DateField(_("就医（出险）日期"))
    amount_claimed = models.DecimalField(_("申请金额（元）"), **MONEY)
    amount_approved = models.DecimalField(_("核准金额（元）"), null=True, blank=True, **MONEY)
    diagnosis = EncryptedTextField(_("病情及就医说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    paid_on = models.DateField(_("给付日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "org"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("互助给付申请")
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "-id"], name="aidclaim_org"),
                   models.Index(fields=["enrolment", "status"], name="aidclaim_enrolment"),
                   models.Index(fields=["union", "paid_on"], name="aidclaim_paid")]

    def __str__(self):
        return f"给付申请{self.pk}"

    @property
    def counted_amount(self):
        if self.status in GRANTED_STATUSES:
            return self.amount_approved
        if self.status in OPEN_STATUSES:
            return self.amount_claimed
        return 0


class ClaimStep(models.Model):
    """The transitions log of a claim: who moved it to which status, when, and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("状态"), max_length=10, choices=ClaimStatus.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT,
                           related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["claim_id", "id"]


class HealthCheckRound(SoftDeleteModel):
    """One year's health check of a union (体检): where, by whom, when. No medical results, ever."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=80)
    provider = models.CharField(_("体检机构"), max_length=80)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("体检安排")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["union", "-start_date"], name="aidcheck_union")]

    def __str__(self):
        return self.name


class HealthCheckSlot(models.Model):
    """When one group (or branch) goes to the health check."""

    round = models.ForeignKey(HealthCheckRound, verbose_name=_("体检安排"), on_delete=models.CASCADE,
                              related_name="slots")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("分组"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("体检时段")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["union", "date"], name="aidslot_union_date")]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="aid_slot_once_per_group")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start_time:%H:%M}"


class Attendance(models.Model):
    """A member who attended the health check (a tick on the roster; nothing about their health)."""

    slot = models.ForeignKey(HealthCheckSlot, verbose_name=_("体检时段"), on_delete=models.CASCADE,
                             related_name="attendance")
    round = models.ForeignKey(HealthCheckRound, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="+")
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("体检到检")
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="aid_attend_once_per_round")]
        indexes = [models.Index(fields=["slot", "member"], name="aidattend_slot")]
