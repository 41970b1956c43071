"""Labour-law supervision figures, set-based: for a union or a federation's subtree (rolled up by the units
directly below it), over a range of days — inspections (by month, refused signatures), 监督意见书 issued and
how they ended (answered in time or late, overdue unanswered, rectified, ignored), and the federation's
监督建议书 to the labour department with its decisions. Four aggregate queries whatever the number of unions."""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from gonghui.orgs.rollup import in_subtree, roll_up

from .models import Inspection, Opinion, Recommendation


@dataclass
class Statistics:
    org: object
    start: datetime.date
    end: datetime.date
    inspections: int = 0
    refused_signature: int = 0
    opinions: dict = field(default_factory=dict)          # issued, on_time, late, overdue, rectified, ignored
    recommendations: dict = field(default_factory=dict)   # sent, filed, not_filed, pending
    by_month: list = field(default_factory=list)          # ("2026-03", inspections)
    by_unit: list = field(default_factory=list)           # (unit, inspections, opinions, rectified)

    @property
    def rectification_rate(self):
        issued = self.opinions.get("issued", 0)
        return round(self.opinions.get("rectified", 0) * 100 / issued, 1) if issued else None


def inspections_under(org, start, end):
    return Inspection.objects.filter(in_subtree(org, "org"), inspected_on__gte=start, inspected_on__lte=end)


def opinions_under(org, start, end):
    return Opinion.objects.filter(in_subtree(org, "org"), issued_on__gte=start, issued_on__lte=end)


def statistics(org, start, end, today) -> Statistics:
    stats = Statistics(org, start, end)
    inspections = inspections_under(org, start, end)
    row = inspections.aggregate(n=Count("id"), refused=Count("id", filter=Q(signature=Inspection.Signature.REFUSED)))
    stats.inspections, stats.refused_signature = row["n"], row["refused"]
    months = {(y, m): n for y, m, n in inspections.order_by().annotate(
        y=ExtractYear("inspected_on"), m=ExtractMonth("inspected_on")).values_list("y", "m").annotate(n=Count("id"))}
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        stats.by_month.append((f"{day:%Y-%m}", months.get((day.year, day.month), 0)))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    opinions = opinions_under(org, start, end)
    answered = Q(answered_on__isnull=False)
    stats.opinions = opinions.aggregate(
        issued=Count("id"),
        on_time=Count("id", filter=answered & Q(answered_on__lte=F("answer_due"))),
        late=Count("id", filter=answered & Q(answered_on__gt=F("answer_due"))),
        overdue=Count("id", filter=Q(status=Opinion.Status.ISSUED, answer_due__lt=today)),
        rectified=Count("id", filter=Q(status=Opinion.Status.RECTIFIED)),
        ignored=Count("id", filter=Q(status=Opinion.Status.IGNORED)))
    recommendations = Recommendation.objects.filter(in_subtree(org, "opinion__org"), sent_on__gte=start,
                                                    sent_on__lte=end)
    stats.recommendations = recommendations.aggregate(
        sent=Count("id"), filed=Count("id", filter=Q(decision=Recommendation.Decision.FILED)),
        not_filed=Count("id", filter=Q(decision=Recommendation.Decision.NOT_FILED)),
        pending=Count("id", filter=Q(decision="")))
    per_org = {}
    for org_id, n in inspections.order_by().values_list("org_id").annotate(n=Count("id")):
        per_org[org_id] = [n, 0, 0]
    for org_id, n, r in opinions.order_by().values_list("org_id").annotate(
            n=Count("id"), r=Count("id", filter=Q(status=Opinion.Status.RECTIFIED))):
        per_org.setdefault(org_id, [0, 0, 0])[1:] = [n, r]
    stats.by_unit = roll_up(org, {k: tuple(v) for k, v in per_org.items()})
    return stats
