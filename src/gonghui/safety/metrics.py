"""The plan metric "hazards rectified" (隐患整改销号): hazards closed in the period over an organisation's
subtree (see ``core.metrics``), by level."""
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register

from .models import Hazard, Level, Status
from .queries import in_subtree


def _rectified(org, start, end):
    rows = dict(Hazard.objects.filter(in_subtree(org), status=Status.CLOSED, closed_on__gte=start,
                                      closed_on__lte=end).order_by().values_list("level").annotate(n=Count("id")))
    return Reading(sum(rows.values()), breakdown=tuple((label, rows.get(v, 0)) for v, label in Level.choices),
                   detail=rows, records_url=reverse("safety:hazards") + f"?org={org.code}&status=closed")


register(Metric("safety.hazards_rectified", _("隐患整改销号"), "件", _rectified,
                keywords=("隐患", "安全生产", "安康杯", "整改"),
                description=_("期间内整改完成并验收销号的安全隐患件数（按销号日期），分一般隐患和重大隐患")))
