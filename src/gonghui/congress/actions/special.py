"""Special sessions (临时会议) asked for by delegates: a request, signatures given and withdrawn, and the
officer's decision — a special session convened, or another outcome recorded."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.scope import require

from ..models import Signature, SpecialRequest
from ..queries import special_counts
from ._common import _created, _lock, _required, _self_delegate
from .sessions import create_session

REQUEST_FIELDS = ["reason", "status", "decision", "session", "closed_at"]


def open_special_request(actor, term, *, reason):
    """A delegate asks for a special session and is its first signature. One open request per term:
    the others join it."""
    delegate = _self_delegate(actor, term)
    reason = _required(reason, "reason")
    with transaction.atomic():
        _lock(term)  # one open request per term
        taken = _("本届已有征集联署中的临时会议提议，请直接联署")
        if SpecialRequest.objects.filter(term=term, status=SpecialRequest.Status.OPEN).exists():
            raise ActionError(taken, field="reason")
        req = _created(lambda: SpecialRequest.objects.create(union=term.union, term=term, reason=reason[:2000],
                                                             opened_by=delegate), taken, "reason")
        Signature.objects.create(request=req, delegate=delegate, signed_at=timezone.now())
        audit.record(actor, "create", req, org=term.union, after=audit.snapshot(req, REQUEST_FIELDS),
                     note=delegate.member.name)
    return req


def sign_special_request(actor, request):
    """The delegate joins the request (once; a withdrawn signature may be given again while it is open)."""
    delegate = _self_delegate(actor, request.term)
    with transaction.atomic():
        locked = SpecialRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SpecialRequest.Status.OPEN:
            raise ActionError(_("该提议已处理，不再征集联署"), field="request")
        sig = Signature.objects.filter(request=locked, delegate=delegate).first()
        if sig is not None and sig.withdrawn_at is None:
            raise ActionError(_("您已联署该提议"), field="request")
        if sig is None:
            sig = _created(lambda: Signature.objects.create(request=locked, delegate=delegate,
                                                            signed_at=timezone.now()),
                           _("您已联署该提议"), "request")
        else:
            sig.withdrawn_at, sig.signed_at = None, timezone.now()
            sig.save(update_fields=["withdrawn_at", "signed_at"])
        signed, total, need = special_counts(locked)
        audit.record(actor, "sign", locked, org=locked.union, note=(_("%(name)s；%(signed)s/%(need)s；已达到全体代表三分之一") if signed >= need
                           else _("%(name)s；%(signed)s/%(need)s"))
                     % {"name": delegate.member.name, "signed": signed, "need": need})
    return sig


def withdraw_signature(actor, request):
    delegate = _self_delegate(actor, request.term)
    with transaction.atomic():
        locked = SpecialRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SpecialRequest.Status.OPEN:
            raise ActionError(_("该提议已处理，不能撤回联署"), field="request")
        sig = Signature.objects.filter(request=locked, delegate=delegate, withdrawn_at__isnull=True).first()
        if sig is None:
            raise ActionError(_("您没有联署该提议"), field="request")
        sig.withdrawn_at = timezone.now()
        sig.save(update_fields=["withdrawn_at"])
        signed, _total, need = special_counts(locked)
        audit.record(actor, "withdraw", locked, org=locked.union, note=_("%(name)s；%(signed)s/%(need)s")
                     % {"name": delegate.member.name, "signed": signed, "need": need})
    return sig


def convene_special_session(actor, request, *, meeting, date, place="", agenda=""):
    """The officer convenes a special session from a request signed by at least a third of the delegates."""
    require(actor, RUN_CONGRESS, request.union)
    with transaction.atomic():
        locked = SpecialRequest.objects.select_for_update(of=("self",)).select_related("term__union").get(pk=request.pk)
        if locked.status != SpecialRequest.Status.OPEN:
            raise ActionError(_("该提议已处理"), field="request")
        signed, total, need = special_counts(locked)
        if signed < need or total == 0:
            raise ActionError(_("联署代表%(s)s人，不足全体代表%(t)s人的三分之一（应至少%(n)s人）")
                              % {"s": signed, "t": total, "n": need}, field="request")
        before = audit.snapshot(locked, REQUEST_FIELDS)
        session = create_session(actor, locked.term, meeting=meeting, date=date, place=place, agenda=agenda,
                                 special=True)
        locked.session, locked.status, locked.closed_at = session, SpecialRequest.Status.CONVENED, timezone.now()
        locked.decision = (_("召开%(s)s") % {"s": session})[:300]
        locked.save(update_fields=["session", "status", "closed_at", "decision"])
        audit.record(actor, "convene", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, REQUEST_FIELDS), note=f"{signed}/{total}")
    return session


def decide_special_request(actor, request, *, decision):
    """Record what was done with a request otherwise (e.g. taken up at the regular session, or not enough
    signatures); it is closed for signatures."""
    require(actor, RUN_CONGRESS, request.union)
    decision = _required(decision, "decision")
    with transaction.atomic():
        locked = SpecialRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SpecialRequest.Status.OPEN:
            raise ActionError(_("该提议已处理"), field="decision")
        before = audit.snapshot(locked, REQUEST_FIELDS)
        locked.status, locked.decision, locked.closed_at = SpecialRequest.Status.DECIDED, decision[:300], timezone.now()
        locked.save(update_fields=["status", "decision", "closed_at"])
        audit.record(actor, "decide", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, REQUEST_FIELDS))
    return locked
