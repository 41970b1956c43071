"""The plan metric "unionisation rate" (建会率), read from ``federation.rates`` — the one computation the
federation pages and API use too. The plans catalogue's ``members.rate_of_membership`` stays as it is."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register

from . import rates


def _unionisation(org, start, end):
    figures = rates.figures(org, on=end)
    rate = figures.unionisation
    if rate.value is None:
        return None
    note = _("职工人数统计日期：%(first)s至%(last)s；缺少人数未计入的单位：%(n)d家") % {
        "first": rate.counted_from or "—", "last": rate.counted_to or "—", "n": rate.left_out}
    return Reading(rate.value, numerator=rate.numerator, denominator=rate.denominator,
                   records_url=reverse("federation:employers") + f"?org={org.code}&status=should",
                   note=str(note), detail=figures)


register(Metric("federation.unionisation_rate", _("建会率"), "%", _unionisation,
                keywords=("建会率", "组建率", "建会"),
                description=_("已建会单位 ÷ 应建会单位（单位名录；职工人数达到总工会规定下限的单位，"
                              "以及加入联合工会、行业工会的较小单位）"),
                rule=_("县级以上总工会规定应建会的职工人数下限，默认25人")))
