"""Read-side helpers: a union's settings, who is a delegate, attendance and signature counts, composition
checks, tallies and recounts, evaluation result sheets, proposal figures, and what a plain member may see
(their union's public congress records). Nothing here writes: changes go through ``congress.actions``."""
from dataclasses import dataclass

from django.db.models import Count, Q

from gonghui.core import ballots as secret
from gonghui.members.models import Member, Sex
from gonghui.members.models import Status as MemberStatus
from gonghui.orgs.models import UnionType

from . import rules
from .models import (EVALUATION_BALLOTS, RESOLUTION_BALLOTS, Attendance, Category, CongressSettings, Delegate,
                     EvaluationBallot, Grade, Proposal, Resolution, Signature)


def settings_for(union) -> CongressSettings:
    """The union's settings, or the defaults of DOMAIN.md (unsaved) when it has set none."""
    found = CongressSettings.objects.filter(union=union).first()
    return found or CongressSettings(union=union)


def delegate_of(user, term):
    """The user's own delegate row in ``term`` (or None)."""
    if not user or not user.is_authenticated:
        return None
    return Delegate.objects.filter(term=term, member__user=user).select_related("member").first()


def attendance_counts(session):
    """(all delegates of the term, signed in)."""
    total = Delegate.objects.filter(term_id=session.term_id).count()
    present = Attendance.objects.filter(session=session, delegate__deleted_at__isnull=True).count()
    return total, present


def tally(resolution):
    """Counts from the stored votes (phone ballots, open votes) plus the paper totals."""
    source = resolution.open_votes if resolution.mode == Resolution.Mode.OPEN else resolution.ballots
    counts = dict(source.values_list("choice").annotate(n=Count("id")).values_list("choice", "n"))
    return {
        "for": counts.get("for", 0) + resolution.paper_for,
        "against": counts.get("against", 0) + resolution.paper_against,
        "abstain": counts.get("abstain", 0) + resolution.paper_abstain,
    }


def constituency_voters(org):
    """Active members in ``org`` and below: the default number of voters of a constituency."""
    from gonghui.orgs.models import Organisation

    return Member.objects.filter(org__in=Organisation.objects.subtree(org).values("id"),
                                 status=MemberStatus.ACTIVE).count()


def special_counts(request):
    """(signatures now, delegates of the term, signatures needed: a third of all delegates)."""
    total = Delegate.objects.filter(term_id=request.term_id).count()
    signed = Signature.objects.filter(request=request, withdrawn_at__isnull=True,
                                      delegate__deleted_at__isnull=True).count()
    return signed, total, rules.special_session_requests(total)


def composition_counts(term):
    return Delegate.objects.filter(term=term).aggregate(
        total=Count("id"),
        frontline=Count("id", filter=Q(category=Category.FRONTLINE)),
        managers=Count("id", filter=Q(category=Category.MANAGER)),
        teachers=Count("id", filter=Q(category=Category.TEACHER)),
        women=Count("id", filter=Q(member__sex=Sex.FEMALE)),
    )


def composition_checks(term):
    c = composition_counts(term)
    school = term.union.union_type == UnionType.SCHOOL
    # In a school the teachers are the frontline (教学一线): they count towards both shares.
    frontline = c["frontline"] + (c["teachers"] if school else 0)
    # A general assembly (职工大会) has all employees attend: no delegate minimum.
    minimum = 1 if term.kind == "assembly" else rules.delegate_minimum(settings_for(term.union).rule_set,
                                                                        term.employee_count)
    return rules.composition(total=c["total"], frontline=frontline, managers=c["managers"], women=c["women"],
                             teachers=c["teachers"], employees=term.employee_count,
                             women_employees=term.women_employees, school=school, minimum=minimum)


@dataclass
class Recount:
    ok: bool
    broken_at: int | None
    counts: dict
    stored: dict
    matches: bool
    ballots: list


def recount(resolution):
    """Re-verify the secret ballot chain and count again; compare with the stored result."""
    closed = resolution.status == Resolution.Status.CLOSED
    check = secret.verify(RESOLUTION_BALLOTS, resolution, published=resolution.chain_head if closed else None)
    ballots = check.ballots
    counts = {"for": resolution.paper_for, "against": resolution.paper_against, "abstain": resolution.paper_abstain}
    if resolution.mode == Resolution.Mode.OPEN:
        for choice, n in resolution.open_votes.values_list("choice").annotate(n=Count("id")):
            counts[choice] += n
    else:
        for b in ballots:
            counts[b.choice] += 1
    stored = {"for": resolution.votes_for, "against": resolution.votes_against, "abstain": resolution.votes_abstain}
    return Recount(ok=check.ok, broken_at=check.broken_at, counts=counts, stored=stored,
                   matches=(counts == stored) if closed else True, ballots=ballots)


@dataclass
class LeaderResult:
    leader: object
    counts: dict
    shares: dict
    ballots: int
    good_share: object
    flagged: bool


def evaluation_sheet(rnd):
    """Per leader: ballots per grade, shares (%), 优秀+称职 share, and the flag of the union's rule."""
    from gonghui.core.metrics import percent

    threshold = rules.parse_fraction(rnd.unfit_flag)
    leaders = list(rnd.leaders.all())
    counts = {leader.pk: {g: 0 for g in Grade.values} for leader in leaders}
    ballots = list(EvaluationBallot.objects.filter(round=rnd).values_list("grades", flat=True))
    for grades in ballots:
        for lid, grade in grades.items():
            if int(lid) in counts:
                counts[int(lid)][grade] += 1
    n = len(ballots)
    out = []
    for leader in leaders:
        c = counts[leader.pk]
        out.append(LeaderResult(leader=leader, counts=c, shares={g: percent(v, n) for g, v in c.items()}, ballots=n,
                                good_share=percent(c["excellent"] + c["competent"], n),
                                flagged=rules.flagged(c["unfit"], n, threshold)))
    return out


def evaluation_recount(rnd):
    check = secret.verify(EVALUATION_BALLOTS, rnd, published=rnd.chain_head if rnd.status == "closed" else None)
    return check.ok, check.broken_at, check.ballots


ANSWERED = [Proposal.Status.ANSWERED, Proposal.Status.DONE, Proposal.Status.REHANDLING]


def proposal_figures(proposals):
    """Counts over a proposal queryset: accepted (立案), answered, rated, satisfied, overdue.

    Share answered = proposals answered at least once ÷ proposals accepted (立案, whatever happened next).
    Share satisfied = proposals whose latest answer the proposer rated 满意 or 基本满意 ÷ proposals answered.
    """
    from django.utils import timezone

    from gonghui.core.metrics import percent

    today = timezone.localdate()
    accepted_states = [Proposal.Status.ACCEPTED, Proposal.Status.ASSIGNED] + ANSWERED
    f = proposals.aggregate(
        total=Count("id", filter=~Q(status=Proposal.Status.DRAFT)),
        accepted=Count("id", filter=Q(status__in=accepted_states)),
        answered=Count("id", filter=Q(status__in=ANSWERED)),
        satisfied=Count("id", filter=Q(status__in=ANSWERED, satisfaction__in=["satisfied", "basic"])),
        overdue=Count("id", filter=Q(status__in=[Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING],
                                     deadline__lt=today)),
    )
    f["answered_rate"] = percent(f["answered"], f["accepted"])
    f["satisfied_rate"] = percent(f["satisfied"], f["answered"])
    return f


def reminders(proposals, days=5):
    """Proposals waiting for an answer: overdue first, then due within ``days``."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return (proposals.filter(status__in=[Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING],
                             deadline__lte=today + datetime.timedelta(days=days))
            .select_related("session__term", "proposer__member").order_by("deadline", "id"))


def own_member(user):
    """The roster row of a signed-in member (None for an account without one)."""
    if not user or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("union").first()


# ---- who sees what ----

def officer(user, model):
    """Rows an officer running the congress may see (RUN_CONGRESS scope)."""
    from gonghui.core.capabilities import RUN_CONGRESS

    return model.objects.visible_to(user, RUN_CONGRESS)


def public(user, model):
    """Rows ``user`` may read: their officer scope, plus the public congress records of their own union
    (sessions, resolutions with results, the list of proposals) when they are a member."""
    qs = officer(user, model)
    me = own_member(user)
    if me is None:
        return qs
    return qs | model.objects.filter(union_id=me.union_id)


# ---- constituency elections, special requests, warnings ----

def election_state(e, has_next=False):
    """What the term page shows for a constituency election: (code, label)."""
    from django.utils.translation import gettext as _

    from .models import ConstituencyElection as CE

    if e.status == CE.Status.PLANNED:
        return "planned", _("未举行")
    if e.status == CE.Status.COUNTED:
        return "counted", _("已计票，待确认")
    if e.status == CE.Status.VOID:
        return "void", _("已举行，选举无效（已另行选举）") if has_next else _("已举行，选举无效")
    if e.unfilled:
        return "unfilled", (_("已举行，空缺%(n)s名（已另行选举）") if has_next else _("已举行，空缺%(n)s名")) % {
            "n": e.unfilled}
    return "valid", _("已举行，有效")


def term_elections(term):
    """The term's constituency elections (all rounds) with their state, in one query."""
    from django.db.models import Exists, OuterRef

    from .models import ConstituencyElection

    rows = list(ConstituencyElection.objects.filter(term=term).annotate(
        has_next=Exists(ConstituencyElection.objects.filter(previous=OuterRef("pk")))).select_related("org"))
    for e in rows:
        e.state, e.state_label = election_state(e, e.has_next)
    return rows


def session_documents(session):
    """The meeting papers that exist for a session: (label, url name)."""
    from django.utils.translation import gettext_lazy as _

    docs = []
    if session.agenda_items:
        docs.append((_("会议议程"), "congress:doc_agenda"))
    if session.resolutions.exists():
        docs.append((_("表决事项"), "congress:doc_resolutions"))
    if session.proposals.exclude(status=Proposal.Status.DRAFT).exists():
        docs.append((_("提案汇编"), "congress:doc_proposals"))
    return docs


def overdue_terms(terms, today=None):
    """Terms in force with no session held in the meeting window (the last 12 months; a teachers' congress:
    the current school year, September to August), annotated with ``last_held``. A queryset, so the warnings,
    the figures and the inbox count the same rows in one query; terms not yet a year old are not overdue
    (a teachers' congress is: it meets in every school year)."""
    from django.db.models import Max
    from django.utils import timezone

    from .models import Kind, Session

    today = today or timezone.localdate()
    held = Q(sessions__deleted_at__isnull=True, sessions__date__lte=today,
             sessions__status__in=[Session.Status.OPEN, Session.Status.CLOSED])
    year_ago = rules.meeting_window_start(today, False)
    school_year = rules.meeting_window_start(today, True)
    teachers = Q(kind=Kind.TEACHERS) & (Q(last_held__isnull=True) | Q(last_held__lt=school_year))
    others = (~Q(kind=Kind.TEACHERS) & Q(start__lte=year_ago)
              & (Q(last_held__isnull=True) | Q(last_held__lt=year_ago)))
    return (terms.filter(start__lte=today).filter(Q(end__isnull=True) | Q(end__gte=today))
            .annotate(last_held=Max("sessions__date", filter=held)).filter(teachers | others)
            .select_related("union").order_by("union__path", "-number"))


def meeting_warnings(terms, today=None):
    """``overdue_terms`` with each term's warning text and window start (one query)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    out = []
    for t in overdue_terms(terms, today):
        teachers = t.kind == "teachers"
        since = rules.meeting_window_start(today, teachers)
        if teachers:
            msg = _("本学年（%(y)s年9月起）尚未召开会议") % {"y": since.year}
        else:
            msg = _("近12个月没有召开会议")
        t.warning, t.window_start = msg, since
        out.append(t)
    return out


def papers_warnings(sessions, today=None):
    """Sessions being prepared whose papers are late (sent fewer than 7 days ahead, or not sent with the
    meeting fewer than 7 days away). One query."""
    from django.utils import timezone

    from .models import Session

    today = today or timezone.localdate()
    out = []
    for s in sessions.filter(status=Session.Status.PREPARING, date__gte=today).select_related("term", "union") \
            .order_by("date", "id"):
        s.papers_warning = rules.papers_late(s.date, s.papers_sent_on, today)
        if s.papers_warning:
            out.append(s)
    return out
