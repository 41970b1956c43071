"""经审 (the audit committee): findings whose rectification is recorded and waits to be verified, and
findings still waiting for rectification (for the union's officers)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import AUDIT_BOOKS

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
