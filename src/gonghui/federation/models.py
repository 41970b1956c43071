"""The federation's employer registry (企业/单位名录), its unionisation settings, and the per-organisation member
counts the federation dashboards read instead of walking member rows.

``Employer`` sits under a federation organisation (``area``: a county, town or city federation) and may be
linked to the grassroots union that covers it (its own, or a joint/industry union). ``OrgCount`` holds, per
organisation and join year, the current members (not terminated, not deleted) and the women, migrant and
dispatched workers among them; ``federation.counts`` keeps it exact inside the member actions' transactions.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet

DEFAULT_THRESHOLD = 25  # DOMAIN §16: employers with 25 or more employees should have a union


class Industry(models.TextChoices):
    """国民经济行业分类 (GB/T 4754-2017) sections."""
    A = "A", gettext_noop("农、林、牧、渔业")
    B = "B", gettext_noop("采矿业")
    C = "C", gettext_noop("制造业")
    D = "D", gettext_noop("电力、热力、燃气及水生产和供应业")
    E = "E", gettext_noop("建筑业")
    F = "F", gettext_noop("批发和零售业")
    G = "G", gettext_noop("交通运输、仓储和邮政业")
    H = "H", gettext_noop("住宿和餐饮业")
    I = "I", gettext_noop("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", gettext_noop("金融业")
    K = "K", gettext_noop("房地产业")
    L = "L", gettext_noop("租赁和商务服务业")
    M = "M", gettext_noop("科学研究和技术服务业")
    N = "N", gettext_noop("水利、环境和公共设施管理业")
    O = "O", gettext_noop("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", gettext_noop("教育")
    Q = "Q", gettext_noop("卫生和社会工作")
    R = "R", gettext_noop("文化、体育和娱乐业")
    S = "S", gettext_noop("公共管理、社会保障和社会组织")
    T = "T", gettext_noop("国际组织")


class Size(models.TextChoices):
    LARGE = "large", gettext_noop("大型")
    MEDIUM = "medium", gettext_noop("中型")
    SMALL = "small", gettext_noop("小型")
    MICRO = "micro", gettext_noop("微型")


class EmployerQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Employer(SoftDeleteModel):
    area = models.ForeignKey("orgs.Organisation", verbose_name=_("所属总工会"), on_delete=models.PROTECT,
                             related_name="+", help_text=_("单位所在区域的县区、乡镇街道或市总工会"))
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("单位名称"), max_length=100)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices, blank=True)
    size = models.CharField(_("规模"), max_length=8, choices=Size.choices, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    employees = models.PositiveIntegerField(_("职工总数"), null=True, blank=True)
    migrant = models.PositiveIntegerField(_("农民工"), null=True, blank=True)
    dispatched = models.PositiveIntegerField(_("劳务派遣"), null=True, blank=True)
    counted_on = models.DateField(_("人数统计日期"), null=True, blank=True)
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("所在工会"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("本单位的基层工会，或覆盖本单位的联合工会、行业工会"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(EmployerQuerySet)()
    all_objects = models.Manager.from_queryset(EmployerQuerySet)()

    scope_org = "area"

    class Meta:
        verbose_name = verbose_name_plural = _("单位名录")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["area", "name", "id"], name="fed_employer_area_name"),
            models.Index(fields=["union"], name="fed_employer_union"),
            models.Index(fields=["name", "id"], name="fed_employer_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=Q(deleted_at__isnull=True),
                                    name="fed_employer_one_live_uscc"),
        ]

    def __str__(self):
        return self.name


class Setting(models.Model):
    """A federation's unionisation rule, as data with its source and effective date (DOMAIN §16): employers with
    at least ``min_employees`` should have a union. The nearest federation at or above an area decides."""

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("总工会"), on_delete=models.PROTECT,
                            related_name="+")
    min_employees = models.PositiveIntegerField(_("应建会职工人数下限"), default=DEFAULT_THRESHOLD)
    effective_from = models.DateField(_("生效日期"), default=timezone.localdate)
    source = models.CharField(_("依据文件"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("建会标准")
        ordering = ["org", "-effective_from", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="fed_setting_once_a_day")]

    def __str__(self):
        return _("%(org)s建会标准") % {"org": self.org}


class OrgCount(models.Model):
    """Current members registered at ``org`` who joined in ``join_year`` (``federation.counts``)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    join_year = models.PositiveSmallIntegerField()
    members = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    migrant = models.PositiveIntegerField(default=0)
    dispatched = models.PositiveIntegerField(default=0)
    retained = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("组织会员计数")
        constraints = [models.UniqueConstraint(fields=["org", "join_year"], name="fed_orgcount_org_year")]


class StatsReport(models.Model):
    """An organisation's annual statistical report (``federation.stats``) as submitted upward: the figures of
    its tables frozen when submitted (``figures``: {table: {column: value}} of its own totals), then marked
    final once the checks against the unions below agree. One per organisation and year."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", gettext_noop("已报送")
        FINAL = "final", gettext_noop("已定稿")

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("填报单位"), on_delete=models.PROTECT,
                            related_name="+")
    year = models.PositiveSmallIntegerField(_("统计年度"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    figures = models.JSONField(_("报送数字"), default=dict)
    head = models.CharField(_("单位负责人"), max_length=50, blank=True)
    preparer = models.CharField(_("填表人"), max_length=50, blank=True)
    submitted_on = models.DateField(_("报出日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_org = "org"

    class Meta:
        verbose_name = verbose_name_plural = _("统计年报")
        ordering = ["-year", "org"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="fed_statsreport_org_year")]

    def __str__(self):
        return _("%(org)s%(year)s年统计年报") % {"org": self.org, "year": self.year}
# ---- cross-union work: push-downs of a federation's notices and plans (federation.pushdown) ----

class PushKind(models.TextChoices):
    NOTICE = "notice", gettext_noop("通知")
    PLAN = "plan", gettext_noop("工作计划")


class PushDownQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PushDown(SoftDeleteModel):
    """A federation's notice or work plan sent to the unions below; one ``PushTarget`` per union answers it.

    ``source`` (content type + id) is the object pushed: a ``plans.Plan`` of the federation for a plan, nothing
    for a notice (its title, body and attachment are the push-down's own). ``audience`` records how the unions
    were chosen (``{"union_types": [...], "units": [codes]}``; empty: all grassroots unions below)."""

    federation = models.ForeignKey("orgs.Organisation", verbose_name=_("下发组织"), on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField(_("类型"), max_length=8, choices=PushKind.choices, default=PushKind.NOTICE)
    source_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="federation/pushdowns/%Y/", blank=True, max_length=300)
    due_on = models.DateField(_("回复期限"))
    audience = models.JSONField(_("下发范围"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下发人"), on_delete=models.PROTECT,
                                   related_name="+")
    sent_at = models.DateTimeField(_("下发时间"), default=timezone.now)

    objects = AliveManager.from_queryset(PushDownQuerySet)()
    all_objects = models.Manager.from_queryset(PushDownQuerySet)()
    scope_org = "federation"

    class Meta:
        verbose_name = verbose_name_plural = _("下发事项")
        ordering = ["-id"]
        indexes = [models.Index(fields=["federation", "due_on"], name="fed_pushdown_fed_due")]

    def __str__(self):
        return self.title


class PushState(models.TextChoices):
    WAITING = "waiting", gettext_noop("未回复")
    ACKNOWLEDGED = "acknowledged", gettext_noop("已阅知")
    REPLIED = "replied", gettext_noop("已回复")
    ADOPTED = "adopted", gettext_noop("已采用为本单位计划")
    REPORTED = "reported", gettext_noop("已报送本单位计划")


class PushTargetQuerySet(ScopedQuerySet):
    pass


class PushTarget(models.Model):
    """One union's copy of a push-down and its answer. ``late``: answered after ``due_on`` (accepted, marked).
    ``result`` (content type + id) is what the answer produced: the union's adopted plan draft, or the union's
    own plan it reported."""

    pushdown = models.ForeignKey(PushDown, verbose_name=_("下发事项"), on_delete=models.CASCADE,
                                 related_name="targets")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    state = models.CharField(_("状态"), max_length=12, choices=PushState.choices, default=PushState.WAITING)
    response = models.TextField(_("回复内容"), blank=True)
    attachment = models.FileField(_("回复附件"), upload_to="federation/responses/%Y/", blank=True, max_length=300)
    result_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(_("逾期回复"), default=False)
    reminders = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    reminded_at = models.DateTimeField(_("最近催办"), null=True, blank=True)

    objects = PushTargetQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("下发事项的回复")
        ordering = ["pushdown", "id"]
        indexes = [models.Index(fields=["union", "state"], name="fed_pushtarget_union_state")]
        constraints = [models.UniqueConstraint(fields=["pushdown", "union"], name="fed_pushtarget_once")]

    def __str__(self):
        return f"{self.pushdown}：{self.union}"
