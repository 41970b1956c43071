"""Election figures a work plan can measure: unions overdue for re-election (federation view), elections
held, and turnout. Each is one or two set-based queries over the organisation's subtree."""
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core.metrics import Metric, Reading, percent, register

HELD = ("counted", "approved")


def _subtree(org):
    from gonghui.orgs.models import Organisation

    return Organisation.objects.subtree(org).values("id")


def _held(org, start, end):
    from .models import Election

    return Election.objects.filter(union__in=_subtree(org), status__in=HELD, held_on__gte=start, held_on__lte=end)


def terms_overdue(org, start, end):
    """Unions whose current committee term ended before ``end`` (or today, if sooner) with no new one."""
    from .models import Term

    day = min(end, timezone.localdate())
    n = (Term.objects.filter(org__in=_subtree(org)).committees().overdue(day)
         .values("org_id").distinct().count())
    return Reading(n, records_url=reverse("elections:terms") + "?months=6")


def elections_held(org, start, end):
    row = _held(org, start, end).aggregate(
        n=Count("id"), committee=Count("id", filter=Q(kind="committee")),
        chair=Count("id", filter=Q(kind__in=["chair", "vice_chair"])))
    return Reading(row["n"], breakdown=((_("委员会选举"), row["committee"]), (_("主席、副主席选举"), row["chair"])),
                   records_url=reverse("elections:home") + "?status=approved")


def turnout(org, start, end):
    """Voters who voted (ballots issued on paper or cast on a phone) ÷ those entitled, over the counted
    first round (or its repeat) of each election held in the range."""
    from .models import Round

    row = Round.objects.filter(election__in=_held(org, start, end).values("id"), kind__in=["first", "repeat"],
                               state="counted").aggregate(voted=Sum("issued"), entitled=Sum("entitled"))
    if not row["entitled"]:
        return None
    return Reading(percent(row["voted"], row["entitled"]), numerator=row["voted"], denominator=row["entitled"],
                   records_url=reverse("elections:home"))


register(Metric("elections.terms_overdue", _("超期未换届的工会"), "个", terms_overdue,
                keywords=("超期未换届", "按期换届", "换届"), capability=RUN_ELECTIONS, higher_is_better=False,
                description=_("现任工会委员会任期已届满、尚未选出新一届的基层工会数")))
register(Metric("elections.elections_held", _("换届选举"), "次", elections_held,
                keywords=("换届选举", "选举"), capability=RUN_ELECTIONS,
                description=_("期间内完成计票的选举次数")))
register(Metric("elections.turnout", _("选举参选率"), "%", turnout,
                keywords=("参选率", "投票率"), capability=RUN_ELECTIONS,
                description=_("参加投票的选举人占应到会选举人的比例（各次选举的第一轮）")))
