"""Reading suggestions: the figures of a union or a federation subtree, the "3510" progress tables and the
inbox rows. Every figure is a handful of grouped queries, whatever the number of suggestions."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gonghui.core.tree import PATH_END, STEP
from gonghui.orgs.models import Kind, Organisation
from gonghui.orgs.rollup import roll_up

from .models import Author, Kind as SuggestionKind, Suggestion, Target

ADOPTED = (Suggestion.Status.ADOPTED, Suggestion.Status.IMPLEMENTED)


def in_subtree(org, field="union"):
    """Rows whose ``field`` organisation lies in ``org``'s subtree, as a path range join (one index range)."""
    return Q(**{f"{field}__path__gte": org.path, f"{field}__path__lt": org.path + PATH_END})


def submitted_under(org, start=None, end=None):
    qs = Suggestion.objects.filter(in_subtree(org))
    if start:
        qs = qs.filter(submitted_on__gte=start)
    if end:
        qs = qs.filter(submitted_on__lte=end)
    return qs


@dataclass
class Statistics:
    org: Organisation
    start: datetime.date
    end: datetime.date
    submitted: int = 0
    adopted: int = 0
    rejected: int = 0
    implemented: int = 0
    team: int = 0
    benefit: Decimal = Decimal("0.00")
    rewards: Decimal = Decimal("0.00")
    by_kind: list = field(default_factory=list)    # (kind, label, submitted, adopted)
    by_month: list = field(default_factory=list)   # ("2026-03", submitted) for each month of the range
    by_unit: list = field(default_factory=list)    # (organisation, submitted, adopted, benefit)

    @property
    def adoption_rate(self):
        from gonghui.core.metrics import percent

        return percent(self.adopted, self.submitted) if self.submitted else None


def statistics(org, start, end) -> Statistics:
    """Suggestions submitted in [start, end] under ``org``: totals, per kind, per month, per unit below.
    Two grouped queries — per union and kind (the totals, the kinds and the units), per day (summed into
    months in Python: SQLite extracts a month through a Python function per row) — and one for the
    organisations the unions roll up to (``orgs.rollup.roll_up``)."""
    stats = Statistics(org, start, end)
    rows = submitted_under(org, start, end).order_by()
    adopted = Q(status__in=ADOPTED)
    zero = Decimal("0.00")
    per_kind, per_union = {}, {}
    for union_id, kind, *counts in rows.values_list("union_id", "kind").annotate(
            n=Count("id"), a=Count("id", filter=adopted),
            i=Count("id", filter=Q(status=Suggestion.Status.IMPLEMENTED)),
            r=Count("id", filter=Q(status=Suggestion.Status.REJECTED)), t=Count("id", filter=Q(team=True)),
            b=Sum("benefit"), w=Sum("reward_total")).values_list("union_id", "kind", "n", "a", "i", "r", "t", "b", "w"):
        counts = [v or zero if k >= 5 else v for k, v in enumerate(counts)]
        per_kind[kind] = [x + y for x, y in zip(per_kind.get(kind, [0] * 5 + [zero, zero]), counts)]
        n, a, b = per_union.get(union_id, (0, 0, zero))
        per_union[union_id] = (n + counts[0], a + counts[1], b + counts[5])
    totals = [sum(v[k] for v in per_kind.values()) for k in range(5)]
    stats.submitted, stats.adopted, stats.implemented, stats.rejected, stats.team = totals
    stats.benefit = sum((v[5] for v in per_kind.values()), zero)
    stats.rewards = sum((v[6] for v in per_kind.values()), zero)
    stats.by_kind = [(value, label, *per_kind.get(value, (0, 0))[:2]) for value, label in SuggestionKind.choices]
    months = {}
    for day, n in rows.values_list("submitted_on").annotate(n=Count("id")).values_list("submitted_on", "n"):
        months[(day.year, day.month)] = months.get((day.year, day.month), 0) + n
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        stats.by_month.append((f"{day:%Y-%m}", months.get((day.year, day.month), 0)))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    stats.by_unit = roll_up(org, per_union)
    return stats


# ---- "3510" progress ----

@dataclass
class Progress:
    union: Organisation
    year: int
    target: Target | None
    people: list = field(default_factory=list)     # (member dict, count, behind) — fewest first
    groups: list = field(default_factory=list)     # (organisation, count, behind)
    branches: list = field(default_factory=list)   # (organisation, count, behind)
    people_total: int = 0
    people_behind: int = 0

    @property
    def groups_behind(self):
        return sum(1 for _o, _n, behind in self.groups if behind)

    @property
    def branches_behind(self):
        return sum(1 for _o, _n, behind in self.branches if behind)


def progress(union, year, *, people_limit=500) -> Progress:
    """Who is behind the union's yearly counts: each member (suggestions they wrote or co-wrote in the
    year), each group (工会小组, 班组) and each branch (分会, 车间) — the suggestions whose first author was
    in it. Four queries: the target, authorship counts, counts per organisation, the members and the
    organisations of the union."""
    from gonghui.members.models import Member, Status

    target = Target.objects.filter(union=union, year=year).first()
    result = Progress(union, year, target)
    live = Q(suggestion__union=union, suggestion__deleted_at__isnull=True, suggestion__submitted_on__year=year)
    per_member = dict(Author.objects.filter(live).order_by().values_list("member_id")
                      .annotate(n=Count("suggestion_id", distinct=True)))
    members = (Member.objects.filter(union=union).exclude(status=Status.TERMINATED)
               .values("id", "name", "member_no", "org__name"))
    need = target.per_person if target else None
    people = [(m, per_member.get(m["id"], 0)) for m in members]
    result.people_total = len(people)
    result.people_behind = sum(1 for _m, n in people if need is not None and n < need)
    people.sort(key=lambda row: (row[1], row[0]["member_no"]))
    result.people = [(m, n, need is not None and n < need) for m, n in people[:people_limit]]
    per_org = dict(Suggestion.objects.filter(union=union, submitted_on__year=year).order_by()
                   .values_list("org_id").annotate(n=Count("id")))
    orgs = list(Organisation.objects.filter(path__gte=union.path, path__lt=union.path + PATH_END)
                .only("id", "name", "code", "path", "kind"))
    by_path = {o.path: o for o in orgs}
    counts = {}
    for o in orgs:
        n = per_org.get(o.pk, 0)
        if not n:
            continue
        for i in range(len(union.path) + STEP, len(o.path) + 1, STEP):
            holder = by_path.get(o.path[:i])
            if holder is not None:
                counts[holder.pk] = counts.get(holder.pk, 0) + n
    for o in sorted(orgs, key=lambda o: o.path):
        n = counts.get(o.pk, 0)
        if o.kind == Kind.GROUP:
            result.groups.append((o, n, bool(target) and n < target.per_group))
        elif o.kind == Kind.BRANCH:
            result.branches.append((o, n, bool(target) and n < target.per_branch))
    return result


# ---- inbox ----

def to_evaluate(user, cap):
    """Suggestions waiting for the committee (submitted, no decision), scoped to ``user``."""
    return (Suggestion.objects.visible_to(user, cap).filter(status=Suggestion.Status.SUBMITTED)
            .select_related("union").annotate(evaluated=Count("evaluations")).order_by("submitted_on", "id"))


def to_implement(user, cap):
    return (Suggestion.objects.visible_to(user, cap).filter(status=Suggestion.Status.ADOPTED)
            .select_related("union").order_by("decided_on", "id"))


def to_reward(user, cap):
    return (Suggestion.objects.visible_to(user, cap).filter(status__in=ADOPTED, reward_expense__isnull=True)
            .select_related("union").order_by("decided_on", "id"))
