"""Labour-law supervision (劳动法律监督, 工会劳动法律监督办法 2021; DOMAIN §14).

* ``Committee``: a union's (or a federation's) labour-law supervision committee, with its ``Supervisor`` rows and
  their certificates (number, issue date, expiry).
* ``Inspection``: an inspection of an employer by at least two supervisors (``InspectionSupervisor``), its
  findings, evidence (``Evidence``, files saved with ``core.jobs.save_upload``) and the employer's signature or
  refusal to sign.
* ``Opinion`` (监督意见书): issued to the employer after an inspection; the employer answers in writing within
  15 working days of receiving it (``core.periods.add_working_days``, provisional for a year the holiday
  calendar does not cover); follow-up and rectification.
* ``Recommendation`` (监督建议书): when the employer ignores the opinion, a county-or-higher federation sends
  it to the labour department, which decides within 5 working days whether to open a case.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

ANSWER_WORKING_DAYS = 15   # the employer answers a 监督意见书 within 15 working days of receipt
FILING_WORKING_DAYS = 5    # the labour department decides on a 监督建议书 within 5 working days
WARN_DAYS = 3


class SupervisionQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainQuerySet(ScopedQuerySet):
    pass


class Committee(SoftDeleteModel):
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    established_on = models.DateField(_("成立日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SupervisionQuerySet)()
    all_objects = models.Manager.from_queryset(SupervisionQuerySet)()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动法律监督委员会")
        ordering = ["org_id"]
        constraints = [models.UniqueConstraint(fields=["org"], condition=Q(deleted_at__isnull=True),
                                               name="supervision_one_committee_per_org")]

    def __str__(self):
        return self.name


class Supervisor(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="supervisors")
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    certificate_no = models.CharField(_("监督员证号"), max_length=40)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "committee__org"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动法律监督员")
        ordering = ["committee_id", "id"]
        constraints = [models.UniqueConstraint(fields=["certificate_no"], name="supervision_certificate_once")]

    def __str__(self):
        return self.name

    def valid_on(self, day):
        return self.issued_on <= day <= self.expires_on


class Inspection(SoftDeleteModel):
    class Signature(models.TextChoices):
        SIGNED = "signed", _("用人单位已签字")
        REFUSED = "refused", _("用人单位拒绝签字")

    committee = models.ForeignKey(Committee, verbose_name=_("监督委员会"), on_delete=models.PROTECT,
                                  related_name="inspections")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    employer = models.CharField(_("被检查单位"), max_length=200)
    inspected_on = models.DateField(_("检查日期"))
    subject = models.CharField(_("检查事项"), max_length=200)
    findings = models.TextField(_("检查发现的问题"))
    signature = models.CharField(_("用人单位签字"), max_length=10, choices=Signature.choices)
    signer = models.CharField(_("签字人或拒签情况"), max_length=100, blank=True)
    supervisors = models.ManyToManyField(Supervisor, verbose_name=_("检查的监督员"), related_name="inspections")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(SupervisionQuerySet)()
    all_objects = models.Manager.from_queryset(SupervisionQuerySet)()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动法律监督检查")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["org", "-inspected_on"], name="supervision_insp_org")]

    def __str__(self):
        return f"{self.inspected_on:%Y-%m-%d}对{self.employer}的监督检查"

    @property
    def label(self):
        return gettext("%(day)s对%(employer)s的监督检查") % {"day": f"{self.inspected_on:%Y-%m-%d}",
                                                        "employer": self.employer}


class Evidence(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    path = models.CharField(max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "inspection__org"

    class Meta:
        verbose_name = verbose_name_plural = _("检查证据")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Opinion(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("已送达，待书面答复")
        ANSWERED = "answered", _("已答复，待整改")
        RECTIFIED = "rectified", _("已整改")
        IGNORED = "ignored", _("拒不整改")

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="opinion")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("文号"), max_length=40)
    issued_on = models.DateField(_("发出日期"))
    received_on = models.DateField(_("用人单位收到日期"))
    requirements = models.TextField(_("整改意见"))
    answer_due = models.DateField(_("书面答复期限"))
    answer_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    follow_up = models.TextField(_("跟踪情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动法律监督意见书")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "answer_due"], name="supervision_opinion_due")]

    def __str__(self):
        return f"监督意见书{self.number}"

    @property
    def label(self):
        return gettext("监督意见书%(number)s") % {"number": self.number}


class Recommendation(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", _("待劳动保障部门决定")
        FILED = "filed", _("已立案")
        NOT_FILED = "not_filed", _("不予立案")

    opinion = models.OneToOneField(Opinion, on_delete=models.PROTECT, related_name="recommendation")
    federation = models.ForeignKey("orgs.Organisation", verbose_name=_("发出的总工会"), on_delete=models.PROTECT,
                                   related_name="+")
    number = models.CharField(_("文号"), max_length=40)
    department = models.CharField(_("劳动保障行政部门"), max_length=100)
    sent_on = models.DateField(_("送达日期"))
    filing_due = models.DateField(_("立案决定期限"))
    filing_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    decision = models.CharField(_("处理结果"), max_length=10, choices=Decision.choices, blank=True, default="")
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainQuerySet.as_manager()
    scope_org = "opinion__org"

    class Meta:
        verbose_name = verbose_name_plural = _("劳动法律监督建议书")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"监督建议书{self.number}"

    @property
    def label(self):
        return gettext("监督建议书%(number)s") % {"number": self.number}
