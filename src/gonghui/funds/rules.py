"""How an allocation is computed and divided (DOMAIN.md §3), as small functions over data rows.

Rounding, to the fen, ROUND_HALF_UP, applied once per figure:

* allocation = payroll × rate, rounded;
* grassroots share = allocation × grassroots %, rounded; the upward part = allocation − grassroots
  share, so the two always sum to the allocation exactly;
* each level's part of the upward share = allocation × level %, rounded, except the last level of the
  table (the highest), which takes what is left, so the levels always sum to the upward part exactly.

▶ payroll 1,250,000.00 at 2% → allocation 25,000.00; 60% → grassroots 15,000.00, upward 10,000.00.

The rate is the union's own ``AllocationRate`` in force on the period's first day, else the national
default row (seeded: 2%, 工会法第四十三条). The split table is the one of the nearest federation
above the union with a table in force on that day, else the national default (seeded: 60/40).
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from .models import LEVEL_ORDER, AllocationRate, Level, SplitRule, percent_text

FEN = Decimal("0.01")
HUNDRED = Decimal("100")


def fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def allocation_amount(payroll: Decimal, rate_percent: Decimal) -> Decimal:
    return fen(payroll * rate_percent / HUNDRED)


def split_amount(amount: Decimal, grassroots_percent: Decimal) -> tuple[Decimal, Decimal]:
    """(grassroots share, upward share) of an allocation; they sum to ``amount`` exactly."""
    grassroots = fen(amount * grassroots_percent / HUNDRED)
    return grassroots, amount - grassroots


@dataclass
class LevelPart:
    level: str
    share: Decimal      # percent of the whole allocation
    amount: Decimal

    @property
    def label(self):
        return Level(self.level).label

    @property
    def share_text(self):
        return percent_text(self.share)


def level_parts(amount: Decimal, upward: Decimal, shares) -> list[LevelPart]:
    """The upward share divided by the table's levels (``shares``: (level, percent) pairs)."""
    rows = sorted(shares, key=lambda s: LEVEL_ORDER[s[0]])
    parts, left = [], upward
    for i, (level, share) in enumerate(rows):
        part = left if i == len(rows) - 1 else fen(amount * share / HUNDRED)
        parts.append(LevelPart(level, share, part))
        left -= part
    return parts


def rate_for(union, on) -> AllocationRate | None:
    """The union's allocation rate in force on ``on`` (its own row, else the national default)."""
    rows = (AllocationRate.objects.filter(Q(union=union) | Q(union__isnull=True), effective_from__lte=on)
            .order_by("union_id", "-effective_from"))
    own = default = None
    for row in rows:
        if row.union_id and own is None:
            own = row
        elif row.union_id is None and default is None:
            default = row
    return own or default


def split_rule_for(union, on) -> SplitRule | None:
    """The split table of the nearest federation above ``union`` in force on ``on``, else the national one."""
    ancestors = list(union.ancestors().values_list("pk", "depth"))
    depth = dict(ancestors)
    rows = (SplitRule.objects.filter(Q(federation__in=list(depth)) | Q(federation__isnull=True),
                                     effective_from__lte=on)
            .select_related("federation").prefetch_related("shares"))
    best = None
    for row in rows:
        key = (depth.get(row.federation_id, -1), row.effective_from)
        if best is None or key > best[0]:
            best = (key, row)
    return best[1] if best else None


def rule_shares(rule) -> list[tuple[str, Decimal]]:
    return [(s.level, s.share) for s in rule.shares.all()]
