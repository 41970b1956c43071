"""Congress (职代会): proposals waiting for an answer (officer) and open votes for the delegate (member)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import RUN_CONGRESS

from .models import Delegate, OpenVote, Proposal, Resolution, Session, VoterMark

WAITING = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED, Proposal.Status.ASSIGNED, Proposal.Status.REHANDLING)


def proposals_waiting(user, today):
    """Proposals to review (待审查) or to answer (立案、承办中、重新办理), the earliest deadline first."""
    return (Proposal.objects.visible_to(user, RUN_CONGRESS).filter(status__in=WAITING)
            .select_related("union").order_by("deadline", "id"))


def proposal_item(p):
    return inbox.Item(title=p.title, url=reverse("congress:proposal", args=[p.pk]), pk=p.pk, org=p.union.name,
                      due=p.deadline, detail=p.get_status_display())


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
