"""The plan metric "suggestions per member" (人均合理化建议): suggestions submitted in the period over an
organisation's subtree ÷ its members at the period's end (a team suggestion counts once). Registered under
the plans catalogue's code ``suggestions.per_member``, replacing the catalogue-only entry ``plans.metrics`` keeps
for it, so plan targets on suggestions are computed from the suggestions recorded."""
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, register
from gonghui.core.tree import PATH_END

from .models import Kind
from .queries import ADOPTED, submitted_under


def per_member(org, start, end):
    """▶ 4 suggestions in a union of 3 members → 1.33 per member. No members: not known (None)."""
    from django.db.models import Count, Q

    from gonghui.members.models import Member, Status

    members = (Member.objects.filter(org__path__gte=org.path, org__path__lt=org.path + PATH_END, join_date__lte=end)
               .exclude(status=Status.TERMINATED).count())
    if not members:
        return None
    row = submitted_under(org, start, end).aggregate(n=Count("id"), a=Count("id", filter=Q(status__in=ADOPTED)))
    value = (Decimal(row["n"]) / Decimal(members)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    kinds = dict(submitted_under(org, start, end).order_by().values_list("kind").annotate(n=Count("id")))
    return Reading(value, numerator=row["n"], denominator=members,
                   breakdown=((_("已采纳"), row["a"]),) + tuple((label, kinds.get(v, 0)) for v, label in Kind.choices),
                   records_url=reverse("suggestions:figures") + f"?org={org.code}&start={start}&end={end}")


register(Metric("suggestions.per_member", _("人均合理化建议"), "条", per_member, keywords=("合理化建议", "建议"),
                per_member=True,
                description=_("期间内提出的合理化建议条数（集体建议计一条）÷ 期末会员人数")))
