"""The member's own mutual-aid claims still in progress (submitted, under review, approved not yet paid)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope

from .models import Claim, ClaimStatus, OPEN_STATUSES


def my_claims(user, today):
    member = scope.member_of(user)
    if member is None:
        return Claim.objects.none()
    return (Claim.objects.filter(member=member, status__in=[*OPEN_STATUSES, ClaimStatus.APPROVED])
            .select_related("plan", "union").order_by("-incident_date", "-id"))


def item(c):
    return inbox.Item(title=c.plan.name, url=reverse("mutualaid:mine"), pk=c.pk, org=c.union.name,
                      detail=_("%(status)s，申请%(amount)s元") % {"status": c.get_status_display(),
                                                              "amount": c.amount_claimed})


inbox.register(inbox.Source(
    key="mutualaid.my_claims", label=gettext_lazy("我在办理中的互助申请"), capability=inbox.MEMBER, rows=my_claims,
    item=item, list_url="mutualaid:mine", order=70, notify=False, extra={"hub": "claims"}))
