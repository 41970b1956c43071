"""Safety figures and lists, set-based: one aggregate query per table and breakdown, whatever the number of
unions below the organisation asked about.

``statistics(org, start, end, today)`` counts the hazards reported in [start, end] under ``org`` (a union, or a
federation: its whole subtree, rolled up by the organisations directly below it in SQL, grouping on the prefix
of the union's path) per status, per month and per unit; the overdue ones (now); the rectification rate
(closed ÷ accepted) and the average days from report to closing. ``coverage(org, today)`` counts the branches
(workshops) with and without a monitor in office.
"""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import ExtractMonth, ExtractYear, Substr

from gonghui.orgs.models import PATH_END, STEP, Kind, Organisation

from .models import ENDED, WARN_DAYS, Hazard, Level, Monitor, Status


def in_subtree(org, field="union"):
    """Rows whose ``field`` organisation lies in ``org``'s subtree: an indexed range on the path."""
    return Q(**{f"{field}__path__gte": org.path, f"{field}__path__lt": org.path + PATH_END})


def hazards_under(org, start=None, end=None):
    qs = Hazard.objects.filter(in_subtree(org))
    if start:
        qs = qs.filter(reported_on__gte=start)
    if end:
        qs = qs.filter(reported_on__lte=end)
    return qs


def overdue(qs, today):
    return qs.filter(status=Status.RECTIFYING, deadline__lt=today)


@dataclass
class Statistics:
    org: Organisation
    start: datetime.date
    end: datetime.date
    total: int = 0
    by_status: list = field(default_factory=list)   # (status, label, count) in Status order
    by_level: list = field(default_factory=list)    # (level, label, count)
    by_month: list = field(default_factory=list)    # ("2026-03", reported, closed)
    by_unit: list = field(default_factory=list)     # (organisation, reported, closed, overdue)
    accepted: int = 0                               # reports that were hazards (not rejected or duplicates)
    closed: int = 0
    overdue: int = 0                                # now, whatever the report date
    average_days: Decimal | None = None             # report → closing, over the closed ones

    @property
    def rate(self):
        """Rectification rate, % (closed ÷ accepted), None when nothing was accepted."""
        if not self.accepted:
            return None
        return (Decimal(self.closed * 100) / self.accepted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def statistics(org, start, end, today) -> Statistics:
    """Six queries: per status and level, per month, the overdue count, the average, per unit, and the
    organisations the units are."""
    stats = Statistics(org, start, end)
    qs = hazards_under(org, start, end)
    counts = {(s, lv): n for s, lv, n in qs.order_by().values_list("status", "level").annotate(n=Count("id"))}
    per_status, per_level = {}, {}
    for (s, lv), n in counts.items():
        per_status[s] = per_status.get(s, 0) + n
        per_level[lv] = per_level.get(lv, 0) + n
    stats.by_status = [(v, label, per_status.get(v, 0)) for v, label in Status.choices]
    stats.by_level = [(v, label, per_level.get(v, 0)) for v, label in Level.choices]
    stats.total = sum(per_status.values())
    stats.closed = per_status.get(Status.CLOSED, 0)
    stats.accepted = stats.total - per_status.get(Status.REPORTED, 0) - per_status.get(Status.REJECTED, 0) \
        - per_status.get(Status.DUPLICATE, 0)
    months = {(y, m): (n, c) for y, m, n, c in qs.order_by().annotate(
        y=ExtractYear("reported_on"), m=ExtractMonth("reported_on")).values_list("y", "m").annotate(
        n=Count("id"), c=Count("id", filter=Q(status=Status.CLOSED))).values_list("y", "m", "n", "c")}
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        n, c = months.get((day.year, day.month), (0, 0))
        stats.by_month.append((f"{day:%Y-%m}", n, c))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    stats.overdue = overdue(Hazard.objects.filter(in_subtree(org)), today).count()
    span = qs.filter(status=Status.CLOSED).aggregate(
        d=Avg(ExpressionWrapper(F("closed_on") - F("reported_on"), output_field=DurationField())))["d"]
    if span is not None:
        days = Decimal(span.total_seconds()) / Decimal(86400)
        stats.average_days = days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    stats.by_unit = _by_unit(org, qs, today)
    return stats


def _by_unit(org, qs, today):
    """(unit, reported, closed, overdue) for each organisation directly below a federation — grouped in SQL on
    the first ``len(org.path) + STEP`` characters of the union's path — or for the union itself."""
    if org.kind in (Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP):
        cut, depth = len(org.path), org.depth
    else:
        cut, depth = len(org.path) + STEP, org.depth + 1
    rows = list(qs.order_by().annotate(unit=Substr("union__path", 1, cut)).values("unit").annotate(
        n=Count("id"), c=Count("id", filter=Q(status=Status.CLOSED)),
        o=Count("id", filter=Q(status=Status.RECTIFYING, deadline__lt=today))).values_list("unit", "n", "c", "o"))
    units = {o.path: o for o in Organisation.all_objects.filter(path__in=[r[0] for r in rows], depth=depth)
             .only("id", "name", "code", "path", "depth", "kind")}
    out = [(units[p], n, c, o) for p, n, c, o in rows if p in units]
    return sorted(out, key=lambda t: (-t[1], t[0].path))


# ---- monitors ----

def in_office(today):
    return Q(ended_on__isnull=True, appointed_on__lte=today, term_ends__gte=today)


@dataclass
class Coverage:
    branches: int
    covered: int

    @property
    def uncovered(self):
        return self.branches - self.covered

    @property
    def rate(self):
        if not self.branches:
            return None
        return (Decimal(self.covered * 100) / self.branches).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def branches_with_monitor(org, today):
    """The branches (workshops) under ``org`` annotated ``covered``: a monitor in office at the branch or at a
    group inside it (``Monitor.branch``, set at appointment)."""
    monitors = Monitor.objects.filter(in_office(today), branch=OuterRef("pk"))
    return (Organisation.objects.filter(kind=Kind.BRANCH, path__gte=org.path, path__lt=org.path + PATH_END)
            .annotate(covered=Exists(monitors)))


def coverage(org, today) -> Coverage:
    """Two indexed aggregates: the branches under ``org``, and the distinct branches with a monitor in office."""
    branches = Organisation.objects.filter(kind=Kind.BRANCH, path__gte=org.path, path__lt=org.path + PATH_END).count()
    covered = (Monitor.objects.filter(in_office(today), in_subtree(org, "branch"))
               .aggregate(n=Count("branch", distinct=True))["n"])
    return Coverage(branches, covered or 0)


# ---- inbox rows ----

def triage_rows(user, today, cap):
    return (Hazard.objects.visible_to(user, cap).filter(status=Status.REPORTED)
            .select_related("union").order_by("reported_on", "id"))


def deadline_rows(user, today, cap):
    """Rectifications due within WARN_DAYS, or overdue."""
    return (Hazard.objects.visible_to(user, cap).filter(status=Status.RECTIFYING,
                                                        deadline__lte=today + datetime.timedelta(days=WARN_DAYS))
            .select_related("union", "assignee").order_by("deadline", "id"))


def verification_rows(user, today, cap):
    return (Hazard.objects.visible_to(user, cap).filter(status__in=[Status.RECTIFIED, Status.VERIFIED])
            .select_related("union").order_by("rectified_on", "id"))


CLOSED_NEWS_DAYS = 14


def closed_for_reporter(user, today):
    """A reporter's own hazards closed in the last CLOSED_NEWS_DAYS days (the reporter's notice of closing)."""
    if not user or not user.is_authenticated:
        return Hazard.objects.none()
    return (Hazard.objects.filter(reporter_user=user, status=Status.CLOSED,
                                  closed_on__gte=today - datetime.timedelta(days=CLOSED_NEWS_DAYS))
            .select_related("union").order_by("-closed_on", "-id"))


def open_count(qs):
    return qs.exclude(status__in=ENDED).count()


# ---- the responsible person's hazards ----

def assigned_to(user):
    """Hazards assigned to the member behind ``user`` (``members.queries.member_for``), any state: they may read
    them and record the rectification. None for an account without a current member record."""
    from gonghui.members.queries import member_for

    member = member_for(user)
    return Hazard.objects.filter(assignee=member) if member is not None else Hazard.objects.none()


def readable(user):
    """``Hazard.objects.visible_to(user, VIEW)`` and the hazards assigned to the user's member record, named by pk
    (a handful) so the organisation condition stays indexed (as ``core.scope`` does for a reporter's own)."""
    from gonghui.core.capabilities import VIEW

    qs = Hazard.objects.visible_to(user, VIEW)
    own = list(assigned_to(user).values_list("pk", flat=True)[:1000])
    return qs | Hazard.objects.filter(pk__in=own) if own else qs


def assigned_rows(user, today):
    """The inbox's rows for an assignee: hazards waiting for their rectification, the soonest deadline first
    (overdue ones on top)."""
    return (assigned_to(user).filter(status=Status.RECTIFYING).select_related("union", "assignee")
            .order_by("deadline", "id"))
