"""Terms of a union's committee and audit committee: started by an approved election, or recorded and
deleted by hand."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind as OrgKind

from .. import rules
from ..models import Body, Term
from ._common import TERM_FIELDS, _lock_union

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
        errors["org"] = [_("任期只记录基层工会的")]
    if body not in Body.values:
        errors["body"] = [_("机构应为工会委员会或经费审查委员会")]
    if elected_on is None:
        errors["elected_on"] = [_("请填写选举日期")]
    elif elected_on > timezone.localdate():
        errors["elected_on"] = [_("选举日期不能晚于今天")]
    try:
        years = int(years)
    except (TypeError, ValueError):
        years = 0
    if years not in rules.TERM_YEARS:
        errors["years"] = [_("任期应为3年或5年")]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(org)
        if Term.objects.filter(org=org, body=body, elected_on=elected_on).exists():
            raise ActionError(_("该届任期已记录"), field="elected_on")
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
