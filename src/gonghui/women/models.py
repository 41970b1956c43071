"""Women workers (女职工, 女职工劳动保护特别规定; DOMAIN §11).

* ``Committee``: a union's women workers' committee (女职工委员会) with its ``CommitteeMember`` rows (a union
  member, or a name), one chair, and its term; required where the union has 10 or more women members
  (``rules.COMMITTEE_REQUIRED_FROM``). A union with fewer may still set one up: it is recorded and shown as
  "set up, not required" — never refused.
* ``ProvincialExtra``: the extra maternity days a province adds, as effective-dated data with its source.
* ``Maternity``: one pregnancy of a member: registered (due date), then a birth (the leave computed by
  ``rules``) or a miscarriage (15 / 42 days). Due date, birth date, the details of the birth, the
  miscarriage and notes are encrypted at rest and read only by WOMEN holders at the member's union (rows
  come through ``visible_to(user, WOMEN)``: others get nothing, not even a masked row). The plain columns are
  what the reminders and counts need set-based: the stage, the leave period and the two protection windows
  (no overtime or night shifts from 28 weeks; breastfeeding hour until the child is one) — they imply the
  due and birth dates to within the rule's arithmetic, so they stay behind the same WOMEN scope, and the
  audit trail (read by auditors too) records only that a record changed (``actions._audit_data``).
* ``NursingRoom`` (爱心妈咪小屋/母婴室): registered per union, with its facilities (codes from ``FACILITIES``),
  opening hours, and ``RoomUse`` (uses per month).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet


class WomenQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class PlainQuerySet(ScopedQuerySet):
    pass


class Committee(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    established_on = models.DateField(_("成立日期"))
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(WomenQuerySet)()
    all_objects = models.Manager.from_queryset(WomenQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("女职工委员会")
        ordering = ["union_id"]
        indexes = [models.Index(fields=["term_end"], name="women_committee_term_end")]
        constraints = [models.UniqueConstraint(fields=["union"], condition=Q(deleted_at__isnull=True),
                                               name="women_one_committee_per_union")]

    def __str__(self):
        return f"{self.union.name}女职工委员会"

    @property
    def label(self):
        return gettext("%(union)s女职工委员会") % {"union": self.union.name}


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(_("主任"), default=False)
    post = models.CharField(_("职务"), max_length=30, blank=True)

    objects = PlainQuerySet.as_manager()
    scope_org = "committee__union"

    class Meta:
        verbose_name = verbose_name_plural = _("女职工委员会委员")
        ordering = ["committee_id", "-is_chair", "id"]

    def __str__(self):
        return self.name


class ProvincialExtra(models.Model):
    """Extra maternity days a province grants, effective on births in [effective_from, effective_to]."""
    province = models.CharField(_("省份"), max_length=20)
    extra_days = models.PositiveSmallIntegerField(_("增加天数"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=300)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("地方产假增加天数")
        ordering = ["province", "-effective_from"]
        indexes = [models.Index(fields=["province", "effective_from"], name="women_extra_province")]

    def __str__(self):
        return f"{self.province} +{self.extra_days}"


class Stage(models.TextChoices):
    PREGNANT = "pregnant", _("孕期")
    BIRTH = "birth", _("已生育")
    MISCARRIAGE = "miscarriage", _("流产")


class Maternity(SoftDeleteModel):
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.PREGNANT)
    # personal data, encrypted: ISO dates and details as text
    due_date = EncryptedTextField(_("预产期"), blank=True)
    birth_date = EncryptedTextField(_("分娩日期"), blank=True)
    details = EncryptedTextField(_("生育情况"), blank=True)     # JSON: difficult, babies, miscarriage months
    notes = EncryptedTextField(_("孕期情况"), blank=True)
    # plain: the clocks and the counts
    province = models.CharField(_("省份"), max_length=20, blank=True)
    leave_start = models.DateField(_("产假开始"), null=True, blank=True)
    leave_end = models.DateField(_("产假结束"), null=True, blank=True)
    leave_days = models.PositiveSmallIntegerField(_("产假天数"), null=True, blank=True)
    protect_from = models.DateField(_("孕晚期保护开始"), null=True, blank=True)
    protect_until = models.DateField(_("孕晚期保护结束"), null=True, blank=True)
    nursing_until = models.DateField(_("哺乳时间截止"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(WomenQuerySet)()
    all_objects = models.Manager.from_queryset(WomenQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("生育保护记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "-id"], name="women_maternity_union"),
                   models.Index(fields=["member", "-id"], name="women_maternity_member"),
                   models.Index(fields=["protect_until", "protect_from"], name="women_maternity_protect"),
                   models.Index(fields=["nursing_until"], name="women_maternity_nursing"),
                   models.Index(fields=["union", "leave_start"], name="women_maternity_leave")]

    def __str__(self):
        return f"生育保护记录{self.pk}"

    @property
    def label(self):
        return gettext("%(name)s的生育保护记录") % {"name": self.member.name}


FACILITIES = [
    ("lock", _("可上锁的独立空间")), ("seat", _("舒适座椅")), ("table", _("桌子")), ("fridge", _("冰箱")),
    ("sink", _("洗手池")), ("socket", _("电源插座")), ("curtain", _("窗帘或隔帘")), ("aircon", _("空调")),
    ("bin", _("垃圾桶")), ("sign", _("明显标识")),
]
FACILITY_CODES = [code for code, _label in FACILITIES]


class NursingRoom(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    name = models.CharField(_("名称"), max_length=60)
    location = models.CharField(_("位置"), max_length=120)
    opened_on = models.DateField(_("启用日期"))
    hours = models.CharField(_("开放时间"), max_length=60, blank=True)
    facilities = models.JSONField(_("设施"), default=list, blank=True)
    area = models.PositiveSmallIntegerField(_("面积（平方米）"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(WomenQuerySet)()
    all_objects = models.Manager.from_queryset(WomenQuerySet)()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("爱心妈咪小屋")
        ordering = ["union_id", "id"]
        indexes = [models.Index(fields=["union", "id"], name="women_room_union")]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.name

    def facility_labels(self):
        names = dict(FACILITIES)
        return [str(names[c]) for c in self.facilities if c in names]


class RoomUse(models.Model):
    room = models.ForeignKey(NursingRoom, on_delete=models.CASCADE, related_name="uses")
    month = models.DateField(_("月份"))          # the first day of the month
    visits = models.PositiveIntegerField(_("使用人次"))

    objects = PlainQuerySet.as_manager()
    scope_org = "room__union"

    class Meta:
        verbose_name = verbose_name_plural = _("小屋使用记录")
        ordering = ["room_id", "-month"]
        constraints = [models.UniqueConstraint(fields=["room", "month"], name="women_room_use_once")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.visits}"
