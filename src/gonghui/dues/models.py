"""Dues (会费): the union's policy, wage-base history, exemptions, the monthly roll and its payments.

Every row belongs to a grassroots union (``union``) and is scoped through it (``scope_org``), so
``Model.objects.visible_to(user, VIEW_FINANCE)`` gives the rows of the unions in the user's subtrees.
Money is ``Decimal`` to the fen. The roll's items are generated set-based (``dues.roll``), never one
object per member.
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedDecimalField
from gonghui.core.scope import ScopedQuerySet

from . import months

DEFAULT_RATE = Decimal("0.00500")
MONEY = {"max_digits": 14, "decimal_places": 2}


class DuesQuerySet(ScopedQuerySet):
    pass


def _union_fk(**kwargs):
    return models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                             related_name="+", **kwargs)


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT,
                             related_name="+", **kwargs)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("按月收缴")
    QUARTERLY = "quarterly", _("按季收缴")


class DuesPolicy(models.Model):
    """The union's dues settings from ``effective_from`` until the next policy (DOMAIN.md §2).

    ``group_share`` is the percentage of collected dues the union passes on to the branch or group a
    member belongs to (e.g. 60 for a 60% / 40% internal split); 0 keeps everything at the union.
    """

    union = _union_fk()
    effective_from = models.DateField(_("生效月份"))
    rate = models.DecimalField(_("会费比例"), max_digits=7, decimal_places=5, default=DEFAULT_RATE)
    frequency = models.CharField(_("收缴周期"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    group_share = models.DecimalField(_("留给分工会/小组的比例（%）"), max_digits=5, decimal_places=2,
                                      default=Decimal("0.00"))
    note = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = _user_fk(_("设置人"), null=True)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会费设置")
        ordering = ["union", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["union", "effective_from"], name="dues_policy_per_month")]

    def __str__(self):
        return _("%(union)s：%(month)s起 %(rate)s%%") % {"union": self.union, "month": months.label(self.effective_from),
                                                      "rate": self.rate_percent}

    @property
    def rate_percent(self):
        return (self.rate * 100).normalize()


class Source(models.TextChoices):
    MANUAL = "manual", _("手工录入")
    PAYROLL = "payroll", _("工资表")
    IMPORT = "import", _("批量导入")


class WageBaseChange(models.Model):
    """One change of a member's wage base (缴费基数) with the month it takes effect.

    The member's current base (``Member.wage_base``) is the latest change in force; this table keeps
    the history. The base is encrypted like the member's; the dues it gives are kept in clear.
    """

    union = _union_fk()
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="wage_changes")
    effective_from = models.DateField(_("生效月份"))
    wage_base = EncryptedDecimalField(_("会费缴纳基数"))
    rate = models.DecimalField(_("会费比例"), max_digits=7, decimal_places=5)
    dues_amount = models.DecimalField(_("月应缴会费"), max_digits=10, decimal_places=2)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = _user_fk(_("录入人"), null=True)
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("缴费基数变动")
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["member", "effective_from"], name="dues_wage_member_month")]

    def __str__(self):
        return _("%(name)s %(month)s起") % {"name": self.member.name, "month": months.label(self.effective_from)}


class DuesExemption(models.Model):
    """A hardship exemption granted by decision of the union committee, for a span of months."""

    union = _union_fk()
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="dues_exemptions")
    start_month = models.DateField(_("起始月份"))
    end_month = models.DateField(_("截止月份"), null=True, blank=True, help_text=_("空：直到撤销"))
    reason = models.CharField(_("理由"), max_length=200)
    decision_no = models.CharField(_("决定文号"), max_length=50)
    approved_by = _user_fk(_("批准人"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = _user_fk(_("撤销人"), null=True, blank=True)
    revoke_note = models.CharField(_("撤销说明"), max_length=200, blank=True)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会费减免")
        ordering = ["-start_month", "-id"]
        indexes = [models.Index(fields=["member", "start_month"], name="dues_exempt_member")]

    def __str__(self):
        return _("%(name)s 困难减免（%(no)s）") % {"name": self.member.name, "no": self.decision_no}

    @property
    def active(self):
        return self.revoked_at is None

    def covers(self, month):
        return self.active and self.start_month <= month and (self.end_month is None or month <= self.end_month)


class RollStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FINAL = "final", _("已定稿")


class DuesRoll(models.Model):
    """The dues of one union for one month (or one quarter, ``months`` = 3): who owes what.

    A draft roll can be generated again (its unpaid and exempt lines are replaced, paid lines kept); a
    final roll is locked. The totals are kept on the roll so lists never sum a million lines.
    """

    union = _union_fk()
    month = models.DateField(_("月份"))
    months = models.PositiveSmallIntegerField(_("覆盖月数"), default=1)
    status = models.CharField(_("状态"), max_length=8, choices=RollStatus.choices, default=RollStatus.DRAFT)
    rate = models.DecimalField(_("会费比例"), max_digits=7, decimal_places=5, default=DEFAULT_RATE)
    group_share = models.DecimalField(_("留给分工会/小组的比例（%）"), max_digits=5, decimal_places=2,
                                      default=Decimal("0.00"))
    heads = models.PositiveIntegerField(_("人数"), default=0)
    due_heads = models.PositiveIntegerField(_("应缴人数"), default=0)
    exempt_heads = models.PositiveIntegerField(_("免缴人数"), default=0)
    paid_heads = models.PositiveIntegerField(_("已缴人数"), default=0)
    no_base_heads = models.PositiveIntegerField(_("未登记基数人数"), default=0)
    total_due = models.DecimalField(_("应缴合计"), **MONEY, default=Decimal("0.00"))
    total_paid = models.DecimalField(_("已缴合计"), **MONEY, default=Decimal("0.00"))
    created_by = _user_fk(_("生成人"), null=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    run_at = models.DateTimeField(_("最近生成时间"), default=timezone.now)
    finalized_by = _user_fk(_("定稿人"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会费表")
        ordering = ["union", "-month"]
        constraints = [models.UniqueConstraint(fields=["union", "month"], name="dues_roll_per_month")]

    def __str__(self):
        return _("%(union)s %(period)s会费表") % {"union": self.union, "period": self.period_label}

    @property
    def period_label(self):
        """2026年3月, or 2026年1月—3月 for a quarterly roll (in the current language)."""
        return months.span_label(self.month, self.months)

    @property
    def stored_period_label(self):
        """The period in the Chinese words stored records are written in (audit notes, voucher summaries)."""
        label = months.stored_label(self.month)
        if self.months == 1:
            return label
        return f"{label}—{months.add_months(self.month, self.months - 1).month}月"

    @property
    def is_final(self):
        return self.status == RollStatus.FINAL

    @property
    def unpaid(self):
        return self.total_due - self.total_paid

    @property
    def rate_percent(self):
        return (self.rate * 100).normalize()

    @property
    def collection_rate(self):
        """Paid ÷ due by amount, in percent (one decimal), or None when nothing is due."""
        if not self.total_due:
            return None
        return round(self.total_paid * 100 / self.total_due, 1)


class ItemStatus(models.TextChoices):
    UNPAID = "unpaid", _("未缴")
    PAID = "paid", _("已缴")
    EXEMPT = "exempt", _("免缴")


class ExemptReason(models.TextChoices):
    """Why a line asks nothing. Only RETAINED and HARDSHIP are exemptions (免缴); BELOW_BASE is a fee
    that rounds to 0.00 because the wage base is under the 10-yuan step (not "no income"), and
    NO_BASE is a fee that cannot be computed until the base is recorded."""

    RETAINED = "retained", _("保留会籍")
    BELOW_BASE = "below_base", _("低于起缴基数")
    NO_BASE = "no_base", _("未登记缴费基数")
    HARDSHIP = "hardship", _("困难减免")


# What a roll line is called, by (status, reason): the one place the roll, a member's page, the payroll
# import and the API take a line's label from. ``tests/test_dues_labels.py`` walks every reachable pair.
LINE_LABELS = {
    ("unpaid", ""): _("未缴"),
    ("paid", ""): _("已缴"),
    ("exempt", "retained"): _("免缴（保留会籍）"),
    ("exempt", "hardship"): _("免缴（困难减免）"),
    ("exempt", "below_base"): _("低于起缴基数（应缴0.00元）"),
    ("exempt", "no_base"): _("未登记缴费基数（无法计算应缴）"),
}


def line_label(status, reason=""):
    return str(LINE_LABELS.get((status, reason or "")) or LINE_LABELS.get((status, ""), status))


class DuesItem(models.Model):
    """One member's line in a roll: the amount due, and whether and how it was paid.

    ``org`` is the member's branch or group when the roll was generated (collection rates and the
    internal split are reckoned by it, even if the member moves later).
    """

    # No database foreign keys on the three keys a roll writes a million of: PostgreSQL checks each
    # (deferred) with one trigger call per line and key at commit — about 25 s per million lines. The
    # lines are written only by ``roll.insert_items``, whose INSERT … SELECT reads these ids from their
    # tables in the same statement; members and organisations are never removed (soft deletion) and
    # rolls never deleted, and PROTECT still guards deletions through the ORM.
    roll = models.ForeignKey(DuesRoll, verbose_name=_("会费表"), on_delete=models.PROTECT, related_name="items",
                             db_index=False, db_constraint=False)  # the (roll, member) index serves roll lookups
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="dues_items", db_constraint=False)
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="+", db_index=False, db_constraint=False)
    amount = models.DecimalField(_("应缴金额"), max_digits=10, decimal_places=2)
    status = models.CharField(_("状态"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.UNPAID)
    exempt_reason = models.CharField(_("免缴原因"), max_length=10, choices=ExemptReason.choices, blank=True)
    paid_amount = models.DecimalField(_("实缴金额"), max_digits=10, decimal_places=2, null=True, blank=True)
    paid_at = models.DateField(_("缴纳日期"), null=True, blank=True)
    batch = models.ForeignKey("DuesBatch", verbose_name=_("代扣批次"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="items",
                              db_index=False)  # partial index below: most lines have no batch

    objects = DuesQuerySet.as_manager()
    scope_org = "roll__union"

    @property
    def line_label(self):
        """What the line is, in words that say what is true (``LINE_LABELS``)."""
        return line_label(self.status, self.exempt_reason)

    class Meta:
        verbose_name = verbose_name_plural = _("会费明细")
        constraints = [models.UniqueConstraint(fields=["roll", "member"], name="dues_item_per_member")]
        indexes = [models.Index(fields=["batch"], condition=Q(batch__isnull=False), name="dues_item_batch")]

    def __str__(self):
        return f"{self.member_id}: {self.amount}"


class DuesBatch(models.Model):
    """An employer's payroll-deduction batch (代扣名单) imported against a roll.

    Idempotent: the same file (``file_hash``) or the same batch number for the same month is refused
    the second time. The receipt is booked as a draft voucher with ``source_ref`` "dues:<union>:<id>".
    """

    union = _union_fk()
    roll = models.ForeignKey(DuesRoll, verbose_name=_("会费表"), on_delete=models.PROTECT, related_name="batches")
    month = models.DateField(_("月份"))
    batch_no = models.CharField(_("批次号"), max_length=40, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_hash = models.CharField(_("文件指纹"), max_length=64)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    total = models.DecimalField(_("扣缴合计"), **MONEY, default=Decimal("0.00"))
    mismatches = models.PositiveIntegerField(_("金额不符行数"), default=0)
    imported_by = _user_fk(_("导入人"), null=True)
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("代扣批次")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "file_hash"], name="dues_batch_file_once"),
            models.UniqueConstraint(fields=["union", "month", "batch_no"], condition=~Q(batch_no=""),
                                    name="dues_batch_number_once"),
        ]

    def __str__(self):
        return _("%(union)s %(month)s代扣批次%(no)s") % {"union": self.union, "month": months.label(self.month),
                                                      "no": self.batch_no or self.pk}

    @property
    def source_ref(self):
        return f"dues:{self.union.code}:{self.pk}"


class DuesReminder(models.Model):
    """A reminder of unpaid dues sent to a member, at most one per member per month."""

    union = _union_fk()
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="dues_reminders")
    month = models.DateField(_("提醒月份"))
    unpaid_months = models.PositiveSmallIntegerField(_("欠缴月数"))
    amount = models.DecimalField(_("欠缴金额"), **MONEY)
    sent_by = _user_fk(_("提醒人"), null=True)
    sent_at = models.DateTimeField(_("提醒时间"), default=timezone.now)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("欠缴提醒")
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_reminder_per_month")]

    def __str__(self):
        return _("%(name)s %(month)s欠缴提醒") % {"name": self.member.name, "month": months.label(self.month)}


class DuesRemittance(models.Model):
    """Dues the union passed on to a branch or group under the internal split, for one roll."""

    union = _union_fk()
    roll = models.ForeignKey(DuesRoll, verbose_name=_("会费表"), on_delete=models.PROTECT, related_name="remittances")
    to_org = models.ForeignKey("orgs.Organisation", verbose_name=_("拨付给"), on_delete=models.PROTECT,
                               related_name="+")
    amount = models.DecimalField(_("金额"), **MONEY)
    paid_at = models.DateField(_("拨付日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = _user_fk(_("登记人"), null=True)
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = DuesQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会费拨付")
        ordering = ["-paid_at", "-id"]

    def __str__(self):
        return _("%(period)s 拨付%(org)s %(amount)s") % {"period": self.roll.period_label, "org": self.to_org,
                                                       "amount": self.amount}
