"""Server-side charts: the numbers and geometry that the chart templates draw as inline SVG.

No JavaScript and no external library: a view turns counts into a ``Chart`` here, and the template
tags in ``core.templatetags.gonghui`` render it. Every slice carries its label and count as text, so
the chart reads without colour; the palette is Okabe–Ito, distinguishable with colour-vision
deficiency.
"""
from dataclasses import dataclass, field

# Okabe–Ito, reordered so neighbouring slices contrast; the yellow comes last (weak on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442"]
BAR_COLOUR = "#c8102e"

# A donut of radius 15.915 has a circumference of 100, so a slice's share is its dash length.
DONUT_RADIUS = 15.915


@dataclass
class Slice:
    label: str
    value: int
    share: float = 0.0          # percent of the chart's total, 0–100
    length: float = 0.0         # bar length (percent of the longest bar) or donut arc length
    offset: float = 0.0         # donut: where the arc starts
    colour: str = BAR_COLOUR
    href: str = ""

    @property
    def gap(self):
        """Donut: the rest of the circle after this slice's arc."""
        return round(100 - self.length, 3)


@dataclass
class Chart:
    title: str
    kind: str                   # "bars" or "donut"
    slices: list[Slice] = field(default_factory=list)
    total: int = 0
    wide: bool = False          # spans the full width of the page on wide screens

    @property
    def empty(self):
        return self.total == 0


def _share(value, total):
    return round(value * 100 / total, 1) if total else 0.0


def bars(title, items, *, total=None, wide=False):
    """A horizontal bar chart; ``items`` are ``(label, value)`` or ``(label, value, href)``.

    Bars are scaled to the longest one; shares are of ``total`` (default: the sum of the values).
    """
    rows = [tuple(item) + ("",) * (3 - len(item)) for item in items]
    total = sum(r[1] for r in rows) if total is None else total
    longest = max((r[1] for r in rows), default=0)
    slices = [Slice(label=str(label), value=value, share=_share(value, total),
                    length=round(value * 100 / longest, 2) if longest else 0.0, href=href)
              for label, value, href in rows]
    return Chart(title=title, kind="bars", slices=slices, total=total, wide=wide)


def donut(title, items):
    """A donut chart of ``(label, value)`` items; zero-valued items stay in the legend only."""
    total = sum(value for _label, value in items)
    slices, start = [], 0.0
    for i, (label, value) in enumerate(items):
        share = _share(value, total)
        arc = value * 100 / total if total else 0.0
        slices.append(Slice(label=str(label), value=value, share=share, length=round(arc, 3),
                            offset=round(25 - start, 3), colour=PALETTE[i % len(PALETTE)]))
        start += arc
    return Chart(title=title, kind="donut", slices=slices, total=total)
