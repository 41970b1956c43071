"""The plan metric "mediation cases" (劳动争议调解): cases the committees accepted in the period, over an
organisation's subtree (see ``core.metrics``); it replaces the plans catalogue's placeholder."""
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register

from .models import Case
from gonghui.orgs.rollup import in_subtree


def _cases(org, start, end):
    rows = dict(Case.objects.filter(in_subtree(org), accepted_on__gte=start, accepted_on__lte=end)
                .order_by().values_list("status").annotate(n=Count("id")))
    total = sum(rows.values())
    breakdown = tuple((label, rows.get(value, 0)) for value, label in Case.Status.choices
                      if value not in (Case.Status.APPLIED, Case.Status.REFUSED))
    return Reading(total, breakdown=breakdown, detail=rows,
                   records_url=reverse("mediation:figures") + f"?org={org.code}&start={start}&end={end}")


register(Metric("mediation.cases", _("劳动争议调解"), "件", _cases, keywords=("调解", "劳动争议"),
                description=_("期间内调解委员会受理的劳动争议件数（按受理日期），分调解结果")))
