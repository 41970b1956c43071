"""Reading bargaining records: clause-by-clause comparison of drafts, the congress vote as the congress counts
it, and coverage (employees covered by contracts in force) per union with the federation's roll-up."""
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from gonghui.congress import rules as congress_rules

from .models import Clause, Contract


def in_force(day):
    """Q for contracts in force on ``day``: filed without objection, past their in-force date, not expired."""
    return Q(status=Contract.Status.FILED, in_force_from__lte=day, ends_on__gte=day, deleted_at__isnull=True)


@dataclass
class ClauseChange:
    number: str
    title: str
    change: str        # "added", "removed", "changed", "same"
    old: object = None
    new: object = None


def compare(old_draft, new_draft) -> list[ClauseChange]:
    """Clause by clause, matched by number, in the new draft's order (removed clauses last). Two queries."""
    old = {c.number: c for c in Clause.objects.filter(draft=old_draft)} if old_draft else {}
    new = list(Clause.objects.filter(draft=new_draft))
    out = []
    for c in new:
        o = old.pop(c.number, None)
        if o is None:
            out.append(ClauseChange(c.number, c.title, "added", None, c))
        elif (o.title, o.text, o.figure, o.figure_code) == (c.title, c.text, c.figure, c.figure_code):
            out.append(ClauseChange(c.number, c.title, "same", o, c))
        else:
            out.append(ClauseChange(c.number, c.title, "changed", o, c))
    out += [ClauseChange(o.number, o.title, "removed", o, None) for o in old.values()]
    return out


def vote_summary(resolution):
    """The congress's own figures for a contract vote (its rules: quorum, votes needed of all delegates)."""
    if resolution is None:
        return None
    total = resolution.total_delegates
    return {"resolution": resolution, "total": total, "present": resolution.present,
            "quorum": congress_rules.quorum(total) if total else None,
            "needed": congress_rules.votes_needed(total) if total else None,
            "for": resolution.votes_for, "against": resolution.votes_against, "abstain": resolution.votes_abstain,
            "passed": resolution.passed, "closed": resolution.status == resolution.Status.CLOSED}


def coverage(contracts, day):
    """Per union: contracts in force on ``day``, by kind, and employees covered (the widest contract of the
    union: a wage contract covers the same employees as the comprehensive one). One query.

    Returns (rows, totals): rows of {union_id, union__name, union__code, contracts, covered, women, wage}."""
    rows = list(contracts.filter(in_force(day)).values("union_id", "union__name", "union__code").annotate(
        contracts=Count("id"), covered=Max("employees_covered"),
        women=Count("id", filter=Q(kind="women")), wage=Count("id", filter=Q(kind="wage")),
    ).order_by("union__code"))
    totals = {"unions": len(rows), "contracts": sum(r["contracts"] for r in rows),
              "covered": sum(r["covered"] or 0 for r in rows), "women": sum(r["women"] for r in rows),
              "wage": sum(r["wage"] for r in rows)}
    return rows, totals
