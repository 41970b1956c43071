"""Proposals (提案): written by a delegate (or entered from paper by an officer), co-signed, submitted,
reviewed by the committee, assigned to a department, answered and rated by the proposer."""
import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.scope import require

from ..models import Answer, CoSigner, Proposal, Session
from ..queries import delegate_of, settings_for
from ._common import _created, _lock, _required, _self_delegate, _today

PROPOSAL_FIELDS = ["number", "title", "reason", "suggestion", "topic", "status", "submitted_on", "review_note",
                   "department", "deadline", "satisfaction"]


def _check_window(session, day, field="session"):
    if session.proposals_from and day < session.proposals_from:
        raise ActionError(_("提案征集自%(d)s开始") % {"d": session.proposals_from.isoformat()}, field=field)
    if session.proposals_until and day > session.proposals_until:
        raise ActionError(_("提案征集已于%(d)s截止") % {"d": session.proposals_until.isoformat()}, field=field)


def create_proposal(actor, session, *, title, reason, suggestion, topic="other", proposer=None, cosigners=(),
                    submit=False, on=None):
    """A delegate writes a proposal (``proposer`` None: the actor themself). An officer may enter a paper
    proposal for a delegate, with the co-signers named on the paper, and submit it at once."""
    day = on or _today()
    if proposer is None:
        proposer = _self_delegate(actor, session.term)
        cosigners = ()
    else:
        require(actor, RUN_CONGRESS, session.union)
        if proposer.term_id != session.term_id:
            raise ActionError(_("提案人应是本届代表"), field="proposer")
    errors = {}
    for field, value in (("title", title), ("reason", reason), ("suggestion", suggestion)):
        if not (value or "").strip():
            errors[field] = [_("不能为空")]
    if topic not in Proposal.Topic.values:
        errors["topic"] = [_("类别无效")]
    cosigners = list({c.pk: c for c in cosigners}.values())
    if any(c.pk == proposer.pk for c in cosigners):
        errors["cosigners"] = [_("提案人本人不能附议")]
    elif any(c.term_id != session.term_id for c in cosigners):
        errors["cosigners"] = [_("附议人应是本届代表")]
    if errors:
        raise ActionError(errors=errors)
    _check_window(session, day)
    with transaction.atomic():
        p = Proposal.objects.create(union=session.union, session=session, proposer=proposer, title=title.strip()[:120],
                                    reason=reason.strip(), suggestion=suggestion.strip(), topic=topic)
        now = timezone.now()
        CoSigner.objects.bulk_create([CoSigner(proposal=p, delegate=c, signed_at=now) for c in cosigners])
        audit.record(actor, "create", p, org=session.union, after=audit.snapshot(p, PROPOSAL_FIELDS),
                     note=_("附议：%(names)s") % {"names": words(c.member.name for c in cosigners)} if cosigners else "")
        if submit:
            _submit(actor, p, day)
    return p


def cosign(actor, proposal):
    delegate = _self_delegate(actor, proposal.session.term)
    if delegate.pk == proposal.proposer_id:
        raise ActionError(_("提案人本人不能附议"), field="proposal")
    with transaction.atomic():
        _lock(proposal)  # not submitted (and counted) while the co-signature is written
        if proposal.status != Proposal.Status.DRAFT:
            raise ActionError(_("该提案已提交，不再征集附议"), field="proposal")
        _check_window(proposal.session, _today(), field="proposal")
        c = _created(lambda: CoSigner.objects.create(proposal=proposal, delegate=delegate, signed_at=timezone.now()),
                     _("您已附议该提案"), "proposal")
        audit.record(actor, "cosign", proposal, org=proposal.union, note=delegate.member.name)
    return c


def submit_proposal(actor, proposal):
    if delegate_of(actor, proposal.session.term) != proposal.proposer:
        require(actor, RUN_CONGRESS, proposal.union)
    with transaction.atomic():
        _lock(proposal)  # submitted (and numbered) once
        _submit(actor, proposal, _today())
    return proposal


def _submit(actor, proposal, day):
    if proposal.status != Proposal.Status.DRAFT:
        raise ActionError(_("该提案已提交"), field="status")
    _check_window(proposal.session, day)
    need = settings_for(proposal.union).min_cosigners
    have = proposal.cosigners.count()
    if have < need:
        raise ActionError(_("附议代表%(have)s人，至少需要%(need)s人附议") % {"have": have, "need": need},
                          field="cosigners")
    session = Session.objects.select_for_update().get(pk=proposal.session_id)
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    proposal.number = (Proposal.objects.filter(session=session).aggregate(m=Max("number"))["m"] or 0) + 1
    proposal.status, proposal.submitted_on = Proposal.Status.SUBMITTED, day
    proposal.save(update_fields=["number", "status", "submitted_on"])
    audit.record(actor, "submit", proposal, org=proposal.union, before=before,
                 after=audit.snapshot(proposal, PROPOSAL_FIELDS))


REVIEW = {"accept": Proposal.Status.ACCEPTED, "decline": Proposal.Status.DECLINED, "opinion": Proposal.Status.OPINION}


def review_proposal(actor, proposal, *, decision, note=""):
    """The proposal committee: 立案, 不立案 (with a reason) or 转为意见建议."""
    require(actor, RUN_CONGRESS, proposal.union)
    if decision not in REVIEW:
        raise ActionError(_("请选择立案、不立案或转为意见建议"), field="decision")
    note = (note or "").strip()
    with transaction.atomic():
        _lock(proposal)
        if proposal.status != Proposal.Status.SUBMITTED:
            raise ActionError(_("只有待审查的提案可以审查"), field="decision")
        if decision in ("decline", "opinion") and not note:
            raise ActionError(_("不立案或转为意见建议须写明理由"), field="note")
        before = audit.snapshot(proposal, PROPOSAL_FIELDS)
        proposal.status, proposal.review_note = REVIEW[decision], note[:300]
        proposal.save(update_fields=["status", "review_note"])
        audit.record(actor, "review", proposal, org=proposal.union, before=before,
                     after=audit.snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


def assign_proposal(actor, proposal, *, department, deadline=None, on=None):
    """Hand an accepted proposal to a department; ``on`` is the day it was assigned (default today; an
    earlier day when records on paper are entered afterwards), the deadline defaults to ``on`` plus the
    union's answer days."""
    require(actor, RUN_CONGRESS, proposal.union)
    department = _required(department, "department")
    with transaction.atomic():
        _lock(proposal)
        if proposal.status not in (Proposal.Status.ACCEPTED, Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING):
            raise ActionError(_("只有已立案的提案可以交办"), field="department")
        today = on or _today()
        if today > _today():
            raise ActionError(_("交办日期不能晚于今天"), field="on")
        deadline = deadline or today + datetime.timedelta(days=settings_for(proposal.union).answer_days)
        if deadline < today:
            raise ActionError(_("答复期限不能早于交办日期"), field="deadline")
        before = audit.snapshot(proposal, PROPOSAL_FIELDS)
        proposal.department, proposal.deadline = department[:60], deadline
        if proposal.status == Proposal.Status.ACCEPTED:
            proposal.status = Proposal.Status.ASSIGNED
        proposal.save(update_fields=["department", "deadline", "status"])
        audit.record(actor, "assign", proposal, org=proposal.union, before=before,
                     after=audit.snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


def answer_proposal(actor, proposal, *, text, answered_on=None):
    """The department's written answer. An answer after the deadline is accepted and flagged as late."""
    require(actor, RUN_CONGRESS, proposal.union)
    text = _required(text, "text")
    with transaction.atomic():
        _lock(proposal)  # one answer per round
        not_open = _("只有交办中或重新办理的提案可以答复")
        if proposal.status not in (Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING):
            raise ActionError(not_open, field="text")
        day = answered_on or _today()
        if day > _today():
            raise ActionError(_("答复日期不能晚于今天"), field="answered_on")
        before = audit.snapshot(proposal, PROPOSAL_FIELDS)
        rnd = proposal.answers.count() + 1
        answer = _created(lambda: Answer.objects.create(
            proposal=proposal, round=rnd, text=text, answered_on=day, deadline=proposal.deadline,
            late=day > proposal.deadline, answered_by=actor), not_open, "text")
        proposal.status, proposal.satisfaction = Proposal.Status.ANSWERED, ""
        proposal.save(update_fields=["status", "satisfaction"])
        audit.record(actor, "answer", proposal, org=proposal.union, before=before,
                     after=audit.snapshot(proposal, PROPOSAL_FIELDS),
                     note=(_("逾期%(d)s天答复") % {"d": answer.days_late}) if answer.late else "")
    return answer


SATISFACTION = ("satisfied", "basic", "unsatisfied")  # 满意, 基本满意, 不满意 (Proposal.satisfaction)


def rate_answer(actor, proposal, *, satisfaction):
    """The proposer rates the latest answer; 不满意 sends the proposal back for another round."""
    if satisfaction not in SATISFACTION:
        raise ActionError(_("请选择满意、基本满意或不满意"), field="satisfaction")
    if delegate_of(actor, proposal.session.term) != proposal.proposer:
        raise ActionError(_("只有提案人可以评价答复"), field="satisfaction")
    with transaction.atomic():
        _lock(proposal)
        if proposal.status != Proposal.Status.ANSWERED:
            raise ActionError(_("该提案没有待评价的答复"), field="satisfaction")
        before = audit.snapshot(proposal, PROPOSAL_FIELDS)
        answer = proposal.answers.order_by("-round").first()
        answer.satisfaction = satisfaction
        answer.save(update_fields=["satisfaction"])
        proposal.satisfaction = satisfaction
        if satisfaction == "unsatisfied":
            proposal.status = Proposal.Status.REHANDLING
            proposal.deadline = _today() + datetime.timedelta(days=settings_for(proposal.union).answer_days)
        else:
            proposal.status = Proposal.Status.DONE
        proposal.save(update_fields=["satisfaction", "status", "deadline"])
        audit.record(actor, "rate", proposal, org=proposal.union, before=before,
                     after=audit.snapshot(proposal, PROPOSAL_FIELDS))
    return proposal
