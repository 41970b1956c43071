"""Read-side queries: participation statistics, the year's activity list, the calendar, an event's
budget against its spending and its teams against the composition rule.

Participation rate = distinct members who checked in at any event in the range ÷ the members it is
measured against (active members of the union or of the branch; for one event, its eligible members).
Everything here is a handful of set-based queries, whatever the number of members or check-ins.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Case, Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.metrics import percent
from gonghui.members.models import Member, Sex, Status
from gonghui.orgs.models import STEP, Kind as OrgKind, Organisation

from . import summary
from .models import Attendance, Event, EventCost, EventStatus, MemberYear, Photo, RegStatus, Team

HELD = (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.FINISHED)


def _day_bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def _union_filter(org, field):
    """Rows of ``org`` (a grassroots union) or of every union under ``org`` (a federation)."""
    if org.kind == OrgKind.GRASSROOTS:
        return Q(**{f"{field}_id": org.pk})
    return Q(**{f"{field}__in": Organisation.objects.filter(path__startswith=org.path, kind=OrgKind.GRASSROOTS)
                .values("id")})


def not_ended(now):
    """Events not over at ``now``: their end time is still ahead, or (no end time) their day is today or later."""
    today = timezone.make_aware(datetime.datetime.combine(timezone.localtime(now).date(), datetime.time()))
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=today)


def attendances(org, start, end):
    return Attendance.objects.filter(_union_filter(org, "union"), day__gte=start, day__lte=end)


NOTHING = Q(pk__isnull=True)  # matches no row (only used when a range has no whole months / no partial days)


def union_ids(org) -> list[int]:
    """The grassroots unions ``org`` stands for: itself, or every union under a federation (one small
    query). A literal list gives the planner exact estimates, where a path subquery made it pick a
    nested loop over 700,000 rows."""
    if org.kind == OrgKind.GRASSROOTS:
        return [org.pk]
    return list(Organisation.objects.filter(path__startswith=org.path, kind=OrgKind.GRASSROOTS)
                .values_list("id", flat=True))


def _unions_q(unions, field="union"):
    return Q(**{f"{field}_id": unions[0]}) if len(unions) == 1 else Q(**{f"{field}_id__in": unions})


def _summary_parts(unions, start, end):
    """(summary rows of the range's whole months, an expression counting their check-ins in the range,
    Attendance rows of the range's partial months). Together they hold exactly the range's check-ins."""
    months, partial = summary.split(start, end)
    rows_q, counts = None, []
    for year, first, last in months:
        if (first, last) == (1, 12):
            q = Q(year=year)  # rows exist only while n > 0 (summary._bump deletes them at 0)
            expr = F("n")
        else:
            any_month = Q(**{f"m{first}__gt": 0})
            for m in range(first + 1, last + 1):
                any_month |= Q(**{f"m{m}__gt": 0})
            q = Q(year=year) & any_month
            expr = sum((F(f"m{m}") for m in range(first + 1, last + 1)), F(f"m{first}"))
        rows_q = q if rows_q is None else rows_q | q
        counts.append(When(year=year, then=expr))
    rows = MemberYear.objects.filter(_unions_q(unions), NOTHING if rows_q is None else rows_q)
    count = Case(*counts, default=Value(0), output_field=IntegerField()) if counts else Value(0)
    days_q = None
    for lo, hi in partial:
        q = Q(day__gte=lo, day__lte=hi)
        days_q = q if days_q is None else days_q | q
    return rows, count, Attendance.objects.filter(_unions_q(unions), NOTHING if days_q is None else days_q)


def _participant_ids_sql(unions, start, end):
    """SQL (and params) selecting the distinct ids of the members who checked in at least once in [start, end]."""
    months, partial = summary.split(start, end)
    rows, _count, days = _summary_parts(unions, start, end)
    ids = rows.order_by().values("member_id")
    if len(months) > 1 or len(unions) > 1:  # a member may have several summary rows
        ids = ids.distinct()
    sql, params = ids.query.sql_with_params()
    if partial:
        sql2, p2 = days.order_by().values("member_id").query.sql_with_params()
        sql, params = f"{sql} UNION {sql2}", (*params, *p2)  # UNION removes duplicates
    return sql, tuple(params)


def participant_ids(org, start, end):
    """The ids of the members who checked in at least once in [start, end] (an expression for ``pk__in``)."""
    return RawSQL(*_participant_ids_sql(union_ids(org), start, end))


def _participants_by_org_sql(unions, start, end):
    """SQL (and params) of rows (org_id, sex, n): the members who checked in at least once in [start, end],
    counted once each, by their current organisation and sex. Whole months come from the summary alone
    (no member row is read); partial months from the check-ins joined to the roster. A member's summary
    rows all carry the same (org, sex), so within a group ``COUNT(DISTINCT member_id)`` — or UNION across
    the two sources — counts each member once."""
    months, partial = summary.split(start, end)
    rows, _count, days = _summary_parts(unions, start, end)
    if not partial:
        several = len(months) > 1 or len(unions) > 1  # a member may have several summary rows
        counted = Count("member_id", distinct=True) if several else Count("*")
        grouped = rows.order_by().values("org_id", "sex").annotate(n=counted).values_list("org_id", "sex", "n")
        return grouped.query.sql_with_params()
    people = rows.order_by().values("member_id", "org_id", "sex")
    sql, params = people.query.sql_with_params()
    sql2, p2 = days.order_by().values("member_id", "member__org_id", "member__sex").query.sql_with_params()
    return (f"SELECT p.org_id, p.sex, COUNT(*) AS n FROM ({sql} UNION {sql2}) p GROUP BY p.org_id, p.sex",
            (*params, *p2))


def _people(unions, key, start, end):
    """[(key, sex, participants, active members)], ``key`` being "org_id" (a union's branches) or "union_id"
    (a federation's unions), in one statement: participants from ``_participants_by_org_sql`` and active
    members grouped in the order of the (union, status, org, sex) index (no sort)."""
    by_org, part_params = _participants_by_org_sql(unions, start, end)
    active = Member.objects.filter(_unions_q(unions), status=Status.ACTIVE)
    where_sql, where_params = active.query.get_compiler(connection=connection).compile(active.query.where)
    t = connection.ops.quote_name(Member._meta.db_table)
    if key == "org_id":
        participants = f"SELECT g.org_id, g.sex, g.n, 0 FROM ({by_org}) g"
    else:  # fold organisations into their unions: a join of the grouped rows, not of the participants
        orgs = connection.ops.quote_name(Organisation._meta.db_table)
        participants = (f"SELECT o.union_id, g.sex, SUM(g.n), 0 FROM ({by_org}) g "
                        f"JOIN {orgs} o ON o.id = g.org_id GROUP BY o.union_id, g.sex")
    member_key = f"{t}.{connection.ops.quote_name(key)}"
    sql = f"""{participants}
              UNION ALL
              SELECT {member_key}, {t}.sex, 0, COUNT(*) FROM {t} WHERE {where_sql}
              GROUP BY {t}.union_id, {t}.org_id, {t}.sex"""
    merged: dict[tuple, list[int]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, (*part_params, *where_params))
        for k, sex, n_p, n_m in cur.fetchall():
            pair = merged.setdefault((k, sex), [0, 0])
            pair[0] += int(n_p)
            pair[1] += int(n_m)
    return [(k, sex, n_p, n_m) for (k, sex), (n_p, n_m) in merged.items()]


def attendance_totals(org, start, end, *, women=True, unions=None) -> dict:
    """{"n": check-ins in [start, end], "women": of them by women} in one query: the summary's whole
    months (which carry the member's sex) plus the Attendance rows of partial months (joined to the
    roster only when there are any). ``women=False`` leaves the women's count out."""
    _months, partial = summary.split(start, end)
    rows, count, days = _summary_parts(unions or union_ids(org), start, end)
    female = Case(When(sex=Sex.FEMALE, then=count), default=Value(0), output_field=IntegerField())
    s1, params = rows.order_by().annotate(_n=count, _w=female if women else Value(0)).values(
        "_n", "_w").query.sql_with_params()
    sql = f"SELECT COALESCE(SUM(t._n), 0) AS n, COALESCE(SUM(t._w), 0) AS w FROM ({s1}) t"
    if partial:  # at most two months' check-ins, read from Attendance
        s2, p2 = days.order_by().values("pk").query.sql_with_params()
        if women:
            s3, p3 = days.order_by().filter(member__sex=Sex.FEMALE).values("pk").query.sql_with_params()
        else:
            s3, p3 = "SELECT 1 WHERE 1 = 0", ()
        sql = (f"SELECT a.n + (SELECT COUNT(*) FROM ({s2}) u), a.w + (SELECT COUNT(*) FROM ({s3}) v) "
               f"FROM ({sql}) a")
        params = (*p2, *p3, *params)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        values = [int(v) for v in cur.fetchone()]
    return {"n": values[0], "women": values[1] if women else None}


def events_held(org, start, end):
    lo, hi = _day_bounds(start, end)
    return Event.objects.filter(_union_filter(org, "union"), starts_at__gte=lo, starts_at__lt=hi, status__in=HELD)


@dataclass
class Row:
    label: str
    participants: int
    members: int
    org_id: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.participants, self.members)


@dataclass
class Participation:
    participants: int
    members: int
    women: int
    men: int
    women_members: int
    men_members: int
    attendances: int
    events: int
    rows: list = field(default_factory=list)

    @property
    def rate(self):
        return percent(self.participants, self.members)

    @property
    def women_rate(self):
        return percent(self.women, self.women_members)

    @property
    def men_rate(self):
        return percent(self.men, self.men_members)


def participation(org, start, end) -> Participation:
    """Participation over a date range for a union (rows per branch) or a federation (rows per union).

    Five queries whatever the size: (for a federation, its unions' ids;) participants and active members by
    (organisation, sex) in one statement — participants from the ``MemberYear`` summary, which carries each
    member's organisation and sex, so no member row is read for them; active members from the (union,
    status, organisation, sex) index — folded into branches here from the organisation paths; the number of
    check-ins (the summary plus partial months' rows), the events that had any (and, for a union, its
    branches). See ``summary.py``.
    """
    grassroots = org.kind == OrgKind.GRASSROOTS
    key = "org_id" if grassroots else "union_id"
    unions = union_ids(org)
    people = _people(unions, key, start, end)
    by_p = [(k, sex, n) for k, sex, n, _m in people if n]
    by_m = [(k, sex, n) for k, sex, _p, n in people if n]
    total_att = attendance_totals(org, start, end, women=False, unions=unions)["n"]
    events = events_held(org, start, end).filter(
        Exists(Attendance.objects.filter(event=OuterRef("pk")))).count()

    def total(rows, sex=None):
        return sum(n for _k, s, n in rows if sex is None or s == sex)

    result = Participation(participants=total(by_p), members=total(by_m), women=total(by_p, Sex.FEMALE),
                           men=total(by_p) - total(by_p, Sex.FEMALE), women_members=total(by_m, Sex.FEMALE),
                           men_members=total(by_m) - total(by_m, Sex.FEMALE), attendances=total_att, events=events)
    ids = {k for k, _s, _n in by_p} | {k for k, _s, _n in by_m}
    if grassroots:
        orgs = dict(Organisation.all_objects.filter(pk__in=ids).values_list("pk", "path"))
        depth = len(org.path) + STEP
        tops = {o.path: o for o in Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1)}

        def fold(rows):
            out: dict[str, int] = {}
            for k, _s, n in rows:
                path = orgs.get(k, "")[:depth]
                out[path if path in tops else ""] = out.get(path if path in tops else "", 0) + n
            return out

        fp, fm = fold(by_p), fold(by_m)
        for path, o in sorted(tops.items()):
            result.rows.append(Row(o.name, fp.get(path, 0), fm.get(path, 0), o.pk))
        if fp.get("") or fm.get(""):
            result.rows.append(Row(_("工会直属"), fp.get("", 0), fm.get("", 0), org.pk))
    else:
        fp, fm = {}, {}
        for k, _s, n in by_p:
            fp[k] = fp.get(k, 0) + n
        for k, _s, n in by_m:
            fm[k] = fm.get(k, 0) + n
        for u in Organisation.all_objects.filter(pk__in=ids).order_by("path"):
            result.rows.append(Row(u.name, fp.get(u.pk, 0), fm.get(u.pk, 0), u.pk))
    return result


def event_participation(event):
    """(attended, signed up, eligible, rate) for one event."""
    from .eligibility import eligible_members

    attended = event.attendances.count()
    signed = event.registrations.filter(status=RegStatus.CONFIRMED).count()
    eligible = eligible_members(event).count()
    return {"attended": attended, "confirmed": signed, "eligible": eligible, "rate": percent(attended, eligible)}


def events_in(union, start, end) -> list[dict]:
    """The union's events held in [start, end] for the year-end summary: title, kind label, date, place,
    participants (check-ins, or confirmed sign-ups when nobody was checked in), url, photo urls (served by
    a scoped view) and ``photo_files`` (paths on disk, for embedding in documents)."""
    events = list(events_held(union, start, end).order_by("starts_at", "id").annotate(
        attended=Count("attendances", distinct=True),
        confirmed=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED), distinct=True)))
    photos: dict[int, list[str]] = {}
    files: dict[int, list[str]] = {}
    storage = Photo._meta.get_field("image").storage
    for ev_id, pk, name in Photo.objects.filter(event__in=[e.pk for e in events]).values_list("event_id", "pk",
                                                                                               "image"):
        photos.setdefault(ev_id, []).append(reverse("activities:photo", args=[ev_id, pk]))
        files.setdefault(ev_id, []).append(storage.path(name))
    return [{
        "id": e.pk, "title": e.title, "kind": e.get_kind_display(), "date": e.event_date, "place": e.place,
        "participants": e.attended or e.confirmed, "url": e.get_absolute_url(), "photos": photos.get(e.pk, []),
        "photo_files": files.get(e.pk, []),
    } for e in events]


def month_grid(year: int, month: int):
    """Weeks (Monday first) of (date, in_month) for a month view."""
    import calendar

    cal = calendar.Calendar(firstweekday=0)
    return [[(d, d.month == month) for d in week] for week in cal.monthdatescalendar(year, month)]


# ---- an event's teams ----

def team_problems(event) -> dict[str, list[str]]:
    """Each team's breaches of the composition rule: {team name: [message]} (one query)."""
    teams = Team.objects.filter(event=event).annotate(
        size=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED)),
        women=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED,
                                              registrations__member__sex=Sex.FEMALE)))
    problems = {}
    for t in teams:
        msgs = []
        if event.team_min_size and t.size < event.team_min_size:
            msgs.append(_("只有%(n)s人，每队至少%(min)s人") % {"n": t.size, "min": event.team_min_size})
        if event.team_max_size and t.size > event.team_max_size:
            msgs.append(_("有%(n)s人，每队最多%(max)s人") % {"n": t.size, "max": event.team_max_size})
        if event.team_min_women and t.women < event.team_min_women:
            msgs.append(_("女职工%(n)s名，每队至少%(min)s名") % {"n": t.women, "min": event.team_min_women})
        if msgs:
            problems[t.name] = msgs
    return problems


# ---- an event's budget ----

ZERO = Decimal("0.00")


@dataclass
class Budget:
    """The event's budget against what it has spent: costs (not rejected) and prizes (confirmed, or set by
    rank for items not yet awarded: ``prize_total``)."""

    budget: Decimal | None
    costs: Decimal
    prizes: Decimal

    @property
    def spent(self):
        return self.costs + self.prizes

    @property
    def remaining(self):
        return None if self.budget is None else self.budget - self.spent

    @property
    def over(self):
        return self.budget is not None and self.spent > self.budget

    @property
    def percent(self):
        """Share of the budget spent, for the bar (0–100)."""
        if not self.budget:
            return None
        return min(100, int(self.spent * 100 / self.budget))


def prize_total(event, *, exclude_item=None):
    """Prize money the event's contest items hold against its budget: what was confirmed (``contests.Award``),
    and, for items not yet awarded, what their prizes by rank will cost (``PrizeRule``: amount × places),
    which ``contests.set_prizes`` already checked against the budget — so a cost recorded afterwards cannot
    spend the same money. ``exclude_item``: leave one item out (its own prizes being set). Two queries."""
    if not django_apps.is_installed("gonghui.contests"):
        return ZERO
    from gonghui.contests.models import Award, Basis, ItemStatus, PrizeRule

    awards = Award.objects.filter(item__event_id=event.pk)
    rules = (PrizeRule.objects.filter(item__event_id=event.pk, item__deleted_at__isnull=True, basis=Basis.RANK)
             .exclude(item__status=ItemStatus.AWARDED))
    if exclude_item is not None:
        awards, rules = awards.exclude(item_id=exclude_item.pk), rules.exclude(item_id=exclude_item.pk)
    confirmed = awards.aggregate(s=Sum("amount"))["s"] or ZERO
    planned = (rules
               .aggregate(s=Sum(F("amount") * F("count"), output_field=DecimalField(max_digits=14, decimal_places=2)))["s"]
               or ZERO)
    return confirmed + planned


def live_costs(event):
    """The event's costs whose expense still counts (recorded or waiting for the chair; not rejected)."""
    from gonghui.spending.models import Expense

    return (EventCost.objects.filter(event_id=event.pk, expense__deleted_at__isnull=True)
            .exclude(expense__status=Expense.Status.REJECTED))


def budget_of(event):
    """``Budget`` of ``event``: three queries."""
    costs = live_costs(event).aggregate(s=Sum("total"))["s"] or ZERO
    return Budget(event.budget, costs, prize_total(event))
