"""Every change to events, sign-ups, teams, check-ins, notices and photos goes through these functions.

Each checks scope (RUN_EVENTS at the event's organiser, or the member acting for themselves), validates,
writes and records the audit entry in one transaction, so a refused change leaves nothing behind.

Sign-up holds a lock on the event row (``select_for_update``; SQLite serialises writers) while it
counts the confirmed places, so simultaneous sign-ups never give more places than the capacity; a
cancellation promotes the first waiting registration in the same transaction.
"""
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as django_apps
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.capabilities import APPROVE_SPENDING, RECORD_EXPENSES, RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import integer, parse_date
from gonghui.members.models import Member, Sex, Status
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import eligibility, summary
from .models import (ACTIVE_STATUSES, Attendance, EligibilityRule, Event, EventCost, EventStatus, Kind, Message,
                     Method, Notice, Photo, Registration, RegStatus, RuleKind, Team)

EVENT_FIELDS = ["title", "kind", "organiser", "starts_at", "ends_at", "place", "capacity", "signup_opens",
                "signup_closes", "budget", "budget_account", "description", "team_min_size", "team_max_size",
                "team_min_women"]
LABELS = {
    "title": "活动名称", "kind": "活动类型", "organiser": "主办组织", "starts_at": "开始时间", "ends_at": "结束时间",
    "place": "地点", "capacity": "名额", "signup_opens": "报名开始", "signup_closes": "报名截止",
    "budget": "预算", "budget_account": "预算科目", "description": "活动说明", "team_min_size": "每队最少人数",
    "team_max_size": "每队最多人数", "team_min_women": "每队至少女职工", "member": "会员", "code": "签到码",
    "reason": "原因", "name": "队名", "org": "所属部门", "rules": "参加条件", "body": "内容", "image": "照片",
}
_DT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?::(\d{2}))?)?$")
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024


# ---- parsing ----

def parse_datetime(value, field, *, required=True):
    """A local (Asia/Shanghai) time from a datetime, an ISO string or 2026-01-29 09:30 / 2026年1月29日 9:30."""
    if value in (None, ""):
        if required:
            raise ActionError(_("不能为空"), field=field)
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    text = str(value).strip()
    m = _DT.match(text)
    if m:
        try:
            dt = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
        except ValueError:
            raise ActionError(_("“{}”不是存在的时间").format(text), field=field) from None
        return timezone.make_aware(dt)
    try:
        dt = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ActionError(_("“{}”不是有效时间，请写成2026-01-29 09:30").format(text), field=field) from None
    return dt if timezone.is_aware(dt) else timezone.make_aware(dt)


def union_of(org):
    if org.kind == OrgKind.GRASSROOTS:
        return org
    if org.union_id:
        return org.union
    return None


# ---- events ----

def _clean_event(data, *, organiser=None, existing=None):
    errors = {}
    out = {}

    def grab(field, fn):
        try:
            out[field] = fn()
        except ActionError as exc:
            errors.update(exc.message_dict)
        except ValueError as exc:
            errors[field] = [str(exc)]

    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("不能为空")]
    elif len(title) > 100:
        errors["title"] = [_("不能超过100个字")]
    out["title"] = title
    kind = data.get("kind") or Kind.SPORT_CULTURE
    if kind not in Kind.values:
        by_label = {str(label): value for value, label in Kind.choices}
        kind = by_label.get(str(kind).strip(), None)
        if kind is None:
            errors["kind"] = [_("活动类型应为：{}").format("、".join(str(label) for label in Kind.labels))]
    out["kind"] = kind
    grab("starts_at", lambda: parse_datetime(data.get("starts_at"), "starts_at"))
    grab("ends_at", lambda: parse_datetime(data.get("ends_at"), "ends_at"))
    place = str(data.get("place") or "").strip()
    if not place:
        errors["place"] = [_("不能为空")]
    out["place"] = place[:100]
    grab("capacity", lambda: integer(data.get("capacity"), "capacity", required=False, minimum=1))
    grab("signup_opens", lambda: parse_datetime(data.get("signup_opens"), "signup_opens", required=False))
    grab("signup_closes", lambda: parse_datetime(data.get("signup_closes"), "signup_closes", required=False))
    grab("budget", lambda: parsing.money(data.get("budget"), "budget", required=False))
    account = str(data.get("budget_account") or "").strip()
    if account and not re.fullmatch(r"\d{3,12}", account):
        errors["budget_account"] = [_("科目代码应为3至12位数字，如50102")]
    if out.get("budget") and not account:
        errors["budget_account"] = [_("有预算时须填写支出科目，如50102")]
    out["budget_account"] = account
    out["description"] = str(data.get("description") or "").strip()
    for f in ("team_min_size", "team_max_size", "team_min_women"):
        grab(f, lambda f=f: integer(data.get(f), f, required=False, minimum=1 if f != "team_min_women" else 0))
    starts, ends = out.get("starts_at"), out.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = [_("结束时间应晚于开始时间")]
    opens, closes = out.get("signup_opens"), out.get("signup_closes")
    if opens and closes and closes <= opens:
        errors["signup_closes"] = [_("报名截止应晚于报名开始")]
    if closes and starts and closes > starts:
        errors["signup_closes"] = [_("报名截止不能晚于活动开始时间")]
    lo, hi = out.get("team_min_size"), out.get("team_max_size")
    if lo and hi and lo > hi:
        errors["team_max_size"] = [_("每队最多人数不能少于最少人数")]
    women = out.get("team_min_women")
    if women and hi and women > hi:
        errors["team_min_women"] = [_("至少女职工人数不能超过每队最多人数")]
    if errors:
        raise ActionError(errors=errors)
    return out


def _organiser(actor, organiser):
    if organiser is None or organiser.deleted_at is not None or organiser.kind not in (
            OrgKind.GRASSROOTS, OrgKind.BRANCH, OrgKind.GROUP):
        raise ActionError(_("主办组织应为基层工会或其分工会、工会小组"), field="organiser")
    scope.require(actor, RUN_EVENTS, organiser)
    return organiser


EVENT_AUDIT = ["title", "kind", "organiser", "starts_at", "ends_at", "place", "capacity", "signup_opens",
               "signup_closes", "budget", "budget_account", "status", "team_min_size", "team_max_size",
               "team_min_women"]


@transaction.atomic
def create_event(actor, *, organiser, data, rules=None):
    organiser = _organiser(actor, organiser)
    clean = _clean_event(data)
    event = Event(union=union_of(organiser), organiser=organiser, created_by=actor, **clean)
    event.save()
    if rules:
        _write_rules(event, rules)
    audit.record(actor, "create", event, org=event.union, after=audit.snapshot(event, EVENT_AUDIT))
    return event


@transaction.atomic
def update_event(actor, event, *, data, organiser=None, rules=None):
    """Change the event's details (and, when ``rules`` is given, replace its eligibility rules)."""
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    if organiser is not None and organiser.pk != event.organiser_id:
        organiser = _organiser(actor, organiser)
        if union_of(organiser).pk != event.union_id:
            raise ActionError(_("主办组织须属于本活动的基层工会"), field="organiser")
        event.organiser = organiser
    before = audit.snapshot(event, EVENT_AUDIT)
    clean = _clean_event(data, existing=event)
    if clean["capacity"] is not None:
        confirmed = event.registrations.filter(status=RegStatus.CONFIRMED).count()
        if clean["capacity"] < confirmed:
            raise ActionError(_("已有{}人确认报名，名额不能少于此数").format(confirmed), field="capacity")
    for k, v in clean.items():
        setattr(event, k, v)
    event.updated_at = timezone.now()
    event.save()
    if rules is not None:
        before["rules"] = eligibility.describe(event)
        _write_rules(event, rules)
    promoted = _fill_places(event, actor=actor)
    after = audit.snapshot(event, EVENT_AUDIT)
    if rules is not None:
        after["rules"] = eligibility.describe(event)
    audit.record(actor, "update", event, org=event.union, before=before, after=after,
                 note=_("候补递补{}人").format(promoted) if promoted else "")
    return event


def _lock(event):
    return Event.all_objects.select_for_update(of=("self",)).select_related("organiser", "union").get(pk=event.pk)


def _set_status(actor, event, status, allowed_from, verb, note=""):
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.status not in allowed_from:
        raise ActionError(_("活动当前为“{}”，不能执行此操作").format(event.get_status_display()), field="status")
    before = {"status": event.status}
    event.status = status
    event.updated_at = timezone.now()
    event.save(update_fields=["status", "updated_at"])
    audit.record(actor, verb, event, org=event.union, before=before, after={"status": status}, note=note)
    return event


@transaction.atomic
def publish_event(actor, event):
    """Open sign-up (草稿 → 报名中; also reopens a closed sign-up)."""
    return _set_status(actor, event, EventStatus.OPEN, (EventStatus.DRAFT, EventStatus.CLOSED), "publish")


@transaction.atomic
def close_signup(actor, event):
    return _set_status(actor, event, EventStatus.CLOSED, (EventStatus.OPEN,), "close_signup")


@transaction.atomic
def cancel_event(actor, event, *, reason):
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请说明取消原因"), field="reason")
    event = _set_status(actor, event, EventStatus.CANCELLED,
                        (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED), "cancel", note=reason[:200])
    recipients = list(event.registrations.filter(status__in=ACTIVE_STATUSES).values_list("member_id", flat=True))
    if recipients:
        _notify(actor, event, _("活动取消：{}").format(event.title), reason, Notice.Audience.ALL, recipients)
    return event


@transaction.atomic
def finish_event(actor, event):
    return _set_status(actor, event, EventStatus.FINISHED, (EventStatus.OPEN, EventStatus.CLOSED), "finish")


@transaction.atomic
def delete_event(actor, event):
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.attendances.exists():
        raise ActionError(_("活动已有签到记录，不能删除；可以取消活动"))
    event.deleted_at = timezone.now()
    event.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", event, org=event.union)
    return event


@transaction.atomic
def restore_event(actor, event):
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is None:
        raise ActionError(_("活动未被删除"))
    event.deleted_at = None
    event.save(update_fields=["deleted_at"])
    audit.record(actor, "restore", event, org=event.union)
    return event


# ---- eligibility rules ----

def _clean_rule(event, raw, index):
    field = "rules"
    kind = raw.get("kind")
    if kind not in RuleKind.values:
        raise ActionError(_("第{}条：条件类型应为性别、年龄、部门、会籍状态或指定名单").format(index), field=field)
    rule = EligibilityRule(event=event, kind=kind, note=str(raw.get("note") or "")[:100])
    members = []
    if kind == RuleKind.SEX:
        sex = {"女": Sex.FEMALE, "男": Sex.MALE}.get(raw.get("sex"), raw.get("sex"))
        if sex not in Sex.values:
            raise ActionError(_("第{}条：性别应为男或女").format(index), field=field)
        rule.sex = sex
    elif kind == RuleKind.AGE:
        try:
            rule.age_min = integer(raw.get("age_min"), field, required=False, minimum=0)
            rule.age_max = integer(raw.get("age_max"), field, required=False, minimum=0)
        except ActionError:
            raise ActionError(_("第{}条：年龄应为整数").format(index), field=field) from None
        rule.age_min_inclusive = _flag(raw.get("age_min_inclusive", True))
        rule.age_max_inclusive = _flag(raw.get("age_max_inclusive", True))
        if rule.age_min is None and rule.age_max is None:
            raise ActionError(_("第{}条：年龄条件至少填写下限或上限").format(index), field=field)
        low, high = eligibility.age_bounds(rule)
        if low is not None and high is not None and low > high:
            raise ActionError(_("第{}条：年龄下限高于上限，没有人符合").format(index), field=field)
    elif kind == RuleKind.ORG:
        org = raw.get("org")
        if not isinstance(org, Organisation):
            org = Organisation.objects.filter(code=str(org or "").strip()).first()
        if org is None or not org.path.startswith(event.union.path):
            raise ActionError(_("第{}条：部门须是本工会的分工会或工会小组").format(index), field=field)
        rule.org = org
    elif kind == RuleKind.STATUS:
        if raw.get("status") not in Status.values:
            raise ActionError(_("第{}条：会籍状态无效").format(index), field=field)
        rule.status = raw["status"]
    else:
        ids = raw.get("members") or []
        members = list(Member.objects.filter(union_id=event.union_id, pk__in=[_pk(i) for i in ids]))
        if not members:
            raise ActionError(_("第{}条：指定名单为空，或名单中的人不是本工会会员").format(index), field=field)
        if len(members) != len({_pk(i) for i in ids}):
            raise ActionError(_("第{}条：名单中有人不是本工会会员").format(index), field=field)
    return rule, members


def _pk(value):
    return value.pk if isinstance(value, Member) else int(value)


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "否", "不含")
    return bool(value)


def _write_rules(event, rules):
    cleaned = [_clean_rule(event, raw, i) for i, raw in enumerate(rules, 1)]
    EligibilityRule.objects.filter(event=event).delete()
    made = EligibilityRule.objects.bulk_create([r for r, _m in cleaned])
    through = EligibilityRule.members.through
    through.objects.bulk_create([through(eligibilityrule_id=r.pk, member_id=m.pk)
                                 for r, (_r, ms) in zip(made, cleaned) for m in ms])
    if hasattr(event, "_prefetched_objects_cache"):
        event._prefetched_objects_cache.pop("rules", None)
    return made


@transaction.atomic
def set_rules(actor, event, rules):
    """Replace the event's eligibility rules (a list of dicts, see ``_clean_rule``)."""
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    before = {"rules": eligibility.describe(event)}
    _write_rules(event, rules)
    audit.record(actor, "set_rules", event, org=event.union, before=before,
                 after={"rules": eligibility.describe(event)})
    return event


# ---- sign-up and cancellation ----

def _acting_for(actor, event, member):
    """Members sign themselves up; officers with RUN_EVENTS sign up anyone of the union."""
    if getattr(member, "user_id", None) and member.user_id == actor.pk:
        return "self"
    scope.require(actor, RUN_EVENTS, event.organiser)
    return "officer"


@transaction.atomic
def sign_up(actor, event, member, *, now=None):
    """Give ``member`` a place (or a waiting-list place when full). The event row stays locked until commit."""
    now = now or timezone.now()
    event = _lock(event)
    who = _acting_for(actor, event, member)
    if event.deleted_at is not None:
        raise ActionError(_("活动不存在"))
    ok, why = event.signup_state(now)
    if not ok and not (who == "officer" and event.status in (EventStatus.OPEN, EventStatus.CLOSED)):
        raise ActionError(str(why), field="event")
    member = Member.objects.select_related("org").get(pk=member.pk)
    failed = eligibility.reasons_not_eligible(event, member)
    if failed:
        raise ActionError(_("不符合参加条件：{}").format("；".join(failed)), field="member")
    if Registration.objects.filter(event=event, member=member, status__in=ACTIVE_STATUSES).exists():
        raise ActionError(_("{}已报名本活动，不能重复报名").format(member.name), field="member")
    counts = event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=RegStatus.CONFIRMED)), last=Max("position"))
    full = event.capacity is not None and counts["confirmed"] >= event.capacity
    reg = Registration(event=event, member=member, status=RegStatus.WAITING if full else RegStatus.CONFIRMED,
                       position=(counts["last"] or 0) + 1, created_at=now, registered_by=actor)
    try:
        with transaction.atomic():
            reg.save()
    except IntegrityError:
        raise ActionError(_("{}已报名本活动，不能重复报名").format(member.name), field="member") from None
    audit.record(actor, "sign_up", reg, org=event.union, after={"status": reg.status, "position": reg.position})
    return reg


@transaction.atomic
def cancel_registration(actor, registration, *, reason=""):
    """Cancel a place (by the member or an officer); the first waiting registration takes it."""
    event = _lock(registration.event)
    reg = Registration.objects.select_for_update().select_related("member").get(pk=registration.pk)
    who = _acting_for(actor, event, reg.member)
    if reg.status == RegStatus.CANCELLED:
        raise ActionError(_("该报名已取消"))
    if who == "self" and event.status not in (EventStatus.OPEN, EventStatus.CLOSED):
        raise ActionError(_("活动当前为“{}”，不能取消报名").format(event.get_status_display()))
    if who == "self" and event.starts_at <= timezone.now():
        raise ActionError(_("活动已开始，不能自行取消报名，请联系工会"))
    if Attendance.objects.filter(event=event, member_id=reg.member_id).exists():
        raise ActionError(_("已签到，不能取消报名"))
    reason = str(reason or "").strip()[:200]
    if who == "officer" and not reason:
        raise ActionError(_("由工会取消报名须说明原因"), field="reason")
    before = {"status": reg.status}
    reg.status = RegStatus.CANCELLED
    reg.cancelled_at = timezone.now()
    reg.cancelled_by = actor
    reg.cancel_reason = reason
    reg.team = None
    reg.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "team"])
    audit.record(actor, "cancel_registration", reg, org=event.union, before=before, after={"status": reg.status},
                 note=reason)
    _fill_places(event, actor=actor)
    return reg


def _fill_places(event, actor=None):
    """Promote waiting registrations, first come first served, while places are free. Returns the count."""
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        return 0
    waiting = event.registrations.filter(status=RegStatus.WAITING).order_by("position", "id")
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - event.registrations.filter(status=RegStatus.CONFIRMED).count()
        if free <= 0:
            return 0
        waiting = waiting[:free]
    promoted = list(waiting.select_related("member"))
    if not promoted:
        return 0
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(status=RegStatus.CONFIRMED)
    body = _("候补名额已递补为正式报名，请按时参加。")
    for r in promoted:
        r.status = RegStatus.CONFIRMED
        audit.record(actor, "promote", r, org=event.union, before={"status": RegStatus.WAITING},
                     after={"status": RegStatus.CONFIRMED})
    _notify(actor, event, _("候补递补：{}").format(event.title), body, Notice.Audience.CONFIRMED,
            [r.member_id for r in promoted], record=False)
    return len(promoted)


# ---- notices ----

def _notify(actor, event, title, body, audience, member_ids, record=True):
    notice = Notice.objects.create(event=event, title=title[:100], body=body, audience=audience,
                                   recipients=len(member_ids), sent_by=actor if actor and actor.pk else None)
    Message.objects.bulk_create([Message(notice=notice, member_id=m) for m in member_ids])
    if record:
        audit.record(actor, "notify", notice, org=event.union, after={"title": notice.title,
                                                                      "recipients": notice.recipients})
    return notice


@transaction.atomic
def notify_participants(actor, event, *, title, body, audience=Notice.Audience.ALL):
    """通知参加者: one in-app message to each signed-up (and, if chosen, waiting) member."""
    scope.require(actor, RUN_EVENTS, event.organiser)
    errors = {}
    title = str(title or "").strip()
    body = str(body or "").strip()
    if not title:
        errors["title"] = [_("不能为空")]
    if not body:
        errors["body"] = [_("不能为空")]
    if audience not in Notice.Audience.values:
        errors["audience"] = [_("发送对象无效")]
    if errors:
        raise ActionError(errors=errors)
    statuses = [RegStatus.CONFIRMED] if audience == Notice.Audience.CONFIRMED else list(ACTIVE_STATUSES)
    ids = list(event.registrations.filter(status__in=statuses).values_list("member_id", flat=True))
    if not ids:
        raise ActionError(_("还没有可通知的报名者"), field="audience")
    return _notify(actor, event, title, body, audience, ids)


# ---- teams ----

def _team_event(actor, event):
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    return event


def _team_org(event, org):
    if org is None:
        return None
    if not org.path.startswith(event.union.path) or org.pk == event.union_id:
        raise ActionError(_("所属部门须是本工会的分工会或工会小组"), field="org")
    return org


@transaction.atomic
def create_team(actor, event, *, name, org=None):
    event = _team_event(actor, event)
    name = str(name or "").strip()
    if not name:
        raise ActionError(_("不能为空"), field="name")
    if Team.objects.filter(event=event, name=name).exists():
        raise ActionError(_("本活动已有名为“{}”的队").format(name), field="name")
    team = Team.objects.create(event=event, name=name[:60], org=_team_org(event, org))
    _unconfirm_teams(event)
    audit.record(actor, "create_team", team, org=event.union, after={"name": team.name, "org": str(team.org or "")})
    return team


@transaction.atomic
def delete_team(actor, team):
    event = _team_event(actor, team.event)
    team = Team.objects.get(pk=team.pk)
    Registration.objects.filter(team=team).update(team=None)
    team.deleted_at = timezone.now()
    team.save(update_fields=["deleted_at"])
    _unconfirm_teams(event)
    audit.record(actor, "delete_team", team, org=event.union)
    return team


@transaction.atomic
def teams_by_department(actor, event):
    """One team per branch (分工会) or group directly under the union, holding its confirmed registrations
    that have no team yet. Members registered at the union itself stay unassigned."""
    event = _team_event(actor, event)
    regs = list(event.registrations.filter(status=RegStatus.CONFIRMED, team__isnull=True)
                .select_related("member__org"))
    depth = len(event.union.path) + 4
    tops = {o.path: o for o in Organisation.objects.filter(path__startswith=event.union.path)
            .exclude(pk=event.union_id) if len(o.path) == depth}
    existing = {t.org_id: t for t in Team.objects.filter(event=event, org__isnull=False)}
    names = set(Team.objects.filter(event=event).values_list("name", flat=True))
    made = []
    moves: dict[int, list[int]] = {}
    for reg in regs:
        top = tops.get(reg.member.org.path[:depth])
        if top is None:
            continue
        team = existing.get(top.pk)
        if team is None:
            name = top.name if top.name not in names else f"{top.name}队"
            team = Team.objects.create(event=event, name=name[:60], org=top)
            existing[top.pk], names = team, names | {name}
            made.append(team)
        moves.setdefault(team.pk, []).append(reg.pk)
    for team_id, ids in moves.items():
        Registration.objects.filter(pk__in=ids).update(team_id=team_id)
    _unconfirm_teams(event)
    audit.record(actor, "teams_by_department", event, org=event.union,
                 after={"teams": len(made), "assigned": sum(len(v) for v in moves.values())})
    return made


@transaction.atomic
def assign_team(actor, event, *, registrations, team):
    """Put confirmed registrations into ``team`` (None takes them out). The maximum size holds at once;
    the minimum and the women rule are checked by ``confirm_teams`` before the event."""
    event = _team_event(actor, event)
    if team is not None and (team.event_id != event.pk or team.deleted_at is not None):
        raise ActionError(_("参赛队不属于本活动"), field="team")
    ids = [r.pk if isinstance(r, Registration) else int(r) for r in registrations]
    regs = list(event.registrations.filter(pk__in=ids).select_related("member"))
    if len(regs) != len(set(ids)):
        raise ActionError(_("所选报名不属于本活动"), field="registrations")
    not_confirmed = [r.member.name for r in regs if r.status != RegStatus.CONFIRMED]
    if not_confirmed:
        raise ActionError(_("只有已确认报名的人可以编队：{}").format("、".join(not_confirmed)), field="registrations")
    if team is not None and event.team_max_size:
        size = event.registrations.filter(team=team, status=RegStatus.CONFIRMED).exclude(pk__in=ids).count() + len(regs)
        if size > event.team_max_size:
            raise ActionError(_("“{team}”将有{n}人，超过每队最多{max}人").format(
                team=team.name, n=size, max=event.team_max_size), field="team")
    Registration.objects.filter(pk__in=ids).update(team=team)
    _unconfirm_teams(event)
    for r in regs:
        audit.record(actor, "assign_team", r, org=event.union, before={"team": str(r.team or "")},
                     after={"team": str(team or "")})
    return regs


def _unconfirm_teams(event):
    if event.teams_confirmed_at is not None:
        Event.all_objects.filter(pk=event.pk).update(teams_confirmed_at=None)
        event.teams_confirmed_at = None


def team_problems(event) -> dict[str, list[str]]:
    """Each team's breaches of the composition rule: {team name: [Chinese message]}."""
    teams = Team.objects.filter(event=event).annotate(
        size=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED)),
        women=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED,
                                              registrations__member__sex=Sex.FEMALE)))
    problems = {}
    for t in teams:
        msgs = []
        if event.team_min_size and t.size < event.team_min_size:
            msgs.append(_("只有{n}人，每队至少{min}人").format(n=t.size, min=event.team_min_size))
        if event.team_max_size and t.size > event.team_max_size:
            msgs.append(_("有{n}人，每队最多{max}人").format(n=t.size, max=event.team_max_size))
        if event.team_min_women and t.women < event.team_min_women:
            msgs.append(_("女职工{n}名，每队至少{min}名").format(n=t.women, min=event.team_min_women))
        if msgs:
            problems[t.name] = msgs
    return problems


@transaction.atomic
def confirm_teams(actor, event):
    """Check every team against the composition rule before the event; refuse with each breach named."""
    event = _team_event(actor, event)
    if not Team.objects.filter(event=event).exists():
        raise ActionError(_("还没有参赛队"), field="teams")
    problems = team_problems(event)
    if problems:
        raise ActionError(errors={"teams": [f"{name}：{'；'.join(msgs)}" for name, msgs in problems.items()]})
    event.teams_confirmed_at = timezone.now()
    event.save(update_fields=["teams_confirmed_at"])
    audit.record(actor, "confirm_teams", event, org=event.union, after={"teams_confirmed_at": event.teams_confirmed_at.isoformat()})
    return event


# ---- check-in ----

def _signer(event_id):
    return signing.Signer(salt=f"gonghui.activities.checkin.{event_id}")


def checkin_code(registration) -> str:
    """The signed code in the member's QR: ``A<event>-<member>:<signature>``, valid for this event only."""
    return _signer(registration.event_id).sign(f"A{registration.event_id}-{registration.member_id}")


def member_from_code(event, code):
    code = str(code or "").strip()
    if not code:
        raise ActionError(_("不能为空"), field="code")
    try:
        value = _signer(event.pk).unsign(code)
    except signing.BadSignature:
        raise ActionError(_("签到码无效，或不是本活动的签到码"), field="code") from None
    prefix, _sep, member_id = value.partition("-")
    if prefix != f"A{event.pk}" or not member_id.isdigit():
        raise ActionError(_("签到码无效，或不是本活动的签到码"), field="code")
    return int(member_id)


@transaction.atomic
def check_in(actor, event, *, member=None, code=None, method=None):
    """Record one member present: from a scanned or typed code (QR) or a roster tick. The only check-in path."""
    event = Event.objects.select_related("organiser", "union").get(pk=event.pk)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status not in (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.FINISHED):
        raise ActionError(_("活动当前为“{}”，不能签到").format(event.get_status_display()))
    if code is not None:
        member_id = member_from_code(event, code)
        method = method or Method.QR
    elif member is not None:
        member_id = member.pk if isinstance(member, Member) else int(member)
        method = method or Method.ROSTER
    else:
        raise ActionError(_("请扫码或选择会员"), field="code")
    reg = (Registration.objects.filter(event=event, member_id=member_id).order_by("-id")
           .select_related("member").first())
    if reg is None or reg.status != RegStatus.CONFIRMED:
        person = reg.member if reg else Member.objects.filter(pk=member_id, union_id=event.union_id).first()
        name = person.name if person else _("该会员")
        why = _("候补中，未获得名额") if reg and reg.status == RegStatus.WAITING else _("未报名本活动")
        raise ActionError(_("{name}{why}，不能签到").format(name=name, why=why), field="member")
    done = Attendance.objects.filter(event=event, member_id=member_id).first()
    if done:
        raise ActionError(_("{name}已于{t}签到").format(
            name=reg.member.name, t=timezone.localtime(done.checked_in_at).strftime("%H:%M")), field="member")
    att = Attendance(event=event, member_id=member_id, union_id=event.union_id, day=event.event_date,
                     checked_in_by=actor, method=method)
    try:
        with transaction.atomic():
            att.save()
    except IntegrityError:
        raise ActionError(_("{}已签到").format(reg.member.name), field="member") from None
    summary.add(att)
    att.member = reg.member
    audit.record(actor, "check_in", att, org=event.union, after={"method": method})
    return att


@transaction.atomic
def undo_check_in(actor, attendance, *, reason=""):
    event = attendance.event
    scope.require(actor, RUN_EVENTS, event.organiser)
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请说明撤销原因"), field="reason")
    audit.record(actor, "undo_check_in", attendance, org=event.union, before={"method": attendance.method},
                 note=reason[:200])
    deleted, _rows = Attendance.objects.filter(pk=attendance.pk).delete()
    if deleted:
        summary.remove(attendance)


# ---- brief: summary and photos ----

@transaction.atomic
def save_summary(actor, event, *, summary):
    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    before = {"summary": event.summary}
    event.summary = str(summary or "").strip()
    event.save(update_fields=["summary"])
    audit.record(actor, "save_summary", event, org=event.union, before=before, after={"summary": event.summary})
    return event


@transaction.atomic
def add_photo(actor, event, *, image, caption=""):
    scope.require(actor, RUN_EVENTS, event.organiser)
    if image is None:
        raise ActionError(_("请选择照片"), field="image")
    if getattr(image, "size", 0) > MAX_PHOTO_BYTES:
        raise ActionError(_("照片不能超过10MB"), field="image")
    from PIL import Image, UnidentifiedImageError

    try:
        image.seek(0)
        with Image.open(image) as im:
            im.verify()
            fmt = (im.format or "").upper()
        image.seek(0)
    except (UnidentifiedImageError, OSError, ValueError):
        raise ActionError(_("不是有效的图片文件（支持JPG、PNG、WebP、GIF）"), field="image") from None
    if fmt not in ("JPEG", "PNG", "WEBP", "GIF"):
        raise ActionError(_("不是有效的图片文件（支持JPG、PNG、WebP、GIF）"), field="image")
    photo = Photo(event=event, caption=str(caption or "").strip()[:100], uploaded_by=actor)
    photo.image.save(image.name or f"photo.{fmt.lower()}", image, save=False)
    photo.save()
    audit.record(actor, "add_photo", photo, org=event.union, after={"caption": photo.caption})
    return photo


@transaction.atomic
def delete_photo(actor, photo):
    scope.require(actor, RUN_EVENTS, photo.event.organiser)
    photo.deleted_at = timezone.now()
    photo.save(update_fields=["deleted_at"])
    audit.record(actor, "delete_photo", photo, org=photo.event.union)
    return photo


def require_officer(actor, event):
    if not scope.can(actor, RUN_EVENTS, event.organiser):
        raise PermissionDenied(_("无权管理该活动"))


# ---- costs: the event's own spending, checked against the spending rules and booked ----

COST_KINDS = ("outing", "uniform", "cinema", "other")
COST_MEMBERS = ("attendees", "confirmed")
LABELS.update({"item": "开支项目", "amount_per_person": "每人金额", "members": "发放对象", "date": "日期",
               "description": "说明", "override_reason": "突破规则的理由", "status": "状态"})
ZERO = Decimal("0.00")


@dataclass
class Budget:
    """The event's budget against what it has spent: costs (not rejected) and confirmed prizes."""

    budget: Decimal | None
    costs: Decimal
    prizes: Decimal

    @property
    def spent(self):
        return self.costs + self.prizes

    @property
    def remaining(self):
        return None if self.budget is None else self.budget - self.spent

    @property
    def over(self):
        return self.budget is not None and self.spent > self.budget

    @property
    def percent(self):
        """Share of the budget spent, for the bar (0–100)."""
        if not self.budget:
            return None
        return min(100, int(self.spent * 100 / self.budget))


def prize_total(event):
    """Prize money confirmed for the event's contest items (``contests.Award``), one query."""
    if not django_apps.is_installed("gonghui.contests"):
        return ZERO
    from gonghui.contests.models import Award

    return Award.objects.filter(item__event_id=event.pk).aggregate(s=Sum("amount"))["s"] or ZERO


def live_costs(event):
    """The event's costs whose expense still counts (recorded or waiting for the chair; not rejected)."""
    from gonghui.spending.models import Expense

    return (EventCost.objects.filter(event_id=event.pk, expense__deleted_at__isnull=True)
            .exclude(expense__status=Expense.Status.REJECTED))


def budget_of(event):
    """``Budget`` of ``event``: two queries."""
    costs = live_costs(event).aggregate(s=Sum("total"))["s"] or ZERO
    return Budget(event.budget, costs, prize_total(event))


def cost_members(event, members):
    """The ids of the members a cost is for: ``"attendees"`` (checked in), ``"confirmed"`` (confirmed
    registrations), or a list of members / ids, each of whom signed up for or attended the event."""
    if members in (None, "", "attendees"):
        ids = set(Attendance.objects.filter(event_id=event.pk).values_list("member_id", flat=True))
        if not ids:
            raise ActionError(_("本活动还没有人签到；可以改为发给已报名的会员"), field="members")
        return sorted(ids)
    if members == "confirmed":
        ids = set(Registration.objects.filter(event_id=event.pk, status=RegStatus.CONFIRMED)
                  .values_list("member_id", flat=True))
        if not ids:
            raise ActionError(_("本活动还没有确认报名的会员"), field="members")
        return sorted(ids)
    if isinstance(members, str):
        raise ActionError(_("发放对象应为已签到的会员、已报名的会员或会员名单"), field="members")
    try:
        ids = {m.pk if isinstance(m, Member) else int(m) for m in members}
    except (TypeError, ValueError):
        raise ActionError(_("发放对象应为会员编号（数字）"), field="members") from None
    if not ids:
        raise ActionError(_("请选择发放对象"), field="members")
    taking_part = set(Attendance.objects.filter(event_id=event.pk, member_id__in=ids)
                      .values_list("member_id", flat=True))
    taking_part |= set(Registration.objects.filter(event_id=event.pk, member_id__in=ids,
                                                   status=RegStatus.CONFIRMED).values_list("member_id", flat=True))
    strangers = ids - taking_part
    if strangers:
        raise ActionError(_("有{}人没有报名或签到本活动").format(len(strangers)), field="members")
    return sorted(ids)


def _cost_inputs(event, *, kind, item, amount_per_person, date, description):
    from gonghui.spending.catalogue import EXPENSE_KINDS

    errors = {}
    if kind not in COST_KINDS:
        names = "、".join(str(EXPENSE_KINDS[k].label) for k in COST_KINDS)
        errors["kind"] = [_("开支类型应为：{}（奖品请在比赛项目中确认）").format(names)]
    item = str(item or "").strip()
    if not item:
        errors["item"] = [_("不能为空")]
    elif len(item) > 60:
        errors["item"] = [_("不能超过60个字")]
    try:
        amount = parsing.money(amount_per_person, "amount_per_person", positive=True)
    except ActionError as exc:
        amount = None
        errors.update(exc.message_dict)
    day = date
    if day in (None, ""):
        day = event.event_date
    elif not isinstance(day, datetime.date):
        try:
            day = parse_date(day)
        except ValueError as exc:
            errors["date"] = [str(exc)]
    description = str(description or "").strip()
    if len(description) > 100:
        errors["description"] = [_("不能超过100个字")]
    if errors:
        raise ActionError(errors=errors)
    return item, amount.quantize(Decimal("0.01")), day, description


def _outing_day_message(event, member_ids, day, amount):
    """The outing cap is per person per day: costs of the same day add up (transport, meal, tickets …).
    ``record_expense`` checks each expense alone, so the day's earlier outing benefits are added here."""
    from gonghui.spending.catalogue import money
    from gonghui.spending.models import Benefit
    from gonghui.spending.rules import effective_rule_set, effective_rules

    rule = effective_rules(effective_rule_set(event.union, day)).get("outing")
    if rule is None or rule.amount is None:
        return None
    rows = (Benefit.objects.filter(union_id=event.union_id, kind="outing", date=day, member_id__in=member_ids)
            .values("member_id").annotate(s=Sum("amount")).order_by())
    already = [row["s"] for row in rows if row["s"] + amount > rule.amount]
    if not already:
        return None
    most = max(already)
    return _("春秋游每人每天不超过{cap}元：{n}人当天已发放春秋游费用（最多{most}元），本次每人{amount}元，"
             "最多还可每人{left}元").format(cap=money(rule.amount), n=len(already), most=money(most),
                                          amount=money(amount), left=money(max(rule.amount - most, ZERO)))


def _over_budget_message(event, figures, item, total, head_count, amount):
    from gonghui.spending.catalogue import money

    after = figures.spent + total
    return _("本次{item}合计{total}元（{n}人×{amount}元），连同已登记的活动开支{costs}元和奖品{prizes}元共{sum}元，"
             "超出活动预算{budget}元{over}元").format(
        item=item, total=money(total), n=head_count, amount=money(amount), costs=money(figures.costs),
        prizes=money(figures.prizes), sum=money(after), budget=money(event.budget), over=money(after - event.budget))


def _spend(actor, union, **kwargs):
    """``record_expense`` with its messages put on this form's fields (rule breaches on the amount)."""
    from gonghui.spending import actions as spending_actions

    try:
        return spending_actions.record_expense(actor, union, **kwargs)
    except ActionError as exc:
        rename = {"__all__": "amount_per_person", "description": "item", "union": "__all__", "account": "__all__"}
        errors = {}
        for field, messages in exc.message_dict.items():
            errors.setdefault(rename.get(field, field), []).extend(messages)
        raise ActionError(errors=errors) from None


COST_AUDIT = ["kind", "item", "amount_per_person", "head_count", "total"]


@transaction.atomic
def record_event_cost(actor, event, *, kind, item, amount_per_person, members="attendees", date=None,
                      description="", override_reason="", submit_if_breached=False):
    """Record one cost of ``event`` for its participants (场地费, 服装, 餐费, 交通, 观影票, 纪念品 …).

    ``members``: "attendees" (checked in, the default), "confirmed" (confirmed registrations) or a list.
    The cost, with the event's confirmed prizes and earlier costs, must stay within the event's budget
    (refused otherwise, naming the amount over). The spending rules are checked by
    ``spending.actions.record_expense``: within them the expense is recorded with its benefit rows and a
    draft voucher; a breach is refused with the caps as the message, unless the chair gives
    ``override_reason`` or ``submit_if_breached`` leaves it pending for the chair.
    """
    from gonghui.spending.catalogue import EXPENSE_KINDS

    event = _lock(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    scope.require_any(actor, RECORD_EXPENSES, event.union)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    item, amount, day, description = _cost_inputs(event, kind=kind, item=item, amount_per_person=amount_per_person,
                                                  date=date, description=description)
    member_ids = cost_members(event, members)
    total = amount * len(member_ids)
    figures = budget_of(event)
    if event.budget is not None and figures.spent + total > event.budget:
        raise ActionError(_over_budget_message(event, figures, item, total, len(member_ids), amount),
                          field="amount_per_person")
    reason = (override_reason or "").strip()
    day_breach = _outing_day_message(event, member_ids, day, amount) if kind == "outing" else None
    if day_breach and not reason:
        raise ActionError(day_breach, field="amount_per_person")
    if day_breach and not scope.can(actor, APPROVE_SPENDING, event.union):
        raise ActionError(_("突破开支规则须由有批准权限的负责人（工会主席）批准并写明理由"), field="override_reason")
    what = f"{event.title}·{item}" + (f"（{description}）" if description else "")
    account = event.budget_account or EXPENSE_KINDS[kind].account
    expense = _spend(actor, event.union, kind=kind, members=member_ids, amount_per_person=amount, date=day,
                     description=what[:200], account=account, override_reason=override_reason,
                     submit_if_breached=submit_if_breached)
    cost = EventCost.objects.create(event=event, union=event.union, expense=expense, kind=kind, item=item,
                                    amount_per_person=amount, head_count=expense.head_count, total=expense.total,
                                    recorded_by=actor)
    after = audit.snapshot(cost, COST_AUDIT)
    after.update({"expense": expense.pk, "status": expense.status, "date": str(day)})
    if day_breach:
        after["breaches"] = [day_breach]
    audit.record(actor, "record_cost", cost, org=event.union, after=after, note=reason[:200])
    return cost


@transaction.atomic
def cancel_event_cost(actor, cost, *, reason):
    """Withdraw a cost whose expense still waits for the chair (``spending.actions.reject_expense``: the
    chair's decision, with the reason). A recorded cost already has a draft voucher; the spending app has
    no way to take it back, so it is corrected in the books instead."""
    from gonghui.spending import actions as spending_actions
    from gonghui.spending.models import Expense

    cost = EventCost.objects.select_related("event__organiser", "event__union", "expense").get(pk=cost.pk)
    scope.require(actor, RUN_EVENTS, cost.event.organiser)
    if cost.expense.status != Expense.Status.PENDING:
        raise ActionError(_("只有待批准的开支可以撤销；已登记的开支已生成记账凭证，请由财务在账簿中更正"),
                          field="status")
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请说明撤销原因"), field="reason")
    try:
        expense = spending_actions.reject_expense(actor, cost.expense, note=reason)
    except ActionError as exc:
        rename = {"decision_note": "reason"}
        errors = {}
        for field, messages in exc.message_dict.items():
            errors.setdefault(rename.get(field, field), []).extend(messages)
        raise ActionError(errors=errors) from None
    audit.record(actor, "cancel_cost", cost, org=cost.union, before={"status": Expense.Status.PENDING},
                 after={"status": expense.status}, note=reason[:200])
    cost.expense = expense
    return cost
