"""Congress (职代会): proposals waiting for an answer and congresses overdue (officer, federation officer), open
votes for the delegate (member)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import RUN_CONGRESS, VIEW

from . import queries
from .models import Delegate, EvaluationMark, EvaluationRound, OpenVote, Proposal, Resolution, Session, Term, VoterMark

WAITING = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED, Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING)


def proposals_waiting(user, today):
    """Proposals to review (待审查) or to answer (立案、承办中、重新办理), the earliest deadline first."""
    return (Proposal.objects.visible_to(user, RUN_CONGRESS).filter(status__in=WAITING)
            .select_related("union").order_by("deadline", "id"))


def proposal_item(p):
    return inbox.Item(title=p.title, url=reverse("congress:proposal", args=[p.pk]), pk=p.pk, org=p.union.name,
                      due=p.deadline, detail=p.get_status_display())


def meetings_overdue(user, today):
    """Terms in the user's scope whose congress has not met in its window (``queries.overdue_terms``)."""
    return queries.overdue_terms(Term.objects.visible_to(user, RUN_CONGRESS), today)


def meetings_overdue_below(user, today):
    """For an upper union (a federation officer): the overdue congresses of the unions below it, beyond those
    the user runs (``congress.meetings_overdue`` lists those)."""
    terms = (Term.objects.filter(scope.below_condition(user, VIEW, "union"))
             .exclude(scope.org_condition(user, RUN_CONGRESS, "union")))
    return queries.overdue_terms(terms, today)


def overdue_item(t):
    since = t.last_held.isoformat() if t.last_held else _("从未召开")
    return inbox.Item(title=str(t), url=reverse("congress:term", args=[t.pk]), pk=t.pk, org=t.union.name,
                      detail=_("上次会议：%(when)s") % {"when": since})


def votes_open(user, today):
    """Open resolutions of sessions where the member is a delegate and has not voted yet."""
    member = scope.member_of(user)
    if member is None:
        return Resolution.objects.none()
    mine = Delegate.objects.filter(member=member)
    return (Resolution.objects.filter(status=Resolution.Status.OPEN, session__term_id__in=mine.values("term_id"))
            .exclude(session__status=Session.Status.CLOSED)
            .exclude(pk__in=VoterMark.objects.filter(delegate__in=mine).values("resolution_id"))
            .exclude(pk__in=OpenVote.objects.filter(delegate__in=mine).values("resolution_id"))
            .select_related("union").order_by("id"))


def vote_item(r):
    return inbox.Item(title=r.title, url=reverse("congress:my_vote", args=[r.pk]), pk=r.pk, org=r.union.name,
                      detail=_("表决中"))


inbox.register(inbox.Source(
    key="congress.proposals", label=gettext_lazy("待审查、待答复的提案"), capability=RUN_CONGRESS,
    rows=proposals_waiting, item=proposal_item, list_url="congress:home", order=40))

inbox.register(inbox.Source(
    key="congress.votes_open", label=gettext_lazy("待我表决的事项"), capability=inbox.MEMBER, rows=votes_open,
    item=vote_item, list_url="congress:my", order=55, extra={"hub": "votes"}))

inbox.register(inbox.Source(
    key="congress.meetings_overdue", label=gettext_lazy("超期未召开的职代会/教代会"), capability=RUN_CONGRESS,
    rows=meetings_overdue, item=overdue_item, list_url="congress:home", order=41))

inbox.register(inbox.Source(
    key="congress.meetings_overdue_below", label=gettext_lazy("下级工会超期未召开职代会/教代会"), capability=VIEW,
    rows=meetings_overdue_below, item=overdue_item, list_url="congress:home", order=42))


def evaluations_open(user, today):
    """Open democratic evaluations (民主评议) of sessions where the member is a delegate, not yet filled in."""
    member = scope.member_of(user)
    if member is None:
        return EvaluationRound.objects.none()
    mine = Delegate.objects.filter(member=member)
    return (EvaluationRound.objects.filter(status=EvaluationRound.Status.OPEN,
                                           session__term_id__in=mine.values("term_id"))
            .exclude(pk__in=EvaluationMark.objects.filter(delegate__in=mine).values("round_id"))
            .select_related("union").order_by("id"))


def evaluation_item(r):
    return inbox.Item(title=r.title, url=reverse("congress:my_evaluate", args=[r.pk]), pk=r.pk, org=r.union.name,
                      detail=_("评议中"))


inbox.register(inbox.Source(
    key="congress.evaluations_open", label=gettext_lazy("待我填写的民主评议"), capability=inbox.MEMBER,
    rows=evaluations_open, item=evaluation_item, list_url="congress:my", order=58, extra={"hub": "votes"}))
