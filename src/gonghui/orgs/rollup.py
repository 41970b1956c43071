"""Figures counted per organisation, rolled up to the units directly below a federation.

A federation's statistics pages list each organisation directly below it (a town, or a union reporting to it
directly) with the sums of its subtree's figures. The counting is the app's (one GROUP BY per figure, keyed by
the organisation a row belongs to); the rolling up is here, once: one query for the organisations whatever
their number, the sums in Python over the counted organisations only.
"""
from django.db.models import Q

from .models import PATH_END, STEP, Kind, Organisation


def in_subtree(org, field="union"):
    """Rows whose ``field`` organisation lies in ``org``'s subtree, as a join on the path range (one indexed
    range scan of organisations, hashed against the rows) rather than ``IN (subquery)``, which PostgreSQL
    planned as a nested loop over 50,000 mediation cases (16 s in the bench)."""
    return Q(**{f"{field}__path__gte": org.path, f"{field}__path__lt": org.path + PATH_END})


def roll_up(org, counts):
    """``counts``: ``{organisation id: (n1, n2, …)}`` for organisations in ``org``'s subtree. Returns
    ``[(unit, n1, n2, …)]`` for each unit directly below ``org`` that has any count (a union counted at
    ``org`` itself is its own unit), largest first; for a grassroots union, its own total as one row."""
    if not counts:
        return []
    width = len(next(iter(counts.values())))
    if org.kind == Kind.GRASSROOTS:
        return [(org, *(sum(v[i] for v in counts.values()) for i in range(width)))]
    depth, cut = org.depth + 1, len(org.path) + STEP
    rows = list(Organisation.all_objects.filter(
        Q(pk__in=list(counts)) | Q(path__gt=org.path, path__lt=org.path + PATH_END, depth=depth))
        .only("id", "name", "code", "path", "depth", "kind"))
    children = {o.path: o for o in rows if o.depth == depth}
    totals = {}
    for o in rows:
        if o.pk not in counts:
            continue
        unit = children.get(o.path[:cut], o)
        entry = totals.setdefault(unit.pk, [unit, [0] * width])
        entry[1] = [a + b for a, b in zip(entry[1], counts[o.pk])]
    return sorted(((unit, *values) for unit, values in totals.values()), key=lambda t: (-t[1], t[0].path))
