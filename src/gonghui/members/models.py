"""Members (会员) and their transfers between unions."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto
from gonghui.core.fields import EncryptedDecimalField, EncryptedTextField
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet


# Choice labels and ethnic groups stay plain Chinese (stored, and read from and written to spreadsheets);
# ``gettext_noop`` marks them for the catalogue, and pages show them through ``gettext``.
class Sex(models.TextChoices):
    MALE = "M", gettext_noop("男")
    FEMALE = "F", gettext_noop("女")


class Status(models.TextChoices):
    ACTIVE = "active", gettext_noop("在籍")
    TRANSFERRING = "transferring", gettext_noop("转出中")
    RETAINED = "retained", gettext_noop("保留会籍")
    TERMINATED = "terminated", gettext_noop("终止")


class EmploymentForm(models.TextChoices):
    CONTRACT = "contract", gettext_noop("合同制")
    ESTABLISHED = "established", gettext_noop("编制内")
    DISPATCHED = "dispatched", gettext_noop("劳务派遣")
    MIGRANT = "migrant", gettext_noop("农民工")
    FLEXIBLE = "flexible", gettext_noop("灵活就业")
    PART_TIME = "part_time", gettext_noop("非全日制")
    RETIRED = "retired", gettext_noop("退休返聘")
    OTHER = "other", gettext_noop("其他")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", gettext_noop("中共党员")
    CPC_PROBATION = "cpc_probation", gettext_noop("中共预备党员")
    CYL = "cyl", gettext_noop("共青团员")
    DEMOCRATIC = "democratic", gettext_noop("民主党派")
    NONPARTISAN = "nonpartisan", gettext_noop("无党派人士")
    MASSES = "masses", gettext_noop("群众")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", gettext_noop("博士研究生")
    MASTER = "master", gettext_noop("硕士研究生")
    BACHELOR = "bachelor", gettext_noop("大学本科")
    COLLEGE = "college", gettext_noop("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", gettext_noop("中专/中技")
    HIGH_SCHOOL = "high_school", gettext_noop("高中")
    JUNIOR = "junior", gettext_noop("初中及以下")


class TerminationReason(models.TextChoices):
    RESIGNED = "resigned", gettext_noop("本人申请退会")
    LAPSED = "lapsed", gettext_noop("连续六个月不缴会费不参加活动")
    EXPELLED = "expelled", gettext_noop("开除会籍")
    DECEASED = "deceased", gettext_noop("去世")
    LEFT_JOB = "left_job", gettext_noop("离职且未转接")
    OTHER = "other", gettext_noop("其他")


ETHNICITIES = [
    gettext_noop("汉族"), gettext_noop("蒙古族"), gettext_noop("回族"), gettext_noop("藏族"), gettext_noop("维吾尔族"),
    gettext_noop("苗族"), gettext_noop("彝族"), gettext_noop("壮族"), gettext_noop("布依族"), gettext_noop("朝鲜族"),
    gettext_noop("满族"), gettext_noop("侗族"), gettext_noop("瑶族"), gettext_noop("白族"), gettext_noop("土家族"),
    gettext_noop("哈尼族"), gettext_noop("哈萨克族"), gettext_noop("傣族"), gettext_noop("黎族"), gettext_noop("傈僳族"),
    gettext_noop("佤族"), gettext_noop("畲族"), gettext_noop("高山族"), gettext_noop("拉祜族"), gettext_noop("水族"),
    gettext_noop("东乡族"), gettext_noop("纳西族"), gettext_noop("景颇族"), gettext_noop("柯尔克孜族"), gettext_noop("土族"),
    gettext_noop("达斡尔族"), gettext_noop("仫佬族"), gettext_noop("羌族"), gettext_noop("布朗族"), gettext_noop("撒拉族"),
    gettext_noop("毛南族"), gettext_noop("仡佬族"), gettext_noop("锡伯族"), gettext_noop("阿昌族"), gettext_noop("普米族"),
    gettext_noop("塔吉克族"), gettext_noop("怒族"), gettext_noop("乌孜别克族"), gettext_noop("俄罗斯族"), gettext_noop("鄂温克族"),
    gettext_noop("德昂族"), gettext_noop("保安族"), gettext_noop("裕固族"), gettext_noop("京族"), gettext_noop("塔塔尔族"),
    gettext_noop("独龙族"), gettext_noop("鄂伦春族"), gettext_noop("赫哲族"), gettext_noop("门巴族"), gettext_noop("珞巴族"),
    gettext_noop("基诺族"),
]


def derived_columns(name, id_number, phone, wage_base, status):
    """The columns kept beside the data they come from: search keys, the blind index, monthly dues."""
    from .dues import monthly_dues
    from .pinyin import full, given_name, initials

    number = (id_number or "").upper()
    return {
        "initials": initials(name),
        "pinyin": full(name),
        "given_name": given_name(name),
        "id_number": number,
        "id_hash": crypto.blind_index(number),
        "id_tail": number[-4:],
        "phone_tail": (phone or "")[-4:],
        "dues_monthly": monthly_dues(wage_base) if status == Status.ACTIVE else Decimal("0.00"),
    }


class MemberQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Member(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所在组织"), on_delete=models.PROTECT,
                            related_name="members", help_text=_("基层工会、分工会或工会小组"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="member")
    name = models.CharField(_("姓名"), max_length=50)
    initials = models.CharField(_("拼音首字母"), max_length=50, editable=False)
    # Search keys beside the name: the full pinyin ("chengyuyan") and the given name alone ("语嫣").
    pinyin = models.CharField(_("拼音"), max_length=200, editable=False, default="")
    given_name = models.CharField(_("名"), max_length=50, editable=False, default="")
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    id_number = EncryptedTextField(_("身份证号"))
    id_hash = models.CharField(max_length=40, editable=False)
    id_tail = models.CharField(max_length=4, editable=False)
    birth_date = models.DateField(_("出生日期"))
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_tail = models.CharField(max_length=4, blank=True, editable=False)
    ethnicity = models.CharField(_("民族"), max_length=10, default="汉族")
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices,
                                        default=PoliticalStatus.MASSES)
    education = models.CharField(_("学历"), max_length=24, choices=Education.choices, blank=True)
    employment_form = models.CharField(_("用工形式"), max_length=16, choices=EmploymentForm.choices,
                                       default=EmploymentForm.CONTRACT)
    post = models.CharField(_("岗位"), max_length=50, blank=True)
    hire_date = models.DateField(_("入职日期"), null=True, blank=True)
    wage_base = EncryptedDecimalField(_("会费缴纳基数"), blank=True, null=True)
    dues_monthly = models.DecimalField(_("月应缴会费"), max_digits=10, decimal_places=2, default=Decimal("0.00"),
                                       editable=False)
    join_date = models.DateField(_("入会日期"))
    member_no = models.CharField(_("会员编号"), max_length=32)
    card_no = models.CharField(_("会员证号"), max_length=32, blank=True)
    status = models.CharField(_("会籍状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    termination_reason = models.CharField(_("终止原因"), max_length=16, choices=TerminationReason.choices,
                                          blank=True)
    status_note = models.CharField(_("状态说明"), max_length=200, blank=True)

    objects = AliveManager.from_queryset(MemberQuerySet)()
    all_objects = models.Manager.from_queryset(MemberQuerySet)()

    scope_org = "org"
    scope_self = "user"

    class Meta:
        verbose_name = verbose_name_plural = _("会员")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["org", "id"], name="member_org_id"),
            models.Index(fields=["union", "status", "id"], name="member_union_status"),
            # Head counts of live members by union, status, organisation and sex (participation rates,
            # coverage) read this narrow index instead of the wide rows.
            models.Index(fields=["union", "status", "org", "sex"], condition=Q(deleted_at__isnull=True),
                         name="member_union_status_org_sex"),
            models.Index(fields=["name", "id"], name="member_name"),
            models.Index(fields=["initials", "id"], name="member_initials"),
            models.Index(fields=["pinyin", "id"], name="member_pinyin"),
            models.Index(fields=["given_name", "id"], name="member_given_name"),
            models.Index(fields=["phone_tail"], name="member_phone_tail"),
            models.Index(fields=["id_tail"], name="member_id_tail"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_hash"], condition=Q(deleted_at__isnull=True),
                                    name="member_one_live_record_per_person"),
            models.UniqueConstraint(fields=["union", "member_no"], condition=Q(deleted_at__isnull=True),
                                    name="member_no_unique_in_union"),
        ]

    def __str__(self):
        return f"{self.name}（{self.member_no}）"

    # Derived columns come from one function so every write path (form, API, import, demo) agrees.
    def fill_derived(self):
        for key, value in derived_columns(self.name, self.id_number, self.phone, self.wage_base,
                                          self.status).items():
            setattr(self, key, value)

    def save(self, *args, **kwargs):
        self.fill_derived()
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def age(self):
        from .idcard import age_on

        return age_on(self.birth_date, timezone.localdate())

    @property
    def pays_dues(self):
        return self.status == Status.ACTIVE


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user, cap=None):
        """A transfer is seen by both ends: the sending and the receiving organisation's officers."""
        from gonghui.core.capabilities import VIEW
        from gonghui.core.scope import org_condition

        cap = cap or VIEW
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(org_condition(user, cap, "from_org") | org_condition(user, cap, "to_org"))


class Transfer(models.Model):
    """会员关系接转: the sending union starts it, the receiving union accepts or declines."""

    class State(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "accepted", "已接收"
        DECLINED = "declined", "已退回"
        CANCELLED = "cancelled", "已撤销"

    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey("orgs.Organisation", verbose_name=_("转出组织"), on_delete=models.PROTECT,
                                 related_name="+")
    to_org = models.ForeignKey("orgs.Organisation", verbose_name=_("转入组织"), on_delete=models.PROTECT,
                               related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.CharField(_("转出原因"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("经办人"))
    requested_at = models.DateTimeField(_("转出时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("接收经办人"))
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)
    new_org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("接收后所在组织"))

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("会员关系接转")
        ordering = ["-id"]
        indexes = [models.Index(fields=["to_org", "state"], name="transfer_inbox"),
                   models.Index(fields=["from_org", "state"], name="transfer_outbox")]

    def __str__(self):
        return f"{self.member.name}：{self.from_org} → {self.to_org}"
