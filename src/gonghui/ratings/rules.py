"""The arithmetic of a star rating, as small pure functions (no database): the total of an assessment, the
stars a total earns under a band table, the checks a band table passes, and the points a computed indicator
earns from its figure.

▶ Five indicators worth 20 points each, weight 1, scored 18, 20, 15, 19, 20 → total 92.00; under the
  bands ≥ 90 five stars, 80–90 four, 70–80 three, 60–70 two → five stars.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_STARS = 5


@dataclass(frozen=True)
class BandRow:
    stars: int
    min_score: Decimal
    max_score: Decimal


def total(rows) -> Decimal | None:
    """Σ score × weight ÷ Σ max points × weight × 100, two places half up: the share of the possible points.
    ``rows`` are (score, max_points, weight); a missing score counts as 0. ``None`` without possible points.

    ▶ (18, 20, 1), (20, 20, 1), (15, 20, 1), (19, 20, 1), (20, 20, 1) → 92.00
    ▶ (8, 10, 2), (30, 40, 1) → (16 + 30) ÷ (20 + 40) × 100 = 76.67
    """
    got = possible = Decimal(0)
    for score, max_points, weight in rows:
        got += Decimal(score or 0) * Decimal(weight)
        possible += Decimal(max_points) * Decimal(weight)
    if not possible:
        return None
    return (got * HUNDRED / possible).quantize(CENT, ROUND_HALF_UP)


def stars_for(score, bands) -> int | None:
    """The stars of the band holding ``score`` (min included, max excluded — except a band ending at 100,
    which holds 100); ``None`` below every band.

    ▶ 90 with bands [90, 100] 5 and [80, 90) 4 → 5; 89.99 → 4; 100 → 5; 50 → None
    """
    if score is None:
        return None
    score = Decimal(score)
    for band in bands:
        if band.min_score <= score < band.max_score or (score == band.max_score == HUNDRED):
            return band.stars
    return None


def check_bands(rows) -> list[BandRow]:
    """The band table as given, checked: stars 1–5 each once, 0 ≤ min < max ≤ 100, no two bands overlapping,
    and more stars for higher scores. Raises one ``ActionError`` on ``bands`` with every problem."""
    errors, bands = [], []
    for i, row in enumerate(rows, start=1):
        stars, low, high = row.stars, row.min_score, row.max_score
        if not 1 <= stars <= MAX_STARS:
            errors.append(_("第%(n)s个分数段：星级应在1至%(max)s之间") % {"n": i, "max": MAX_STARS})
        if not (0 <= low < high <= HUNDRED):
            errors.append(_("第%(n)s个分数段：分数应在0至100之间，且最低分小于最高分") % {"n": i})
        bands.append(row)
    if not bands:
        errors.append(_("请至少设置一个星级分数段"))
    seen = [b.stars for b in bands]
    for stars in sorted({s for s in seen if seen.count(s) > 1}):
        errors.append(_("%(stars)s星的分数段重复") % {"stars": stars})
    ordered = sorted(bands, key=lambda b: b.min_score)
    for lower, upper in zip(ordered, ordered[1:]):
        if upper.min_score < lower.max_score:
            errors.append(_("分数段重叠：%(a)s星（%(a_min)s–%(a_max)s）与%(b)s星（%(b_min)s–%(b_max)s）") % {
                "a": lower.stars, "a_min": lower.min_score, "a_max": lower.max_score,
                "b": upper.stars, "b_min": upper.min_score, "b_max": upper.max_score})
        elif upper.stars <= lower.stars:
            errors.append(_("分数越高星级应越高：%(a)s星的分数段高于%(b)s星") % {"a": upper.stars, "b": lower.stars})
    if errors:
        raise ActionError(errors={"bands": errors})
    return sorted(bands, key=lambda b: -b.stars)


def computed_points(value, threshold, max_points) -> Decimal | None:
    """Points of an indicator bound to a figure: full marks when the figure reaches the threshold (any
    figure above 0 when no threshold is set), otherwise 0; ``None`` when the figure cannot be known.

    ▶ dues collection rate 96.50 % against a threshold of 95 → full marks; 94.99 → 0; no data → None
    """
    if value is None:
        return None
    value = Decimal(value)
    met = value >= Decimal(threshold) if threshold is not None else value > 0
    return Decimal(max_points) if met else Decimal(0)


def period(year, today) -> tuple[datetime.date, datetime.date]:
    """The range a scheme's figures are read over: its calendar year, up to today in the current year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if start <= today < end:
        end = today
    return start, end
