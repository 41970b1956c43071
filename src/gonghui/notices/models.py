"""厂务/校务公开: notices, their categories, the disclosure calendar, read receipts and objections.

A ``Notice`` is one posting of a grassroots union (draft → published → withdrawn; a published notice
whose posting period has ended reads as expired). Publishing freezes ``disclosed_on`` (the day the
posting actually began) and ``audience_size`` (应读: the active members it was addressed to), so the
calendar and the read rate do not move when the roster changes later.

``Category`` rows are data (presets with ``owner`` empty, loaded by migration 0002) with the union types
that must disclose them. ``DisclosureRequirement`` says what must be disclosed when: presets (the
national baseline), or rows a federation or union adds for its subtree. ``DisclosureEvent`` is a dated
occasion (a congress session) that before-/after-event requirements hang on. The due items of a year
are computed in ``calendar.py``.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import PUBLISH_NOTICES
from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import HERE_OR_ABOVE, MY_UNION, ScopedQuerySet, applying_to

MIN_POSTING_DAYS = 15      # DOMAIN §8: a posting stays up at least 15 days
OBJECTION_DAYS = 30        # DOMAIN §8: objections are answered within 30 days


class OwnedQuerySet(ScopedQuerySet, AliveQuerySet):
    """Presets (no owner) for anyone holding ``cap`` somewhere; an organisation's own rows for users
    whose scope lies in it, above it or beneath it (a federation's rows are read by its unions)."""

    scope_policy = HERE_OR_ABOVE
    scope_owner = "owner"
    scope_presets = True

    def applying_to(self, union):
        """Presets and rows owned by the union or any federation above it."""
        return self.filter(applying_to(union, "owner", presets=True))


class Category(SoftDeleteModel):
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    union_types = models.JSONField(_("必须公开的单位类型"), default=list, blank=True,
                                   help_text=_("空：所有单位都必须公开"))
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("制定组织"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    objects = AliveManager.from_queryset(OwnedQuerySet)()
    all_objects = models.Manager.from_queryset(OwnedQuerySet)()

    class Meta:
        verbose_name = verbose_name_plural = _("公开类别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["code"], condition=Q(owner__isnull=True),
                                               name="notice_category_preset_code")]

    def __str__(self):
        return self.name

    @property
    def union_type_labels(self):
        from django.utils.translation import gettext

        from gonghui.orgs.models import UnionType

        return [gettext(UnionType(t).label) if t in UnionType.values else t for t in self.union_types]

    @property
    def union_types_text(self):
        """The union types as a list in the current language: 学校、机关 / Schools, Agencies."""
        from gonghui.core.i18n import words

        return words(self.union_type_labels)

    def required_for(self, union_type) -> bool:
        return not self.union_types or union_type in self.union_types


class UnionScopedQuerySet(ScopedQuerySet, AliveQuerySet):
    pass


class NoticeQuerySet(UnionScopedQuerySet):
    """Publishers see every notice of their unions (drafts too); other officers the published notices
    in their scope; a member (policy MY_UNION) the published notices of their own union addressed to them."""

    scope_policy = MY_UNION
    readable_cap = PUBLISH_NOTICES

    @staticmethod
    def _public_q():
        return Q(status__in=Notice.PUBLIC, disclosed_on__lte=timezone.localdate())

    def member_shown(self, member):
        return self._public_q() & Q(pk__in=addressed_to(member))

    def readable_by(self, user, cap=None):
        from gonghui.core.capabilities import VIEW
        from gonghui.core.scope import org_condition

        if not user or not user.is_authenticated:
            return self.none()
        return super().readable_by(user, cap) | self.filter(self._public_q() & org_condition(user, VIEW, "union"))

    def public(self):
        """Published (or expired) notices whose posting has begun."""
        return self.filter(self._public_q())


def own_member(user):
    """The member record behind a login, for self-service (``members.queries.member_for``)."""
    from gonghui.members.queries import member_for

    return member_for(user)


def addressed_to(member):
    """Ids of the notices of the member's union addressed to the whole union or to a branch above them."""
    prefixes = member.org.ancestor_paths()
    whole = Q(union_id=member.union_id, whole_union=True)
    branch = Q(union_id=member.union_id, whole_union=False, branches__path__in=prefixes)
    return Notice.all_objects.filter(whole | branch).values("id")


class Notice(SoftDeleteModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("公开中")
        EXPIRED = "expired", _("已到期")
        WITHDRAWN = "withdrawn", _("已撤回")

    PUBLIC = (Status.PUBLISHED, Status.EXPIRED)

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    attachment = models.FileField(_("附件"), upload_to="notices/%Y/", blank=True, max_length=300)
    period_start = models.DateField(_("公开期起"))
    period_end = models.DateField(_("公开期止"))
    whole_union = models.BooleanField(_("面向全体会员"), default=True)
    branches = models.ManyToManyField("orgs.Organisation", verbose_name=_("面向的分工会/小组"), blank=True,
                                      related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    disclosed_on = models.DateField(_("实际公开日期"), null=True, blank=True)
    audience_size = models.PositiveIntegerField(_("应读人数"), default=0)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(NoticeQuerySet)()
    all_objects = models.Manager.from_queryset(NoticeQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("公开事项")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["union", "-id"], name="notice_union_id"),
            models.Index(fields=["union", "category", "disclosed_on"], name="notice_union_cat_day"),
            models.Index(fields=["status", "period_end"], name="notice_status_end"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status in self.PUBLIC

    @property
    def shown_status(self):
        """Published notices whose posting period has ended read as expired before the nightly sweep."""
        if self.status == self.Status.PUBLISHED and self.period_end < timezone.localdate():
            return self.Status.EXPIRED
        return self.Status(self.status)

    @property
    def shown_status_label(self):
        return self.shown_status.label

    @property
    def posting_days(self):
        return (self.period_end - self.period_start).days + 1


class Read(models.Model):
    """A member confirmed reading a notice (已读)."""

    notice = models.ForeignKey(Notice, verbose_name=_("公开事项"), on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(_("阅读时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("阅读记录")
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="notice_read_once")]

    def __str__(self):
        return f"{self.notice_id}:{self.member_id}"


class ObjectionQuerySet(UnionScopedQuerySet):
    """Publishers see the objections of their unions; a member sees their own (policy OWN_RECORDS)."""

    readable_cap = PUBLISH_NOTICES


class Objection(SoftDeleteModel):
    """A member's objection (异议) to a notice; the union answers within 30 days."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    notice = models.ForeignKey(Notice, verbose_name=_("公开事项"), on_delete=models.PROTECT,
                               related_name="objections")
    member = models.ForeignKey("members.Member", verbose_name=_("提出人"), on_delete=models.PROTECT,
                               related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人账号"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("异议内容"))
    filed_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = AliveManager.from_queryset(ObjectionQuerySet)()
    all_objects = models.Manager.from_queryset(ObjectionQuerySet)()

    scope_org = "union"
    scope_self = "user"

    class Meta:
        verbose_name = verbose_name_plural = _("异议")
        ordering = ["-id"]
        indexes = [models.Index(fields=["union", "answered_on", "due_on"], name="objection_union_due"),
                   models.Index(fields=["union", "filed_on"], name="objection_union_filed")]

    def __str__(self):
        return _("%(notice)s：%(text)s") % {"notice": self.notice, "text": self.text[:30]}

    @property
    def answered(self):
        return self.answered_on is not None

    @property
    def overdue(self):
        if self.answered_on:
            return self.answered_on > self.due_on
        return timezone.localdate() > self.due_on


class Frequency(models.TextChoices):
    ONCE = "once", _("一次")
    YEARLY = "yearly", _("每年")
    HALF_YEARLY = "half_yearly", _("每半年")
    QUARTERLY = "quarterly", _("每季度")
    MONTHLY = "monthly", _("每月")
    BEFORE_EVENT = "before_event", _("会议/事项前")
    AFTER_EVENT = "after_event", _("会议/事项后")


class EventKind(models.TextChoices):
    CONGRESS = "congress", _("职代会/教代会")
    DECISION = "decision", _("重大事项")


class DisclosureRequirement(SoftDeleteModel):
    """What must be disclosed when: a preset (national baseline) or a federation's/union's own row."""

    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("制定组织"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", help_text=_("空：全国默认"))
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+")
    what = models.CharField(_("公开内容"), max_length=120)
    frequency = models.CharField(_("频次"), max_length=16, choices=Frequency.choices)
    due_month = models.PositiveSmallIntegerField(_("截止月"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("截止日"), null=True, blank=True)
    due_date = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("一次性事项"))
    lead_days = models.PositiveSmallIntegerField(_("提前/限期天数"), null=True, blank=True)
    event_kind = models.CharField(_("会议/事项类型"), max_length=16, choices=EventKind.choices, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(OwnedQuerySet)()
    all_objects = models.Manager.from_queryset(OwnedQuerySet)()

    class Meta:
        verbose_name = verbose_name_plural = _("公开要求")
        ordering = ["owner_id", "id"]
        indexes = [models.Index(fields=["owner"], name="requirement_owner")]

    def __str__(self):
        return self.what

    @property
    def rule_label(self):
        f = self.frequency
        if f == Frequency.YEARLY and self.due_month:
            return _("每年%(m)s月%(d)s日前") % {"m": self.due_month, "d": self.due_day or 1}
        if f == Frequency.ONCE and self.due_date:
            return _("%(date)s前") % {"date": self.due_date.isoformat()}
        if f == Frequency.BEFORE_EVENT:
            return _("%(kind)s召开%(n)s日前") % {"kind": self.get_event_kind_display(), "n": self.lead_days or 0}
        if f == Frequency.AFTER_EVENT:
            return _("%(kind)s结束后%(n)s日内") % {"kind": self.get_event_kind_display(), "n": self.lead_days or 0}
        return self.get_frequency_display()


class DisclosureEvent(SoftDeleteModel):
    """A dated occasion that before-/after-event requirements hang on (a congress session)."""

    union = models.ForeignKey("orgs.Organisation", verbose_name=_("基层工会"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices, default=EventKind.CONGRESS)
    title = models.CharField(_("名称"), max_length=120)
    date = models.DateField(_("日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = AliveManager.from_queryset(UnionScopedQuerySet)()
    all_objects = models.Manager.from_queryset(UnionScopedQuerySet)()

    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("需公开的会议/事项")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["union", "date"], name="disclosure_event_union_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"
