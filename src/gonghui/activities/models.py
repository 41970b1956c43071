"""Activities: events, who may take part, who signed up, teams, who came, notices and photos.

An ``Event`` belongs to a grassroots union (its scope) and is organised by the union or one of its
branches or groups. ``EligibilityRule`` rows say who may take part (sex, age bands on the event date,
departments, membership status, a custom list); ``Registration`` is one member's place (confirmed or
waiting, in ``position`` order); ``Team`` groups registrations; ``Attendance`` is one check-in.
``Notice``/``Message`` are the in-app notices to participants; ``Photo`` and ``Event.summary`` make
the activity brief (活动简报).
"""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.i18n import words
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import MY_UNION, ScopedQuerySet
from gonghui.members.models import Sex, Status

MONEY = {"max_digits": 14, "decimal_places": 2}
DEFAULT_CHECKIN_OPENS_BEFORE = 120  # minutes: check-in opens two hours before the start by default


class Kind(models.TextChoices):
    SPORT_CULTURE = "sport_culture", _("文体活动")
    LABOUR_CONTEST = "labour_contest", _("劳动竞赛")
    SKILLS = "skills", _("技能比武")
    QUIZ = "quiz", _("知识竞赛")
    LECTURE = "lecture", _("讲座培训")
    VISIT = "visit", _("参观考察")
    GALA = "gala", _("联欢会")
    SPORTS_MEET = "sports_meet", _("运动会")
    OTHER = "other", _("其他")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("报名中")
    CLOSED = "closed", _("报名截止")
    CANCELLED = "cancelled", _("已取消")
    FINISHED = "finished", _("已结束")


class EventQuerySet(ScopedQuerySet, AliveQuerySet):
    """A plain member (policy MY_UNION, ``for_member``) sees the published events of their own union."""

    scope_policy = MY_UNION

    def member_shown(self, member):
        return ~Q(status=EventStatus.DRAFT)


class Event(SoftDeleteModel):
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    organiser = models.ForeignKey("orgs.Organisation", verbose_name=_("主办组织"), on_delete=models.PROTECT,
                                  related_name="+")
    title = models.CharField(_("活动名称"), max_length=100)
    kind = models.CharField(_("活动类型"), max_length=20, choices=Kind.choices, default=Kind.SPORT_CULTURE)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True,
                                   help_text=_("空：签到截至活动当天24:00"))
    place = models.CharField(_("地点"), max_length=100)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("空：不限名额"))
    signup_opens = models.DateTimeField(_("报名开始"), null=True, blank=True)
    signup_closes = models.DateTimeField(_("报名截止"), null=True, blank=True)
    budget = models.DecimalField(_("预算（元）"), null=True, blank=True, **MONEY)
    budget_account = models.CharField(_("预算科目"), max_length=16, blank=True,
                                      help_text=_("账簿支出科目代码，如 50102"))
    status = models.CharField(_("状态"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    description = models.TextField(_("活动说明"), blank=True)
    team_min_size = models.PositiveSmallIntegerField(_("每队最少人数"), null=True, blank=True)
    team_max_size = models.PositiveSmallIntegerField(_("每队最多人数"), null=True, blank=True)
    team_min_women = models.PositiveSmallIntegerField(_("每队至少女职工"), null=True, blank=True)
    teams_confirmed_at = models.DateTimeField(_("分队确认时间"), null=True, blank=True)
    checkin_opens_before = models.PositiveIntegerField(
        _("提前开始签到（分钟）"), default=DEFAULT_CHECKIN_OPENS_BEFORE, help_text=_("开始时间前多少分钟可以签到"))
    checkin_closes_after = models.PositiveIntegerField(
        _("结束后仍可签到（分钟）"), default=0, help_text=_("结束时间后多少分钟内仍可签到"))
    summary = models.TextField(_("活动简报"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(EventQuerySet)()
    all_objects = models.Manager.from_queryset(EventQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("活动")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["union", "-starts_at", "-id"], name="event_union_starts"),
            models.Index(fields=["union", "status"], name="event_union_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    @property
    def event_date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def has_team_rule(self):
        return any(v is not None for v in (self.team_min_size, self.team_max_size, self.team_min_women))

    @property
    def checkin_opens(self):
        """When check-in opens: ``checkin_opens_before`` minutes before the start."""
        return self.starts_at - datetime.timedelta(minutes=self.checkin_opens_before or 0)

    @property
    def checkin_closes(self):
        """When check-in closes: ``checkin_closes_after`` minutes after the end; an event without an end
        time closes at the end of its day (24:00 Beijing time of the start date)."""
        if self.ends_at:
            end = self.ends_at
        else:
            day_after = self.event_date + datetime.timedelta(days=1)
            end = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))
        return end + datetime.timedelta(minutes=self.checkin_closes_after or 0)

    def checkin_state(self, now=None):
        """(open?, reason) for check-in at ``now``: open from ``checkin_opens`` to ``checkin_closes``
        inclusive, otherwise a message saying when check-in opens or when it closed."""
        now = now or timezone.now()
        opens, closes = self.checkin_opens, self.checkin_closes
        fmt = "%Y-%m-%d %H:%M"
        if now < opens:
            return False, _("签到尚未开始：本活动%(opens)s开始签到") % {
                "opens": timezone.localtime(opens).strftime(fmt)}
        if now > closes:
            return False, _("签到已结束：本活动签到已于%(closes)s截止；确实到场的，请工作人员补录迟到签到并说明原因") % {
                "closes": timezone.localtime(closes).strftime(fmt)}
        return True, ""

    def signup_state(self, now=None):
        """(open?, reason) for sign-up at ``now``."""
        now = now or timezone.now()
        if self.status != EventStatus.OPEN:
            return False, _("活动不在报名阶段")
        if self.signup_opens and now < self.signup_opens:
            return False, _("报名尚未开始")
        if self.signup_closes and now > self.signup_closes:
            return False, _("报名已截止")
        return True, ""


class RuleKind(models.TextChoices):
    SEX = "sex", _("性别")
    AGE = "age", _("年龄")
    ORG = "org", _("部门/小组")
    STATUS = "status", _("会籍状态")
    LIST = "list", _("指定名单")


class EligibilityRule(models.Model):
    """One condition on who may take part. Rules of different kinds must all hold; rules of the same kind
    are alternatives (two age bands, three departments)."""

    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("条件类型"), max_length=8, choices=RuleKind.choices)
    sex = models.CharField(_("性别"), max_length=1, blank=True)
    age_min = models.PositiveSmallIntegerField(_("年龄下限"), null=True, blank=True)
    age_min_inclusive = models.BooleanField(_("含下限"), default=True)
    age_max = models.PositiveSmallIntegerField(_("年龄上限"), null=True, blank=True)
    age_max_inclusive = models.BooleanField(_("含上限"), default=True)
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("部门/小组"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("会籍状态"), max_length=16, blank=True)
    members = models.ManyToManyField("members.Member", verbose_name=_("指定名单"), blank=True, related_name="+")
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("参加条件")
        ordering = ["event_id", "kind", "id"]

    def __str__(self):
        return self.describe()

    def describe(self) -> str:
        """The rule in words, e.g. "51周岁(含)以上", "女职工", "指定名单"."""
        if self.kind == RuleKind.SEX:
            return gettext("女职工") if self.sex == Sex.FEMALE else gettext("男职工")
        if self.kind == RuleKind.AGE:
            parts = []
            if self.age_min is not None:
                parts.append((gettext("%(n)s周岁(含)以上") if self.age_min_inclusive else gettext("%(n)s周岁(不含)以上"))
                             % {"n": self.age_min})
            if self.age_max is not None:
                parts.append((gettext("%(n)s周岁(含)以下") if self.age_max_inclusive else gettext("%(n)s周岁(不含)以下"))
                             % {"n": self.age_max})
            return words(parts) or gettext("不限年龄")
        if self.kind == RuleKind.ORG:
            return self.org.name if self.org_id else ""
        if self.kind == RuleKind.STATUS:
            return gettext(dict(Status.choices).get(self.status, self.status))  # labels are plain Chinese (gettext_noop)
        if self.kind == RuleKind.LIST:
            return self.note or gettext("指定名单")
        return ""


class TeamQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Team(SoftDeleteModel):
    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("队名"), max_length=60)
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("所属部门"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(TeamQuerySet)()
    all_objects = models.Manager.from_queryset(TeamQuerySet)()

    scope_org = "event__union"

    class Meta:
        verbose_name = verbose_name_plural = _("参赛队")
        ordering = ["event_id", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], condition=Q(deleted_at__isnull=True),
                                               name="team_name_once_per_event")]

    def __str__(self):
        return self.name


class RegStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_STATUSES = (RegStatus.CONFIRMED, RegStatus.WAITING)


class RegistrationQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="registrations")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="activity_registrations")
    status = models.CharField(_("状态"), max_length=10, choices=RegStatus.choices)
    position = models.PositiveIntegerField(_("报名顺序"), help_text=_("候补名单按此顺序递补"))
    team = models.ForeignKey(Team, verbose_name=_("参赛队"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="registrations")
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    objects = RegistrationQuerySet.as_manager()
    all_objects = RegistrationQuerySet.as_manager()

    scope_org = "event__union"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("报名")
        ordering = ["event_id", "position", "id"]
        indexes = [
            models.Index(fields=["event", "status", "position"], name="registration_queue"),
            models.Index(fields=["member", "-id"], name="registration_member"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], condition=Q(status__in=["confirmed", "waiting"]),
                                    name="registration_active_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.event}"


class AttendanceQuerySet(ScopedQuerySet):
    pass


class Method(models.TextChoices):
    QR = "qr", _("扫码")
    ROSTER = "roster", _("名单勾选")
    CODE = "code", _("数字签到码")
    LATE = "late", _("补录迟到")


class Attendance(models.Model):
    """One member present at one event. ``union`` and ``day`` repeat the event's so participation
    statistics over years of rows read one index. Made only inside the event's check-in window (scanned
    QR, 6-digit code, roster tick) or by an officer recording late attendance (``method`` late, with
    ``late_reason``), so every row is a real check-in and the statistics count them all."""

    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="activity_attendances")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    day = models.DateField(_("活动日期"))
    checked_in_at = models.DateTimeField(_("签到时间"), default=timezone.now)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    method = models.CharField(_("签到方式"), max_length=8, choices=Method.choices)
    late_reason = models.CharField(_("补录原因"), max_length=200, blank=True)

    objects = AttendanceQuerySet.as_manager()

    scope_org = "union"
    scope_self = "member__user"

    class Meta:
        verbose_name = verbose_name_plural = _("签到记录")
        ordering = ["event_id", "checked_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="attendance_once")]
        indexes = [models.Index(fields=["union", "day", "member"], name="attendance_union_day")]

    def __str__(self):
        return f"{self.member} @ {self.event}"


class MemberYear(models.Model):
    """Participation summary: one member's check-ins in one union in one year, in total (``n``) and per
    month (``m1`` … ``m12``). Kept exact in the same transaction by every path that adds or removes an
    ``Attendance`` (see ``summary.py``); the statistics read it instead of every check-in."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+", db_index=False)
    union = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+",
                              db_index=False)
    year = models.PositiveSmallIntegerField()
    # The member's current organisation and sex, copied here so the statistics group participants without
    # reading 700,000 member rows; kept current by ``summary.refresh_members`` on every member change of
    # either (``members.signals.members_changed``).
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False)
    sex = models.CharField(max_length=1)
    n = models.PositiveIntegerField(default=0)
    m1 = models.PositiveIntegerField(default=0)
    m2 = models.PositiveIntegerField(default=0)
    m3 = models.PositiveIntegerField(default=0)
    m4 = models.PositiveIntegerField(default=0)
    m5 = models.PositiveIntegerField(default=0)
    m6 = models.PositiveIntegerField(default=0)
    m7 = models.PositiveIntegerField(default=0)
    m8 = models.PositiveIntegerField(default=0)
    m9 = models.PositiveIntegerField(default=0)
    m10 = models.PositiveIntegerField(default=0)
    m11 = models.PositiveIntegerField(default=0)
    m12 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("参与汇总")
        constraints = [models.UniqueConstraint(fields=["member", "union", "year"], name="memberyear_key")]
        indexes = [models.Index(fields=["union", "year", "org", "sex", "member", "n"], name="memberyear_union_year_org")]


class NoticeQuerySet(ScopedQuerySet):
    pass


class Notice(models.Model):
    """A notice to an event's participants (通知参加者); each recipient gets a ``Message``."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名者")
        ALL = "all", _("已报名及候补者")

    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    audience = models.CharField(_("发送对象"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    scope_org = "event__union"

    class Meta:
        verbose_name = verbose_name_plural = _("活动通知")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return self.title


class Message(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="messages")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="activity_messages")

    class Meta:
        verbose_name = verbose_name_plural = _("通知消息")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="message_once")]
        indexes = [models.Index(fields=["member", "-id"], name="message_member")]


def photo_path(instance, filename):
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower() or ".jpg"
    return f"activities/{instance.event_id}/{uuid.uuid4().hex}{ext}"


class PhotoQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class Photo(SoftDeleteModel):
    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = AliveManager.from_queryset(PhotoQuerySet)()
    all_objects = models.Manager.from_queryset(PhotoQuerySet)()

    scope_org = "event__union"

    class Meta:
        verbose_name = verbose_name_plural = _("活动照片")
        ordering = ["event_id", "id"]

    def __str__(self):
        return self.caption or self.image.name


class EventCostQuerySet(ScopedQuerySet):
    pass


class EventCost(models.Model):
    """One cost of an event (场地费, 服装, 餐费, 交通, 观影票, 纪念品 …) spent on its participants. The money goes
    through ``spending.actions.record_expense`` (rule check, benefit rows, draft voucher); this row ties the
    resulting ``Expense`` to the event so the event page can set its costs against the budget."""

    event = models.ForeignKey(Event, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="costs")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    expense = models.OneToOneField("spending.Expense", verbose_name=_("开支"), on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField(_("开支类型"), max_length=20)
    item = models.CharField(_("开支项目"), max_length=60)
    amount_per_person = models.DecimalField(_("每人金额（元）"), **MONEY)
    head_count = models.PositiveIntegerField(_("人数"))
    total = models.DecimalField(_("合计（元）"), **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = EventCostQuerySet.as_manager()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("活动开支")
        ordering = ["event_id", "id"]

    def __str__(self):
        return f"{self.event} · {self.item}"
