"""What the congress actions share: the shapes of their audit snapshots, input checks, row locks, and the
rules every self-service or voting step checks (the actor is a delegate of the term; the quorum is met)."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind as OrgKind, Organisation

from .. import rules
from ..queries import attendance_counts, delegate_of

TERM_FIELDS = ["number", "kind", "start", "end", "employee_count", "women_employees", "confirmed_at", "confirm_override"]
DELEGATE_FIELDS = ["member", "category", "group", "elected_on", "constituency", "election"]
SESSION_FIELDS = ["meeting", "date", "place", "agenda", "proposals_from", "proposals_until", "special", "status",
                  "papers_sent_on"]


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


def _self_delegate(actor, term):
    d = delegate_of(actor, term)
    if d is None:
        raise ActionError(_("您不是本届代表"), field="delegate")
    return d


def _require_quorum(session, field="quorum"):
    total, present = attendance_counts(session)
    if total == 0:
        raise ActionError(_("本届还没有代表"), field=field)
    need = rules.quorum(total)
    if present < need:
        raise ActionError(_("到会代表%(present)s人，不足全体代表%(total)s人的三分之二（应至少%(need)s人），不能表决")
                          % {"present": present, "total": total, "need": need}, field=field)
    return total, present
