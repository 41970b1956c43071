"""Members' requests and complaints (职工诉求) and legal aid (法律援助).

An ``Appeal`` is named (``member`` set) or anonymous. **Anonymous means no link to the member is stored**: no
member, no user, no contact; its primary key is a random number (ids in order could be matched with login
records), it records the day only (no time of day), and its submission writes no audit entry (officers'
handling is audited). The submitter follows it with a receipt code shown once; only its hash is stored.

Attachments are kept encrypted in the database (``core.crypto``), never as files whose times on disk could be
matched with a session. Legal-aid consultations and referrals (``LegalAid``) are recorded by officers.
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.scope import ScopedQuerySet


def random_id() -> int:
    """A random positive 62-bit id: row ids in order would tell when a request came in relative to others."""
    return secrets.randbelow(2**62 - 1) + 1


class Category(models.TextChoices):
    WAGES = "wages", _("工资报酬")
    INSURANCE = "insurance", _("社会保险")
    CONTRACT = "contract", _("劳动合同")
    HOURS = "hours", _("工时与休假")
    SAFETY = "safety", _("劳动安全卫生")
    WOMEN = "women", _("女职工权益")
    WELFARE = "welfare", _("生活福利")
    OTHER = "other", _("其他")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class AppealQuerySet(ScopedQuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def own(self, member):
        """A member's own named appeals (anonymous ones are linked to nobody, so never among them)."""
        if member is None:
            return self.none()
        return self.filter(member=member, anonymous=False, deleted_at__isnull=True)


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待办理")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    # Who handles it now: the union, or the federation above after an escalation.
    handler = models.ForeignKey("orgs.Organisation", verbose_name=_("承办组织"), on_delete=models.PROTECT,
                                related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    anonymous = models.BooleanField(_("匿名"), default=False)
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=100)
    text = EncryptedTextField(_("诉求内容"))
    submitted_on = models.DateField(_("提交日期"))
    due = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    escalations = models.PositiveSmallIntegerField(_("上交次数"), default=0)
    escalated_on = models.DateField(_("上交日期"), null=True, blank=True)
    answer = EncryptedTextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    rating = models.CharField(_("满意度"), max_length=12, choices=Rating.choices, blank=True)
    rating_note = models.CharField(_("评价意见"), max_length=300, blank=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = AppealQuerySet.as_manager()
    # Officers see the appeals of the unions in their subtree and those escalated to them (``handler``).
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("职工诉求")
        ordering = ["-submitted_on", "id"]
        indexes = [models.Index(fields=["union", "submitted_on"], name="appeal_union_day"),
                   models.Index(fields=["handler", "status", "due"], name="appeal_handler_due"),
                   models.Index(fields=["status", "due"], name="appeal_overdue"),
                   models.Index(fields=["member", "submitted_on"], name="appeal_member")]

    def __str__(self):
        return self.title


class Attachment(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content = EncryptedTextField()  # base64 of the bytes (the field encrypts it at rest)

    objects = ScopedQuerySet.as_manager()
    scope_org = "appeal__union"

    class Meta:
        verbose_name = verbose_name_plural = _("诉求附件")
        ordering = ["appeal_id", "name"]

    def __str__(self):
        return self.name


class LegalAid(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("法律咨询")
        REFERRAL = "referral", _("法律援助转介")
        REPRESENTATION = "representation", _("代理仲裁或诉讼")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    appeal = models.ForeignKey(Appeal, verbose_name=_("职工诉求"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="legal_aid")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    provider = models.CharField(_("承办律师或机构"), max_length=100, blank=True)
    summary = EncryptedTextField(_("情况摘要"))
    outcome = models.CharField(_("结果"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("法律援助")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "date"], name="legalaid_union_day")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class Routing(models.Model):
    """A union's handling of requests: the answer period (working days) and, per category, the officer a new
    request goes to (unset: it waits to be assigned). Changed only through ``actions.set_routing``."""

    union = models.OneToOneField("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                                 related_name="+")
    answer_working_days = models.PositiveSmallIntegerField(_("答复期限（工作日）"))

    objects = ScopedQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("诉求分派与答复期限")

    def __str__(self):
        return gettext("%(union)s诉求分派与答复期限") % {"union": self.union}


class Route(models.Model):
    routing = models.ForeignKey(Routing, on_delete=models.CASCADE, related_name="routes")
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("诉求分派")
        constraints = [models.UniqueConstraint(fields=["routing", "category"], name="appeals_route_once")]
