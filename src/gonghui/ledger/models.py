"""Double-entry books of a grassroots union (工会会计制度).

* ``Account`` is the chart of accounts: reference data, versioned by ``chart`` and seeded by a data
  migration from ``ledger/data/chart_2021_grassroots.json``. Vouchers post to leaf accounts only.
* ``Voucher`` (记账凭证) moves draft → reviewed → approved → posted, each step by a different person
  (``ledger.actions``). A posted voucher is never edited: a correction is a reversing voucher.
* ``VoucherLine`` carries copies of its voucher's ``union``, ``date`` and posted flag so that every
  figure over arbitrary dates is one GROUP BY over one covering index (``ledger.queries``).
* ``MonthTotal`` holds the posted debits and credits per account and month, kept by posting, so the
  month-based statements read about a thousand rows even over a million lines
  (``bench/ledger_bench.py``).
* ``Period`` is a month of one union's books; a closed period accepts no vouchers.

Database guards (cheap ones): each line has exactly one positive side, and a voucher's stored totals
(written in the same transaction as its lines) must be equal.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

from .chart import DEFAULT_CHART

CHART_2021_GRASSROOTS = DEFAULT_CHART
MONEY = dict(max_digits=14, decimal_places=2)
VOUCHER_WORD = "记"  # 凭证字: one general voucher type (记账凭证)


class AccountKind(models.TextChoices):
    ASSET = "asset", _("资产类")
    LIABILITY = "liability", _("负债类")
    NET_ASSET = "net_asset", _("净资产类")
    INCOME = "income", _("收入类")
    EXPENSE = "expense", _("支出类")


class NormalBalance(models.TextChoices):
    DEBIT = "debit", _("借")
    CREDIT = "credit", _("贷")


class Account(models.Model):
    """One account of a chart (会计科目). ``leaf`` accounts take postings; parents only sum them."""

    chart = models.CharField(_("科目表"), max_length=32, default=DEFAULT_CHART)
    code = models.CharField(_("科目编码"), max_length=16)
    name = models.CharField(_("科目名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=12, choices=AccountKind.choices)
    normal_balance = models.CharField(_("余额方向"), max_length=6, choices=NormalBalance.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级科目"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    leaf = models.BooleanField(_("末级科目"), default=True)
    active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("会计科目")
        ordering = ["chart", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["chart", "code"], name="ledger_account_code_per_chart")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def level(self):
        return 1 if len(self.code) <= 3 else 1 + (len(self.code) - 3) // 2

    @property
    def debit_normal(self):
        return self.normal_balance == NormalBalance.DEBIT


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("未结账")
    CLOSED = "closed", _("已结账")


class PeriodQuerySet(ScopedQuerySet):
    pass


class Period(models.Model):
    """An accounting month of one union (会计期间)."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(_("状态"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("结账人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("结账时间"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会计期间")
        ordering = ["union", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "month"], name="ledger_period_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="ledger_period_month"),
        ]

    def __str__(self):
        return _("%(y)d年%(m)d月") % {"y": self.year, "m": self.month}

    @property
    def is_closed(self):
        return self.status == PeriodStatus.CLOSED


class VoucherStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    APPROVED = "approved", _("已批准")
    POSTED = "posted", _("已记账")


class VoucherQuerySet(ScopedQuerySet, AliveQuerySet):
    def posted(self):
        return self.filter(status=VoucherStatus.POSTED)


class Voucher(SoftDeleteModel):
    """A journal voucher (记账凭证): a balanced set of lines with its approval trail."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("凭证号"))
    date = models.DateField(_("日期"))
    summary = models.CharField(_("摘要"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.DRAFT)
    total_debit = models.DecimalField(_("借方合计"), default=0, **MONEY)
    total_credit = models.DecimalField(_("贷方合计"), default=0, **MONEY)

    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("制单"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("制单时间"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记账"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(_("记账时间"), null=True, blank=True)

    reverses = models.ForeignKey("self", verbose_name=_("冲销的凭证"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="reversals")
    source = models.CharField(_("来源"), max_length=20, default="manual")
    source_ref = models.CharField(_("来源标识"), max_length=100, blank=True)
    category = models.CharField(_("支出类别"), max_length=16, blank=True)
    override_reason = models.TextField(_("超标准说明"), blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("超标准批准人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(VoucherQuerySet)()
    all_objects = models.Manager.from_queryset(VoucherQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("记账凭证")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "number"], name="ledger_voucher_number"),
            models.UniqueConstraint(fields=["union", "source_ref"], name="ledger_voucher_source_ref",
                                    condition=Q(deleted_at__isnull=True) & ~Q(source_ref="")),
            models.CheckConstraint(condition=Q(total_debit=F("total_credit")), name="ledger_voucher_balanced"),
        ]
        indexes = [
            models.Index(fields=["union", "status", "date"], name="ledger_voucher_status_date"),
            models.Index(fields=["union", "date", "number"], name="ledger_voucher_date"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The voucher number as printed: 记-2026-0001 (the voucher word in the current language)."""
        return f"{pgettext('凭证字', '记')}-{self.year}-{self.number:04d}"

    @property
    def stored_label(self):
        """The number as stored records write it (audit notes, summaries): always 记-2026-0001."""
        return f"{VOUCHER_WORD}-{self.year}-{self.number:04d}"

    @property
    def amount(self):
        return self.total_debit

    @property
    def is_posted(self):
        return self.status == VoucherStatus.POSTED

    @property
    def is_draft(self):
        return self.status == VoucherStatus.DRAFT


class VoucherSequence(models.Model):
    """The last voucher number used per union and year (locked while numbering)."""

    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="ledger_sequence_unique")]


class LineQuerySet(ScopedQuerySet):
    def posted(self):
        return self.filter(posted=True)


class VoucherLine(models.Model):
    """One debit or credit line (分录). ``union``, ``date`` and ``posted`` mirror the voucher."""

    voucher = models.ForeignKey(Voucher, verbose_name=_("凭证"), on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveSmallIntegerField(_("行号"), default=1)
    account = models.ForeignKey(Account, verbose_name=_("科目"), on_delete=models.PROTECT, related_name="+")
    debit = models.DecimalField(_("借方金额"), default=0, **MONEY)
    credit = models.DecimalField(_("贷方金额"), default=0, **MONEY)
    memo = models.CharField(_("摘要"), max_length=200, blank=True)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("部门"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    date = models.DateField(_("日期"))
    posted = models.BooleanField(_("已记账"), default=False)

    objects = LineQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("凭证分录")
        ordering = ["voucher", "line_no"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="ledger_line_one_side",
            ),
        ]
        indexes = [
            # Covers every statement (WHERE union = ? AND posted GROUP BY account, date: ledger.queries)
            # and the subsidiary ledger of one account; measured in bench/ledger_bench.py.
            models.Index(fields=["union", "posted", "account", "date", "debit", "credit"], name="ledger_line_books"),
            models.Index(fields=["member"], name="ledger_line_member", condition=Q(member__isnull=False)),
        ]

    def __str__(self):
        side = _("借 %(amount)s") % {"amount": self.debit} if self.debit else _("贷 %(amount)s") % {"amount": self.credit}
        return f"{self.account_id} {side}"


class MonthTotalQuerySet(ScopedQuerySet):
    pass


class MonthTotal(models.Model):
    """Posted debits and credits of one account in one month of one union (科目月度发生额).

    Written only by ``actions.post_voucher`` (in the posting transaction) and rebuilt from the lines by
    ``queries.rebuild_month_totals`` after a bulk load, so the statements read a few rows per account
    instead of every line: the trial balance over a million lines is a read of about a thousand rows.
    """

    union = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    debit = models.DecimalField(default=0, **MONEY)
    credit = models.DecimalField(default=0, **MONEY)

    objects = MonthTotalQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("科目月度发生额")
        constraints = [models.UniqueConstraint(fields=["union", "year", "month", "account"],
                                               name="ledger_month_total_unique")]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.account_id}"


def attachment_path(instance, filename):
    """Under vouchers/YYYY/MM/ with a random name: the original name is kept in ``name``."""
    import uuid
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return timezone.localdate().strftime("vouchers/%Y/%m/") + uuid.uuid4().hex + suffix


class AttachmentQuerySet(ScopedQuerySet):
    pass


class Attachment(models.Model):
    """A scanned receipt or other source document (原始凭证) of a voucher."""

    voucher = models.ForeignKey(Voucher, verbose_name=_("凭证"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()
    scope_org = "voucher__union"

    class Meta:
        verbose_name = verbose_name_plural = _("原始凭证附件")
        ordering = ["voucher", "id"]

    def __str__(self):
        return self.name
