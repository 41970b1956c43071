"""Check-in (签到): one member present at one event, from a scanned code or a roster tick, and its undoing.

Both hold the event row's lock, so a check-in and a cancellation of the same registration take turns
(a member checked in cannot be cancelled, a cancelled one cannot be checked in). A member is checked in
once (``attendance_once``): a second check-in at the same instant is refused, naming the first. The
participation summary (``summary``) changes in the same transaction.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.capabilities import RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.members.models import Member

from .. import summary
from ..codes import member_from_code
from ..models import Attendance, EventStatus, Method, Registration, RegStatus
from ._common import lock_event


@transaction.atomic
def check_in(actor, event, *, member=None, code=None, method=None):
    """Record one member present: from a scanned or typed code (QR) or a roster tick. The only check-in path."""
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.status not in (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.FINISHED):
        raise ActionError(_("活动当前为“%(status)s”，不能签到") % {"status": event.get_status_display()})
    if code is not None:
        member_id = member_from_code(event, code)
        method = method or Method.QR
    elif member is not None:
        try:
            member_id = member.pk if isinstance(member, Member) else int(member)
        except (TypeError, ValueError):
            raise ActionError(_("请选择会员"), field="member") from None
        method = method or Method.ROSTER
    else:
        raise ActionError(_("请扫码或选择会员"), field="code")
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
            "name": reg.member.name, "time": timezone.localtime(done.checked_in_at).strftime("%H:%M")}, field="member")
    att = Attendance(event=event, member_id=member_id, union_id=event.union_id, day=event.event_date,
                     checked_in_by=actor, method=method)
    try:
        with transaction.atomic():
            att.save()
    except IntegrityError:
        raise ActionError(_("%(name)s已签到") % {"name": reg.member.name}, field="member") from None
    summary.add(att)
    att.member = reg.member
    audit.record(actor, "check_in", att, org=event.union, after={"method": method})
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
