"""Delegates elected by constituency (选区选举): the election and its candidates, the paper count, the
confirmation that makes the elected delegates, and another round (另行选举)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import collect, integer
from gonghui.core.scope import require
from gonghui.members.models import Status as MemberStatus

from .. import rules
from ..models import Candidate, Category, ConstituencyElection, Delegate
from ..queries import constituency_voters
from ._common import _lock
from .delegates import add_delegate

ELECTION_FIELDS = ["name", "org", "round", "voters", "seats", "date", "status", "ballots_issued", "ballots_returned",
                   "ballots_invalid", "elected_count", "void_reason", "tie_note"]


def _check_candidates(term, candidates, field="candidates"):
    """``candidates``: (member, category, group) triples; each a current member of the union, not yet a
    delegate of the term, named once."""
    rows, seen = [], set()
    taken = set(Delegate.objects.filter(term=term, member__in=[c[0] for c in candidates if c[0] is not None])
                .values_list("member_id", flat=True))
    for i, (member, category, group) in enumerate(candidates, start=1):
        if member is None or member.union_id != term.union_id:
            raise ActionError(_("第%(i)s位候选人不是本工会会员") % {"i": i}, field=field)
        if member.status == MemberStatus.TERMINATED or member.deleted_at:
            raise ActionError(_("候选人%(name)s已不在籍") % {"name": member.name}, field=field)
        if member.pk in seen:
            raise ActionError(_("候选人%(name)s重复") % {"name": member.name}, field=field)
        if member.pk in taken:
            raise ActionError(_("%(name)s已是本届代表") % {"name": member.name}, field=field)
        if category not in Category.values:
            raise ActionError(_("候选人%(name)s的代表类别无效") % {"name": member.name}, field=field)
        if not (group or "").strip():
            raise ActionError(_("候选人%(name)s的代表团（组）不能为空") % {"name": member.name}, field=field)
        seen.add(member.pk)
        rows.append((member, category, group.strip()[:40]))
    if not rows:
        raise ActionError(_("至少提名一位候选人"), field=field)
    return rows


def create_election(actor, term, *, name="", org=None, voters=None, seats, date, candidates):
    """A constituency election for ``term``. ``org`` (a branch or group of the union) gives the default
    name and number of voters (its active members); both may be typed instead (employees who are not
    members vote too)."""
    require(actor, RUN_CONGRESS, term.union)
    errors = {}
    if org is not None and not (org.path.startswith(term.union.path)):
        errors["org"] = [_("选区应在本工会之内")]
    name = (name or "").strip() or (org.name if org is not None and not errors else "")
    if not name:
        errors["name"] = [_("不能为空")]
    if voters is None and org is not None and not errors:
        voters = constituency_voters(org)
    if voters is None or int(voters) < 1:
        errors["voters"] = [_("选区选民人数应为正整数")]
    if seats is None or int(seats) < 1:
        errors["seats"] = [_("应选名额应为正整数")]
    elif voters is not None and int(voters) >= 1 and int(seats) > int(voters):
        errors["seats"] = [_("应选名额不能多于选民人数")]
    if date is None:
        errors["date"] = [_("不能为空")]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock(term)  # no candidate becomes a delegate of the term meanwhile
        rows = _check_candidates(term, candidates)
        e = ConstituencyElection.objects.create(union=term.union, term=term, name=name[:60], org=org,
                                                voters=int(voters), seats=int(seats), date=date)
        Candidate.objects.bulk_create([Candidate(election=e, member=m, category=c, group=g) for m, c, g in rows])
        audit.record(actor, "create", e, org=term.union, after=audit.snapshot(e, ELECTION_FIELDS),
                     note=_("候选人：%(names)s") % {"names": words(m.name for m, _c, _g in rows)})
    return e


def enter_election_result(actor, election, *, issued, returned, invalid=0, votes):
    """The paper count: ballots issued, returned and invalid (ballots marking more names than seats are
    invalid), votes per candidate id. More returned than issued, or fewer than two thirds of the
    constituency voting, makes the election void; otherwise the elected and any tie at the last seat are
    worked out (``rules.constituency_result``). Entered again (a recount or a new ballot) until confirmed."""
    require(actor, RUN_CONGRESS, election.union)
    values = {"ballots_issued": issued, "ballots_returned": returned, "ballots_invalid": invalid}
    errors = {}
    values = {field: collect(errors, integer, value, field, minimum=0) for field, value in values.items()}
    if errors:
        raise ActionError(errors=errors)
    issued, returned, invalid = values["ballots_issued"], values["ballots_returned"], values["ballots_invalid"]
    candidates = list(election.candidates.select_related("member"))
    clean = {}
    for c in candidates:
        raw = (votes or {}).get(c.pk, (votes or {}).get(str(c.pk)))
        try:
            n = int(raw)
        except (TypeError, ValueError):
            raise ActionError(_("请填写%(name)s的得票数") % {"name": c.member.name}, field="votes") from None
        if n < 0:
            raise ActionError(_("%(name)s的得票数不能为负") % {"name": c.member.name}, field="votes")
        clean[c.pk] = n
    unknown = {str(k) for k in (votes or {})} - {str(c.pk) for c in candidates}
    if unknown:
        raise ActionError(_("候选人无效"), field="votes")
    if issued > election.voters:
        raise ActionError(_("发出选票%(i)s张，多于选区选民%(v)s人") % {"i": issued, "v": election.voters},
                          field="ballots_issued")
    if returned <= issued:
        if invalid > returned:
            raise ActionError(_("无效选票不能多于收回选票"), field="ballots_invalid")
        valid = returned - invalid
        for c in candidates:
            if clean[c.pk] > valid:
                raise ActionError(_("%(name)s得票%(n)s，多于有效选票%(v)s张") % {"name": c.member.name, "n": clean[c.pk],
                                                                           "v": valid}, field="votes")
        if sum(clean.values()) > valid * election.seats:
            raise ActionError(_("得票合计%(s)s，多于有效选票%(v)s张×应选%(k)s名") % {
                "s": sum(clean.values()), "v": valid, "k": election.seats}, field="votes")
    result = rules.constituency_result(voters=election.voters, seats=election.seats, issued=issued, returned=returned,
                                       votes=clean)
    with transaction.atomic():
        locked = ConstituencyElection.objects.select_for_update().get(pk=election.pk)
        if locked.status == ConstituencyElection.Status.CONFIRMED:
            raise ActionError(_("选举结果已确认，不能再录入"), field="ballots_issued")
        before = audit.snapshot(locked, ELECTION_FIELDS)
        names = {c.pk: c.member.name for c in candidates}
        for c in candidates:
            c.votes, c.elected, c.tied = clean[c.pk], c.pk in result.elected, c.pk in result.tied
        Candidate.objects.bulk_update(candidates, ["votes", "elected", "tied"])
        locked.ballots_issued, locked.ballots_returned, locked.ballots_invalid = issued, returned, invalid
        locked.status = ConstituencyElection.Status.COUNTED if result.valid else ConstituencyElection.Status.VOID
        locked.void_reason = result.reason[:200]
        locked.elected_count = len(result.elected)
        locked.tie_note = (_("%(names)s得票相同，争最后%(n)s个名额，须另行选举决定") % {
            "names": words(names[k] for k in result.tied), "n": result.unfilled}
            if result.tied else "")[:300]
        locked.save()
        audit.record(actor, "count" if result.valid else "void", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, ELECTION_FIELDS),
                     note=_("当选：%(names)s") % {"names": words(names[k] for k in result.elected)} if result.elected else "")
    return locked


def confirm_election(actor, election):
    """Confirm a counted election: the elected become delegates of the term (elected on the election's
    date, the constituency recorded), all in one transaction with the election's new state."""
    require(actor, RUN_CONGRESS, election.union)
    with transaction.atomic():
        locked = ConstituencyElection.objects.select_for_update(of=("self",)).select_related("term__union").get(pk=election.pk)
        if locked.status != ConstituencyElection.Status.COUNTED:
            raise ActionError(_("只有已计票且有效的选举可以确认"), field="status")
        before = audit.snapshot(locked, ELECTION_FIELDS)
        elected = list(locked.candidates.filter(elected=True).select_related("member").order_by("-votes", "id"))
        for c in elected:
            add_delegate(actor, locked.term, member=c.member, category=c.category, group=c.group,
                         elected_on=locked.date, constituency=locked.name, election=locked)
        locked.status, locked.confirmed_at = ConstituencyElection.Status.CONFIRMED, timezone.now()
        locked.save(update_fields=["status", "confirmed_at"])
        audit.record(actor, "confirm", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, ELECTION_FIELDS),
                     note=(_("空缺%(n)s名，待另行选举") % {"n": locked.unfilled}) if locked.unfilled else "")
    return locked


def start_by_election(actor, election, *, date):
    """Another round (另行选举): for the unfilled seats among the candidates not elected, or — after a void
    election — for all seats among all candidates again."""
    require(actor, RUN_CONGRESS, election.union)
    if date is None:
        raise ActionError(_("不能为空"), field="date")
    if date < election.date:
        raise ActionError(_("另行选举日期不能早于上一轮"), field="date")
    with transaction.atomic():
        locked = ConstituencyElection.objects.select_for_update().get(pk=election.pk)
        if locked.status == ConstituencyElection.Status.VOID:
            seats, pool = locked.seats, locked.candidates.all()
        elif locked.status == ConstituencyElection.Status.CONFIRMED and locked.unfilled:
            seats, pool = locked.unfilled, locked.candidates.filter(elected=False)
        else:
            raise ActionError(_("只有无效或有空缺名额的选举可以另行选举"), field="date")
        term = _lock(locked.term)  # after the election's lock, as confirm_election takes them
        rows = _check_candidates(term, [(c.member, c.category, c.group) for c in pool.select_related("member")],
                                 field="date")
        if ConstituencyElection.objects.filter(previous=locked).exists():
            raise ActionError(_("已安排下一轮选举"), field="date")
        e = ConstituencyElection.objects.create(union=locked.union, term=term, name=locked.name, org=locked.org,
                                                round=locked.round + 1, previous=locked, voters=locked.voters,
                                                seats=seats, date=date)
        Candidate.objects.bulk_create([Candidate(election=e, member=m, category=c, group=g) for m, c, g in rows])
        audit.record(actor, "create", e, org=locked.union, after=audit.snapshot(e, ELECTION_FIELDS),
                     note=_("另行选举，候选人：%(names)s") % {"names": words(m.name for m, _c, _g in rows)})
    return e
