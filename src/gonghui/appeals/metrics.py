"""Members' request figures a plan can target: requests received and the share answered to the member's
satisfaction (满意 and 基本满意 among the rated)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import RIGHTS
from gonghui.core.metrics import Metric, Reading, percent, register


def _url(org):
    return reverse("appeals:stats") + f"?org={org.code}"


def received(org, start, end):
    from .queries import appeals_under

    return Reading(appeals_under(org, start, end).count(), records_url=_url(org))


def satisfaction(org, start, end):
    from django.db.models import Count, Q

    from .models import Rating
    from .queries import appeals_under

    agg = appeals_under(org, start, end).aggregate(
        rated=Count("id", filter=~Q(rating="")),
        satisfied=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])))
    if not agg["rated"]:
        return None
    return Reading(percent(agg["satisfied"], agg["rated"]), numerator=agg["satisfied"], denominator=agg["rated"],
                   records_url=_url(org))


register(Metric("appeals.received", _("受理职工诉求"), "件", received, keywords=("职工诉求", "诉求", "投诉"),
                capability=RIGHTS, description=_("期间内会员提交的诉求（含匿名）件数")))
register(Metric("appeals.satisfaction", _("诉求办理满意率"), "%", satisfaction, keywords=("诉求满意率", "办理满意率"),
                capability=RIGHTS, description=_("已评价的诉求中“满意”和“基本满意”所占比例")))
