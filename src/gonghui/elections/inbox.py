"""What the upper union approves (上级工会批复): candidate lists and results of the unions below; for a member:
the election rounds and removal votes open on the member's roll that they have not voted in yet."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext

from gonghui.core import inbox, scope
from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core.errors import ActionError

from . import actions
from .models import Election, Removal, RemovalMark, RemovalState, Round, Status, Term, VoterMark


def _below(user):
    """Elections of unions strictly below the user's RUN_ELECTIONS roots: their parent is in scope, so
    the user is their upper union (``actions._require_upper``)."""
    return Election.objects.filter(scope.below_condition(user, RUN_ELECTIONS, "union"))


def candidates_waiting(user, today):
    return _below(user).filter(status=Status.NOMINATION).select_related("union").order_by("id")


def results_waiting(user, today):
    return _below(user).filter(status=Status.COUNTED).select_related("union").order_by("id")


def terms_overdue(user, today):
    """Unions whose current committee term has ended with no new one (超期未换届), as the federation's
    ``elections.terms_overdue`` figure counts them."""
    return (Term.objects.visible_to(user, RUN_ELECTIONS).committees().overdue(today)
            .select_related("org").order_by("ends_on", "id"))


def term_item(t):
    return inbox.Item(title=_("%(org)s 委员会任期已届满") % {"org": t.org.name}, url=reverse("elections:terms"),
                      pk=t.pk, org=t.org.name, due=t.ends_on)


def item(e):
    return inbox.Item(title=e.title, url=reverse("elections:detail", args=[e.pk]), pk=e.pk, org=e.union.name,
                      due=e.held_on, detail=e.get_kind_display())


def approve_list(user, pk, params):
    election = _below(user).get(pk=pk)
    try:
        actions.approve_candidates(user, election)
    except ActionError:
        election.refresh_from_db()
        if election.candidates_approved_by_id:
            done = inbox.handled_by(election.candidates_approved_by, None, pgettext("已办理", "批复"))
            raise ActionError(_("该候选人名单%(done)s") % {"done": done}, field="status") from None
        raise


def approve_results(user, pk, params):
    election = _below(user).get(pk=pk)
    try:
        actions.approve_results(user, election)
    except ActionError:
        election.refresh_from_db()
        if election.results_approved_by_id:
            done = inbox.handled_by(election.results_approved_by, election.results_approved_on,
                                    pgettext("已办理", "批复"))
            raise ActionError(_("该选举结果%(done)s") % {"done": done}, field="status") from None
        raise


inbox.register(inbox.Source(
    key="elections.candidates_to_approve", label=gettext_lazy("待批复的候选人名单"), capability=RUN_ELECTIONS,
    rows=candidates_waiting, item=item, list_url="elections:home", order=30,
    batch=approve_list, batch_label=gettext_lazy("批复所选名单")))

inbox.register(inbox.Source(
    key="elections.results_to_approve", label=gettext_lazy("待批复的选举结果"), capability=RUN_ELECTIONS,
    rows=results_waiting, item=item, list_url="elections:home", order=31,
    batch=approve_results, batch_label=gettext_lazy("批复所选结果")))

inbox.register(inbox.Source(
    key="elections.terms_overdue", label=gettext_lazy("超期未换届的工会"), capability=RUN_ELECTIONS,
    rows=terms_overdue, item=term_item, list_url="elections:terms", order=32))


def rounds_to_vote(user, today):
    """Open rounds of elections whose roll holds the member, without the member's voter mark."""
    member = scope.member_of(user)
    if member is None:
        return Round.objects.none()
    return (Round.objects.filter(state=Round.State.OPEN, election__voters__member=member,
                                 election__deleted_at__isnull=True)
            .exclude(pk__in=VoterMark.objects.filter(voter__member=member).values("round_id"))
            .select_related("election__union").order_by("id"))


def round_item(r):
    return inbox.Item(title=r.election.title, url=reverse("elections:vote", args=[r.election_id]), pk=r.pk,
                      org=r.election.union.name, detail=str(r.get_kind_display()))


def removals_to_vote(user, today):
    """Open removal votes whose roll holds the member, without the member's mark."""
    member = scope.member_of(user)
    if member is None:
        return Removal.objects.none()
    return (Removal.objects.filter(state=RemovalState.OPEN, voters__member=member)
            .exclude(pk__in=RemovalMark.objects.filter(voter__member=member).values("removal_id"))
            .select_related("office", "union").order_by("id"))


def removal_item(r):
    return inbox.Item(title=_("罢免表决：%(office)s") % {"office": r.office}, url=reverse("elections:removal_vote", args=[r.pk]),
                      pk=r.pk, org=r.union.name)


inbox.register(inbox.Source(
    key="elections.rounds_to_vote", label=gettext_lazy("待我投票的选举"), capability=inbox.MEMBER,
    rows=rounds_to_vote, item=round_item, list_url="elections:mine", order=56, extra={"hub": "votes"}))

inbox.register(inbox.Source(
    key="elections.removals_to_vote", label=gettext_lazy("待我表决的罢免"), capability=inbox.MEMBER,
    rows=removals_to_vote, item=removal_item, list_url="elections:mine", order=57, extra={"hub": "votes"}))
