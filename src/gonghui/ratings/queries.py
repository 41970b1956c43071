"""Set-based reads of star ratings: a scheme's figures (one query per table whatever the number of unions),
its ranking (a window function over the reviewed assessments, paged by position), a union's history, and
the rows of the inbox."""
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Rank, RowNumber
from django.db.models import Window

from gonghui.core import scope
from gonghui.core.capabilities import RATE

from .models import Assessment, Scheme

PAGE = 50


@dataclass
class Figures:
    total: int
    submitted: int       # waiting for review
    returned: int
    reviewed: int
    missing: int         # not submitted (draft or returned)
    by_stars: list       # (stars, count) for each band, highest first, then None (below every band)
    average: object


def scheme_figures(scheme) -> Figures:
    """Counts by state and by stars of one scheme's assessments: two aggregate queries."""
    S = Assessment.Status
    rows = Assessment.objects.filter(scheme=scheme)
    c = rows.aggregate(total=Count("id"), submitted=Count("id", filter=Q(status=S.SUBMITTED)),
                       returned=Count("id", filter=Q(status=S.RETURNED)),
                       reviewed=Count("id", filter=Q(status=S.REVIEWED)),
                       draft=Count("id", filter=Q(status=S.DRAFT)))
    stars = dict(rows.filter(status=S.REVIEWED).order_by().values_list("stars").annotate(n=Count("id")))
    bands = [b.stars for b in scheme.bands.all()]
    by_stars = [(s, stars.get(s, 0)) for s in bands] + [(None, stars.get(None, 0))]
    from django.db.models import Avg

    average = rows.filter(status=S.REVIEWED).aggregate(a=Avg("final_score"))["a"]
    return Figures(total=c["total"], submitted=c["submitted"], returned=c["returned"], reviewed=c["reviewed"],
                   missing=c["draft"] + c["returned"], by_stars=by_stars,
                   average=round(average, 2) if average is not None else None)


def ranking(scheme, after=0, size=PAGE):
    """The reviewed assessments of a scheme, best first, with their rank (ties share it: 1, 2, 2, 4) and
    position; the page after position ``after``. Returns (rows, next position or None)."""
    ranked = (Assessment.objects.filter(scheme=scheme, status=Assessment.Status.REVIEWED)
              .select_related("union")
              .annotate(rank=Window(Rank(), order_by=F("final_score").desc()),
                        position=Window(RowNumber(), order_by=[F("final_score").desc(), F("id").asc()])))
    rows = list(ranked.filter(position__gt=after).order_by("position")[:size + 1])
    more = rows[size - 1].position if len(rows) > size else None
    return rows[:size], more


def history(union):
    """A union's assessments over the years, newest scheme first (one query)."""
    return list(Assessment.objects.filter(union=union, scheme__deleted_at__isnull=True)
                .select_related("scheme", "scheme__federation").order_by("-scheme__year", "-id"))


def to_submit(user, today):
    """Self-assessments the user's union still has to submit, before their due day — for the union's
    officers, not the federation that reviews them."""
    S = Assessment.Status
    return (Assessment.objects.visible_to(user, RATE)
            .filter(scheme__status=Scheme.Status.OPEN, scheme__deleted_at__isnull=True)
            .filter(Q(status=S.DRAFT, scheme__deadline__gte=today) | Q(status=S.RETURNED, correction_due__gte=today))
            .exclude(scope.org_condition(user, RATE, "scheme__federation"))
            .select_related("scheme", "union").order_by("scheme__deadline", "id"))


def to_review(user, today=None):
    """Submitted self-assessments waiting for the federation's review."""
    return (Assessment.objects.filter(scope.org_condition(user, RATE, "scheme__federation"),
                                      status=Assessment.Status.SUBMITTED, scheme__deleted_at__isnull=True)
            .select_related("scheme", "union").order_by("submitted_on", "id"))
