"""Voting: the roll snapshot and the rounds, the attendance that opens a round, phone ballots and paper ballots
(through ``core.ballots``), the count of a round — void, tied or short — and the committee's decision on seats
nobody was elected to."""
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import integer
from gonghui.members.models import Member

from .. import rules
from ..models import ROUND_BALLOTS, Assembly, Candidate, Delegate, Round, Status, Voter
from ..queries import tally_ballots
from ._common import (ELECTION_FIELDS, ROLL_STATUSES, ROUND_FIELDS, _locked, _mark_once, _refused_if_taken,
                      _require_union, _status)

def _snapshot_roll(election):
    """One INSERT … SELECT: the members entitled to vote, as they stand when voting opens."""
    voter, member = Voter._meta.db_table, Member._meta.db_table
    if election.held_by_committee:
        source = (f"SELECT %s, c.member_id FROM {Candidate._meta.db_table} c WHERE c.election_id = %s "
                  f"AND c.elected = %s AND c.deleted_at IS NULL AND c.member_id IS NOT NULL")
        params = [election.pk, election.committee_election_id, True]
    elif election.assembly == Assembly.DELEGATES:
        source = (f"SELECT %s, d.member_id FROM {Delegate._meta.db_table} d JOIN {member} m ON m.id = d.member_id "
                  f"WHERE d.election_id = %s AND m.deleted_at IS NULL AND m.status IN (%s, %s)")
        params = [election.pk, election.pk, *ROLL_STATUSES]
    else:
        source = (f"SELECT %s, m.id FROM {member} m WHERE m.union_id = %s AND m.deleted_at IS NULL "
                  f"AND m.status IN (%s, %s)")
        params = [election.pk, election.union_id, *ROLL_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {voter} (election_id, member_id) {source}", params)
    return election.voters.count()


def _next_round_number(election):
    return (election.rounds.aggregate(n=Max("number"))["n"] or 0) + 1


def _new_round(election, kind, seats, candidate_ids, *, taken=None, field=None):
    """The election's next round; the caller holds the election's lock. ``taken`` is the caller's
    refusal if another round got the number all the same (None: the caller's savepoint covers it)."""
    number = _next_round_number(election)
    entitled = election.voters.count()

    def create():
        return Round.objects.create(election=election, number=number, kind=kind, seats=seats,
                                    candidate_ids=sorted(candidate_ids), entitled=entitled)

    if taken is None:
        return create()
    with _refused_if_taken(taken, field):
        return create()


def _roll_taken(election):
    return election.voters.exists()


def open_voting(actor, election):
    """Snapshot the roll and prepare the first round (opened with the attendance by ``open_round``)."""
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.CANDIDATES_APPROVED, message=_("候选人名单经上级批复后才能开始投票"))
        taken = _("选举人名册已生成")
        if _roll_taken(election):
            raise ActionError(taken, field="status")
        if election.assembly == Assembly.DELEGATES and not election.held_by_committee \
                and not election.delegates.exists():
            raise ActionError(_("会员代表大会须先确定代表名单"), field="members")
        before = audit.snapshot(election, ELECTION_FIELDS)
        with _refused_if_taken(taken, "status"):  # the roll and round 1, unique per election
            entitled = _snapshot_roll(election)
            if entitled == 0:
                raise ActionError(_("选举人名册为空，无法投票"), field="status")
            election.status = Status.VOTING
            election.save(update_fields=["status"])
            first = _new_round(election, Round.RoundKind.FIRST, election.seats,
                               election.candidates.values_list("pk", flat=True))
        audit.record(actor, "open_voting", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS), note=_("选举人名册%(n)s人") % {"n": entitled})
    return first


def open_round(actor, rnd, *, present):
    """Open a round with the attendance counted at the assembly: refused without quorum (2/3 of the roll)."""
    election = rnd.election
    _require_union(actor, election)
    present = integer(present, "present", label=_("实到会人数"))
    with transaction.atomic():
        rnd = _lock_round(rnd)
        if rnd.state != Round.State.PENDING:
            raise ActionError(_("该轮投票已开始或已结束"), field="state")
        if present < 0 or present > rnd.entitled:
            raise ActionError(_("实到会人数应在0至%(n)s（应到会人数）之间") % {"n": rnd.entitled}, field="present")
        need = rules.quorum(rnd.entitled)
        if present < need:
            raise ActionError(_("实到会%(present)s人，不足应到会%(entitled)s人的三分之二（至少%(need)s人），不能进行选举")
                              % {"present": present, "entitled": rnd.entitled, "need": need}, field="present")
        before = audit.snapshot(rnd, ROUND_FIELDS)
        rnd.present = present
        rnd.threshold = rules.threshold(rnd.entitled, present, election.threshold_basis)
        rnd.state = Round.State.OPEN
        rnd.held_on = timezone.localdate()
        rnd.save()
        election = _locked(election)  # round, then election: the order close_round takes them in
        if election.held_on is None:
            election.held_on = rnd.held_on
            election.save(update_fields=["held_on"])
        audit.record(actor, "open_round", rnd, org=election.union, before=before,
                     after=audit.snapshot(rnd, ROUND_FIELDS))
    return rnd


def _clean_marks(rnd, marks, write_ins):
    try:
        marks = sorted({int(m) for m in (marks or [])})
    except (TypeError, ValueError):
        raise ActionError(_("所选候选人不正确"), field="marks") from None
    unknown = set(marks) - set(rnd.candidate_ids)
    if unknown:
        raise ActionError(_("所选的人不是本轮候选人"), field="marks")
    names = [str(w).strip()[:50] for w in (write_ins or []) if str(w).strip()]
    if len(set(names)) != len(names):
        raise ActionError(_("另选他人不能重复填写同一人"), field="write_ins")
    listed = set(Candidate.objects.filter(pk__in=rnd.candidate_ids).values_list("name", flat=True))
    if listed & set(names):
        raise ActionError(_("另选的人已是候选人，请直接在名单中选择"), field="write_ins")
    if rnd.kind == Round.RoundKind.TIE and names:
        raise ActionError(_("票数相等者再次投票时只能在票数相等的候选人中选择"), field="write_ins")
    return marks, names


def _append_ballot(rnd, marks, names, valid):
    return secret.append(ROUND_BALLOTS, rnd, [{"marks": marks, "write_ins": names, "valid": valid}])[0]


def _lock_round(rnd):
    return secret.lock(ROUND_BALLOTS, rnd)


def _round_closed():
    """The refusal of a step on a round that is not open (or whose next round was taken meanwhile)."""
    return _("本轮投票未开始或已结束")


def _open_round(rnd):
    rnd = _lock_round(rnd)
    if rnd.state != Round.State.OPEN:
        raise ActionError(_round_closed(), field="round")
    return rnd


def cast_ballot(user, rnd, *, marks=(), write_ins=()):
    """A voter's own ballot on their phone: more marks than seats are refused (the voter can correct them)."""
    with transaction.atomic():
        rnd = _open_round(rnd)
        voter = Voter.objects.filter(election_id=rnd.election_id, member__user=user).first() \
            if user and user.is_authenticated else None
        if voter is None:
            raise ActionError(_("您不在本次选举的选举人名册中"), field="round")
        marks, names = _clean_marks(rnd, marks, write_ins)
        if len(marks) + len(names) > rnd.seats:
            raise ActionError(_("最多只能选%(seats)s人，您选了%(n)s人") % {"seats": rnd.seats, "n": len(marks) + len(names)},
                              field="marks")
        # No audit entry: its time and order would point at the voter (core.ballots).
        return secret.cast(ROUND_BALLOTS, rnd, voter, {"marks": marks, "write_ins": names, "valid": True})


def issue_paper_ballots(actor, rnd, members):
    """The tellers hand paper ballots to voters present: each is marked as voting in this round."""
    _require_union(actor, rnd.election)
    members = list(members)
    if not members:
        raise ActionError(_("请填写领取选票的会员"), field="members")
    with transaction.atomic():
        rnd = _open_round(rnd)
        voters = dict(Voter.objects.filter(election_id=rnd.election_id, member__in=members)
                      .values_list("member_id", "pk"))
        outside = [m.name for m in members if m.pk not in voters]
        if outside:
            raise ActionError(_("不在选举人名册中：%(names)s") % {"names": words(outside[:10])}, field="members")
        n = _mark_once(ROUND_BALLOTS, rnd, members, voters, _("已经投票或已领取选票：%(names)s"))
        audit.record(actor, "issue_ballots", rnd, org=rnd.election.union, note=_("发出纸质选票%(n)s张") % {"n": n})
    return n


def enter_paper_ballot(actor, rnd, *, marks=(), write_ins=()):
    """A teller enters one paper ballot into the chain; more marks than seats is recorded as invalid."""
    _require_union(actor, rnd.election)
    with transaction.atomic():
        rnd = _open_round(rnd)
        marks, names = _clean_marks(rnd, marks, write_ins)
        valid = rules.ballot_is_valid(len(marks) + len(names), rnd.seats)
        ballot = _append_ballot(rnd, marks, names, valid)
        # no place in the chain: it changes when the round is sealed
        audit.record(actor, "ballot", rnd, org=rnd.election.union, note=_("纸质选票") if valid else _("纸质选票（无效）"))
    return ballot


def close_round(actor, rnd):
    """Count the round. More ballots back than issued: the round is void and repeated. Otherwise the
    elected are marked; a tie at the last seat opens a round among the tied; seats left short wait for
    the committee's decision (``decide_shortfall``)."""
    election = rnd.election
    _require_union(actor, election)
    with transaction.atomic():
        rnd = _open_round(rnd)
        election = _locked(election)
        before = audit.snapshot(rnd, ROUND_FIELDS)
        sealed = secret.seal(ROUND_BALLOTS, rnd)  # a broken chain is refused here
        ballots = sealed.ballots
        rnd.issued = rnd.marks.count()
        rnd.returned = len(ballots)
        rnd.head = sealed.head
        if rnd.returned > rnd.issued:
            rnd.state = Round.State.VOID
            rnd.outcome = {"void": rnd.void_text}
            rnd.save()
            repeat = _new_round(election, Round.RoundKind.REPEAT, rnd.seats, rnd.candidate_ids,
                                taken=_round_closed(), field="round")
            audit.record(actor, "void_round", rnd, org=election.union, before=before,
                         after={**audit.snapshot(rnd, ROUND_FIELDS), "head": rnd.head}, note=rnd.outcome["void"])
            return repeat
        tally, rnd.invalid = tally_ballots(ballots)
        for cid in rnd.candidate_ids:
            tally.setdefault(f"c{cid}", 0)
        outcome = rules.count(tally, rnd.seats, rnd.threshold)
        keys = _candidates_for(election, outcome.elected + outcome.tied)
        rnd.tally = tally
        rnd.outcome = {"elected": [keys[k].pk for k in outcome.elected], "tied": [keys[k].pk for k in outcome.tied],
                       "tie_seats": outcome.tie_seats, "short": outcome.short}
        rnd.state = Round.State.COUNTED
        rnd.save()
        for k in outcome.elected:
            keys[k].elected, keys[k].elected_round, keys[k].votes = True, rnd.number, tally[k]
        Candidate.objects.bulk_update([keys[k] for k in outcome.elected], ["elected", "elected_round", "votes"])
        follow = None
        if outcome.tied:
            follow = _new_round(election, Round.RoundKind.TIE, outcome.tie_seats, [keys[k].pk for k in outcome.tied],
                                taken=_round_closed(), field="round")
        elif outcome.short:
            election.awaiting_decision = True
        else:
            election.status = Status.COUNTED
        election.save(update_fields=["status", "awaiting_decision"])
        audit.record(actor, "count_round", rnd, org=election.union, before=before,
                     after={**audit.snapshot(rnd, ROUND_FIELDS), "head": rnd.head},
                     note=_("当选%(elected)s人，票数相等%(tied)s人，缺额%(short)s名")
                     % {"elected": len(outcome.elected), "tied": len(outcome.tied), "short": outcome.short})
    return follow or rnd


def _candidates_for(election, keys):
    """Tally key → candidate for the elected and tied: the listed candidates in one query; a write-in
    (rare) is looked up or becomes a candidate row."""
    listed = Candidate.objects.in_bulk([int(k[1:]) for k in keys if k.startswith("c")])
    return {k: listed[int(k[1:])] if k.startswith("c") else _write_in(election, k[1:]) for k in keys}


def _write_in(election, name):
    found = Candidate.all_objects.filter(election=election, name=name, write_in=True).first()
    if found:
        return found
    matches = list(Member.objects.filter(union=election.union, name=name, status__in=ROLL_STATUSES)[:2])
    return Candidate.objects.create(election=election, name=name, write_in=True, nominated_by=_("另选他人"),
                                    member=matches[0] if len(matches) == 1 else None)


def decide_shortfall(actor, election, *, further_round):
    """Seats nobody was elected to: the committee decides on a further round among the remaining
    candidates, or to leave them empty."""
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.VOTING)
        decided = _("当前没有待决定的缺额")
        if not election.awaiting_decision:
            raise ActionError(decided, field="status")
        elected = election.candidates.filter(elected=True).count()
        short = election.seats - elected
        before = audit.snapshot(election, ELECTION_FIELDS)
        election.awaiting_decision = False
        follow = None
        if further_round:
            remaining = list(election.candidates.filter(elected=False, write_in=False).values_list("pk", flat=True))
            if len(remaining) < short:
                raise ActionError(_("未当选的候选人只有%(n)s人，不足缺额%(short)s名，请决定缺额")
                                  % {"n": len(remaining), "short": short}, field="further_round")
            follow = _new_round(election, Round.RoundKind.FURTHER, short, remaining, taken=decided, field="status")
        else:
            election.seats_left_empty = short
            election.status = Status.COUNTED
        election.save(update_fields=["awaiting_decision", "seats_left_empty", "status"])
        audit.record(actor, "decide_shortfall", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS),
                     note=(_("缺额%(n)s名：另行选举") if further_round else _("缺额%(n)s名：空缺")) % {"n": short})
    return follow
