"""The plan metric "labour-law supervision inspections" (劳动法律监督检查): inspections in the period over an
organisation's subtree, with the 监督意见书 issued and rectified (``queries.statistics`` is the same count)."""
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register
from . import queries
from .models import Opinion


def _inspections(org, start, end):
    n = queries.inspections_under(org, start, end).count()
    o = queries.opinions_under(org, start, end).aggregate(
        issued=Count("id"), rectified=Count("id", filter=Q(status=Opinion.Status.RECTIFIED)))
    return Reading(n, breakdown=((_("监督意见书"), o["issued"]), (_("已整改"), o["rectified"])),
                   records_url=reverse("supervision:figures") + f"?org={org.code}&start={start}&end={end}")


register(Metric("supervision.inspections", _("劳动法律监督检查"), "次", _inspections,
                keywords=("劳动法律监督", "法律监督", "监督检查"),
                description=_("期间内劳动法律监督委员会开展的监督检查次数，及发出、整改的监督意见书")))
