"""Every change to elections and terms goes through these functions.

Each checks scope (RUN_ELECTIONS at the union; the upper union's RUN_ELECTIONS for approving the
candidate list and the results), validates, writes and records the audit entry in one transaction.
Ballots go through ``core.ballots`` (its docstring is the secrecy policy): a phone ballot writes the
voter's ``VoterMark`` and the ``Ballot`` (chained after the last one, under a lock on the round) in the
same transaction, so a voter votes at most once and no ballot is lost. No audit entry is written per
phone ballot (its time and order would point at the voter); counting seals the chain and the count's
audit entry records the sealed head.

Races: every rule is checked inside the writing transaction, after locking the row it depends on (the
election for its candidates, roll and rounds; the round or removal for its ballots; the office for its
removal motions; the union for its terms and offices). A unique constraint hit all the same (a writer
that took no lock) is caught in a savepoint and refused with the check's own message, never a 500.
"""
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.capabilities import RUN_ELECTIONS
from gonghui.core import audit, scope
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, integer
from gonghui.members.models import Member
from gonghui.members.models import Status as MemberStatus
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import rules
from .models import (COMMITTEE_HELD_KINDS, REMOVAL_BALLOTS, ROUND_BALLOTS, Assembly, Basis, Body, Candidate, Delegate,
                     Election, Kind, Office, Post, Removal, RemovalChoice, RemovalState, RemovalVoter, Round, Status,
                     Term, Voter)

ELECTION_FIELDS = ["title", "kind", "seats", "assembly", "threshold_basis", "term_years", "status", "held_on",
                   "published", "seats_left_empty", "awaiting_decision"]
ROUND_FIELDS = ["number", "kind", "state", "seats", "entitled", "present", "issued", "returned", "invalid",
                "threshold"]
TERM_FIELDS = ["org", "body", "elected_on", "years", "ends_on", "note"]
# Members entitled to vote: all but 保留会籍 (retained) and terminated members.
ROLL_STATUSES = [MemberStatus.ACTIVE.value, MemberStatus.TRANSFERRING.value]
MAX_SEATS = 99


# ---- scope ----

def _require_union(actor, election):
    scope.require(actor, RUN_ELECTIONS, election.union)


def _require_upper(actor, union):
    """The upper union approves: RUN_ELECTIONS at the union's parent (a union cannot approve itself)."""
    parent = union.parent
    if parent is None:
        if not (actor and actor.is_superuser):
            raise ActionError("该工会没有上级工会，无法报批", field="union")
        return
    scope.require(actor, RUN_ELECTIONS, parent)


def _status(election, *allowed, message=None):
    if election.status not in allowed:
        raise ActionError(message or f"选举当前状态为“{election.get_status_display()}”，不能进行此操作",
                          field="status")


def _locked(election):
    """Lock the row and bring the caller's instance up to date with it."""
    list(Election.objects.select_for_update().filter(pk=election.pk).values_list("pk"))
    election.refresh_from_db()
    return election


def _lock_union(union):
    """Lock the union's row: the rules over all of a union's terms and offices are checked under it."""
    list(Organisation.all_objects.select_for_update().filter(pk=union.pk).values_list("pk"))


def _unique_violation(error):
    cause = error.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code == "23505" or "UNIQUE constraint failed" in str(error)


@contextmanager
def _refused_if_taken(message, field):
    """Run a write in a savepoint: a unique constraint hit there (a concurrent writer got in first)
    is refused with the message the check before it gives, and the transaction stays usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as e:
        if not _unique_violation(e):
            raise
        raise ActionError(message, field=field) from None


# ---- the election and its candidates ----

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
        errors["union"] = ["只有基层工会可以组织换届选举"]
    if kind not in Kind.values:
        errors["kind"] = ["选举事项不正确"]
    seats = collect(errors, integer, seats, "seats", minimum=1, maximum=MAX_SEATS, label="应选人数")
    if threshold_basis not in Basis.values:
        errors["threshold_basis"] = ["当选票数基数应为应到会人数或实到会人数"]
    try:
        term_years = int(term_years)
    except (TypeError, ValueError):
        term_years = 0
    if term_years not in rules.TERM_YEARS:
        errors["term_years"] = ["任期应为3年或5年"]
    if assembly and assembly not in Assembly.values:
        errors["assembly"] = ["会议形式应为会员大会或会员代表大会"]
    if kind in COMMITTEE_HELD_KINDS:
        if committee_election is None:
            errors["committee_election"] = ["主席、副主席由新一届委员会选举产生，请选择已计票的委员选举"]
        elif (committee_election.union_id != union.pk or committee_election.kind != Kind.COMMITTEE
              or committee_election.status not in (Status.COUNTED, Status.APPROVED)):
            errors["committee_election"] = ["应选择本工会已计票的工会委员会委员选举"]
        elif "seats" not in errors:
            committee = committee_election.candidates.filter(elected=True).count()
            if seats > committee:
                errors["seats"] = [f"应选人数不能超过当选委员人数（{committee}人）"]
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
    title = (title or "").strip()[:100] or f"{union.name}{Kind(kind).label}选举"
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
        _status(election, Status.NOMINATION, message="只能删除尚未批复候选人的选举")
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


def _already_candidate(election, member):
    return election.candidates.filter(member=member).exists()


def nominate(actor, election, member, *, nominated_by=""):
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.NOMINATION, message="候选人名单已批复，不能再提名")
        if member is None:
            raise ActionError("请选择会员", field="member")
        if member.union_id != election.union_id or member.deleted_at is not None:
            raise ActionError("候选人应为本工会会员", field="member")
        if member.status not in ROLL_STATUSES:
            raise ActionError(f"{member.name}的会籍状态为“{member.get_status_display()}”，不能作为候选人",
                              field="member")
        if election.held_by_committee and not election.committee_election.candidates.filter(
                member=member, elected=True).exists():
            raise ActionError(f"{member.name}不是新当选的委员，不能作为{election.get_kind_display()}候选人",
                              field="member")
        taken = f"{member.name}已在候选人名单中"
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
        _status(election, Status.NOMINATION, message="候选人名单已批复，不能再撤下候选人")
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
        _status(election, Status.NOMINATION, Status.CANDIDATES_APPROVED, message="投票开始后不能再修改代表名单")
        if election.assembly != Assembly.DELEGATES:
            raise ActionError("会员大会不需要代表名单", field="members")
        wrong = [m.name for m in members if m.union_id != election.union_id or m.status not in ROLL_STATUSES]
        if wrong:
            raise ActionError(f"不是本工会在籍会员：{'、'.join(wrong[:10])}", field="members")
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
        _status(election, Status.NOMINATION, message="只有提名中的选举可以批复候选人名单")
        n = election.candidates.count()
        if election.competitive:
            need = rules.required_candidates(election.seats)
            if n < need:
                raise ActionError(f"候选人{n}人，少于差额选举要求的{need}人（应选{election.seats}名，"
                                  f"候选人数应多于应选人数的5%）", field="candidates")
        elif n < election.seats:
            raise ActionError(f"候选人{n}人，少于应选人数{election.seats}人", field="candidates")
        before = audit.snapshot(election, ELECTION_FIELDS)
        election.status = Status.CANDIDATES_APPROVED
        election.candidates_approved_by = actor
        election.save(update_fields=["status", "candidates_approved_by"])
        audit.record(actor, "approve_candidates", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS), note=f"候选人{n}人")
    return election


# ---- voting ----

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
        _status(election, Status.CANDIDATES_APPROVED, message="候选人名单经上级批复后才能开始投票")
        taken = "选举人名册已生成"
        if _roll_taken(election):
            raise ActionError(taken, field="status")
        if election.assembly == Assembly.DELEGATES and not election.held_by_committee \
                and not election.delegates.exists():
            raise ActionError("会员代表大会须先确定代表名单", field="members")
        before = audit.snapshot(election, ELECTION_FIELDS)
        with _refused_if_taken(taken, "status"):  # the roll and round 1, unique per election
            entitled = _snapshot_roll(election)
            if entitled == 0:
                raise ActionError("选举人名册为空，无法投票", field="status")
            election.status = Status.VOTING
            election.save(update_fields=["status"])
            first = _new_round(election, Round.RoundKind.FIRST, election.seats,
                               election.candidates.values_list("pk", flat=True))
        audit.record(actor, "open_voting", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS), note=f"选举人名册{entitled}人")
    return first


def open_round(actor, rnd, *, present):
    """Open a round with the attendance counted at the assembly: refused without quorum (2/3 of the roll)."""
    election = rnd.election
    _require_union(actor, election)
    present = integer(present, "present", label="实到会人数")
    with transaction.atomic():
        rnd = _lock_round(rnd)
        if rnd.state != Round.State.PENDING:
            raise ActionError("该轮投票已开始或已结束", field="state")
        if present < 0 or present > rnd.entitled:
            raise ActionError(f"实到会人数应在0至{rnd.entitled}（应到会人数）之间", field="present")
        need = rules.quorum(rnd.entitled)
        if present < need:
            raise ActionError(f"实到会{present}人，不足应到会{rnd.entitled}人的三分之二（至少{need}人），"
                              f"不能进行选举", field="present")
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
        raise ActionError("所选候选人不正确", field="marks") from None
    unknown = set(marks) - set(rnd.candidate_ids)
    if unknown:
        raise ActionError("所选的人不是本轮候选人", field="marks")
    names = [str(w).strip()[:50] for w in (write_ins or []) if str(w).strip()]
    if len(set(names)) != len(names):
        raise ActionError("另选他人不能重复填写同一人", field="write_ins")
    listed = set(Candidate.objects.filter(pk__in=rnd.candidate_ids).values_list("name", flat=True))
    if listed & set(names):
        raise ActionError("另选的人已是候选人，请直接在名单中选择", field="write_ins")
    if rnd.kind == Round.RoundKind.TIE and names:
        raise ActionError("票数相等者再次投票时只能在票数相等的候选人中选择", field="write_ins")
    return marks, names


def _append_ballot(rnd, marks, names, valid):
    return secret.append(ROUND_BALLOTS, rnd, [{"marks": marks, "write_ins": names, "valid": valid}])[0]


def _lock_round(rnd):
    return secret.lock(ROUND_BALLOTS, rnd)


ROUND_CLOSED = "本轮投票未开始或已结束"


def _open_round(rnd):
    rnd = _lock_round(rnd)
    if rnd.state != Round.State.OPEN:
        raise ActionError(ROUND_CLOSED, field="round")
    return rnd


def cast_ballot(user, rnd, *, marks=(), write_ins=()):
    """A voter's own ballot on their phone: more marks than seats are refused (the voter can correct them)."""
    with transaction.atomic():
        rnd = _open_round(rnd)
        voter = Voter.objects.filter(election_id=rnd.election_id, member__user=user).first() \
            if user and user.is_authenticated else None
        if voter is None:
            raise ActionError("您不在本次选举的选举人名册中", field="round")
        marks, names = _clean_marks(rnd, marks, write_ins)
        if len(marks) + len(names) > rnd.seats:
            raise ActionError(f"最多只能选{rnd.seats}人，您选了{len(marks) + len(names)}人", field="marks")
        # No audit entry: its time and order would point at the voter (core.ballots).
        return secret.cast(ROUND_BALLOTS, rnd, voter, {"marks": marks, "write_ins": names, "valid": True})


def _mark_once(kind, box, members, voters, twice_message):
    """Mark the voters handed paper ballots (the caller holds the box's lock), naming those who have
    voted already, whether the check or the unique mark (``core.ballots.mark``) finds them."""
    def refuse():
        done = secret.voted(kind, box, voters.values())
        twice = [m.name for m in members if voters[m.pk] in done]
        if twice:
            raise ActionError(f"{twice_message}：{'、'.join(twice[:10])}", field="members")

    refuse()
    try:
        return secret.mark(kind, box, voters.values())
    except ActionError:
        refuse()
        raise


def issue_paper_ballots(actor, rnd, members):
    """The tellers hand paper ballots to voters present: each is marked as voting in this round."""
    _require_union(actor, rnd.election)
    members = list(members)
    if not members:
        raise ActionError("请填写领取选票的会员", field="members")
    with transaction.atomic():
        rnd = _open_round(rnd)
        voters = dict(Voter.objects.filter(election_id=rnd.election_id, member__in=members)
                      .values_list("member_id", "pk"))
        outside = [m.name for m in members if m.pk not in voters]
        if outside:
            raise ActionError(f"不在选举人名册中：{'、'.join(outside[:10])}", field="members")
        n = _mark_once(ROUND_BALLOTS, rnd, members, voters, "已经投票或已领取选票")
        audit.record(actor, "issue_ballots", rnd, org=rnd.election.union, note=f"发出纸质选票{n}张")
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
        audit.record(actor, "ballot", rnd, org=rnd.election.union, note=f"纸质选票{'' if valid else '（无效）'}")
    return ballot


def verify_round(rnd):
    """(index of the first broken link or None, ballots) — the public recount's check."""
    check = secret.verify(ROUND_BALLOTS, rnd)
    return check.broken_at, check.ballots


def tally_ballots(ballots):
    """Votes per candidate id ("c<id>") and per write-in name ("w<name>") over valid ballots."""
    tally, invalid = {}, 0
    for b in ballots:
        if not b.valid:
            invalid += 1
            continue
        for m in b.marks:
            tally[f"c{m}"] = tally.get(f"c{m}", 0) + 1
        for name in b.write_ins:
            tally[f"w{name}"] = tally.get(f"w{name}", 0) + 1
    return tally, invalid


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
            rnd.outcome = {"void": f"收回选票{rnd.returned}张，多于发出的{rnd.issued}张，本轮选举无效，须重新投票"}
            rnd.save()
            repeat = _new_round(election, Round.RoundKind.REPEAT, rnd.seats, rnd.candidate_ids,
                                taken=ROUND_CLOSED, field="round")
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
                                taken=ROUND_CLOSED, field="round")
        elif outcome.short:
            election.awaiting_decision = True
        else:
            election.status = Status.COUNTED
        election.save(update_fields=["status", "awaiting_decision"])
        audit.record(actor, "count_round", rnd, org=election.union, before=before,
                     after={**audit.snapshot(rnd, ROUND_FIELDS), "head": rnd.head},
                     note=f"当选{len(outcome.elected)}人，票数相等{len(outcome.tied)}人，缺额{outcome.short}名")
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
    return Candidate.objects.create(election=election, name=name, write_in=True, nominated_by="另选他人",
                                    member=matches[0] if len(matches) == 1 else None)


def decide_shortfall(actor, election, *, further_round):
    """Seats nobody was elected to: the committee decides on a further round among the remaining
    candidates, or to leave them empty."""
    _require_union(actor, election)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.VOTING)
        decided = "当前没有待决定的缺额"
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
                raise ActionError(f"未当选的候选人只有{len(remaining)}人，不足缺额{short}名，请决定缺额", field="further_round")
            follow = _new_round(election, Round.RoundKind.FURTHER, short, remaining, taken=decided, field="status")
        else:
            election.seats_left_empty = short
            election.status = Status.COUNTED
        election.save(update_fields=["awaiting_decision", "seats_left_empty", "status"])
        audit.record(actor, "decide_shortfall", election, org=election.union, before=before,
                     after=audit.snapshot(election, ELECTION_FIELDS),
                     note=f"缺额{short}名：{'另行选举' if further_round else '空缺'}")
    return follow


def approve_results(actor, election):
    """The upper union approves the results; a committee or audit committee election starts its term."""
    _require_upper(actor, election.union)
    with transaction.atomic():
        election = _locked(election)
        _status(election, Status.COUNTED, message="计票完成后才能批复选举结果")
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
        _status(election, Status.COUNTED, Status.APPROVED, message="计票完成后才能公布结果")
        election.published = True
        election.save(update_fields=["published"])
        audit.record(actor, "publish", election, org=election.union, before={"published": False},
                     after={"published": True})
    return election


# ---- terms ----

def _start_term(actor, org, *, body, elected_on, years, election=None, note=""):
    _lock_union(org)
    ends_on = rules.term_end(elected_on, years)
    newer = Term.objects.filter(org=org, body=body, elected_on__gt=elected_on).exists()
    if not newer:
        Term.objects.filter(org=org, body=body, current=True).update(current=False)
    term = Term.objects.create(org=org, body=body, elected_on=elected_on, years=years, ends_on=ends_on,
                               election=election, current=not newer, note=note, recorded_by=actor)
    audit.record(actor, "create", term, org=org, after=audit.snapshot(term, TERM_FIELDS))
    return term


def record_term(actor, org, *, body, elected_on, years, note=""):
    """A term recorded by hand (history before the system, or an election held elsewhere)."""
    scope.require(actor, RUN_ELECTIONS, org)
    errors = {}
    if org.kind != OrgKind.GRASSROOTS:
        errors["org"] = ["任期只记录基层工会的"]
    if body not in Body.values:
        errors["body"] = ["机构应为工会委员会或经费审查委员会"]
    if elected_on is None:
        errors["elected_on"] = ["请填写选举日期"]
    elif elected_on > timezone.localdate():
        errors["elected_on"] = ["选举日期不能晚于今天"]
    try:
        years = int(years)
    except (TypeError, ValueError):
        years = 0
    if years not in rules.TERM_YEARS:
        errors["years"] = ["任期应为3年或5年"]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(org)
        if Term.objects.filter(org=org, body=body, elected_on=elected_on).exists():
            raise ActionError("该届任期已记录", field="elected_on")
        return _start_term(actor, org, body=body, elected_on=elected_on, years=years, note=(note or "")[:200])


def delete_term(actor, term):
    scope.require(actor, RUN_ELECTIONS, term.org)
    with transaction.atomic():
        _lock_union(term.org)
        term.refresh_from_db()
        term.deleted_at = timezone.now()
        was_current = term.current
        term.current = False
        term.save(update_fields=["deleted_at", "current"])
        if was_current:
            latest = Term.objects.filter(org=term.org, body=term.body).order_by("-elected_on").first()
            if latest:
                Term.objects.filter(pk=latest.pk).update(current=True)
        audit.record(actor, "delete", term, org=term.org, before=audit.snapshot(term, TERM_FIELDS))
    return term


# ---- offices (chair, vice-chairs) and their removal (罢免) ----

OFFICE_FIELDS = ["post", "name", "started_on", "ended_on", "removed_on", "removal_reason", "current"]
REMOVAL_FIELDS = ["state", "reason", "motion_on", "assembly", "entitled", "present", "needed", "issued", "returned",
                  "invalid", "votes_for", "votes_against", "votes_abstain", "decided_on"]
OPEN_REMOVAL_STATES = [RemovalState.PREPARING, RemovalState.OPEN]


def _vacate(posts_qs, day):
    posts_qs.filter(current=True).update(current=False, ended_on=day)


def _take_office(actor, election):
    """The chair or vice-chairs elected by an approved election take office (replacing those before them)."""
    post = Post(election.kind)
    started = election.held_on or timezone.localdate()
    _lock_union(election.union)
    _vacate(Office.objects.filter(union=election.union, post=post), started)
    for c in election.candidates.filter(elected=True).order_by("pk"):
        office = Office.objects.create(union=election.union, post=post, member_id=c.member_id, name=c.name,
                                       election=election, started_on=started, recorded_by=actor)
        audit.record(actor, "take_office", office, org=election.union, after=audit.snapshot(office, OFFICE_FIELDS))


def record_office(actor, union, *, post, member, started_on):
    """A chair or vice-chair entered by hand (elected before the system, or elsewhere)."""
    scope.require(actor, RUN_ELECTIONS, union)
    errors = {}
    if union.kind != OrgKind.GRASSROOTS:
        errors["union"] = ["只记录基层工会的主席、副主席"]
    if post not in Post.values:
        errors["post"] = ["职务应为工会主席或工会副主席"]
    if member is None:
        errors["member"] = ["请选择会员"]
    elif member.union_id != union.pk or member.deleted_at is not None:
        errors["member"] = ["任职人应为本工会会员"]
    if started_on is None:
        errors["started_on"] = ["请填写任职日期"]
    elif started_on > timezone.localdate():
        errors["started_on"] = ["任职日期不能晚于今天"]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(union)
        if Office.objects.filter(union=union, post=post, member=member, current=True).exists():
            raise ActionError(f"{member.name}已是现任{Post(post).label}", field="member")
        if post == Post.CHAIR:
            _vacate(Office.objects.filter(union=union, post=post), started_on)
        office = Office.objects.create(union=union, post=post, member=member, name=member.name,
                                       started_on=started_on, recorded_by=actor)
        audit.record(actor, "create", office, org=union, after=audit.snapshot(office, OFFICE_FIELDS))
    return office


def _snapshot_removal_roll(removal):
    """One INSERT … SELECT: the union's members entitled to vote (保留会籍 and terminated excluded)."""
    voter, member = RemovalVoter._meta.db_table, Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {voter} (removal_id, member_id) SELECT %s, m.id FROM {member} m "
                       f"WHERE m.union_id = %s AND m.deleted_at IS NULL AND m.status IN (%s, %s)",
                       [removal.pk, removal.union_id, *ROLL_STATUSES])
    return removal.voters.count()


def create_removal(actor, office, *, reason, motion_on, assembly=""):
    """Open a removal motion against a sitting chair or vice-chair. A members' assembly snapshots its roll
    now; a delegates' assembly waits for the delegates (``set_removal_delegates``)."""
    if office is None:
        raise ActionError("请选择现任主席或副主席", field="office")
    union = office.union
    scope.require(actor, RUN_ELECTIONS, union)
    with transaction.atomic():
        list(Office.objects.select_for_update().filter(pk=office.pk).values_list("pk"))
        office.refresh_from_db()
        return _create_removal(actor, office, union, reason=reason, motion_on=motion_on, assembly=assembly)


def _create_removal(actor, office, union, *, reason, motion_on, assembly):
    errors = {}
    reason = (reason or "").strip()
    if not office.current:
        errors["office"] = [f"{office.name}已不在任，不能罢免"]
    if not reason:
        errors["reason"] = ["请填写罢免理由"]
    elif len(reason) > 300:
        errors["reason"] = ["罢免理由不超过300字"]
    if motion_on is None:
        errors["motion_on"] = ["请填写动议日期"]
    elif motion_on > timezone.localdate():
        errors["motion_on"] = ["动议日期不能晚于今天"]
    elif motion_on < office.started_on:
        errors["motion_on"] = ["动议日期不能早于任职日期"]
    if assembly and assembly not in Assembly.values:
        errors["assembly"] = ["会议形式应为会员大会或会员代表大会"]
    if errors:
        raise ActionError(errors=errors)
    if not assembly:
        size = Member.objects.filter(union=union, status__in=ROLL_STATUSES).count()
        assembly = rules.default_assembly(size)
    if Removal.objects.filter(office=office, state__in=OPEN_REMOVAL_STATES).exists():
        raise ActionError("已有正在进行的罢免表决", field="office")
    removal = Removal.objects.create(union=union, office=office, reason=reason, motion_on=motion_on,
                                     assembly=assembly, created_by=actor)
    if assembly == Assembly.MEMBERS:
        removal.entitled = _snapshot_removal_roll(removal)
        removal.save(update_fields=["entitled"])
    audit.record(actor, "create", removal, org=union, after=audit.snapshot(removal, REMOVAL_FIELDS),
                 note=f"罢免{office.get_post_display()}{office.name}")
    return removal


def _lock_removal(removal, *states, field="state"):
    secret.lock(REMOVAL_BALLOTS, removal)
    if states and removal.state not in states:
        raise ActionError(f"本次罢免表决当前为“{removal.get_state_display()}”，不能进行此操作", field=field)
    return removal


def set_removal_delegates(actor, removal, members):
    """The delegates entitled to vote at a delegates' assembly (replaces the roll)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    if removal.assembly != Assembly.DELEGATES:
        raise ActionError("会员大会不需要代表名单", field="members")
    members = list(members)
    if not members:
        raise ActionError("请填写代表的会员编号", field="members")
    wrong = [m.name for m in members if m.union_id != removal.union_id or m.status not in ROLL_STATUSES
             or m.deleted_at is not None]
    if wrong:
        raise ActionError(f"不是本工会在籍会员：{'、'.join(wrong[:10])}", field="members")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        before = removal.entitled
        removal.voters.all().delete()
        RemovalVoter.objects.bulk_create([RemovalVoter(removal=removal, member_id=pk)
                                          for pk in {m.pk for m in members}])
        removal.entitled = removal.voters.count()
        removal.save(update_fields=["entitled"])
        audit.record(actor, "set_delegates", removal, org=removal.union, before={"entitled": before},
                     after={"entitled": removal.entitled})
    return removal


def withdraw_removal(actor, removal):
    """A motion not yet put to the vote may be withdrawn (soft deletion)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        removal.deleted_at = timezone.now()
        removal.save(update_fields=["deleted_at"])
        audit.record(actor, "delete", removal, org=removal.union)
    return removal


def open_removal(actor, removal, *, present):
    """Open the vote with the attendance counted: refused without quorum (2/3 of the roll)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    present = integer(present, "present", label="实到会人数")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        entitled = removal.voters.count()
        if entitled == 0:
            raise ActionError("表决名册为空，请先确定代表名单", field="members")
        if present < 0 or present > entitled:
            raise ActionError(f"实到会人数应在0至{entitled}（应到会人数）之间", field="present")
        need = rules.quorum(entitled)
        if present < need:
            raise ActionError(f"实到会{present}人，不足应到会{entitled}人的三分之二（至少{need}人），不能进行表决",
                              field="present")
        before = audit.snapshot(removal, REMOVAL_FIELDS)
        removal.entitled, removal.present = entitled, present
        removal.needed = rules.removal_needed(entitled)
        removal.state = RemovalState.OPEN
        removal.held_on = timezone.localdate()
        removal.save()
        audit.record(actor, "open_removal", removal, org=removal.union, before=before,
                     after=audit.snapshot(removal, REMOVAL_FIELDS))
    return removal


def cast_removal_ballot(user, removal, *, choice):
    """A voter's own ballot on their phone: for, against or abstain; once."""
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        voter = RemovalVoter.objects.filter(removal=removal, member__user=user).first() \
            if user and user.is_authenticated else None
        if voter is None:
            raise ActionError("您不在本次罢免表决的名册中", field="removal")
        if choice not in RemovalChoice.values:
            raise ActionError("表决意见应为赞成、反对或弃权", field="choice")
        # No audit entry: its time and order would point at the voter (core.ballots).
        return secret.cast(REMOVAL_BALLOTS, removal, voter, {"choice": choice})


def issue_removal_ballots(actor, removal, members):
    """The tellers hand paper ballots to voters present: each is marked as having voted."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    members = list(members)
    if not members:
        raise ActionError("请填写领取表决票的会员", field="members")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        voters = dict(RemovalVoter.objects.filter(removal=removal, member__in=members).values_list("member_id", "pk"))
        outside = [m.name for m in members if m.pk not in voters]
        if outside:
            raise ActionError(f"不在表决名册中：{'、'.join(outside[:10])}", field="members")
        n = _mark_once(REMOVAL_BALLOTS, removal, members, voters, "已经表决或已领取表决票")
        audit.record(actor, "issue_ballots", removal, org=removal.union, note=f"发出纸质表决票{n}张")
    return n


def enter_removal_paper(actor, removal, *, votes_for=0, votes_against=0, votes_abstain=0, invalid=0):
    """The tellers enter the paper ballots counted at the assembly (in one or several batches): each
    becomes a ballot in the chain, so the recount covers paper and phone alike."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    given = {"votes_for": (votes_for, "赞成票数"), "votes_against": (votes_against, "反对票数"),
             "votes_abstain": (votes_abstain, "弃权票数"), "invalid": (invalid, "无效票数")}
    counts = {field: integer(value or 0, field, minimum=0, label=label) for field, (value, label) in given.items()}
    total = sum(counts.values())
    if total == 0:
        raise ActionError("请填写清点的纸质表决票张数", field="votes_for")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        if total > removal.entitled:
            raise ActionError(f"一次录入{total}张，多于应到会人数{removal.entitled}，请核对清点结果", field="votes_for")
        choices = ([RemovalChoice.FOR.value] * counts["votes_for"]
                   + [RemovalChoice.AGAINST.value] * counts["votes_against"]
                   + [RemovalChoice.ABSTAIN.value] * counts["votes_abstain"] + [""] * counts["invalid"])
        secret.append(REMOVAL_BALLOTS, removal, [{"choice": c} for c in choices])
        audit.record(actor, "paper_ballots", removal, org=removal.union,
                     note=f"录入纸质表决票{total}张：赞成{counts['votes_for']}，反对{counts['votes_against']}，"
                          f"弃权{counts['votes_abstain']}，无效{counts['invalid']}")
    return total


def verify_removal(removal):
    """(index of the first broken link or None, ballots) — the recount's check."""
    check = secret.verify(REMOVAL_BALLOTS, removal)
    return check.broken_at, check.ballots


def tally_removal(ballots):
    tally = {c: 0 for c in RemovalChoice.values}
    invalid = 0
    for b in ballots:
        if b.choice in tally:
            tally[b.choice] += 1
        else:
            invalid += 1
    return tally, invalid


def close_removal(actor, removal):
    """Count the vote. More ballots back than issued: the vote is void. Otherwise the motion passes only
    with votes for > half of ALL entitled; a passed motion vacates the office."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        before = audit.snapshot(removal, REMOVAL_FIELDS)
        sealed = secret.seal(REMOVAL_BALLOTS, removal)  # a broken chain is refused here
        ballots = sealed.ballots
        removal.issued = removal.marks.count()
        removal.returned = len(ballots)
        removal.head = sealed.head
        removal.decided_on = timezone.localdate()
        if removal.returned > removal.issued:
            removal.state = RemovalState.VOID
            removal.outcome = (f"收回表决票{removal.returned}张，多于发出的{removal.issued}张，本次表决无效，"
                               f"须重新表决")
            removal.save()
            audit.record(actor, "void_removal", removal, org=removal.union, before=before,
                         after={**audit.snapshot(removal, REMOVAL_FIELDS), "head": removal.head}, note=removal.outcome)
            return removal
        tally, removal.invalid = tally_removal(ballots)
        removal.votes_for = tally[RemovalChoice.FOR]
        removal.votes_against = tally[RemovalChoice.AGAINST]
        removal.votes_abstain = tally[RemovalChoice.ABSTAIN]
        passed = rules.removal_passes(removal.votes_for, removal.entitled)
        removal.state = RemovalState.PASSED if passed else RemovalState.FAILED
        removal.outcome = (f"赞成{removal.votes_for}票，{'达到' if passed else '未达到'}应到会{removal.entitled}人"
                           f"的过半数（{removal.needed}票），罢免{'通过' if passed else '未通过'}")
        removal.save()
        audit.record(actor, "count_removal", removal, org=removal.union, before=before,
                     after={**audit.snapshot(removal, REMOVAL_FIELDS), "head": removal.head}, note=removal.outcome)
        if passed:
            office = Office.objects.select_for_update().get(pk=removal.office_id)
            was = audit.snapshot(office, OFFICE_FIELDS)
            office.current = False
            office.ended_on = office.removed_on = removal.decided_on
            office.removal_reason = removal.reason
            office.save(update_fields=["current", "ended_on", "removed_on", "removal_reason"])
            audit.record(actor, "remove_from_office", office, org=removal.union, before=was,
                         after=audit.snapshot(office, OFFICE_FIELDS), note=f"罢免表决#{removal.pk}")
    return removal
