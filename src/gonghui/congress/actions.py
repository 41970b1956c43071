"""Every change to the congress goes through one of these functions: scope check, validation, write and
audit row in one transaction.

Self-service actions (sign in, propose, co-sign, vote, evaluate, rate an answer) are done by the
delegate themself: the actor must be the member linked to a delegate of the session's term. Officers
holding RUN_CONGRESS run the rest and may sign delegates in at the door and enter paper ballots.

Secret ballots go through ``core.ballots`` (its docstring is the secrecy policy): ``cast_vote`` writes a
``VoterMark`` (who voted; unique) and a ``SecretBallot`` (what was chosen; chained) in one transaction
under the resolution's lock, and closing seals the chain. No audit row is written per secret vote — an
audit row's time and order would link the voter to the ballot's place in the chain; opening and closing
the vote are audited with the counts and the sealed chain's head digest.
"""
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, integer
from gonghui.core.scope import require
from gonghui.members.models import Member, Status as MemberStatus
from gonghui.orgs.models import Kind as OrgKind, Organisation

from . import rules
from .models import (EVALUATION_BALLOTS, RESOLUTION_BALLOTS, Answer, Attendance, Candidate, Category, Choice,
                     ConstituencyElection, CoSigner, CongressSettings, Delegate, EvaluationRound, Grade, Leader,
                     OpenVote, Proposal, Resolution, Session, Signature, SpecialRequest, Term)

SETTINGS_FIELDS = ["rule_set", "min_cosigners", "answer_days", "unfit_flag"]
TERM_FIELDS = ["number", "kind", "start", "end", "employee_count", "women_employees", "confirmed_at", "confirm_override"]
DELEGATE_FIELDS = ["member", "category", "group", "elected_on", "constituency", "election"]
SESSION_FIELDS = ["meeting", "date", "place", "agenda", "proposals_from", "proposals_until", "special", "status",
                  "papers_sent_on"]
ELECTION_FIELDS = ["name", "org", "round", "voters", "seats", "date", "status", "ballots_issued", "ballots_returned",
                   "ballots_invalid", "elected_count", "void_reason", "tie_note"]
REQUEST_FIELDS = ["reason", "status", "decision", "session", "closed_at"]
RESOLUTION_FIELDS = ["title", "kind", "mode", "status", "total_delegates", "present", "paper_issued", "paper_returned",
                     "paper_for", "paper_against", "paper_abstain", "paper_invalid", "votes_for", "votes_against",
                     "votes_abstain", "passed", "chain_head", "void_reason"]
PROPOSAL_FIELDS = ["number", "title", "reason", "suggestion", "topic", "status", "submitted_on", "review_note",
                   "department", "deadline", "satisfaction"]


def _today():
    return timezone.localdate()


def _required(value, field):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ActionError(_("不能为空"), field=field)
    return value.strip() if isinstance(value, str) else value


def _union(org):
    if org.kind != OrgKind.GRASSROOTS:
        raise ActionError(_("职代会由基层工会召开"), field="union")
    return org


def _lock(obj):
    """Lock ``obj``'s row (``select_for_update``, in the caller's transaction) and bring ``obj`` up to date
    with it: the rules an action checks after this hold until it commits."""
    list(type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    obj.refresh_from_db()
    return obj


def _lock_union(union):
    """Lock the union's row: what a rule over the union's own rows (one term number) depends on."""
    list(Organisation.all_objects.select_for_update().filter(pk=union.pk).values_list("pk"))


def _created(make, message, field):
    """Run ``make`` (a write a unique constraint guards) in a savepoint; a duplicate that slipped past the
    check (two requests at once) is refused with the check's own message instead of an IntegrityError."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError:
        raise ActionError(message, field=field) from None


# ---- settings ----

def settings_for(union) -> CongressSettings:
    """The union's settings, or the defaults of DOMAIN.md (unsaved) when it has set none."""
    found = CongressSettings.objects.filter(union=union).first()
    return found or CongressSettings(union=union)


def update_settings(actor, union, *, rule_set, min_cosigners, answer_days, unfit_flag):
    require(actor, RUN_CONGRESS, union)
    _union(union)
    errors = {}
    if rule_set not in rules.RULE_SETS:
        errors["rule_set"] = [_("请选择代表名额规则")]
    if min_cosigners is None or not 1 <= int(min_cosigners) <= 10:
        errors["min_cosigners"] = [_("附议人数应在1到10之间")]
    if answer_days is None or not 1 <= int(answer_days) <= 180:
        errors["answer_days"] = [_("答复期限应在1到180天之间")]
    try:
        rules.parse_fraction(unfit_flag)
    except ValueError as exc:
        errors["unfit_flag"] = [str(exc)]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(union)  # two first saves at once: the second waits and updates the row the first made
        obj = CongressSettings.objects.select_for_update().filter(union=union).first() or CongressSettings(union=union)
        before = audit.snapshot(obj, SETTINGS_FIELDS) if obj.pk else {}
        obj.rule_set, obj.min_cosigners, obj.answer_days = rule_set, int(min_cosigners), int(answer_days)
        obj.unfit_flag = str(unfit_flag).strip()
        obj.save()
        audit.record(actor, "update", obj, org=union, before=before, after=audit.snapshot(obj, SETTINGS_FIELDS))
    return obj


# ---- terms and delegates ----

def create_term(actor, union, *, number, kind=None, start, employee_count, women_employees, end=None):
    require(actor, RUN_CONGRESS, union)
    _union(union)
    errors = {}
    if not number or int(number) < 1:
        errors["number"] = [_("届次应为正整数")]
    if start is None:
        errors["start"] = [_("不能为空")]
    if employee_count is None or int(employee_count) < 1:
        errors["employee_count"] = [_("职工人数应为正整数")]
    elif women_employees is None or not 0 <= int(women_employees) <= int(employee_count):
        errors["women_employees"] = [_("女职工人数应在0与职工人数之间")]
    if end and start and end <= start:
        errors["end"] = [_("届满日期应晚于开始日期")]
    if errors:
        raise ActionError(errors=errors)
    if not kind:
        kind = ("assembly" if rules.needs_assembly(int(employee_count))
                else "teachers" if union.union_type == "school" else "workers")
    if kind not in ("workers", "teachers", "assembly"):
        raise ActionError(_("类型无效"), field="kind")
    with transaction.atomic():
        _lock_union(union)
        taken = _("第%(n)s届已存在") % {"n": number}
        if Term.objects.filter(union=union, number=number).exists():
            raise ActionError(taken, field="number")
        term = _created(lambda: Term.objects.create(
            union=union, number=int(number), kind=kind, start=start, end=end, employee_count=int(employee_count),
            women_employees=int(women_employees)), taken, "number")
        audit.record(actor, "create", term, org=union, after=audit.snapshot(term, TERM_FIELDS))
    return term


def add_delegate(actor, term, *, member, category, group, elected_on=None, constituency="", election=None):
    """A delegate of ``term``: entered from paper records, or (``election`` given) from a confirmed
    constituency election."""
    require(actor, RUN_CONGRESS, term.union)
    errors = {}
    if member is None or member.union_id != term.union_id:
        errors["member"] = [_("代表应是本工会会员")]
    elif member.status == MemberStatus.TERMINATED or member.deleted_at:
        errors["member"] = [_("该会员已不在籍")]
    if category not in Category.values:
        errors["category"] = [_("请选择代表类别")]
    if not (group or "").strip():
        errors["group"] = [_("不能为空")]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock(term)
        taken = _("%(name)s已是本届代表") % {"name": member.name}
        if Delegate.objects.filter(term=term, member=member).exists():
            raise ActionError(taken, field="member")
        d = _created(lambda: Delegate.objects.create(
            union=term.union, term=term, member=member, category=category, group=group.strip()[:40],
            elected_on=elected_on or _today(), constituency=(constituency or "").strip()[:60], election=election),
            taken, "member")
        if term.confirmed_at:  # the confirmed list changed: it has to be confirmed again
            before = audit.snapshot(term, TERM_FIELDS)
            term.confirmed_at, term.confirm_override = None, ""
            term.save(update_fields=["confirmed_at", "confirm_override"])
            audit.record(actor, "unconfirm", term, org=term.union, before=before, after=audit.snapshot(term, TERM_FIELDS))
        audit.record(actor, "create", d, org=term.union, after=audit.snapshot(d, DELEGATE_FIELDS))
    return d


def remove_delegate(actor, delegate, *, reason):
    require(actor, RUN_CONGRESS, delegate.union)
    reason = _required(reason, "reason")
    with transaction.atomic():
        delegate.deleted_at = timezone.now()
        delegate.save(update_fields=["deleted_at"])
        audit.record(actor, "delete", delegate, org=delegate.union, note=reason)
    return delegate


def confirm_delegates(actor, term, *, override_reason=""):
    """Confirm the delegate list; refused while a composition rule fails unless a reason is given."""
    from .queries import composition_checks

    require(actor, RUN_CONGRESS, term.union)
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        _lock(term)  # no delegate is added while the list is checked and confirmed
        failing = [c for c in composition_checks(term) if not c.ok]
        if failing and not override_reason:
            raise ActionError(errors={"override_reason": [c.message for c in failing]
                                      + [_("如确需确认，请写明理由")]})
        before = audit.snapshot(term, TERM_FIELDS)
        term.confirmed_at = timezone.now()
        term.confirm_override = override_reason[:300] if failing else ""
        term.save(update_fields=["confirmed_at", "confirm_override"])
        audit.record(actor, "confirm", term, org=term.union, before=before, after=audit.snapshot(term, TERM_FIELDS),
                     note="；".join(c.message for c in failing))
    return term


def delegate_of(user, term):
    """The user's own delegate row in ``term`` (or None)."""
    if not user or not user.is_authenticated:
        return None
    return Delegate.objects.filter(term=term, member__user=user).select_related("member").first()


def _self_delegate(actor, term):
    d = delegate_of(actor, term)
    if d is None:
        raise ActionError(_("您不是本届代表"), field="delegate")
    return d


# ---- sessions and sign-in ----

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
        taken = _("%(label)s已存在") % {"label": rules.session_label(term.number, int(meeting))}
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
        audit.record(actor, "sign_in", session, org=session.union, note=f"{delegate.member.name}"
                     + ("（代签）" if by_officer else ""))
    return a


def attendance_counts(session):
    """(all delegates of the term, signed in)."""
    total = Delegate.objects.filter(term_id=session.term_id).count()
    present = Attendance.objects.filter(session=session, delegate__deleted_at__isnull=True).count()
    return total, present


def _require_quorum(session, field="quorum"):
    total, present = attendance_counts(session)
    if total == 0:
        raise ActionError(_("本届还没有代表"), field=field)
    need = rules.quorum(total)
    if present < need:
        raise ActionError(_("到会代表%(present)s人，不足全体代表%(total)s人的三分之二（应至少%(need)s人），不能表决")
                          % {"present": present, "total": total, "need": need}, field=field)
    return total, present


# ---- resolutions and votes ----

def create_resolution(actor, session, *, title, kind="report", mode="secret"):
    require(actor, RUN_CONGRESS, session.union)
    title = _required(title, "title")
    if kind not in Resolution.ResKind.values:
        raise ActionError(_("类别无效"), field="kind")
    if mode not in Resolution.Mode.values:
        raise ActionError(_("表决方式无效"), field="mode")
    with transaction.atomic():
        r = Resolution.objects.create(union=session.union, session=session, title=title[:120], kind=kind, mode=mode)
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
                audit.record(actor, "vote", locked, org=locked.union, note=f"{delegate.member.name}：{choice}")
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


def tally(resolution):
    """Counts from the stored votes (phone ballots, open votes) plus the paper totals."""
    from django.db.models import Count

    source = resolution.open_votes if resolution.mode == Resolution.Mode.OPEN else resolution.ballots
    counts = dict(source.values_list("choice").annotate(n=Count("id")).values_list("choice", "n"))
    return {
        "for": counts.get("for", 0) + resolution.paper_for,
        "against": counts.get("against", 0) + resolution.paper_against,
        "abstain": counts.get("abstain", 0) + resolution.paper_abstain,
    }


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
                             mode=resolution.mode)


# ---- proposals ----

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
                     note="附议：" + "、".join(c.member.name for c in cosigners) if cosigners else "")
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


SATISFACTION = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}


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


# ---- democratic evaluation ----

def create_evaluation(actor, session, *, title, leaders):
    """``leaders``: (member or None, name, post) triples; a member's name is taken from the roster."""
    require(actor, RUN_CONGRESS, session.union)
    title = _required(title, "title")
    rows = []
    for i, (member, name, post) in enumerate(leaders, start=1):
        name = member.name if member else (name or "").strip()
        if member is not None and member.union_id != session.union_id:
            raise ActionError(_("第%(i)s位被评议人不是本工会会员") % {"i": i}, field="leaders")
        if not name or not (post or "").strip():
            raise ActionError(_("第%(i)s位被评议人应写明姓名和职务") % {"i": i}, field="leaders")
        rows.append((member, name[:50], post.strip()[:60]))
    if not rows:
        raise ActionError(_("至少列出一位被评议人"), field="leaders")
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(union=session.union, session=session, title=title[:120],
                                             unfit_flag=settings_for(session.union).unfit_flag)
        Leader.objects.bulk_create([Leader(round=rnd, member=m, name=n, post=p) for m, n, p in rows])
        audit.record(actor, "create", rnd, org=session.union, after={"title": rnd.title},
                     note="、".join(f"{n}（{p}）" for _m, n, p in rows))
    return rnd


def open_evaluation(actor, rnd):
    require(actor, RUN_CONGRESS, rnd.union)
    with transaction.atomic():
        secret.lock(EVALUATION_BALLOTS, rnd)
        if rnd.status != EvaluationRound.Status.DRAFT:
            raise ActionError(_("该评议已开始过"), field="status")
        if rnd.session.status != Session.Status.OPEN:
            raise ActionError(_("会议未在进行中"), field="status")
        _require_quorum(rnd.session)
        rnd.status = EvaluationRound.Status.OPEN
        rnd.save(update_fields=["status"])
        audit.record(actor, "open", rnd, org=rnd.union, before={"status": "draft"}, after={"status": "open"})
    return rnd


def _check_grades(rnd, grades):
    leader_ids = set(rnd.leaders.values_list("id", flat=True))
    clean = {}
    for key, grade in (grades or {}).items():
        try:
            lid = int(key)
        except (TypeError, ValueError):
            raise ActionError(_("被评议人无效"), field="grades") from None
        if lid not in leader_ids:
            raise ActionError(_("被评议人无效"), field="grades")
        if grade not in Grade.values:
            raise ActionError(_("等次应为优秀、称职、基本称职或不称职"), field="grades")
        clean[str(lid)] = grade
    if set(map(int, clean)) != leader_ids:
        raise ActionError(_("请对每一位被评议人选择等次"), field="grades")
    return clean


def cast_evaluation(actor, rnd, grades):
    """The delegate's own evaluation ballot, secret and at most once."""
    delegate = _self_delegate(actor, rnd.session.term)
    try:
        with transaction.atomic():
            locked = secret.lock(EVALUATION_BALLOTS, rnd)
            if not Attendance.objects.filter(session=locked.session, delegate=delegate).exists():
                raise ActionError(_("请先签到再评议"), field="grades")
            clean = _check_grades(locked, grades)
            if locked.status != EvaluationRound.Status.OPEN:
                raise ActionError(_("该评议不在进行中"), field="grades")
            return secret.cast(EVALUATION_BALLOTS, locked, delegate, {"grades": clean, "paper": False})
    except IntegrityError:
        raise ActionError(_("您已提交评议票，不能重复评议"), field="grades") from None


def record_paper_evaluation(actor, rnd, grades):
    """One paper evaluation ballot typed in by the tellers (audited; the ballot stays anonymous)."""
    require(actor, RUN_CONGRESS, rnd.union)
    clean = _check_grades(rnd, grades)
    with transaction.atomic():
        locked = secret.lock(EVALUATION_BALLOTS, rnd)
        if locked.status != EvaluationRound.Status.OPEN:
            raise ActionError(_("该评议不在进行中"), field="grades")
        total, present = attendance_counts(locked.session)
        if locked.ballots.count() >= present:
            raise ActionError(_("评议票已达到实到代表人数%(n)s，不能再录入") % {"n": present}, field="grades")
        ballot = secret.append(EVALUATION_BALLOTS, locked, [{"grades": clean, "paper": True}])[0]
        # no place in the chain: it changes when the round is sealed
        audit.record(actor, "paper_ballot", locked, org=locked.union, note="纸质评议票")
    return ballot


def close_evaluation(actor, rnd):
    require(actor, RUN_CONGRESS, rnd.union)
    with transaction.atomic():
        locked = secret.lock(EVALUATION_BALLOTS, rnd)
        if locked.status != EvaluationRound.Status.OPEN:
            raise ActionError(_("该评议不在进行中"), field="status")
        sealed = secret.seal(EVALUATION_BALLOTS, locked)
        locked.status, locked.chain_head = EvaluationRound.Status.CLOSED, sealed.head
        locked.save(update_fields=["status", "chain_head"])
        audit.record(actor, "close", locked, org=locked.union, before={"status": "open"},
                     after={"status": "closed", "chain_head": locked.chain_head},
                     note=_("评议票%(n)s张") % {"n": len(sealed.ballots)})
    return locked


# ---- papers sent ahead ----

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
    from .queries import session_documents

    with transaction.atomic():
        before = audit.snapshot(session, SESSION_FIELDS)
        session.papers_sent_on = day
        session.save(update_fields=["papers_sent_on"])
        late = rules.papers_late(session.date, day, _today())
        audit.record(actor, "send_papers", session, org=session.union, before=before,
                     after=audit.snapshot(session, SESSION_FIELDS),
                     note="、".join(str(label) for label, _url in session_documents(session)) + (f"；{late}" if late else ""))
    return session


# ---- constituency elections of delegates ----

def constituency_voters(org):
    """Active members in ``org`` and below: the default number of voters of a constituency."""
    from gonghui.orgs.models import Organisation

    return Member.objects.filter(org__in=Organisation.objects.subtree(org).values("id"),
                                 status=MemberStatus.ACTIVE).count()


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
                     note="候选人：" + "、".join(m.name for m, _c, _g in rows))
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
            "names": "、".join(names[k] for k in result.tied), "n": result.unfilled}
            if result.tied else "")[:300]
        locked.save()
        audit.record(actor, "count" if result.valid else "void", locked, org=locked.union, before=before,
                     after=audit.snapshot(locked, ELECTION_FIELDS),
                     note="当选：" + "、".join(names[k] for k in result.elected) if result.elected else "")
    return locked


def confirm_election(actor, election):
    """Confirm a counted election: the elected become delegates of the term (elected on the election's
    date, the constituency recorded), all in one transaction with the election's new state."""
    require(actor, RUN_CONGRESS, election.union)
    with transaction.atomic():
        locked = ConstituencyElection.objects.select_for_update().select_related("term__union").get(pk=election.pk)
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
                     note="另行选举，候选人：" + "、".join(m.name for m, _c, _g in rows))
    return e


# ---- special session requests ----

def special_counts(request):
    """(signatures now, delegates of the term, signatures needed: a third of all delegates)."""
    total = Delegate.objects.filter(term_id=request.term_id).count()
    signed = Signature.objects.filter(request=request, withdrawn_at__isnull=True,
                                      delegate__deleted_at__isnull=True).count()
    return signed, total, rules.special_session_requests(total)


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
        audit.record(actor, "sign", locked, org=locked.union, note=f"{delegate.member.name}；{signed}/{need}"
                     + ("；已达到全体代表三分之一" if signed >= need else ""))
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
        audit.record(actor, "withdraw", locked, org=locked.union, note=f"{delegate.member.name}；{signed}/{need}")
    return sig


def convene_special_session(actor, request, *, meeting, date, place="", agenda=""):
    """The officer convenes a special session from a request signed by at least a third of the delegates."""
    require(actor, RUN_CONGRESS, request.union)
    with transaction.atomic():
        locked = SpecialRequest.objects.select_for_update().select_related("term__union").get(pk=request.pk)
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
