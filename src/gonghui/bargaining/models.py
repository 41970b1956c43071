"""Collective bargaining and contracts (集体协商 / 集体合同, DOMAIN §10).

* ``ContractKind``: the kinds of contract as data others filter on (``WOMEN`` is the 女职工权益保护专项 kind
  the women-workers capability reads).
* ``BargainingRequest``: a request to bargain from either side, with its 20-day answer clock.
* ``Contract``: one bargaining from the first round to expiry — negotiators, rounds, drafts, the congress vote
  (a ``congress.Resolution``: the counting is the congress's own), signing, filing, force and term.
* ``Negotiator`` (3–10 per side, a chief per side, no one on both sides), ``Round`` (minutes), ``Draft`` and
  its ``Clause`` rows (number, title, text and an optional figure such as 工资增长幅度 %).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合集体合同")
    WAGE = "wage", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")
    SAFETY = "safety", _("劳动安全卫生专项集体合同")
    SECTORAL = "sectoral", _("行业性/区域性集体合同")


WOMEN_KINDS = (ContractKind.WOMEN,)  # for the women-workers capability: contracts protecting women workers


class Side(models.TextChoices):
    UNION = "union", _("职工方")
    EMPLOYER = "employer", _("用人单位方")


class FigureCode(models.TextChoices):
    """Clause figures a plan can target (``bargaining.metrics``)."""
    WAGE_INCREASE = "wage_increase", _("工资增长幅度")
    MIN_WAGE = "min_wage", _("最低工资标准")
    OTHER = "other", _("其他数值")


class BargainingQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainScopedQuerySet(ScopedQuerySet):
    pass


def _managers():
    return AliveManager.from_queryset(BargainingQuerySet)(), models.Manager.from_queryset(BargainingQuerySet)()


class BargainingRequest(SoftDeleteModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("待答复")
        ACCEPTED = "accepted", _("同意协商")
        DECLINED = "declined", _("拒绝协商")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("合同类型"), max_length=16, choices=ContractKind.choices)
    from_side = models.CharField(_("提出方"), max_length=10, choices=Side.choices)
    employer = models.CharField(_("用人单位"), max_length=100)
    received_on = models.DateField(_("收到要约日期"))
    topics = models.TextField(_("协商事项"))
    answer_due = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.WAITING)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("协商要约")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["union", "status", "answer_due"], name="barg_request_due")]

    def __str__(self):
        return f"{self.employer} {self.get_kind_display()}"


class Contract(SoftDeleteModel):
    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", _("协商中")
        SIGNED = "signed", _("已签订")
        FILED = "filed", _("已报送备案")
        OBJECTED = "objected", _("审查有异议")
        ENDED = "ended", _("已终止")

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("合同类型"), max_length=16, choices=ContractKind.choices)
    title = models.CharField(_("合同名称"), max_length=120)
    employer = models.CharField(_("用人单位"), max_length=100)
    request = models.ForeignKey(BargainingRequest, verbose_name=_("协商要约"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="contracts")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NEGOTIATING)
    employees_covered = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    # The congress vote that approves a draft: the congress app counts it (quorum, more than half of all).
    resolution = models.ForeignKey("congress.Resolution", verbose_name=_("职代会表决事项"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    approved_draft = models.ForeignKey("Draft", verbose_name=_("提交审议的草案"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(_("期限（年）"), null=True, blank=True)
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("届满日期"), null=True, blank=True)
    remind_from = models.DateField(_("到期提醒日期"), null=True, blank=True)
    filing_due = models.DateField(_("报送期限"), null=True, blank=True)
    filed_on = models.DateField(_("报送劳动行政部门日期"), null=True, blank=True)
    filed_late = models.BooleanField(_("逾期报送"), default=False)
    in_force_from = models.DateField(_("生效日期"), null=True, blank=True)
    clock_provisional = models.BooleanField(_("期限暂按周末计算"), default=False)
    objection = models.TextField(_("审查意见"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects, all_objects = _managers()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("集体合同")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "status"], name="barg_contract_status"),
                   models.Index(fields=["status", "remind_from"], name="barg_contract_remind"),
                   models.Index(fields=["kind", "in_force_from"], name="barg_contract_kind")]

    def __str__(self):
        return self.title

    def in_force_on(self, day):
        """In force on ``day``: filed, no objection, between its in-force date and its last day."""
        return (self.status == self.Status.FILED and self.in_force_from is not None
                and self.in_force_from <= day and (self.ends_on is None or day <= self.ends_on))


class Negotiator(models.Model):
    contract = models.ForeignKey(Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE,
                                 related_name="negotiators")
    side = models.CharField(_("所属方"), max_length=10, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=40)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("职务"), max_length=60, blank=True)
    chief = models.BooleanField(_("首席代表"), default=False)
    # The same person on either side has the same key (the member, or the name): one row per contract.
    person_key = models.CharField(max_length=60, editable=False)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "contract__union"

    class Meta:
        verbose_name = verbose_name_plural = _("协商代表")
        ordering = ["contract_id", "side", "-chief", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "person_key"], name="barg_negotiator_once"),
            models.UniqueConstraint(fields=["contract", "side"], condition=Q(chief=True), name="barg_one_chief"),
        ]

    def __str__(self):
        return self.name


class Round(models.Model):
    contract = models.ForeignKey(Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE,
                                 related_name="rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    date = models.DateField(_("协商日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    minutes = models.TextField(_("会议纪要"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "contract__union"

    class Meta:
        verbose_name = verbose_name_plural = _("协商会议")
        ordering = ["contract_id", "number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="barg_round_once")]

    def __str__(self):
        return f"{self.contract} #{self.number}"


class Draft(models.Model):
    contract = models.ForeignKey(Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE,
                                 related_name="drafts")
    version = models.PositiveSmallIntegerField(_("稿次"))
    round = models.ForeignKey(Round, verbose_name=_("协商会议"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="drafts")
    proposed_by = models.CharField(_("提出方"), max_length=10, choices=Side.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_on = models.DateField(_("日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "contract__union"

    class Meta:
        verbose_name = verbose_name_plural = _("合同草案")
        ordering = ["contract_id", "version"]
        constraints = [models.UniqueConstraint(fields=["contract", "version"], name="barg_draft_once")]

    def __str__(self):
        return f"{self.contract}（第{self.version}稿）"


class Clause(models.Model):
    draft = models.ForeignKey(Draft, verbose_name=_("草案"), on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("条款号"), max_length=10)
    title = models.CharField(_("标题"), max_length=60)
    text = models.TextField(_("条款内容"))
    figure_code = models.CharField(_("数值项"), max_length=16, choices=FigureCode.choices, blank=True)
    figure = models.DecimalField(_("数值"), max_digits=12, decimal_places=2, null=True, blank=True)
    figure_unit = models.CharField(_("单位"), max_length=8, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PlainScopedQuerySet.as_manager()
    scope_org = "draft__contract__union"

    class Meta:
        verbose_name = verbose_name_plural = _("合同条款")
        ordering = ["draft_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="barg_clause_once")]
        indexes = [models.Index(fields=["figure_code", "draft"], name="barg_clause_figure")]

    def __str__(self):
        return f"{self.number} {self.title}"
