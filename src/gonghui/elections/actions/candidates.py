"""The candidate list and the delegates: nominated and withdrawn while the list is open, the delegates of a
delegates' assembly, and the list approved by the upper union (a competitive list checked for its ratio)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words

from .. import rules
from ..models import Assembly, Candidate, Delegate, Status
from ._common import (ELECTION_FIELDS, ROLL_STATUSES, _locked, _refused_if_taken, _require_union, _require_upper,
                      _status)

def _already_candidate(election, member):
    return election.candidates.filter(member=member).exists()


def nominate(actor, election, member, *, nominated_by=""):
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.NOMINATION, message=_("候选人名单已批复，不能再提名"))
        if member is None:
            raise ActionError(_("请选择会员"), field="member")
        if member.union_id != election.union_id or member.deleted_at is not None:
            raise ActionError(_("候选人应为本工会会员"), field="member")
        if member.status not in ROLL_STATUSES:
            raise ActionError(_("%(name)s的会籍状态为“%(status)s”，不能作为候选人")
                              % {"name": member.name, "status": member.get_status_display()}, field="member")
        if election.held_by_committee and not election.committee_election.candidates.filter(
                member=member, elected=True).exists():
            raise ActionError(_("%(name)s不是新当选的委员，不能作为%(kind)s候选人")
                              % {"name": member.name, "kind": election.get_kind_display()}, field="member")
        taken = _("%(name)s已在候选人名单中") % {"name": member.name}
        if _already_candidate(election, member):
            raise ActionError(taken, field="member")
        with _refused_if_taken(taken, "member"):
            candidate = Candidate.objects.create(election=election, member=member, name=member.name,
                                                 nominated_by=(nominated_by or "").strip()[:100])
        audit.record(actor, "nominate", candidate, org=election.union,
                     after={"name": candidate.name, "nominated_by": candidate.nominated_by})
    return candidate


def withdraw_candidate(actor, candidate):
    election = candidate.election
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.NOMINATION, message=_("候选人名单已批复，不能再撤下候选人"))
        candidate.deleted_at = timezone.now()
        candidate.save(update_fields=["deleted_at"])
        audit.record(actor, "withdraw", candidate, org=election.union, before={"name": candidate.name})
    return candidate


def set_delegates(actor, election, members):
    """The delegates entitled to vote at a delegates' assembly (replaces the list)."""
    _require_union(actor, election)
    members = list(members)
    with transaction.atomic():
        election = _locked(election)  # open_voting snapshots the delegates under the same lock
        _status(election, Status.NOMINATION, Status.CANDIDATES_APPROVED, message=_("投票开始后不能再修改代表名单"))
        if election.assembly != Assembly.DELEGATES:
            raise ActionError(_("会员大会不需要代表名单"), field="members")
        wrong = [m.name for m in members if m.union_id != election.union_id or m.status not in ROLL_STATUSES]
        if wrong:
            raise ActionError(_("不是本工会在籍会员：%(names)s") % {"names": words(wrong[:10])}, field="members")
        before = election.delegates.count()
        election.delegates.all().delete()
        Delegate.objects.bulk_create([Delegate(election=election, member=m) for m in {m.pk: m for m in members}.values()])
        audit.record(actor, "set_delegates", election, org=election.union, before={"delegates": before},
                     after={"delegates": election.delegates.count()})
    return election


def approve_candidates(actor, election):
    """The upper union approves the candidate list; a competitive list below the ratio is refused."""
    _require_upper(actor, election.union)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.NOMINATION, message=_("只有提名中的选举可以批复候选人名单"))
        n = election.candidates.count()
        if election.competitive:
            need = rules.required_candidates(election.seats)
            if n < need:
                raise ActionError(_("候选人%(n)s人，少于差额选举要求的%(need)s人（应选%(seats)s名，"
                                    "候选人数应多于应选人数的5%%）") % {"n": n, "need": need, "seats": election.seats},
                                  field="candidates")
        elif n < election.seats:
            raise ActionError(_("候选人%(n)s人，少于应选人数%(seats)s人") % {"n": n, "seats": election.seats},
                              field="candidates")
        before = audit.snapshot(election, ELECTION_FIELDS)
        election.status = Status.CANDIDATES_APPROVED
        election.candidates_approved_by = actor
        election.save(update_fields=["status", "candidates_approved_by"])
        audit.record(actor, "approve_candidates", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS), note=_("候选人%(n)s人") % {"n": n})
    return election
