"""The plan metric "awards" (评先表彰): honours awarded — final lists fixed in the period — by an organisation
or any organisation under it, per level (see ``core.metrics``). Registered under the plans catalogue's code
``awards.count``, replacing the catalogue-only entry ``plans.metrics`` keeps for it, so plan targets on honours
are computed from the final lists."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register

from .models import Level
from .queries import awarded_count


def _awards(org, start, end):
    rows = awarded_count(org, start, end)
    return Reading(sum(rows.values()), breakdown=tuple((label, rows.get(value, 0)) for value, label in Level.choices),
                   detail=rows, records_url=reverse("honours:figures") + f"?org={org.code}&year={end.year}")


register(Metric("awards.count", _("评先表彰"), "项", _awards, keywords=("表彰", "评先", "先进集体", "先进个人"),
                description=_("期间内确定表彰名单的评先表彰项数（个人和集体，按确定日期），分级别")))
