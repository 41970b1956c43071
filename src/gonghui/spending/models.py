"""Spending rules as data, and the per-person record of what each member received.

A ``RuleSet`` is one body of rules (the national baseline, a province's measures, a union's own
stricter version) with its region, source document and effective dates; its ``Rule`` rows hold the
amounts. A set may derive from a ``parent`` and then inherits every item it does not restate. A
federation picks the set its unions follow (``FederationRuleChoice``); a union may derive its own,
stricter set from that one. ``Expense`` is one spending decision (a festival's gifts for a group);
``Benefit`` is what one member received from it, so per-person yearly caps add up across expenses.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import HERE_OR_ABOVE, ScopedQuerySet

from .catalogue import EXPENSE_KIND_CHOICES, ITEMS, Form, RuleKind

MONEY = {"max_digits": 14, "decimal_places": 2}


class RuleSetQuerySet(ScopedQuerySet, AliveQuerySet):
    """Presets for anyone holding ``cap`` somewhere; an organisation's own sets for those whose scope
    lies in it or beneath it (a federation's set is read by its unions; a union's by its officers)."""

    scope_policy = HERE_OR_ABOVE
    scope_owner = "owner"
    scope_presets = True

    def effective_on(self, day):
        return self.filter(Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gte=day))


class RuleSet(SoftDeleteModel):
    name = models.CharField(_("名称"), max_length=60)
    region = models.CharField(_("适用地区"), max_length=30)
    source = models.CharField(_("依据文件"), max_length=200, blank=True)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("上级规则集"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("制定组织"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("空：预置规则集；总工会或基层工会：本组织调整后的规则集"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(RuleSetQuerySet)()
    all_objects = models.Manager.from_queryset(RuleSetQuerySet)()

    class Meta:
        verbose_name = verbose_name_plural = _("经费开支规则集")
        ordering = ["owner_id", "region", "effective_from", "id"]
        indexes = [models.Index(fields=["owner", "region", "effective_from"], name="ruleset_family")]

    def __str__(self):
        return self.name

    @property
    def is_preset(self):
        return self.owner_id is None

    @property
    def period_label(self):
        end = self.effective_to.isoformat() if self.effective_to else _("至今")
        return f"{self.effective_from.isoformat()}—{end}"


class Rule(models.Model):
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("类别"), max_length=16, choices=RuleKind.CHOICES)
    item = models.CharField(_("项目"), max_length=32, choices=[(k, v.label) for k, v in ITEMS.items()])
    amount = models.DecimalField(_("金额上限（元）"), null=True, blank=True, **MONEY)
    count = models.PositiveSmallIntegerField(_("次数上限"), null=True, blank=True)
    fraction = models.CharField(_("比例上限"), max_length=10, blank=True, help_text=_("如 1/3"))
    values = models.JSONField(_("列表"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("开支规则")
        ordering = ["rule_set_id", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "item"], name="rule_item_once_per_set")]

    def __str__(self):
        return f"{self.rule_set} · {self.get_item_display()}"


class FederationRuleChoice(models.Model):
    """The rule set a federation's unions follow (unless a nearer federation chose another)."""

    org = models.OneToOneField("orgs.Organisation", verbose_name=_("总工会"), on_delete=models.PROTECT,
                               related_name="+")
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.PROTECT, related_name="+")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("总工会选用的规则集")

    def __str__(self):
        return f"{self.org} → {self.rule_set}"


class UnionScopedQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Expense(SoftDeleteModel):
    """One spending decision checked against the rules: recorded, or waiting for the chair's override."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待批准突破规则")
        RECORDED = "recorded", _("已登记")
        REJECTED = "rejected", _("已退回")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("开支类型"), max_length=20, choices=EXPENSE_KIND_CHOICES)
    festival = models.CharField(_("节日"), max_length=20, blank=True)
    date = models.DateField(_("发放日期"))
    amount_per_person = models.DecimalField(_("每人金额（元）"), **MONEY)
    head_count = models.PositiveIntegerField(_("人数"))
    total = models.DecimalField(_("合计（元）"), **MONEY)
    description = models.CharField(_("内容"), max_length=200)
    form = models.CharField(_("发放形式"), max_length=8, choices=Form.CHOICES, default=Form.GOODS)
    participants = models.PositiveIntegerField(_("参赛人数"), null=True, blank=True)
    winners = models.PositiveIntegerField(_("获奖人数"), null=True, blank=True)
    account = models.CharField(_("支出科目"), max_length=16)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("适用规则集"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECORDED)
    breaches = models.JSONField(_("超出规则之处"), default=list, blank=True)
    check_result = models.JSONField(_("开支规则检查结果"), default=dict, blank=True,
                                    help_text=_("检查时适用的规则集、条款、限额和结论"))
    member_ids = models.JSONField(default=list, blank=True, help_text=_("待批准时暂存的发放对象"))
    override_reason = models.TextField(_("突破规则的理由"), blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    decision_note = models.CharField(_("退回原因"), max_length=200, blank=True)
    voucher = models.ForeignKey("ledger.Voucher", verbose_name=_("记账凭证"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("慰问及活动开支")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "-date"], name="expense_union_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.description}"


class Benefit(SoftDeleteModel):
    """What one member received: the rows per-person yearly caps are summed over."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="benefits")
    expense = models.ForeignKey(Expense, verbose_name=_("开支"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="benefits")
    kind = models.CharField(_("开支类型"), max_length=20, choices=EXPENSE_KIND_CHOICES)
    festival = models.CharField(_("节日"), max_length=20, blank=True)
    date = models.DateField(_("发放日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    description = models.CharField(_("物品"), max_length=200)
    form = models.CharField(_("发放形式"), max_length=8, choices=Form.CHOICES, default=Form.GOODS)
    voucher = models.ForeignKey("ledger.Voucher", verbose_name=_("记账凭证"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("会员慰问记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["member", "kind", "date"], name="benefit_member_kind_date")]

    def __str__(self):
        return f"{self.member_id} {self.date:%Y-%m-%d} {self.amount}"

