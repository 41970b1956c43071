"""Statistics of members' requests for a union or a federation's whole subtree: by category, by month, and
per organisation directly below (the federation's roll-up), each with answered, overdue and satisfaction
counts. Set-based: three grouped queries whatever the number of unions."""
import datetime

from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth

from gonghui.core.capabilities import RIGHTS
from gonghui.core.tree import STEP

from .models import Appeal, Rating

COUNTS = {
    "total": Count("id"),
    "answered": Count("id", filter=Q(status__in=[Appeal.Status.ANSWERED, Appeal.Status.CLOSED])),
    "escalated": Count("id", filter=Q(escalations__gt=0)),
    "rated": Count("id", filter=~Q(rating="")),
    "satisfied": Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
    "anonymous": Count("id", filter=Q(anonymous=True)),
}


def _overdue(today):
    return Count("id", filter=Q(status=Appeal.Status.OPEN, due__lt=today))


def appeals_under(org, start, end):
    from gonghui.orgs.models import Organisation

    return Appeal.objects.filter(union__in=Organisation.objects.subtree(org).values("id"), deleted_at__isnull=True,
                                 submitted_on__gte=start, submitted_on__lte=end)


def statistics(org, start: datetime.date, end: datetime.date, today=None):
    """{"totals", "by_category", "by_month", "by_child"} over ``org``'s subtree for requests submitted in
    [start, end]. ``by_child`` rolls each organisation directly below ``org`` up (for a grassroots union: the
    union itself)."""
    from gonghui.orgs.models import Organisation

    today = today or datetime.date.today()
    qs = appeals_under(org, start, end)
    counts = {**COUNTS, "overdue": _overdue(today)}
    totals = qs.aggregate(**counts)
    by_category = list(qs.values("category").annotate(**counts).order_by("category"))
    by_month = list(qs.annotate(month=TruncMonth("submitted_on")).values("month").annotate(**counts).order_by("month"))
    width = len(org.path) + STEP
    grouped = list(qs.annotate(branch=Substr("union__path", 1, width)).values("branch").annotate(**counts)
                   .order_by("branch"))
    names = dict(Organisation.all_objects.filter(path__in=[g["branch"] for g in grouped]).values_list("path", "name"))
    if org.kind == "grassroots":
        names[org.path[:width]] = org.name
    by_child = [{**g, "name": names.get(g["branch"], org.name)} for g in grouped]
    return {"totals": totals, "by_category": by_category, "by_month": by_month, "by_child": by_child}


def officers_at(org, limit=50):
    """Users holding RIGHTS at ``org`` or above (the officers a request there can go to), by login name."""
    from gonghui.accounts.models import User
    from gonghui.core.capabilities import kinds_with

    users = (User.objects.filter(is_active=True, roles__org__path__in=org.ancestor_paths(),
                                 roles__kind__in=kinds_with(RIGHTS)).distinct().order_by("username"))
    return list(users if limit is None else users[:limit])
