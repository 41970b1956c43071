"""Every change to notices, read receipts, objections and the disclosure calendar goes through here.

Each function checks the actor's scope (PUBLISH_NOTICES at the union; a federation's own calendar rows
with MANAGE_ORGS), validates with Chinese messages per field, writes and records the audit entry in one
transaction. Members act for themselves only: confirming they read a notice addressed to them, filing
an objection to one.
"""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.capabilities import MANAGE_ORGS, PUBLISH_NOTICES
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.models import AuditEntry
from gonghui.core.softdelete import restore, soft_delete
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Kind, Organisation

from .models import (MIN_POSTING_DAYS, OBJECTION_DAYS, Category, DisclosureEvent, DisclosureRequirement,
                     EventKind, Frequency, Notice, Objection, Read, addressed_to, own_member)

LABELS = {
    "union": gettext_lazy("基层工会"), "category": gettext_lazy("类别"), "title": gettext_lazy("标题"),
    "body": gettext_lazy("正文"), "period_start": gettext_lazy("公开期起"), "period_end": gettext_lazy("公开期止"),
    "branches": gettext_lazy("面向的分工会/小组"), "reason": gettext_lazy("撤回原因"), "text": gettext_lazy("异议内容"),
    "answer": gettext_lazy("答复"), "what": gettext_lazy("公开内容"), "frequency": gettext_lazy("频次"),
    "due_month": gettext_lazy("截止月"), "due_day": gettext_lazy("截止日"), "due_date": gettext_lazy("截止日期"),
    "lead_days": gettext_lazy("提前/限期天数"), "event_kind": gettext_lazy("会议/事项类型"), "date": gettext_lazy("日期"),
    "kind": gettext_lazy("类型"), "owner": gettext_lazy("制定组织"), "category_name": gettext_lazy("类别名称"),
    "category_union_types": gettext_lazy("必须公开的单位类型"),
}
NOTICE_FIELDS = ["category", "title", "body", "period_start", "period_end", "whole_union", "status"]
AUDIENCE_STATUSES = (Status.ACTIVE, Status.RETAINED)


def _union(union):
    if union is None or union.kind != Kind.GRASSROOTS:
        raise ActionError(_("请选择一个基层工会"), field="union")
    return union


def _clean_notice(union, *, category, title, body, period_start, period_end, whole_union, branches):
    errors = {}
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors["title"] = [_("请填写标题")]
    elif len(title) > 120:
        errors["title"] = [_("标题不能超过120个字")]
    if not body:
        errors["body"] = [_("请填写公开内容")]
    if category is None:
        errors["category"] = [_("请选择类别")]
    elif not Category.objects.applying_to(union).filter(pk=category.pk).exists():
        errors["category"] = [_("该类别不适用于本工会")]
    if period_start is None:
        errors["period_start"] = [_("请填写公开期起始日期")]
    if period_end is None:
        errors["period_end"] = [_("请填写公开期截止日期")]
    if period_start and period_end:
        if period_end < period_start:
            errors["period_end"] = [_("截止日期不能早于起始日期")]
        elif (period_end - period_start).days + 1 < MIN_POSTING_DAYS:
            errors["period_end"] = [_("公开期不少于%(min)s天（当前%(n)s天）") % {
                "min": MIN_POSTING_DAYS, "n": (period_end - period_start).days + 1}]
    branches = list(branches or [])
    if not whole_union:
        if not branches:
            errors["branches"] = [_("请选择面向的分工会或小组，或选择面向全体会员")]
        elif any(b.union_id != union.pk or b.pk == union.pk for b in branches):
            errors["branches"] = [_("只能选择本工会的分工会或小组")]
    if errors:
        raise ActionError(errors=errors)
    return title, body, ([] if whole_union else branches)


def _snapshot(notice):
    data = audit.snapshot(notice, NOTICE_FIELDS)
    data["branches"] = "、".join(sorted(b.name for b in notice.branches.all())) if notice.pk else ""
    return data


@transaction.atomic
def create_notice(actor, union, *, category, title, body, period_start, period_end, whole_union=True,
                  branches=(), attachment=None):
    _union(union)
    scope.require(actor, PUBLISH_NOTICES, union)
    title, body, branches = _clean_notice(union, category=category, title=title, body=body,
                                          period_start=period_start, period_end=period_end,
                                          whole_union=whole_union, branches=branches)
    notice = Notice(union=union, category=category, title=title, body=body, period_start=period_start,
                    period_end=period_end, whole_union=whole_union, created_by=actor)
    if attachment:
        notice.attachment = attachment
    notice.save()
    notice.branches.set(branches)
    audit.record(actor, "create", notice, org=union, after=_snapshot(notice))
    return notice


@transaction.atomic
def update_notice(actor, notice, *, category, title, body, period_start, period_end, whole_union=True,
                  branches=(), attachment=None):
    notice = _locked(notice)
    scope.require(actor, PUBLISH_NOTICES, notice.union)
    if notice.status != Notice.Status.DRAFT:
        raise ActionError(_("只能修改草稿；已发布的公开事项请撤回后重新发布"))
    before = _snapshot(notice)
    title, body, branches = _clean_notice(notice.union, category=category, title=title, body=body,
                                          period_start=period_start, period_end=period_end,
                                          whole_union=whole_union, branches=branches)
    notice.category, notice.title, notice.body = category, title, body
    notice.period_start, notice.period_end, notice.whole_union = period_start, period_end, whole_union
    if attachment:
        notice.attachment = attachment
    notice.updated_at = timezone.now()
    notice.save()
    notice.branches.set(branches)
    audit.record(actor, "update", notice, org=notice.union, before=before, after=_snapshot(notice))
    return notice


def _locked(notice):
    return Notice.all_objects.select_for_update(of=("self",)).select_related("union").get(pk=notice.pk)


def audience(notice):
    """The members a notice is addressed to: active or retained members of the union, or of the branches."""
    qs = Member.objects.filter(union_id=notice.union_id, status__in=AUDIENCE_STATUSES)
    if not notice.whole_union:
        cond = Q(pk__in=[])
        for path in notice.branches.values_list("path", flat=True):
            cond |= Q(org__path__startswith=path)
        qs = qs.filter(cond)
    return qs


@transaction.atomic
def publish_notice(actor, notice, *, today=None):
    """Draft → published. The disclosure day is the later of the posting start and today; the audience
    size (应读) is frozen now."""
    today = today or timezone.localdate()
    notice = _locked(notice)
    scope.require(actor, PUBLISH_NOTICES, notice.union)
    if notice.status != Notice.Status.DRAFT:
        raise ActionError(_("只有草稿可以发布"), field="status")
    if notice.period_end < today:
        raise ActionError(_("公开期已结束，请修改公开期后再发布"), field="period_end")
    if (notice.period_end - max(notice.period_start, today)).days + 1 < MIN_POSTING_DAYS:
        raise ActionError(_("从今天起公开期不足%(min)s天，请延长截止日期") % {"min": MIN_POSTING_DAYS}, field="period_end")
    before = _snapshot(notice)
    notice.status = Notice.Status.PUBLISHED
    notice.disclosed_on = max(notice.period_start, today)
    notice.audience_size = audience(notice).count()
    notice.published_at, notice.published_by = timezone.now(), actor
    notice.updated_at = timezone.now()
    notice.save()
    after = _snapshot(notice)
    after.update(disclosed_on=notice.disclosed_on.isoformat(), audience_size=notice.audience_size)
    audit.record(actor, "publish", notice, org=notice.union, before=before, after=after)
    return notice


@transaction.atomic
def withdraw_notice(actor, notice, *, reason):
    notice = _locked(notice)
    scope.require(actor, PUBLISH_NOTICES, notice.union)
    reason = (reason or "").strip()
    if notice.status not in Notice.PUBLIC:
        raise ActionError(_("只有已发布的公开事项可以撤回"), field="status")
    if not reason:
        raise ActionError(_("请写明撤回原因"), field="reason")
    before = _snapshot(notice)
    notice.status, notice.withdrawn_at, notice.withdraw_reason = Notice.Status.WITHDRAWN, timezone.now(), reason[:200]
    notice.updated_at = timezone.now()
    notice.save()
    audit.record(actor, "withdraw", notice, org=notice.union, before=before, after=_snapshot(notice), note=reason)
    return notice


@transaction.atomic
def delete_notice(actor, notice):
    def check(notice):
        if notice.status != Notice.Status.DRAFT:
            raise ActionError(_("只能删除草稿；已发布的公开事项只能撤回"), field="status")

    return soft_delete(notice, actor=actor, org=lambda n: n.union, allow=_may_publish(actor), check=check,
                       before={"deleted": False}, after={"deleted": True}, manager=_rows(), of=None)


@transaction.atomic
def restore_notice(actor, notice):
    return restore(notice, actor=actor, org=lambda n: n.union, allow=_may_publish(actor),
                   before={"deleted": True}, after={"deleted": False}, not_deleted=_("该公开事项未被删除"),
                   manager=_rows(), of=None)


def _rows():
    return Notice.all_objects.select_related("union")  # what ``_locked`` reads


def _may_publish(actor):
    return lambda notice: scope.require(actor, PUBLISH_NOTICES, notice.union)


@transaction.atomic
def expire_notices(today=None):
    """The nightly sweep: published notices whose posting period has ended become expired (set-based,
    one audit row per notice, no actor: the system does it)."""
    today = today or timezone.localdate()
    due = list(Notice.objects.select_for_update().filter(status=Notice.Status.PUBLISHED, period_end__lt=today)
               .values_list("pk", "union_id", "title"))
    if not due:
        return 0
    Notice.objects.filter(pk__in=[pk for pk, _u, _t in due]).update(status=Notice.Status.EXPIRED,
                                                                     updated_at=timezone.now())
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=None, org_id=union_id, action="expire", object_type="notices.notice", object_id=pk,
                   object_repr=title[:200], changes={"status": ["published", "expired"]})
        for pk, union_id, title in due])
    return len(due)


# ---- members: reading and objecting ----

def _member_for(user, notice):
    member = own_member(user)
    if member is None or not Notice.objects.public().filter(pk=notice.pk).filter(pk__in=addressed_to(member)).exists():
        raise PermissionDenied(_("该公开事项不是面向您的"))
    return member


@transaction.atomic
def mark_read(user, notice):
    """The member confirms they read the notice (idempotent: a second confirmation changes nothing)."""
    member = _member_for(user, notice)
    if Read.objects.filter(notice=notice, member=member).exists():
        return False
    try:
        with transaction.atomic():
            read = Read.objects.create(notice=notice, member=member)
    except IntegrityError:
        return False
    audit.record(user, "read", notice, org=notice.union, after={"reader": member.name}, note=f"已读 {read.at:%Y-%m-%d}")
    return True


@transaction.atomic
def file_objection(user, notice, *, text, today=None):
    today = today or timezone.localdate()
    member = _member_for(user, notice)
    text = (text or "").strip()
    if not text:
        raise ActionError(_("请写明异议内容"), field="text")
    if len(text) > 2000:
        raise ActionError(_("异议内容不能超过2000字"), field="text")
    objection = Objection.objects.create(union_id=notice.union_id, notice=notice, member=member, user=user,
                                         text=text, filed_on=today,
                                         due_on=today + datetime.timedelta(days=OBJECTION_DAYS))
    audit.record(user, "object", objection, org=notice.union,
                 after=audit.snapshot(objection, ["notice", "filed_on", "due_on"]))
    return objection


@transaction.atomic
def answer_objection(actor, objection, *, answer, today=None):
    today = today or timezone.localdate()
    objection = Objection.objects.select_for_update(of=("self",)).select_related("union").get(pk=objection.pk)
    scope.require(actor, PUBLISH_NOTICES, objection.union)
    answer = (answer or "").strip()
    if not answer:
        raise ActionError(_("请填写答复内容"), field="answer")
    if objection.answered_on:
        raise ActionError(_("该异议已经答复"), field="answer")
    objection.answer, objection.answered_on, objection.answered_by = answer, today, actor
    objection.updated_at = timezone.now()
    objection.save()
    audit.record(actor, "answer", objection, org=objection.union, before={"answered_on": None},
                 after={"answered_on": today.isoformat(), "overdue": today > objection.due_on})
    return objection


# ---- the disclosure calendar ----

def _require_owner(actor, owner):
    if owner is None or not (owner.is_federation or owner.kind == Kind.GRASSROOTS):
        raise ActionError(_("只有基层工会或总工会可以制定公开要求"), field="owner")
    scope.require(actor, MANAGE_ORGS if owner.is_federation else PUBLISH_NOTICES, owner)


REQUIREMENT_FIELDS = ["category", "what", "frequency", "due_month", "due_day", "due_date", "lead_days", "event_kind",
                      "source"]


@transaction.atomic
def create_requirement(actor, owner, *, category, what, frequency, due_month=None, due_day=None, due_date=None,
                       lead_days=None, event_kind="", source=""):
    _require_owner(actor, owner)
    errors = {}
    what = (what or "").strip()
    if not what:
        errors["what"] = [_("请填写公开内容")]
    if category is None or not Category.objects.filter(Q(owner__isnull=True) | Q(owner=owner), pk=category.pk).exists():
        errors["category"] = [_("请选择类别")]
    if frequency not in Frequency.values:
        errors["frequency"] = [_("请选择频次")]
    if frequency == Frequency.YEARLY:
        if due_month is not None and not 1 <= due_month <= 12:
            errors["due_month"] = [_("月份应在1—12之间")]
        if due_day is not None and not 1 <= due_day <= 31:
            errors["due_day"] = [_("日应在1—31之间")]
    else:
        due_month = due_day = None
    if frequency == Frequency.ONCE:
        if due_date is None:
            errors["due_date"] = [_("一次性事项请填写截止日期")]
    else:
        due_date = None
    if frequency in (Frequency.BEFORE_EVENT, Frequency.AFTER_EVENT):
        if lead_days is None or lead_days < 0 or lead_days > 365:
            errors["lead_days"] = [_("请填写0—365之间的天数")]
        if event_kind not in EventKind.values:
            errors["event_kind"] = [_("请选择会议/事项类型")]
    else:
        lead_days, event_kind = None, ""
    if errors:
        raise ActionError(errors=errors)
    req = DisclosureRequirement.objects.create(owner=owner, category=category, what=what[:120], frequency=frequency,
                                               due_month=due_month, due_day=due_day, due_date=due_date,
                                               lead_days=lead_days, event_kind=event_kind,
                                               source=(source or "").strip()[:200], created_by=actor)
    audit.record(actor, "create", req, org=owner, after=audit.snapshot(req, REQUIREMENT_FIELDS))
    return req


@transaction.atomic
def delete_requirement(actor, req):
    def allow(req):
        if req.owner_id is None:
            raise ActionError(_("全国默认的公开要求不能删除"))
        _require_owner(actor, req.owner)

    return soft_delete(req, actor=actor, org=lambda r: r.owner, allow=allow, before={"deleted": False},
                       after={"deleted": True})


@transaction.atomic
def create_event(actor, union, *, kind, title, date):
    _union(union)
    scope.require(actor, PUBLISH_NOTICES, union)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("请填写名称")]
    if kind not in EventKind.values:
        errors["kind"] = [_("请选择类型")]
    if date is None:
        errors["date"] = [_("请填写日期")]
    if errors:
        raise ActionError(errors=errors)
    event = DisclosureEvent.objects.create(union=union, kind=kind, title=title[:120], date=date, created_by=actor)
    audit.record(actor, "create", event, org=union, after=audit.snapshot(event, ["kind", "title", "date"]))
    return event


@transaction.atomic
def delete_event(actor, event):
    return soft_delete(event, actor=actor, org=lambda e: e.union, allow=_may_publish(actor),
                       before={"deleted": False}, after={"deleted": True})


def branch_choices(union):
    return Organisation.objects.filter(union=union).exclude(pk=union.pk).order_by("path")


@transaction.atomic
def record_reads(actor, notice, members, *, note="纸质签阅"):
    """The officer records that members signed the paper list at the noticeboard (签阅): set-based, members
    outside the notice's audience refused, those already recorded skipped; one audit row for the batch.

    The notice is locked (a withdrawal and another batch wait); a member confirming at the same instant
    (``mark_read`` does not lock) is skipped by the insert instead of ending in an IntegrityError."""
    scope.require(actor, PUBLISH_NOTICES, notice.union)
    # FOR NO KEY UPDATE: a member's own confirmation (its foreign key takes a key-share lock) is not blocked
    notice = Notice.all_objects.select_for_update(no_key=True, of=("self",)).select_related("union").get(pk=notice.pk)
    if notice.status not in Notice.PUBLIC:
        raise ActionError(_("只能为已发布的公开事项登记签阅"), field="status")
    ids = {m.pk for m in members}
    allowed = set(audience(notice).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise ActionError(_("有%(n)s人不在该公开事项的面向范围内") % {"n": len(ids - allowed)}, field="members")
    done = set(Read.objects.filter(notice=notice, member_id__in=allowed).values_list("member_id", flat=True))
    new = sorted(allowed - done)
    Read.objects.bulk_create([Read(notice=notice, member_id=pk) for pk in new], ignore_conflicts=True)
    if new:
        audit.record(actor, "record_reads", notice, org=notice.union, after={"reads": len(new)}, note=note)
    return len(new)


@transaction.atomic
def create_category(actor, owner, *, name, description="", union_types=()):
    """A union's or federation's own category (beside the presets); its code is derived and unique."""
    from django.utils.text import slugify

    from gonghui.orgs.models import UnionType

    _require_owner(actor, owner)
    # the name check and the numbering, one at a time
    Organisation.objects.select_for_update(no_key=True).get(pk=owner.pk)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["category_name"] = [_("请填写类别名称")]
    elif len(name) > 40:
        errors["category_name"] = [_("类别名称不能超过40个字")]
    elif Category.objects.applying_to(owner).filter(name=name).exists():
        errors["category_name"] = [_("已有同名的类别")]
    unknown = [t for t in union_types if t not in UnionType.values]
    if unknown:
        errors["category_union_types"] = [_("未知的单位类型：%(types)s") % {"types": words(unknown)}]
    if errors:
        raise ActionError(errors=errors)
    n = Category.all_objects.filter(owner=owner).count() + 1
    category = Category.objects.create(owner=owner, code=slugify(f"{owner.code}-{n}")[:32], name=name,
                                       description=(description or "").strip()[:200],
                                       union_types=sorted(set(union_types)), order=500 + n)
    audit.record(actor, "create", category, org=owner, after={"name": name, "union_types": "、".join(union_types)})
    return category
