"""Labour-dispute mediation (劳动争议调解, 劳动争议调解仲裁法; DOMAIN §9).

* ``Committee``: the employer's mediation committee (one per grassroots union's employer) with its
  ``CommitteeMember`` rows: employee representatives (union members, or elected by the workforce),
  employer representatives (named by the employer) and one chair (a union member, or agreed by both sides).
* ``Case``: a dispute brought to the committee: its parties (``Party``), claims by kind with amounts
  (``Claim``), application, acceptance (the 15-day clock, ``core.periods.add_days``) or refusal, sessions
  (``Session``) with minutes, the outcome (agreement, withdrawn, failed → arbitration), the agreement's
  performance (due date, performed or broken; a broken wage agreement may go to court for a 支付令).

Dispute details (names of the workers, facts, amounts, minutes, terms) are encrypted at rest and shown only to
MEDIATE holders; kinds, dates and states stay plain so the figures can be counted set-based.
"""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedDecimalField, EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

CLOCK_DAYS = 15        # 劳动争议调解仲裁法 §14: no agreement within 15 days of acceptance → arbitration
WARN_DAYS = 3          # the inbox shows a clock this many days before it ends


class MediationQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainQuerySet(ScopedQuerySet):
    pass


class Committee(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    employer = models.CharField(_("用人单位"), max_length=200)
    established_on = models.DateField(_("成立日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(MediationQuerySet)()
    all_objects = models.Manager.from_queryset(MediationQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动争议调解委员会")
        ordering = ["union_id"]
        constraints = [models.UniqueConstraint(fields=["union"], condition=Q(deleted_at__isnull=True),
                                               name="mediation_one_committee_per_union")]

    def __str__(self):
        return f"{self.employer}劳动争议调解委员会"

    @property
    def label(self):
        return gettext("%(employer)s劳动争议调解委员会") % {"employer": self.employer}


class Side(models.TextChoices):
    EMPLOYEE = "employee", _("职工代表")
    EMPLOYER = "employer", _("企业代表")


class Basis(models.TextChoices):
    UNION_MEMBER = "union_member", _("工会成员担任")
    ELECTED = "elected", _("职工民主推举产生")
    NAMED = "named", _("企业负责人指定")


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    side = models.CharField(_("代表方"), max_length=10, choices=Side.choices)
    basis = models.CharField(_("产生方式"), max_length=15, choices=Basis.choices)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(_("主任"), default=False)
    chair_agreed = models.BooleanField(_("双方推举的主任"), default=False)

    objects = PlainQuerySet.as_manager()
    scope_org = "committee__union"

    class Meta:
        verbose_name = verbose_name_plural = _("调解委员会委员")
        ordering = ["committee_id", "-is_chair", "side", "id"]

    def __str__(self):
        return self.name


class ClaimKind(models.TextChoices):
    WAGES = "wages", _("劳动报酬")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    TERMINATION = "termination", _("解除或终止劳动合同")
    OVERTIME = "overtime", _("加班")
    INJURY = "injury", _("工伤")
    OTHER = "other", _("其他")


class Case(SoftDeleteModel):
    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        ACCEPTED = "accepted", _("已受理，调解中")
        REFUSED = "refused", _("不予受理")
        AGREED = "agreed", _("达成调解协议")
        WITHDRAWN = "withdrawn", _("撤回申请")
        FAILED = "failed", _("调解不成，可申请仲裁")

    class Performance(models.TextChoices):
        NONE = "", _("—")
        PENDING = "pending", _("待履行")
        PERFORMED = "performed", _("已履行")
        BROKEN = "broken", _("未履行")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    committee = models.ForeignKey(Committee, verbose_name=_("调解委员会"), on_delete=models.PROTECT,
                                  related_name="cases")
    number = models.CharField(_("案号"), max_length=20)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("申请日期"))
    facts = EncryptedTextField(_("争议事实和请求"), blank=True)
    worker_count = models.PositiveIntegerField(_("职工人数"), default=1)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    clock_ends = models.DateField(_("调解期限届满日"), null=True, blank=True)
    clock_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    arbitration_from = models.DateField(_("可申请仲裁日期"), null=True, blank=True)
    refused_on = models.DateField(_("不予受理日期"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    outcome_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome_note = EncryptedTextField(_("结案情况"), blank=True)
    terms = EncryptedTextField(_("协议内容"), blank=True)
    performance = models.CharField(_("履行情况"), max_length=10, choices=Performance.choices, blank=True, default="")
    performance_due = models.DateField(_("履行期限"), null=True, blank=True)
    performed_on = models.DateField(_("履行日期"), null=True, blank=True)
    broken_on = models.DateField(_("登记未履行日期"), null=True, blank=True)
    wage_claim = models.BooleanField(_("涉及劳动报酬"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(MediationQuerySet)()
    all_objects = models.Manager.from_queryset(MediationQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动争议调解案件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "applied_on"], name="mediation_case_union_day"),
                   models.Index(fields=["union", "accepted_on"], name="mediation_case_union_accepted"),
                   models.Index(fields=["status", "clock_ends"], name="mediation_case_clock"),
                   models.Index(fields=["union", "-id"], name="mediation_case_union")]
        constraints = [models.UniqueConstraint(fields=["union", "number"], name="mediation_case_number_once")]

    def __str__(self):
        return f"调解案件{self.number}"

    @property
    def label(self):
        return gettext("调解案件%(number)s") % {"number": self.number}

    @property
    def is_open(self):
        return self.status == self.Status.ACCEPTED

    @property
    def wage_agreement_broken(self):
        """A broken agreement on unpaid wages: the worker may ask the court for a payment order (支付令)."""
        return self.status == self.Status.AGREED and self.wage_claim and self.performance == self.Performance.BROKEN

    def clock_state(self, today: datetime.date) -> str:
        """"running", "due" (ends within WARN_DAYS), "passed" (ended without outcome), or "" (no clock)."""
        if self.status != self.Status.ACCEPTED or self.clock_ends is None:
            return ""
        if today > self.clock_ends:
            return "passed"
        return "due" if (self.clock_ends - today).days <= WARN_DAYS else "running"


class Party(models.Model):
    class Role(models.TextChoices):
        WORKER = "worker", _("职工")
        EMPLOYER = "employer", _("用人单位")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("当事人类别"), max_length=10, choices=Role.choices)
    name = EncryptedTextField(_("姓名或名称"))
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "case__union"

    class Meta:
        verbose_name = verbose_name_plural = _("当事人")
        ordering = ["case_id", "-role", "id"]

    def __str__(self):
        return self.get_role_display()


class Claim(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("请求类别"), max_length=20, choices=ClaimKind.choices)
    amount = EncryptedDecimalField(_("金额（元）"), null=True, blank=True)
    description = EncryptedTextField(_("请求内容"), blank=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "case__union"

    class Meta:
        verbose_name = verbose_name_plural = _("调解请求")
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="mediation_claim_kind")]

    def __str__(self):
        return self.get_kind_display()


class Session(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    mediators = models.CharField(_("调解员"), max_length=200)
    minutes = EncryptedTextField(_("调解笔录"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "case__union"

    class Meta:
        verbose_name = verbose_name_plural = _("调解记录")
        ordering = ["case_id", "held_on", "id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d}调解"
