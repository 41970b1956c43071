"""Resolutions and their votes: open (named) or secret through ``core.ballots``, paper totals from the
tellers, the count, and a void vote repeated."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, integer
from gonghui.core.scope import require

from .. import rules
from ..models import RESOLUTION_BALLOTS, Attendance, Choice, OpenVote, Resolution, Session
from ..queries import tally
from ._common import _created, _require_quorum, _required, _self_delegate

RESOLUTION_FIELDS = ["title", "text", "kind", "mode", "status", "total_delegates", "present", "paper_issued", "paper_returned",
                     "paper_for", "paper_against", "paper_abstain", "paper_invalid", "votes_for", "votes_against",
                     "votes_abstain", "passed", "chain_head", "void_reason"]


def create_resolution(actor, session, *, title, kind="report", mode="secret", text=""):
    require(actor, RUN_CONGRESS, session.union)
    title = _required(title, "title")
    if kind not in Resolution.ResKind.values:
        raise ActionError(_("类别无效"), field="kind")
    if mode not in Resolution.Mode.values:
        raise ActionError(_("表决方式无效"), field="mode")
    with transaction.atomic():
        r = Resolution.objects.create(union=session.union, session=session, title=title[:120], kind=kind, mode=mode,
                                      text=str(text or "").strip())
        audit.record(actor, "create", r, org=session.union, after=audit.snapshot(r, RESOLUTION_FIELDS))
    return r


def open_vote(actor, resolution):
    """Open voting: the session must be in progress and two thirds of all delegates signed in."""
    require(actor, RUN_CONGRESS, resolution.union)
    with transaction.atomic():
        secret.lock(RESOLUTION_BALLOTS, resolution)
        if resolution.status != Resolution.Status.DRAFT:
            raise ActionError(_("该事项已表决过"), field="status")
        session = resolution.session
        if session.status != Session.Status.OPEN:
            raise ActionError(_("会议未在进行中"), field="status")
        total, present = _require_quorum(session)
        before = audit.snapshot(resolution, RESOLUTION_FIELDS)
        resolution.status, resolution.total_delegates, resolution.present = Resolution.Status.OPEN, total, present
        resolution.save(update_fields=["status", "total_delegates", "present"])
        audit.record(actor, "open_vote", resolution, org=resolution.union, before=before,
                     after=audit.snapshot(resolution, RESOLUTION_FIELDS))
    return resolution


def cast_vote(actor, resolution, choice):
    """The delegate's own vote; at most once (unique rows, the resolution locked while it is written)."""
    if choice not in Choice.values:
        raise ActionError(_("请选择赞成、反对或弃权"), field="choice")
    session = resolution.session
    delegate = _self_delegate(actor, session.term)
    try:
        with transaction.atomic():
            locked = secret.lock(RESOLUTION_BALLOTS, resolution)
            if not Attendance.objects.filter(session=session, delegate=delegate).exists():
                raise ActionError(_("请先签到再表决"), field="choice")
            if locked.status != Resolution.Status.OPEN:
                raise ActionError(_("该事项不在表决中"), field="choice")
            if locked.mode == Resolution.Mode.OPEN:
                voted = _("您已对该事项表决，不能重复投票")
                if OpenVote.objects.filter(resolution=locked, delegate=delegate).exists():
                    raise ActionError(voted, field="choice")
                vote = _created(lambda: OpenVote.objects.create(resolution=locked, delegate=delegate, choice=choice),
                                voted, "choice")
                audit.record(actor, "vote", locked, org=locked.union, note=_("%(name)s：%(choice)s") % {"name": delegate.member.name, "choice": choice})
                return vote
            return secret.cast(RESOLUTION_BALLOTS, locked, delegate, {"choice": choice})
    except IntegrityError:
        raise ActionError(_("您已对该事项投票，不能重复投票"), field="choice") from None


def _seal(resolution):
    """Seal the secret ballots of a resolution that stops taking votes; its head is published."""
    if resolution.mode == Resolution.Mode.SECRET:
        resolution.chain_head = secret.seal(RESOLUTION_BALLOTS, resolution).head


def record_paper(actor, resolution, *, issued, returned, votes_for, votes_against, votes_abstain, invalid=0):
    """Paper ballot totals counted by the tellers. More returned than issued voids the whole vote."""
    require(actor, RUN_CONGRESS, resolution.union)
    values = {"paper_issued": issued, "paper_returned": returned, "paper_for": votes_for,
              "paper_against": votes_against, "paper_abstain": votes_abstain, "paper_invalid": invalid}
    errors = {}
    values = {field: collect(errors, integer, value, field, minimum=0) for field, value in values.items()}
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        locked = secret.lock(RESOLUTION_BALLOTS, resolution)
        if locked.status != Resolution.Status.OPEN:
            raise ActionError(_("该事项不在表决中"), field="paper_issued")
        before = audit.snapshot(locked, RESOLUTION_FIELDS)
        marks = locked.marks.count() + locked.open_votes.count()
        if values["paper_issued"] + marks > locked.present:
            raise ActionError(_("发出纸质票%(issued)s张，加手机投票%(phone)s人，超过实到代表%(present)s人")
                              % {"issued": values["paper_issued"], "phone": marks, "present": locked.present},
                              field="paper_issued")
        if values["paper_returned"] > values["paper_issued"]:
            for k, v in values.items():
                setattr(locked, k, v)
            locked.status = Resolution.Status.VOID
            locked.passed = None
            locked.void_reason = _("收回票数%(r)s多于发出票数%(i)s，表决无效，应重新表决") % {
                "r": values["paper_returned"], "i": values["paper_issued"]}
            _seal(locked)
            locked.save()
            audit.record(actor, "void", locked, org=locked.union, before=before,
                         after=audit.snapshot(locked, RESOLUTION_FIELDS))
            return locked
        counted = values["paper_for"] + values["paper_against"] + values["paper_abstain"] + values["paper_invalid"]
        if counted != values["paper_returned"]:
            raise ActionError(_("赞成、反对、弃权与废票合计%(c)s张，与收回%(r)s张不符")
                              % {"c": counted, "r": values["paper_returned"]}, field="paper_returned")
        for k, v in values.items():
            setattr(locked, k, v)
        locked.save()
        audit.record(actor, "paper", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, RESOLUTION_FIELDS))
    return locked


def close_vote(actor, resolution):
    """Count the votes: passed with more than half of ALL delegates voting for."""
    require(actor, RUN_CONGRESS, resolution.union)
    with transaction.atomic():
        locked = secret.lock(RESOLUTION_BALLOTS, resolution)
        if locked.status != Resolution.Status.OPEN:
            raise ActionError(_("该事项不在表决中"), field="status")
        before = audit.snapshot(locked, RESOLUTION_FIELDS)
        _seal(locked)
        counts = tally(locked)
        locked.votes_for, locked.votes_against, locked.votes_abstain = counts["for"], counts["against"], counts["abstain"]
        locked.passed = locked.votes_for >= rules.votes_needed(locked.total_delegates)
        locked.status = Resolution.Status.CLOSED
        locked.save()
        audit.record(actor, "close_vote", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, RESOLUTION_FIELDS),
                     note=_("投票人数%(n)s") % {"n": locked.marks.count() + locked.open_votes.count()})
    return locked


def reopen_void(actor, resolution):
    """A void vote is repeated: the void one stays as evidence and a new resolution of the same title is
    created for the repeat vote."""
    require(actor, RUN_CONGRESS, resolution.union)
    if resolution.status != Resolution.Status.VOID:
        raise ActionError(_("只有无效的表决可以重新表决"), field="status")
    return create_resolution(actor, resolution.session, title=resolution.title, kind=resolution.kind,
                             mode=resolution.mode, text=resolution.text)
