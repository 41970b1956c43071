"""Inbox items of mediation: accepted cases whose 15 days end within three days, or have passed without an
outcome (either party may now seek arbitration)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import MEDIATE

from . import queries


def _item(case):
    today = inbox.today()
    if case.clock_ends < today:
        detail = _("调解期限已过，未结案；可申请仲裁日期：%(day)s") % {"day": case.arbitration_from.isoformat()}
    else:
        detail = _("调解期限%(day)s届满") % {"day": case.clock_ends.isoformat()}
    return inbox.Item(title=case.label, url=reverse("mediation:case", args=[case.pk]), pk=case.pk,
                      org=case.union.name, due=case.clock_ends, detail=detail)


inbox.register(inbox.Source(
    key="mediation.clock", label=gettext_lazy("调解期限将满或已过"), capability=MEDIATE,
    rows=lambda user, today: queries.clock_rows(user, today, MEDIATE), item=_item,
    list_url="mediation:cases", order=60))
