"""经审 (the audit committee): findings whose rectification is recorded and waits to be verified, and
findings still waiting for rectification (for the union's officers); finance disclosures owed (the bookkeeper's own
union, and the unions below for a federation's finance officer: ``coverage.owing``)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import AUDIT_BOOKS, KEEP_BOOKS, VIEW_FINANCE
from gonghui.orgs.models import Organisation

from . import coverage, periods
from .models import Finding


def to_verify(user, today):
    return (Finding.objects.visible_to(user, AUDIT_BOOKS)
            .filter(rectification_required=True, verified_at__isnull=True)
            .select_related("review__union").order_by("recorded_at", "id"))


def item(f):
    return inbox.Item(title=f.description[:60], url=reverse("finaudit:review", args=[f.review_id]), pk=f.pk,
                      org=f.review.union.name, detail=f.get_severity_display())


inbox.register(inbox.Source(
    key="finaudit.findings_due", label=gettext_lazy("待整改、待核实的审查问题"), capability=AUDIT_BOOKS,
    rows=to_verify, item=item, list_url="finaudit:reviews", order=25))


def disclosures_owed(user, today):
    """The bookkeeper's unions that owe their members the latest finance disclosure."""
    return coverage.owing(Organisation.objects.visible_to(user, KEEP_BOOKS), today)


def disclosures_owed_below(user, today):
    """For an upper union: the unions below it that owe their latest finance disclosure."""
    return coverage.owing(Organisation.objects.filter(scope.below_condition(user, VIEW_FINANCE, ""))
                          .exclude(scope.org_condition(user, KEEP_BOOKS, "")), today)


def owed_item(union):
    return inbox.Item(title=_("%(period)s财务公开") % {"period": periods.describe(union.owed_start, union.owed_end)},
                      url=reverse("finaudit:disclosures") + f"?org={union.code}", pk=union.pk, org=union.name,
                      detail=_("尚未公开"))


inbox.register(inbox.Source(
    key="finaudit.disclosures_owed", label=gettext_lazy("待公开的财务收支"), capability=KEEP_BOOKS,
    rows=disclosures_owed, item=owed_item, list_url="finaudit:disclosures", order=28))

inbox.register(inbox.Source(
    key="finaudit.disclosures_owed_below", label=gettext_lazy("下级工会未按期财务公开"), capability=VIEW_FINANCE,
    rows=disclosures_owed_below, item=owed_item, list_url="finaudit:disclosures", order=29))
