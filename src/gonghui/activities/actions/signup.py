"""Sign-up (报名) and its cancellation, with the waiting list (候补) promoted first come, first served.

Both hold the event row's lock while they count places, so simultaneous sign-ups never give more places
than the capacity; a member's active registration is unique (``registration_active_once``), and one that
appears between the check and the insert (possible only without the lock) is refused like any duplicate.
"""
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses
from gonghui.members.models import Member

from .. import eligibility
from ..models import ACTIVE_STATUSES, Attendance, EventStatus, Notice, Registration, RegStatus
from ._common import lock_event
from .messages import notify


def _acting_for(actor, event, member):
    """Members sign themselves up; officers with RUN_EVENTS sign up anyone of the union."""
    if getattr(member, "user_id", None) and member.user_id == actor.pk:
        return "self"
    scope.require(actor, RUN_EVENTS, event.organiser)
    return "officer"


def _already(member):
    return ActionError(_("%(name)s已报名本活动，不能重复报名") % {"name": member.name}, field="member")


@transaction.atomic
def sign_up(actor, event, member, *, now=None):
    """Give ``member`` a place (or a waiting-list place when full). The event row stays locked until commit."""
    now = now or timezone.now()
    event = lock_event(event)
    who = _acting_for(actor, event, member)
    if event.deleted_at is not None:
        raise ActionError(_("活动不存在"))
    ok, why = event.signup_state(now)
    if not ok and not (who == "officer" and event.status in (EventStatus.OPEN, EventStatus.CLOSED)):
        raise ActionError(str(why), field="event")
    member = Member.objects.select_related("org").get(pk=member.pk)
    failed = eligibility.reasons_not_eligible(event, member)
    if failed:
        raise ActionError(_("不符合参加条件：%(reasons)s") % {"reasons": clauses(failed)}, field="member")
    if Registration.objects.filter(event=event, member=member, status__in=ACTIVE_STATUSES).exists():
        raise _already(member)
    counts = event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=RegStatus.CONFIRMED)), last=Max("position"))
    full = event.capacity is not None and counts["confirmed"] >= event.capacity
    reg = Registration(event=event, member=member, status=RegStatus.WAITING if full else RegStatus.CONFIRMED,
                       position=(counts["last"] or 0) + 1, created_at=now, registered_by=actor)
    try:
        with transaction.atomic():
            reg.save()
    except IntegrityError:
        raise _already(member) from None
    audit.record(actor, "sign_up", reg, org=event.union, after={"status": reg.status, "position": reg.position})
    return reg


@transaction.atomic
def cancel_registration(actor, registration, *, reason=""):
    """Cancel a place (by the member or an officer); the first waiting registration takes it."""
    event = lock_event(registration.event)
    reg = Registration.objects.select_for_update(of=("self",)).select_related("member").get(pk=registration.pk)
    who = _acting_for(actor, event, reg.member)
    if reg.status == RegStatus.CANCELLED:
        raise ActionError(_("该报名已取消"))
    if who == "self" and event.status not in (EventStatus.OPEN, EventStatus.CLOSED):
        raise ActionError(_("活动当前为“%(status)s”，不能取消报名") % {"status": event.get_status_display()})
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
    fill_places(event, actor=actor)
    return reg


def fill_places(event, actor=None):
    """Promote waiting registrations, first come first served, while places are free, and tell them.
    The caller holds the event's lock. Returns how many were promoted."""
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        return 0
    waiting = event.registrations.filter(status=RegStatus.WAITING).order_by("position", "id")
    if event.capacity is not None:
        free = event.capacity - event.registrations.filter(status=RegStatus.CONFIRMED).count()
        if free <= 0:
            return 0
        waiting = waiting[:free]
    promoted = list(waiting.select_related("member"))
    if not promoted:
        return 0
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(status=RegStatus.CONFIRMED)
    for r in promoted:
        r.status = RegStatus.CONFIRMED
        audit.record(actor, "promote", r, org=event.union, before={"status": RegStatus.WAITING},
                     after={"status": RegStatus.CONFIRMED})
    notify(actor, event, _("候补递补：%(title)s") % {"title": event.title}, _("候补名额已递补为正式报名，请按时参加。"),
           Notice.Audience.CONFIRMED, [r.member_id for r in promoted], record=False)
    return len(promoted)
