"""Union funds (工会经费) and the annual budget (预算) of a grassroots union.

* ``AllocationRate`` — the employer's allocation rate (2% of payroll by law), effective-dated; a row
  without a union is the national default, a union's own row overrides it from its date.
* ``SplitRule`` + ``SplitShare`` — how an allocation divides between the grassroots union and the
  levels above it, one table per federation, effective-dated; a row without a federation is the
  national default. Shares are percentages of the whole allocation and sum to 100.
* ``Allocation`` — one month's or quarter's allocation of one union, with the rate and split frozen
  when it was recorded; ``FundsEntry`` rows are what happened to it (received, remitted upward,
  refunded by the upper union), each with its ledger voucher (found by ``source_ref``).
* ``SetupReserve`` — 建会筹备金 paid by an employer without a union, held by a federation and
  returned when a union is founded.
* ``Budget`` + ``BudgetLine`` + ``BudgetRevision`` — the annual budget by account, its approval
  trail and its adjustments (调整), each adjustment a new version with its reason.

All money is ``Decimal`` to the fen; the rounding rule is in ``funds.rules``.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet
from gonghui.core.scope import ScopedQuerySet

MONEY = dict(max_digits=14, decimal_places=2)
PERCENT = dict(max_digits=7, decimal_places=4)


class Collection(models.TextChoices):
    DIRECT = "direct", _("行政直接拨缴")
    TAX = "tax", _("税务代收")


class Level(models.TextChoices):
    """The levels the upward share divides among (the order is the order of the table)."""

    TOWN = "town", _("乡镇街道总工会")
    COUNTY = "county", _("县区总工会")
    CITY = "city", _("市级总工会")
    PROVINCE = "province", _("省级总工会")
    NATIONAL = "national", _("全国总工会")
    UPPER = "upper", _("上级工会（未细分）")


LEVEL_ORDER = {value: i for i, value in enumerate(Level.values)}


def percent_text(value) -> str:
    """A stored percentage without trailing zeros or exponent: 2.0000 → "2", 100.00 → "100", 13.50 → "13.5"."""
    return f"{value.normalize():f}" if value is not None else ""


class FundsQuerySet(ScopedQuerySet):
    pass


class AliveFundsQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class SplitRuleQuerySet(AliveFundsQuerySet):
    def in_view_of(self, user):
        """The national default and the tables of federations in the user's finance scope or above it
        (the tables that apply to the user's unions); nothing for someone without finance access."""
        from gonghui.core.capabilities import VIEW_FINANCE
        from gonghui.core import scope

        if scope.prefixes(user, VIEW_FINANCE) == []:
            return self.none()
        return self.filter(scope.here_or_above(user, VIEW_FINANCE, "federation", presets=True))


class AllocationRate(models.Model):
    """The allocation rate (percent of total payroll) of one union from a date; no union = national default."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("起始日期"))
    rate = models.DecimalField(_("拨缴比例（%）"), **PERCENT)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    objects = FundsQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("经费拨缴比例")
        ordering = ["union", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["union", "effective_from"], name="funds_rate_unique")]

    def __str__(self):
        return _("%(rate)s%%（%(day)s起）") % {"rate": self.rate_text, "day": f"{self.effective_from:%Y-%m-%d}"}

    @property
    def rate_text(self):
        return percent_text(self.rate)


class SplitRule(models.Model):
    """A federation's table dividing an allocation between levels, from a date; no federation = national default."""

    federation = models.ForeignKey("orgs.Organisation", verbose_name=_("总工会"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("起始日期"))
    grassroots_share = models.DecimalField(_("基层工会留成（%）"), max_digits=5, decimal_places=2)
    source = models.CharField(_("依据文件"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = AliveManager.from_queryset(SplitRuleQuerySet)()
    all_objects = models.Manager.from_queryset(SplitRuleQuerySet)()
    scope_org = "federation"

    class Meta:
        verbose_name = verbose_name_plural = _("经费分成表")
        ordering = ["federation", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["federation", "effective_from"], name="funds_split_unique",
                                               condition=Q(deleted_at__isnull=True))]

    def __str__(self):
        day = f"{self.effective_from:%Y-%m-%d}"
        if not self.federation_id:
            return _("全国默认分成表（%(day)s起）") % {"day": day}
        return _("%(owner)s分成表（%(day)s起）") % {"owner": self.federation.name, "day": day}

    @property
    def grassroots_text(self):
        return percent_text(self.grassroots_share)


class SplitShare(models.Model):
    """One level's share (percent of the whole allocation) in a split table."""

    rule = models.ForeignKey(SplitRule, verbose_name=_("分成表"), on_delete=models.CASCADE, related_name="shares")
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    share = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = _("分成比例")
        constraints = [models.UniqueConstraint(fields=["rule", "level"], name="funds_share_unique")]

    def __str__(self):
        return f"{self.get_level_display()} {self.share_text}%"

    @property
    def share_text(self):
        return percent_text(self.share)


class AllocationStatus(models.TextChoices):
    PENDING = "pending", _("待到账")
    PARTIAL = "partial", _("部分返还")
    RECEIVED = "received", _("已到账待上解")
    SETTLED = "settled", _("已结清")


class Allocation(models.Model):
    """The employer's allocation for one month or quarter, with the rate and split frozen at recording."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    payroll_total = models.DecimalField(_("工资总额"), **MONEY)
    rate = models.DecimalField(_("拨缴比例（%）"), **PERCENT)
    amount = models.DecimalField(_("应拨缴经费"), **MONEY)
    grassroots_rate = models.DecimalField(_("基层留成比例（%）"), max_digits=5, decimal_places=2)
    grassroots_amount = models.DecimalField(_("基层留成"), **MONEY)
    upward_amount = models.DecimalField(_("上解上级"), **MONEY)
    collection = models.CharField(_("收缴方式"), max_length=8, choices=Collection.choices)
    split_rule = models.ForeignKey(SplitRule, verbose_name=_("分成表"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=AllocationStatus.choices,
                              default=AllocationStatus.PENDING)
    received_on = models.DateField(_("到账日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = FundsQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("工会经费拨缴")
        ordering = ["union", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["union", "period_start", "period_end"], name="funds_allocation_period",
                                    condition=Q(voided_at__isnull=True)),
            models.CheckConstraint(condition=Q(amount=models.F("grassroots_amount") + models.F("upward_amount")),
                                   name="funds_allocation_split_sums"),
        ]
        indexes = [models.Index(fields=["union", "period_start"], name="funds_allocation_union")]

    def __str__(self):
        return _("%(union)s%(period)s工会经费") % {"union": self.union, "period": self.period_label}

    @property
    def period_label(self):
        from .periods import label

        return label(self.period_start, self.period_end)

    @property
    def rate_text(self):
        return percent_text(self.rate)

    @property
    def grassroots_rate_text(self):
        return percent_text(self.grassroots_rate)

    @property
    def is_void(self):
        return self.voided_at is not None

    @property
    def status_label(self):
        """The status in the words of the collection mode (tax: 待返还 / 已返还)."""
        if self.is_void:
            return _("已作废")
        if self.collection == Collection.TAX:
            return {AllocationStatus.PENDING: _("待返还"), AllocationStatus.PARTIAL: _("部分返还"),
                    AllocationStatus.SETTLED: _("已返还")}.get(self.status, self.get_status_display())
        return self.get_status_display()

    @property
    def refund_expected(self):
        """Tax-collected: what the upper union should return (the grassroots share); direct: nothing."""
        return self.grassroots_amount if self.collection == Collection.TAX else None


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("收到拨缴经费")
    REMITTANCE = "remittance", _("上解上级经费")
    REFUND = "refund", _("收到上级返还")


class FundsEntry(models.Model):
    """Money that moved for an allocation; each entry made one draft ledger voucher (``source_ref``)."""

    allocation = models.ForeignKey(Allocation, verbose_name=_("经费拨缴"), on_delete=models.PROTECT,
                                   related_name="entries")
    kind = models.CharField(_("类型"), max_length=12, choices=EntryKind.choices)
    date = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    source_ref = models.CharField(_("凭证来源标识"), max_length=100, unique=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = FundsQuerySet.as_manager()
    scope_org = "allocation__union"

    class Meta:
        verbose_name = verbose_name_plural = _("经费收付记录")
        ordering = ["allocation", "date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class ReserveStatus(models.TextChoices):
    HELD = "held", _("代管中")
    RETURNED = "returned", _("已返还")


class SetupReserve(models.Model):
    """建会筹备金: 2% paid by an employer without a union, held by a federation until a union is founded."""

    federation = models.ForeignKey("orgs.Organisation", verbose_name=_("总工会"), on_delete=models.PROTECT,
                                   related_name="+")
    employer_name = models.CharField(_("单位名称"), max_length=100)
    employer_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    payroll_total = models.DecimalField(_("工资总额"), **MONEY)
    rate = models.DecimalField(_("比例（%）"), **PERCENT)
    amount = models.DecimalField(_("筹备金"), **MONEY)
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReserveStatus.choices, default=ReserveStatus.HELD)
    returned_to = models.ForeignKey("orgs.Organisation", verbose_name=_("返还给"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("返还日期"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("返还经办"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = FundsQuerySet.as_manager()
    scope_org = "federation"

    class Meta:
        verbose_name = verbose_name_plural = _("建会筹备金")
        ordering = ["federation", "-period_start", "employer_name"]
        constraints = [models.UniqueConstraint(fields=["federation", "employer_name", "period_start", "period_end"],
                                               name="funds_reserve_period")]

    def __str__(self):
        return _("%(employer)s建会筹备金") % {"employer": self.employer_name}


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")


class LineKind(models.TextChoices):
    INCOME = "income", _("收入")
    EXPENSE = "expense", _("支出")


class Budget(models.Model):
    """A union's budget for one calendar year; ``version`` counts adjustments (调整)."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("编制时间"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approved_version = models.PositiveSmallIntegerField(_("已批准版本"), null=True, blank=True)

    objects = FundsQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("预算")
        ordering = ["union", "-year"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="funds_budget_year")]

    def __str__(self):
        return _("%(union)s%(year)s年预算") % {"union": self.union, "year": self.year}

    @property
    def ever_approved(self):
        return self.approved_version is not None


class BudgetLine(models.Model):
    """One account of the budget: ``amount`` is the working figure, ``approved_amount`` the last approved."""

    budget = models.ForeignKey(Budget, verbose_name=_("预算"), on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("收支"), max_length=8, choices=LineKind.choices)
    account_code = models.CharField(_("科目编码"), max_length=16)
    account_name = models.CharField(_("科目名称"), max_length=60)
    amount = models.DecimalField(_("预算数"), **MONEY)
    approved_amount = models.DecimalField(_("已批准预算数"), null=True, blank=True, **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = FundsQuerySet.as_manager()
    scope_org = "budget__union"

    class Meta:
        verbose_name = verbose_name_plural = _("预算项目")
        ordering = ["budget", "kind", "account_code"]
        constraints = [models.UniqueConstraint(fields=["budget", "account_code"], name="funds_budget_line")]

    def __str__(self):
        return f"{self.account_code} {self.account_name} {self.amount}"


class BudgetRevision(models.Model):
    """One adjustment (调整) of an approved budget: the new version, its reason and what changed."""

    budget = models.ForeignKey(Budget, verbose_name=_("预算"), on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField(_("版本"))
    reason = models.CharField(_("调整原因"), max_length=500)
    changes = models.JSONField(_("调整内容"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调整人"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("调整时间"), default=timezone.now)

    objects = FundsQuerySet.as_manager()
    scope_org = "budget__union"

    class Meta:
        verbose_name = verbose_name_plural = _("预算调整")
        ordering = ["budget", "version"]
        constraints = [models.UniqueConstraint(fields=["budget", "version"], name="funds_budget_revision")]

    def __str__(self):
        return _("%(budget)s第%(version)s版") % {"budget": self.budget, "version": self.version}
