"""Reading suggestions: the figures of a union or a federation subtree, the "3510" progress tables and the
inbox rows. Every figure is a handful of grouped queries, whatever the number of suggestions."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from gonghui.core.tree import PATH_END, STEP
from gonghui.orgs.models import Kind, Organisation

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
    Four grouped queries and one for the organisations the unions roll up to."""
    stats = Statistics(org, start, end)
    rows = submitted_under(org, start, end).order_by()
    adopted = Q(status__in=ADOPTED)
    per_kind = {k: (n, a, i, r, t, b, w) for k, n, a, i, r, t, b, w in rows.values_list("kind").annotate(
        n=Count("id"), a=Count("id", filter=adopted),
        i=Count("id", filter=Q(status=Suggestion.Status.IMPLEMENTED)),
        r=Count("id", filter=Q(status=Suggestion.Status.REJECTED)), t=Count("id", filter=Q(team=True)),
        b=Sum("benefit"), w=Sum("reward_total")).values_list("kind", "n", "a", "i", "r", "t", "b", "w")}
    zero = Decimal("0.00")
    stats.submitted = sum(v[0] for v in per_kind.values())
    stats.adopted = sum(v[1] for v in per_kind.values())
    stats.implemented = sum(v[2] for v in per_kind.values())
    stats.rejected = sum(v[3] for v in per_kind.values())
    stats.team = sum(v[4] for v in per_kind.values())
    stats.benefit = sum((v[5] or zero for v in per_kind.values()), zero)
    stats.rewards = sum((v[6] or zero for v in per_kind.values()), zero)
    stats.by_kind = [(value, label, per_kind.get(value, (0, 0))[0], per_kind.get(value, (0, 0))[1])
                     for value, label in SuggestionKind.choices]
    months = {(y, m): n for y, m, n in rows.annotate(y=ExtractYear("submitted_on"), m=ExtractMonth("submitted_on"))
              .values_list("y", "m").annotate(n=Count("id")).values_list("y", "m", "n")}
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        stats.by_month.append((f"{day:%Y-%m}", months.get((day.year, day.month), 0)))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    per_union = {u: (n, a, b or zero) for u, n, a, b in rows.values_list("union_id").annotate(
        n=Count("id"), a=Count("id", filter=adopted), b=Sum("benefit")).values_list("union_id", "n", "a", "b")}
    stats.by_unit = _roll_up(org, per_union)
    return stats


def _roll_up(org, per_union):
    """(unit, submitted, adopted, benefit) for each organisation directly below a federation (its
    subtree's unions summed), or the union itself; one query for the organisations."""
    if not per_union:
        return []
    if org.kind == Kind.GRASSROOTS:
        n, a, b = (sum(v[i] for v in per_union.values()) for i in range(3))
        return [(org, n, a, b)]
    depth, cut = org.depth + 1, len(org.path) + STEP
    rows = list(Organisation.all_objects.filter(
        Q(pk__in=list(per_union)) | Q(path__gt=org.path, path__lt=org.path + PATH_END, depth=depth))
        .only("id", "name", "code", "path", "depth", "kind"))
    children = {o.path: o for o in rows if o.depth == depth}
    totals = {}
    for o in rows:
        if o.pk not in per_union:
            continue
        key = children.get(o.path[:cut], o)
        n, a, b = per_union[o.pk]
        cur = totals.get(key.pk, (key, 0, 0, Decimal("0.00")))
        totals[key.pk] = (key, cur[1] + n, cur[2] + a, cur[3] + b)
    return sorted(totals.values(), key=lambda t: (-t[1], t[0].path))


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
