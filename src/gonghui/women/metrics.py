"""The plan metric "share of women among members" (女会员占比) over an organisation's subtree at the end of
the period (see ``core.metrics``)."""
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, percent, register
from gonghui.members.models import Sex

from .queries import current_members


def _share(org, start, end):
    row = current_members(org).filter(join_date__lte=end).aggregate(
        n=Count("id"), w=Count("id", filter=Q(sex=Sex.FEMALE)))
    if not row["n"]:
        return None
    return Reading(percent(row["w"], row["n"]), numerator=row["w"], denominator=row["n"],
                   breakdown=((_("女会员"), row["w"]),),
                   records_url=reverse("women:figures") + f"?org={org.code}")


register(Metric("women.share_of_members", _("女会员占比"), "%", _share, keywords=("女职工", "女会员", "女工"),
                description=_("期末在册会员（不含已终止会籍）中女会员所占比例")))
