"""What the election actions share: the shapes of their audit snapshots, who may act (the union; the
upper union for approvals), the status check, row locks, the refusal of a write that lost a race, and the
marking of voters handed paper ballots."""
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core import ballots as secret
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.members.models import Status as MemberStatus
from gonghui.orgs.models import Organisation

from ..models import Election

ELECTION_FIELDS = ["title", "kind", "seats", "assembly", "threshold_basis", "term_years", "status", "held_on",
                   "published", "seats_left_empty", "awaiting_decision"]
ROUND_FIELDS = ["number", "kind", "state", "seats", "entitled", "present", "issued", "returned", "invalid",
                "threshold"]
TERM_FIELDS = ["org", "body", "elected_on", "years", "ends_on", "note"]
OFFICE_FIELDS = ["post", "name", "started_on", "ended_on", "removed_on", "removal_reason", "current"]
ROLL_STATUSES = [MemberStatus.ACTIVE.value, MemberStatus.TRANSFERRING.value]


def _require_union(actor, election):
    scope.require(actor, RUN_ELECTIONS, election.union)


def _require_upper(actor, union):
    """The upper union approves: RUN_ELECTIONS at the union's parent (a union cannot approve itself)."""
    parent = union.parent
    if parent is None:
        if not (actor and actor.is_superuser):
            raise ActionError(_("该工会没有上级工会，无法报批"), field="union")
        return
    scope.require(actor, RUN_ELECTIONS, parent)


def _status(election, *allowed, message=None):
    if election.status not in allowed:
        raise ActionError(message or _("选举当前状态为“%(status)s”，不能进行此操作")
                          % {"status": election.get_status_display()}, field="status")


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


def _mark_once(kind, box, members, voters, twice_message):
    """Mark the voters handed paper ballots (the caller holds the box's lock), naming those who have
    voted already, whether the check or the unique mark (``core.ballots.mark``) finds them.
    ``twice_message`` is the refusal, translated, with ``%(names)s`` for the names."""
    def refuse():
        done = secret.voted(kind, box, voters.values())
        twice = [m.name for m in members if voters[m.pk] in done]
        if twice:
            raise ActionError(twice_message % {"names": words(twice[:10])}, field="members")

    refuse()
    try:
        return secret.mark(kind, box, voters.values())
    except ActionError:
        refuse()
        raise
