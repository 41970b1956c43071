"""Events: set up (新建、修改), their sign-up opened and closed, cancelled, finished, deleted and restored.

Every change after the first is made under the event row's lock (``_common.lock_event``); the eligibility
rules given with the event are written by ``rules.write_rules`` in the same transaction.
"""
import re

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.ledger.pickers import code_of as account_code
from gonghui.core.softdelete import restore, soft_delete
from gonghui.orgs.models import Kind as OrgKind

from .. import eligibility
from ..models import ACTIVE_STATUSES, DEFAULT_CHECKIN_OPENS_BEFORE, Event, EventStatus, Kind, Notice, RegStatus
from ._common import lock_event, parse_datetime, union_of
from .messages import notify
from .rules import write_rules
from .signup import fill_places

EVENT_FIELDS = ["title", "kind", "organiser", "starts_at", "ends_at", "place", "capacity", "signup_opens",
                "signup_closes", "budget", "budget_account", "description", "team_min_size", "team_max_size",
                "team_min_women", "checkin_opens_before", "checkin_closes_after"]
EVENT_AUDIT = ["title", "kind", "organiser", "starts_at", "ends_at", "place", "capacity", "signup_opens",
               "signup_closes", "budget", "budget_account", "status", "team_min_size", "team_max_size",
               "team_min_women", "checkin_opens_before", "checkin_closes_after"]


def _minutes(value, field, default):
    """Minutes of the check-in window (0 to 7 days); blank gives the default."""
    if value in (None, ""):
        return default
    return parsing.integer(value, field, minimum=0, maximum=MAX_WINDOW_MINUTES)


MAX_WINDOW_MINUTES = 7 * 24 * 60


def _clean_event(data):
    """The event's fields from what was typed; every bad field reported at once."""
    errors = {}
    out = {}

    def grab(field, fn):
        try:
            out[field] = fn()
        except ActionError as exc:
            errors.update(exc.message_dict)
        except ValueError as exc:
            errors[field] = [str(exc)]

    grab("title", lambda: parsing.text(data.get("title"), "title", required=True, max_length=100))
    kind = data.get("kind") or Kind.SPORT_CULTURE
    if kind not in Kind.values:
        by_label = {str(label): value for value, label in Kind.choices}
        with translation.override(None):  # the Chinese label, whatever the language
            by_label.update({str(label): value for value, label in Kind.choices})
        kind = by_label.get(str(kind).strip(), None)
        if kind is None:
            errors["kind"] = [_("活动类型应为：%(kinds)s") % {"kinds": words(Kind.labels)}]
    out["kind"] = kind
    grab("starts_at", lambda: parse_datetime(data.get("starts_at"), "starts_at"))
    grab("ends_at", lambda: parse_datetime(data.get("ends_at"), "ends_at", required=False))
    grab("place", lambda: parsing.text(data.get("place"), "place", required=True, max_length=100))
    grab("capacity", lambda: parsing.integer(data.get("capacity"), "capacity", required=False, minimum=1))
    grab("signup_opens", lambda: parse_datetime(data.get("signup_opens"), "signup_opens", required=False))
    grab("signup_closes", lambda: parse_datetime(data.get("signup_closes"), "signup_closes", required=False))
    grab("budget", lambda: parsing.money(data.get("budget"), "budget", required=False))
    account = ""
    try:  # a code ("50102"), a name ("职工活动支出") or its pinyin: the account it names, stored by code
        account = account_code(data.get("budget_account"), field="budget_account", prefix="5")
    except ActionError as exc:
        errors.update(exc.message_dict)
    if out.get("budget") and not account and "budget_account" not in errors:
        errors["budget_account"] = [_("有预算时须填写支出科目，如50102")]
    out["budget_account"] = account
    out["description"] = parsing.text(data.get("description"))
    for f in ("team_min_size", "team_max_size", "team_min_women"):
        grab(f, lambda f=f: parsing.integer(data.get(f), f, required=False,
                                            minimum=1 if f != "team_min_women" else 0))
    for f, default in (("checkin_opens_before", DEFAULT_CHECKIN_OPENS_BEFORE), ("checkin_closes_after", 0)):
        grab(f, lambda f=f, default=default: _minutes(data.get(f), f, default))
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


@transaction.atomic
def create_event(actor, *, organiser, data, rules=None):
    """A new event (a draft) organised by ``organiser``, with its eligibility ``rules`` if given."""
    organiser = _organiser(actor, organiser)
    clean = _clean_event(data)
    event = Event(union=union_of(organiser), organiser=organiser, created_by=actor, **clean)
    event.save()
    if rules:
        write_rules(event, rules)
    audit.record(actor, "create", event, org=event.union, after=audit.snapshot(event, EVENT_AUDIT))
    return event


@transaction.atomic
def update_event(actor, event, *, data, organiser=None, rules=None):
    """Change the event's details (and, when ``rules`` is given, replace its eligibility rules). More
    places promote the waiting list at once; fewer than the confirmed sign-ups are refused."""
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    if organiser is not None and organiser.pk != event.organiser_id:
        organiser = _organiser(actor, organiser)
        if union_of(organiser).pk != event.union_id:
            raise ActionError(_("主办组织须属于本活动的基层工会"), field="organiser")
        event.organiser = organiser
    before = audit.snapshot(event, EVENT_AUDIT)
    clean = _clean_event(data)
    if clean["capacity"] is not None:
        confirmed = event.registrations.filter(status=RegStatus.CONFIRMED).count()
        if clean["capacity"] < confirmed:
            raise ActionError(_("已有%(n)s人确认报名，名额不能少于此数") % {"n": confirmed}, field="capacity")
    for k, v in clean.items():
        setattr(event, k, v)
    event.updated_at = timezone.now()
    event.save()
    if rules is not None:
        before["rules"] = eligibility.describe(event)
        write_rules(event, rules)
    promoted = fill_places(event, actor=actor)
    after = audit.snapshot(event, EVENT_AUDIT)
    if rules is not None:
        after["rules"] = eligibility.describe(event)
    audit.record(actor, "update", event, org=event.union, before=before, after=after,
                 note=_("候补递补%(n)s人") % {"n": promoted} if promoted else "")
    return event


def _set_status(actor, event, status, allowed_from, verb, note=""):
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.status not in allowed_from:
        raise ActionError(_("活动当前为“%(status)s”，不能执行此操作") % {"status": event.get_status_display()},
                          field="status")
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
    """Cancel the event, with a reason every member signed up (or waiting) is sent."""
    reason = parsing.text(reason)
    if not reason:
        raise ActionError(_("请说明取消原因"), field="reason")
    event = _set_status(actor, event, EventStatus.CANCELLED,
                        (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED), "cancel", note=reason[:200])
    recipients = list(event.registrations.filter(status__in=ACTIVE_STATUSES).values_list("member_id", flat=True))
    if recipients:
        notify(actor, event, _("活动取消：%(title)s") % {"title": event.title}, reason, Notice.Audience.ALL,
               recipients)
    return event


@transaction.atomic
def finish_event(actor, event):
    return _set_status(actor, event, EventStatus.FINISHED, (EventStatus.OPEN, EventStatus.CLOSED), "finish")


@transaction.atomic
def delete_event(actor, event):
    """Delete (softly) an event nobody was checked in at; one with check-ins can only be cancelled."""
    def check(event):
        if event.attendances.exists():
            raise ActionError(_("活动已有签到记录，不能删除；可以取消活动"))

    return soft_delete(event, actor=actor, org=lambda e: e.union, locker=lock_event, allow=_may_run(actor),
                       check=check, already=_("活动已删除"))


@transaction.atomic
def restore_event(actor, event):
    return restore(event, actor=actor, org=lambda e: e.union, locker=lock_event, allow=_may_run(actor),
                   not_deleted=_("活动未被删除"))


def _may_run(actor):
    return lambda event: scope.require(actor, RUN_EVENTS, event.organiser)
