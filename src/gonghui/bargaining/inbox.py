"""Bargaining items for the inbox: requests to bargain awaiting an answer (20-day clock), signed contracts to
file (10 days), contracts nearing expiry (from 3 months before their last day)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import RIGHTS

from .models import BargainingRequest, Contract


def requests_waiting(user, today):
    return (BargainingRequest.objects.visible_to(user, RIGHTS).filter(status=BargainingRequest.Status.WAITING)
            .select_related("union").order_by("answer_due", "id"))


def contracts_to_file(user, today):
    return (Contract.objects.visible_to(user, RIGHTS).filter(status=Contract.Status.SIGNED)
            .select_related("union").order_by("filing_due", "id"))


def contracts_expiring(user, today):
    return (Contract.objects.visible_to(user, RIGHTS)
            .filter(status=Contract.Status.FILED, remind_from__lte=today, ends_on__gte=today)
            .select_related("union").order_by("ends_on", "id"))


def _request_item(r):
    return inbox.Item(title=str(r), url=reverse("bargaining:request", args=[r.pk]), pk=r.pk, org=r.union.name,
                      due=r.answer_due, detail=_("收到要约 %(day)s") % {"day": r.received_on.isoformat()})


def _contract_item(c, due):
    return inbox.Item(title=c.title, url=reverse("bargaining:contract", args=[c.pk]), pk=c.pk, org=c.union.name,
                      due=due)


inbox.register(inbox.Source(key="bargaining.requests_waiting", label=gettext_lazy("待答复的协商要约"), capability=RIGHTS,
                            rows=requests_waiting, item=_request_item, list_url="bargaining:home", order=60))
inbox.register(inbox.Source(key="bargaining.contracts_to_file", label=gettext_lazy("待报送备案的集体合同"),
                            capability=RIGHTS, rows=contracts_to_file,
                            item=lambda c: _contract_item(c, c.filing_due), list_url="bargaining:home", order=61))
inbox.register(inbox.Source(key="bargaining.contracts_expiring", label=gettext_lazy("即将到期的集体合同"),
                            capability=RIGHTS, rows=contracts_expiring,
                            item=lambda c: _contract_item(c, c.ends_on), list_url="bargaining:home", order=62))
