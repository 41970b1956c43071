"""Subtree totals for the organisation tree page from the maintained ``OrgCount`` (``orgs.headcount``'s
``provide_subtrees`` hook, installed in ``FederationConfig.ready``): one GROUP BY per depth of the nodes shown,
over a few rows per organisation — never a walk over member rows."""
from collections import defaultdict

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from gonghui.orgs.models import PATH_END

from .models import OrgCount


def subtree_totals(nodes):
    by_width = defaultdict(list)
    for node in nodes:
        by_width[len(node.path)].append(node)
    found = {}
    for width, group in by_width.items():
        cond = Q(pk__in=[])
        for node in group:
            cond |= Q(org__path__gte=node.path, org__path__lt=node.path + PATH_END)
        rows = (OrgCount.objects.filter(cond).annotate(branch=Substr("org__path", 1, width)).values("branch")
                .annotate(n=Sum("members")).order_by().values_list("branch", "n"))
        found.update(rows)
    return {node.pk: found.get(node.path) or 0 for node in nodes}
