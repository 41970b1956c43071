"""Check-in (签到): one member present at one event, from a scanned code, a 6-digit code or a roster tick,
only while the event's check-in window is open (``Event.checkin_state``); an officer's late-attendance
record (迟到补录, with a reason) after it has closed; and the undoing of either.

Both hold the event row's lock, so a check-in and a cancellation of the same registration take turns
(a member checked in cannot be cancelled, a cancelled one cannot be checked in). A member is checked in
once (``attendance_once``): a second check-in at the same instant is refused, naming the first. The
participation summary (``summary``) changes in the same transaction.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.members.models import Member

from .. import codes, summary
from ..models import Attendance, EventStatus, Method, Registration, RegStatus
from ._common import lock_event


def _member_id(member):
    try:
        return member.pk if isinstance(member, Member) else int(member)
    except (TypeError, ValueError):
        raise ActionError(_("请选择会员"), field="member") from None


def _usable(actor, event):
    """The event locked, the actor allowed to run it, and its status one that takes check-ins."""
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.status not in (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.FINISHED):
        raise ActionError(_("活动当前为“%(status)s”，不能签到") % {"status": event.get_status_display()})
    return event


def _confirmed(event, member_id):
    """The member's confirmed registration at ``event``, or the reason they cannot be checked in."""
    reg = (Registration.objects.filter(event=event, member_id=member_id).order_by("-id")
           .select_related("member").first())
    if reg is None or reg.status != RegStatus.CONFIRMED:
        person = reg.member if reg else Member.objects.filter(pk=member_id, union_id=event.union_id).first()
        name = person.name if person else _("该会员")
        if reg and reg.status == RegStatus.WAITING:
            message = _("%(name)s候补中，未获得名额，不能签到")
        else:
            message = _("%(name)s未报名本活动，不能签到")
        raise ActionError(message % {"name": name}, field="member")
    done = Attendance.objects.filter(event=event, member_id=member_id).first()
    if done:
        raise ActionError(_("%(name)s已于%(time)s签到") % {
            "name": reg.member.name, "time": timezone.localtime(done.checked_in_at).strftime("%m-%d %H:%M")},
            field="member")
    return reg


def _write(actor, event, reg, *, method, late_reason="", now=None):
    att = Attendance(event=event, member_id=reg.member_id, union_id=event.union_id, day=event.event_date,
                     checked_in_at=now or timezone.now(), checked_in_by=actor, method=method,
                     late_reason=late_reason)
    try:
        with transaction.atomic():
            att.save()
    except IntegrityError:
        raise ActionError(_("%(name)s已签到") % {"name": reg.member.name}, field="member") from None
    summary.add(att)
    att.member = reg.member
    return att


def check_in(actor, event, *, member=None, code=None, method=None, now=None):
    """Record one member present while the event's check-in window is open: from the scanned QR (signed
    code), the member's 6-digit code read out with the member picked, or a roster tick. The only
    check-in path; outside the window it is refused with when check-in opens or closed (the officer
    then records late attendance instead, ``record_late_attendance``). ``now`` (like ``sign_up``'s) lets
    the demo replay a past check-in at the time it happened; the web and the API never pass it.

    A wrong 6-digit code is counted in Django's cache (``codes.check_short_code``), which the refusal's
    rollback does not undo; everything else is checked and written in one transaction."""
    short = code is not None and codes.is_short(code)
    if short and member in (None, ""):
        raise ActionError(_("输入6位数字签到码时，请同时选择会员"), field="member")
    return _check_in(actor, event, member=member, code=code, method=method, short=short, now=now)


@transaction.atomic
def _check_in(actor, event, *, member, code, method, short, now):
    event = _usable(actor, event)
    ok, why = event.checkin_state(now)
    if not ok:
        raise ActionError(why, field="code" if code is not None else "member")
    if short:
        member_id = _member_id(member)
        codes.check_short_code(event, member_id, code)
        method = method or Method.CODE
    elif code is not None:
        member_id = codes.member_from_code(event, code)
        method = method or Method.QR
    elif member is not None:
        member_id = _member_id(member)
        method = method or Method.ROSTER
    else:
        raise ActionError(_("请扫码或选择会员"), field="code")
    reg = _confirmed(event, member_id)
    att = _write(actor, event, reg, method=method, now=now)
    audit.record(actor, "check_in", att, org=event.union, after={"method": method})
    return att


@transaction.atomic
def record_late_attendance(actor, event, *, member, reason):
    """An officer records that a confirmed member came although the check-in window had closed (迟到补录),
    with the reason. Counted in participation like any check-in, audited and shown as late. Not before
    check-in opens: an event that has not begun cannot have been attended."""
    event = _usable(actor, event)
    reason = parsing.text(reason)
    if not reason:
        raise ActionError(_("请说明补录原因，如“迟到，18:40到场”"), field="reason")
    if len(reason) > 200:
        raise ActionError(_("补录原因不能超过200字"), field="reason")
    if timezone.now() < event.checkin_opens:
        raise ActionError(_("活动签到尚未开始（%(opens)s开始），不能补录") % {
            "opens": timezone.localtime(event.checkin_opens).strftime("%Y-%m-%d %H:%M")}, field="member")
    if member in (None, ""):
        raise ActionError(_("请选择会员"), field="member")
    reg = _confirmed(event, _member_id(member))
    att = _write(actor, event, reg, method=Method.LATE, late_reason=reason)
    audit.record(actor, "record_late_attendance", att, org=event.union, after={"method": Method.LATE},
                 note=reason)
    return att


@transaction.atomic
def undo_check_in(actor, attendance, *, reason=""):
    """Take back a check-in made by mistake (误扫), with the reason; the summary follows."""
    event = lock_event(attendance.event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    reason = parsing.text(reason)
    if not reason:
        raise ActionError(_("请说明撤销原因"), field="reason")
    attendance = Attendance.objects.filter(pk=attendance.pk, event=event).select_related("member").first()
    if attendance is None:
        raise ActionError(_("该签到已撤销"), field="member")
    audit.record(actor, "undo_check_in", attendance, org=event.union, before={"method": attendance.method},
                 note=reason[:200])
    attendance.delete()
    summary.remove(attendance)
    return attendance
