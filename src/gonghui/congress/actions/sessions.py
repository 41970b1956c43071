"""Sessions (次) of a term: created, opened and closed, delegates signed in, the papers sent ahead."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses, words
from gonghui.core.scope import require

from .. import rules
from ..models import Attendance, Session, session_name
from ..queries import session_documents
from ._common import SESSION_FIELDS, _created, _lock, _self_delegate, _today

def create_session(actor, term, *, meeting, date, place="", agenda="", proposals_from=None, proposals_until=None,
                   special=False):
    require(actor, RUN_CONGRESS, term.union)
    errors = {}
    if not meeting or int(meeting) < 1:
        errors["meeting"] = [_("次数应为正整数")]
    if date is None:
        errors["date"] = [_("不能为空")]
    if proposals_from and proposals_until and proposals_until < proposals_from:
        errors["proposals_until"] = [_("征集截止应不早于开始")]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock(term)
        taken = _("%(label)s已存在") % {"label": session_name(term.number, int(meeting))}
        if Session.objects.filter(term=term, meeting=meeting).exists():
            raise ActionError(taken, field="meeting")
        s = _created(lambda: Session.objects.create(
            union=term.union, term=term, meeting=int(meeting), date=date, place=place.strip(), agenda=agenda.strip(),
            proposals_from=proposals_from, proposals_until=proposals_until, special=bool(special)), taken, "meeting")
        audit.record(actor, "create", s, org=term.union, after=audit.snapshot(s, SESSION_FIELDS))
    return s


def set_session_status(actor, session, status):
    require(actor, RUN_CONGRESS, session.union)
    if status not in Session.Status.values:
        raise ActionError(_("状态无效"), field="status")
    with transaction.atomic():
        _lock(session)
        if status == Session.Status.OPEN and not _lock(session.term).confirmed_at:
            raise ActionError(_("代表名单尚未确认，不能开会"), field="status")
        before = audit.snapshot(session, SESSION_FIELDS)
        session.status = status
        session.save(update_fields=["status"])
        audit.record(actor, "status", session, org=session.union, before=before,
                     after=audit.snapshot(session, SESSION_FIELDS))
    return session


def sign_in(actor, session, *, delegate=None):
    """A delegate signs in (``delegate`` None: the actor themself); an officer may sign one in at the door."""
    if delegate is None:
        delegate = _self_delegate(actor, session.term)
        by_officer = False
    else:
        require(actor, RUN_CONGRESS, session.union)
        if delegate.term_id != session.term_id or delegate.deleted_at:
            raise ActionError(_("不是本届代表"), field="delegate")
        by_officer = True
    with transaction.atomic():
        _lock(session)
        if session.status != Session.Status.OPEN:
            raise ActionError(_("会议未在进行中，不能签到"), field="session")
        taken = _("%(name)s已签到") % {"name": delegate.member.name}
        if Attendance.objects.filter(session=session, delegate=delegate).exists():
            raise ActionError(taken, field="delegate")
        a = _created(lambda: Attendance.objects.create(union=session.union, session=session, delegate=delegate,
                                                       signed_at=timezone.now(), by_officer=by_officer),
                     taken, "delegate")
        audit.record(actor, "sign_in", session, org=session.union, note=_("%(name)s（代签）") % {"name": delegate.member.name} if by_officer else delegate.member.name)
    return a


def send_papers(actor, session, *, sent_on=None):
    """Record the day the meeting papers went to the delegates (DOMAIN.md §7: 7 days ahead). The delegates'
    phone page shows the agenda and the items to vote on from that day."""
    require(actor, RUN_CONGRESS, session.union)
    day = sent_on or _today()
    if day > _today():
        raise ActionError(_("发送日期不能晚于今天"), field="sent_on")
    if day > session.date:
        raise ActionError(_("发送日期不能晚于会议日期%(d)s") % {"d": session.date.isoformat()}, field="sent_on")
    if session.status == Session.Status.CLOSED:
        raise ActionError(_("会议已闭会"), field="sent_on")
    with transaction.atomic():
        before = audit.snapshot(session, SESSION_FIELDS)
        session.papers_sent_on = day
        session.save(update_fields=["papers_sent_on"])
        late = rules.papers_late(session.date, day, _today())
        audit.record(actor, "send_papers", session, org=session.union, before=before,
                     after=audit.snapshot(session, SESSION_FIELDS),
                     note=clauses([words(label for label, _url in session_documents(session))] + ([late] if late else [])))
    return session
