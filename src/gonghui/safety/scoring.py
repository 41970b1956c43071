"""The 安康杯 score sheet as a rule: the weighted total of a unit and the ranking.

A unit's total is Σ (score ÷ indicator's maximum × indicator's weight), out of 100, rounded half-up to the
hundredth once at the end; units are ranked by ``contests.scoring.rank`` (standard competition ranking,
ties share a rank: 1, 2, 2, 4).

▶ indicators 安全培训 (weight 40%, max 100) and 隐患排查 (weight 60%, max 50); 机加车间 scores 90 and 40 →
  90/100×40 + 40/50×60 = 36 + 48 = **84.00**; 装配车间 scores 80 and 45 → 32 + 54 = **86.00**, first.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gonghui.contests.scoring import HIGHER, rank

CENT = Decimal("0.01")


def weighted_total(scores, indicators):
    """``scores``: {indicator id: value}; ``indicators``: [(id, weight, max_score)] → Decimal or None (no score)."""
    parts = [Decimal(scores[i]) / Decimal(top) * Decimal(weight) for i, weight, top in indicators if i in scores]
    if not parts:
        return None
    return sum(parts, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    entrant: object
    scores: dict          # indicator id → value
    total: Decimal | None
    rank: int | None
    tied: bool
    missing: int          # indicators without a score


def standings(competition):
    """The competition's rows, best first: three queries whatever the number of units (indicators, entrants
    with their organisations, scores)."""
    from .models import Score

    indicators = [(i.pk, i.weight, i.max_score) for i in competition.indicators.all()]
    entrants = list(competition.entrants.select_related("org").order_by("org__path"))
    sheet = {}
    for entrant_id, indicator_id, value in Score.objects.filter(entrant__competition=competition).values_list(
            "entrant_id", "indicator_id", "value"):
        sheet.setdefault(entrant_id, {})[indicator_id] = value
    totals = {e.pk: weighted_total(sheet.get(e.pk, {}), indicators) for e in entrants}
    by_pk = {e.pk: e for e in entrants}
    return [Row(by_pk[s.key], sheet.get(s.key, {}), s.value, s.rank, s.tied,
                len(indicators) - len(sheet.get(s.key, {})))
            for s in rank([(e.pk, totals[e.pk]) for e in entrants], HIGHER)]
