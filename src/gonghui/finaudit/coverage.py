"""Which unions owe their members a finance disclosure (财务公开): the one computation behind the inbox of the
union's bookkeeper and of the federation above it.

A union owes the disclosure of its latest whole interval (``DisclosureSetting``: quarterly, half-yearly by
default, or yearly, counted from January; ``periods.last_completed``) until a published disclosure reaches
the end of that interval. A union founded after that interval ended owes nothing for it. One query whatever
the number of unions: the interval of each union is a subquery, the three possible intervals are constants.
"""
from django.db.models import Case, DateField, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from gonghui.orgs.models import Kind

from . import periods
from .models import Disclosure, DisclosureSetting

INTERVALS = tuple(DisclosureSetting.Interval.values)


def owing(unions, today):
    """``unions`` (an Organisation queryset) narrowed to the grassroots unions with no published disclosure
    reaching the end of their latest whole interval, annotated ``interval_months`` and the interval owed,
    ``owed_start`` and ``owed_end``."""
    interval = Coalesce(Subquery(DisclosureSetting.objects.filter(union=OuterRef("pk")).values("interval_months")[:1]),
                        Value(DisclosureSetting.DEFAULT), output_field=IntegerField())
    owed, starts, ends = Q(pk__in=[]), [], []
    for months in INTERVALS:
        start, end = periods.last_completed(months, today)
        starts.append(When(interval_months=months, then=Value(start)))
        ends.append(When(interval_months=months, then=Value(end)))
        published = Disclosure.objects.filter(union=OuterRef("pk"), status=Disclosure.Status.PUBLISHED, end__gte=end)
        owed |= (Q(interval_months=months) & ~Exists(published)
                 & (Q(founded_on__isnull=True) | Q(founded_on__lte=end)))
    return (unions.filter(kind=Kind.GRASSROOTS).annotate(interval_months=interval).filter(owed)
            .annotate(owed_start=Case(*starts, output_field=DateField()), owed_end=Case(*ends, output_field=DateField()))
            .order_by("path"))
