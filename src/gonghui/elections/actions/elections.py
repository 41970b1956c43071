"""An election from its creation to its results: created (a chair's or vice-chair's election on the
counted committee election), deleted and restored, the results approved by the upper union — which starts
the committee's term or seats the chair — and published to the members."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, integer
from gonghui.members.models import Member
from gonghui.orgs.models import Kind as OrgKind

from .. import rules
from ..models import COMMITTEE_HELD_KINDS, Assembly, Basis, Body, Election, Kind, Status
from ._common import ELECTION_FIELDS, ROLL_STATUSES, _locked, _require_union, _require_upper, _status
from .offices import _take_office
from .terms import _start_term

MAX_SEATS = 99


def create_election(actor, union, *, kind, seats, title="", assembly="", threshold_basis=Basis.ENTITLED,
                    term_years=5, committee_election=None, note=""):
    scope.require(actor, RUN_ELECTIONS, union)
    with transaction.atomic():
        if committee_election is not None and kind in COMMITTEE_HELD_KINDS:
            committee_election = _locked(committee_election)
        return _create_election(actor, union, kind=kind, seats=seats, title=title, assembly=assembly,
                                threshold_basis=threshold_basis, term_years=term_years,
                                committee_election=committee_election, note=note)


def _create_election(actor, union, *, kind, seats, title, assembly, threshold_basis, term_years,
                     committee_election, note):
    errors = {}
    if union.kind != OrgKind.GRASSROOTS:
        errors["union"] = [_("只有基层工会可以组织换届选举")]
    if kind not in Kind.values:
        errors["kind"] = [_("选举事项不正确")]
    seats = collect(errors, integer, seats, "seats", minimum=1, maximum=MAX_SEATS, label=_("应选人数"))
    if threshold_basis not in Basis.values:
        errors["threshold_basis"] = [_("当选票数基数应为应到会人数或实到会人数")]
    try:
        term_years = int(term_years)
    except (TypeError, ValueError):
        term_years = 0
    if term_years not in rules.TERM_YEARS:
        errors["term_years"] = [_("任期应为3年或5年")]
    if assembly and assembly not in Assembly.values:
        errors["assembly"] = [_("会议形式应为会员大会或会员代表大会")]
    if kind in COMMITTEE_HELD_KINDS:
        if committee_election is None:
            errors["committee_election"] = [_("主席、副主席由新一届委员会选举产生，请选择已计票的委员选举")]
        elif (committee_election.union_id != union.pk or committee_election.kind != Kind.COMMITTEE
              or committee_election.status not in (Status.COUNTED, Status.APPROVED)):
            errors["committee_election"] = [_("应选择本工会已计票的工会委员会委员选举")]
        elif "seats" not in errors:
            committee = committee_election.candidates.filter(elected=True).count()
            if seats > committee:
                errors["seats"] = [_("应选人数不能超过当选委员人数（%(n)s人）") % {"n": committee}]
    else:
        committee_election = None
    if errors:
        raise ActionError(errors=errors)
    if not assembly:
        if kind in COMMITTEE_HELD_KINDS:
            assembly = Assembly.MEMBERS
        else:
            size = Member.objects.filter(union=union, status__in=ROLL_STATUSES).count()
            assembly = rules.default_assembly(size)
    title = (title or "").strip()[:100] or _("%(union)s%(kind)s选举") % {"union": union.name, "kind": Kind(kind).label}
    election = Election.objects.create(union=union, kind=kind, seats=seats, title=title, assembly=assembly,
                                       threshold_basis=threshold_basis, term_years=term_years,
                                       committee_election=committee_election, note=(note or "")[:300],
                                       created_by=actor)
    audit.record(actor, "create", election, org=union, after=audit.snapshot(election, ELECTION_FIELDS))
    return election


def delete_election(actor, election):
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.NOMINATION, message=_("只能删除尚未批复候选人的选举"))
        election.deleted_at = timezone.now()
        election.save(update_fields=["deleted_at"])
        audit.record(actor, "delete", election, org=election.union)
    return election


def restore_election(actor, election):
    _require_union(actor, election)
    with transaction.atomic():
        election.deleted_at = None
        election.save(update_fields=["deleted_at"])
        audit.record(actor, "restore", election, org=election.union)
    return election


def approve_results(actor, election):
    """The upper union approves the results; a committee or audit committee election starts its term."""
    _require_upper(actor, election.union)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.COUNTED, message=_("计票完成后才能批复选举结果"))
        before = audit.snapshot(election, ELECTION_FIELDS)
        election.status = Status.APPROVED
        election.results_approved_by = actor
        election.results_approved_on = timezone.localdate()
        election.save(update_fields=["status", "results_approved_by", "results_approved_on"])
        audit.record(actor, "approve_results", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS))
        body = {Kind.COMMITTEE: Body.COMMITTEE, Kind.AUDIT_COMMITTEE: Body.AUDIT_COMMITTEE}.get(election.kind)
        if body:
            _start_term(actor, election.union, body=body, elected_on=election.held_on or timezone.localdate(),
                        years=election.term_years, election=election)
        elif election.kind in COMMITTEE_HELD_KINDS:
            _take_office(actor, election)
    return election


def publish_results(actor, election):
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.COUNTED, Status.APPROVED, message=_("计票完成后才能公布结果"))
        election.published = True
        election.save(update_fields=["published"])
        audit.record(actor, "publish", election, org=election.union, before={"published": False},
                     after={"published": True})
    return election
