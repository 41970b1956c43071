"""Every change to members' requests and legal aid goes through these functions.

Submitting: a member submits named (the request links to their member record and the submission is audited
with them as actor) or anonymously — then **nothing** links it to them: no member, no user, no audit entry of
the submission, a random id, the day only, attachments encrypted in the database. The submitter gets a
receipt code (shown once, stored as a hash) to follow it and rate the answer.

Handling (officers with RIGHTS at the union, or at the federation it was escalated to): assign, answer, close;
escalation of overdue requests to the upper union (``escalate_overdue``, run by ``gonghui escalate_appeals``
or from the list page), each audited. The member rates the answer (named: as themselves; anonymous: with the
receipt code). Legal-aid consultations and referrals are recorded by officers.
"""
import base64
import hashlib
import secrets
from pathlib import PurePosixPath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError
from gonghui.core.parsing import date_value, integer, text
from gonghui.orgs.models import Kind as OrgKind, Organisation

from . import rules
from .models import Appeal, Attachment, Category, LegalAid, Rating, Route, Routing

APPEAL_FIELDS = ["status", "handler", "officer", "due", "escalations", "escalated_on", "answered_on", "rating"]
LEGAL_FIELDS = ["kind", "date", "category", "provider", "outcome", "member", "appeal"]


def _lock(obj):
    list(type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    obj.refresh_from_db()
    return obj


def receipt_hash(code: str) -> str:
    return hashlib.sha256(("gonghui-appeal:" + (code or "").strip().upper()).encode()).hexdigest()


def _attachments(appeal, files):
    files = [f for f in (files or []) if f is not None]
    if len(files) > rules.MAX_ATTACHMENTS:
        raise ActionError(_("附件最多%(n)s个") % {"n": rules.MAX_ATTACHMENTS}, field="attachments")
    rows = []
    for f in files:
        name = PurePosixPath(str(f.name).replace("\\", "/")).name[:200]
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in rules.ATTACHMENT_SUFFIXES:
            raise ActionError(_("不支持“%(name)s”文件，请上传图片、PDF、Word或文本文件") % {"name": suffix or name},
                              field="attachments")
        if f.size > rules.MAX_ATTACHMENT_BYTES:
            raise ActionError(_("每个附件不能超过5MB"), field="attachments")
        if f.size == 0:
            raise ActionError(_("文件是空的"), field="attachments")
        data = f.read()
        rows.append(Attachment(appeal=appeal, name=name, size=len(data),
                               content=base64.b64encode(data).decode()))
    return rows


def routed(org, category):
    """(answer period in working days, the officer a new request of ``category`` goes to or None) at ``org``:
    its ``Routing`` or the default period and nobody. A routed officer who no longer holds RIGHTS there is
    passed over (the request waits to be assigned). Two queries at most."""
    routing = Routing.objects.filter(union=org).first()
    if routing is None:
        return rules.ANSWER_WORKING_DAYS, None
    route = Route.objects.filter(routing=routing, category=category).select_related("officer").first()
    officer = route.officer if route and route.officer.is_active and scope.can(route.officer, RIGHTS, org) else None
    return routing.answer_working_days, officer


def _routing_snapshot(routing):
    if routing is None:
        return {"answer_working_days": rules.ANSWER_WORKING_DAYS, "routes": {}}
    return {"answer_working_days": routing.answer_working_days,
            "routes": {r.category: r.officer.username for r in routing.routes.select_related("officer")
                       .order_by("category")}}


@transaction.atomic
def set_routing(actor, union, *, answer_working_days, routes):
    """A union's answer period and who handles each category (``routes``: {category: user or None}); one
    audit entry with the whole setting before and after. Each officer must hold RIGHTS at ``union``."""
    scope.require(actor, RIGHTS, union)
    days = integer(answer_working_days, "answer_working_days", minimum=rules.MIN_ANSWER_DAYS,
                   maximum=rules.MAX_ANSWER_DAYS, label=_("答复期限（工作日）"))
    errors = {}
    for category, officer in routes.items():
        if category not in Category.values:
            errors.setdefault("routes", []).append(_("未知的诉求类别：%(c)s") % {"c": category})
        elif officer is not None and not (officer.is_active and scope.can(officer, RIGHTS, union)):
            label = Category(category).label
            errors.setdefault(f"route_{category}", []).append(
                _("“%(label)s”的承办人须是该工会有维权工作权限的干部") % {"label": label})
    if errors:
        raise ActionError(errors=errors)
    routing = Routing.objects.select_for_update().filter(union=union).first()
    before = _routing_snapshot(routing)
    if routing is None:
        routing = Routing.objects.create(union=union, answer_working_days=days)
    else:
        routing.answer_working_days = days
        routing.save(update_fields=["answer_working_days"])
    Route.objects.filter(routing=routing, category__in=list(routes)).delete()
    Route.objects.bulk_create([Route(routing=routing, category=c, officer=o) for c, o in routes.items() if o])
    after = _routing_snapshot(routing)
    audit.record(actor, "appeals_routing", routing, org=union, before=before, after=after)
    return routing


def submit(user, member, *, category, title, text_, anonymous=False, attachments=(), today=None):
    """A member's request. Returns (appeal, receipt code). Anonymous: no link to ``member`` is stored."""
    if member is None or member.user_id is None or member.user_id != getattr(user, "pk", None):
        raise ActionError(_("只有会员本人可以提交诉求"))
    if category not in Category.values:
        raise ActionError(_("请选择诉求类别"), field="category")
    title = text(title, "title", required=True, max_length=100)
    body = text(text_, "text", required=True, max_length=10000)
    union = Organisation.objects.filter(pk=member.union_id).first()
    if union is None:
        raise ActionError(_("您还没有所属的基层工会"))
    day = today or timezone.localdate()
    days, officer = routed(union, category)
    due = rules.answer_due(day, days)
    code = secrets.token_hex(5).upper()
    with transaction.atomic():
        appeal = Appeal(union=union, handler=union, officer=officer, member=None if anonymous else member,
                        anonymous=bool(anonymous),
                        receipt_hash=receipt_hash(code), category=category, title=title, text=body, submitted_on=day,
                        due=due.day, due_provisional=due.provisional)
        rows = _attachments(appeal, attachments)
        appeal.save()
        Attachment.objects.bulk_create(rows)
        if not anonymous:
            # Named: audited with the member as actor. Anonymous: no audit entry (its actor, time and row
            # order would point back to the member); the officers' handling is audited.
            audit.record(user, "appeal_submit", appeal, org=union,
                         after={"category": category, "title": title, "attachments": len(rows)})
    return appeal, code


def find_by_receipt(code):
    code = (code or "").strip()
    if not code:
        return None
    return Appeal.objects.filter(receipt_hash=receipt_hash(code), deleted_at__isnull=True).first()


def _handle(actor, appeal):
    """The appeal locked, for an officer with RIGHTS at the organisation handling it (or above)."""
    handler = Organisation.all_objects.get(pk=appeal.handler_id)
    scope.require(actor, RIGHTS, handler)
    _lock(appeal)
    if appeal.deleted_at is not None:
        raise ActionError(_("该诉求已删除"))
    return appeal


@transaction.atomic
def assign(actor, appeal, *, officer):
    """Route the request to the officer responsible: a user with RIGHTS at the handling organisation."""
    _handle(actor, appeal)
    handler = Organisation.all_objects.get(pk=appeal.handler_id)
    if officer is None or not scope.can(officer, RIGHTS, handler):
        raise ActionError(_("承办人须是该工会有维权工作权限的干部"), field="officer")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    appeal.officer = officer
    appeal.save(update_fields=["officer"])
    audit.record(actor, "appeal_assign", appeal, org=handler, before=before, after=audit.snapshot(appeal, APPEAL_FIELDS))
    return appeal


@transaction.atomic
def answer(actor, appeal, *, answer_text, answered_on=None):
    _handle(actor, appeal)
    if appeal.status != Appeal.Status.OPEN:
        raise ActionError(_("该诉求已经答复"), field="answer")
    body = text(answer_text, "answer", required=True, max_length=10000)
    day = date_value(answered_on, "answered_on", required=False) or timezone.localdate()
    if day < appeal.submitted_on:
        raise ActionError(_("答复日期不能早于提交日期"), field="answered_on")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    appeal.answer, appeal.answered_on, appeal.status = body, day, Appeal.Status.ANSWERED
    if appeal.officer_id is None:
        appeal.officer = actor
    appeal.save(update_fields=["answer", "answered_on", "status", "officer"])
    audit.record(actor, "appeal_answer", appeal, org=appeal.handler, before=before,
                 after=audit.snapshot(appeal, APPEAL_FIELDS))
    return appeal


def _escalate(actor, appeal, today, note):
    handler = Organisation.all_objects.get(pk=appeal.handler_id)
    parent = Organisation.all_objects.filter(pk=handler.parent_id).first() if handler.parent_id else None
    if parent is None:
        raise ActionError(_("已是最高一级工会，无法再上交"), field="handler")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    days, officer = routed(parent, appeal.category)
    due = rules.answer_due(today, days)
    appeal.handler, appeal.officer = parent, officer
    appeal.escalations += 1
    appeal.escalated_on, appeal.due, appeal.due_provisional = today, due.day, due.provisional
    appeal.save(update_fields=["handler", "officer", "escalations", "escalated_on", "due", "due_provisional"])
    audit.record(actor, "appeal_escalate", appeal, org=parent, before=before,
                 after=audit.snapshot(appeal, APPEAL_FIELDS), note=note)
    return appeal


@transaction.atomic
def escalate(actor, appeal, *, today=None):
    """An officer hands an open request up to the upper union."""
    _handle(actor, appeal)
    if appeal.status != Appeal.Status.OPEN:
        raise ActionError(_("已答复的诉求不能上交"), field="handler")
    return _escalate(actor, appeal, today or timezone.localdate(), _("转上级工会办理"))


def escalate_overdue(actor=None, *, today=None, under=None) -> int:
    """Every open request past its due date goes to the upper union (audited; ``actor`` None for the batch
    command). ``under``: only requests of that organisation's subtree (an officer running it from a page)."""
    today = today or timezone.localdate()
    qs = Appeal.objects.filter(status=Appeal.Status.OPEN, due__lt=today, deleted_at__isnull=True,
                               handler__parent__isnull=False)
    if under is not None:
        qs = qs.filter(handler__in=Organisation.objects.subtree(under).values("id"))
    moved = 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().filter(pk=pk, status=Appeal.Status.OPEN, due__lt=today).first()
            if appeal is None:
                continue
            _escalate(actor, appeal, today, _("逾期未答复，自动转上级工会"))
            moved += 1
    return moved


def _rate(appeal, rating, note):
    if appeal.status != Appeal.Status.ANSWERED:
        raise ActionError(_("诉求答复后才能评价"), field="rating")
    if appeal.rating:
        raise ActionError(_("已经评价过了"), field="rating")
    if rating not in Rating.values:
        raise ActionError(_("请选择满意度"), field="rating")
    appeal.rating, appeal.rating_note, appeal.status = rating, (note or "").strip()[:300], Appeal.Status.CLOSED
    appeal.save(update_fields=["rating", "rating_note", "status"])


@transaction.atomic
def rate(user, member, appeal, *, rating, note=""):
    """The member rates the answer to their own named request."""
    _lock(appeal)
    if appeal.anonymous or member is None or appeal.member_id != member.pk or member.user_id != user.pk:
        raise ActionError(_("只能评价自己的诉求"), field="rating")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    _rate(appeal, rating, note)
    audit.record(user, "appeal_rate", appeal, org=appeal.union, before=before,
                 after=audit.snapshot(appeal, APPEAL_FIELDS))
    return appeal


@transaction.atomic
def rate_by_receipt(code, *, rating, note=""):
    """An anonymous submitter rates the answer with the receipt code: audited without an actor."""
    appeal = find_by_receipt(code)
    if appeal is None:
        raise ActionError(_("查询码不正确"), field="code")
    _lock(appeal)
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    _rate(appeal, rating, note)
    audit.record(None, "appeal_rate", appeal, org=appeal.union, before=before,
                 after=audit.snapshot(appeal, APPEAL_FIELDS))
    return appeal


@transaction.atomic
def record_legal_aid(actor, union, *, kind, date, category, summary, provider="", outcome="", member=None,
                     appeal=None):
    if union is None or union.kind != OrgKind.GRASSROOTS and not union.is_federation:
        raise ActionError(_("请选择工会"), field="union")
    scope.require(actor, RIGHTS, union)
    if kind not in LegalAid.Kind.values:
        raise ActionError(_("请选择类型"), field="kind")
    if category not in Category.values:
        raise ActionError(_("请选择类别"), field="category")
    day = date_value(date, "date", required=True)
    summary = text(summary, "summary", required=True, max_length=10000)
    if member is not None and not scope.can(actor, RIGHTS, member.org):
        raise ActionError(_("找不到该会员，或不在您的权限范围内"), field="member_no")
    if appeal is not None and appeal.anonymous and member is not None:
        raise ActionError(_("匿名诉求不能关联会员"), field="member_no")
    aid = LegalAid.objects.create(union=union, kind=kind, date=day, category=category, summary=summary,
                                  provider=(provider or "").strip()[:100], outcome=(outcome or "").strip()[:200],
                                  member=member, appeal=appeal, recorded_by=actor)
    audit.record(actor, "appeal_legal_aid", aid, org=union, after=audit.snapshot(aid, LEGAL_FIELDS))
    return aid


@transaction.atomic
def delete_appeal(actor, appeal):
    _handle(actor, appeal)
    appeal.deleted_at = timezone.now()
    appeal.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", appeal, org=appeal.union)
    return appeal


@transaction.atomic
def restore_appeal(actor, appeal):
    scope.require(actor, RIGHTS, appeal.union)
    _lock(appeal)
    appeal.deleted_at = None
    appeal.save(update_fields=["deleted_at"])
    audit.record(actor, "restore", appeal, org=appeal.union)
    return appeal
