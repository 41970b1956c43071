"""A term's delegates: added from paper records or a confirmed constituency election, removed, and the
list confirmed against the composition rules."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses
from gonghui.core.scope import require
from gonghui.members.models import Status as MemberStatus

from ..models import Category, Delegate
from ..queries import composition_checks
from ._common import DELEGATE_FIELDS, TERM_FIELDS, _created, _lock, _required, _today

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
                     note=clauses(c.message for c in failing))
    return term
