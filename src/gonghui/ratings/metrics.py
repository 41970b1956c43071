"""The plan metric "ratings given" (星级评定): grassroots unions under an organisation awarded stars by a
federation's review in the period (see ``core.metrics``), with the count per star level."""
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register
from gonghui.orgs.models import Organisation

from .models import Assessment


def _starred(org, start, end):
    rows = dict(Assessment.objects.filter(union__in=Organisation.objects.subtree(org).values("id"),
                                          status=Assessment.Status.REVIEWED, stars__isnull=False,
                                          reviewed_on__gte=start, reviewed_on__lte=end,
                                          scheme__deleted_at__isnull=True)
                .order_by().values_list("stars").annotate(n=Count("id")))
    breakdown = tuple((gettext("%(n)s星") % {"n": s}, rows[s]) for s in sorted(rows, reverse=True))
    return Reading(sum(rows.values()), breakdown=breakdown, detail=rows,
                   records_url=reverse("ratings:home") + f"?org={org.code}")


register(Metric("ratings.starred_unions", _("星级评定（获星级的基层工会）"), "个", _starred,
                keywords=("星级", "职工之家", "评星", "星级评定"),
                description=_("期间内经上级工会评审获得星级的基层工会个数（按评定日期），分星级"),
                rule=_("上级工会制定的星级评定方案和分数段")))
