"""Subtree totals for the organisation tree page from the maintained ``OrgCount`` (``orgs.headcount``'s
``provide_subtrees`` hook, installed in ``FederationConfig.ready``) — never a walk over member rows.

The nodes' subtrees are covered by their top-most nodes. Many siblings (a town's 600 unions opened at once)
are counted in one GROUP BY over their parent's path range; otherwise the counts of every organisation under
the top-most nodes (at most ``CHUNK`` path ranges per statement, so SQLite's expression depth is never reached)
are read in one query per chunk and summed up the paths in Python: a level of the tree or the whole of a small
one costs one or two queries, whatever the number of members."""
from collections import defaultdict

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from gonghui.orgs.models import PATH_END, STEP

from .models import OrgCount

CHUNK = 20


def _range(path):
    return Q(org__path__gte=path, org__path__lt=path + PATH_END)


def subtree_totals(nodes):
    paths = sorted({n.path for n in nodes})
    tops = []
    for p in paths:
        if not tops or not p.startswith(tops[-1]):
            tops.append(p)
    parents, widths = {p[:-STEP] for p in tops}, {len(p) for p in tops}
    if len(tops) > CHUNK and len(tops) == len(paths) and len(parents) == 1 and len(widths) == 1:
        parent, width = parents.pop(), widths.pop()
        qs = OrgCount.objects.filter(_range(parent)) if parent else OrgCount.objects.all()
        found = dict(qs.annotate(branch=Substr("org__path", 1, width)).values("branch")
                     .annotate(n=Sum("members")).order_by().values_list("branch", "n"))
    else:
        found = defaultdict(int)
        for start in range(0, len(tops), CHUNK):
            cond = Q(pk__in=[])
            for top in tops[start:start + CHUNK]:
                cond |= _range(top)
            for path, n in (OrgCount.objects.filter(cond).values("org__path").annotate(n=Sum("members"))
                            .order_by().values_list("org__path", "n")):
                for cut in range(STEP, len(path) + 1, STEP):
                    found[path[:cut]] += n or 0
    return {node.pk: found.get(node.path) or 0 for node in nodes}
