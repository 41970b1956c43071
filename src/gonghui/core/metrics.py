"""The catalogue of metrics: figures computed from what the capabilities record.

Work-plan targets (``plans``) and summaries bind to these by code. Each app that records something a
plan can measure registers its metrics in its own ``metrics.py`` (imported at start-up by
``CoreConfig.ready``)::

    from gonghui.core.metrics import Metric, Reading, percent, register

    def _participation(union, start, end):
        ...one or two set-based queries over the union's subtree...
        return Reading(percent(n, d), numerator=n, denominator=d,
                       breakdown=[("女职工", 41)], records_url=reverse(...) + "?...")

    register(Metric("activities.participation_rate", "文体活动参与面", "%", _participation,
                    keywords=("参与面", "参与率", "参加率"), capability=VIEW))

``compute(union, start, end)`` gets an organisation (a grassroots union, a federation: the figure is
over its whole subtree) and an inclusive date range, and returns a ``Reading`` — or ``None`` when the
figure cannot be known for that range (no denominator yet); a metric whose capability is not built
is registered with ``compute=None`` and shown as "not yet available", never as 0.

One definition per figure: every page, API field, plan target and summary that shows a metric's figure
reads it through ``read(code, org, start, end)`` (or ``Metric.read``), never by its own query. A page that
needs more than the figure (per-branch rows, women's rate) gets it from ``Reading.detail``, filled by the
same computation. ``description`` says what is counted and ``rule`` the rule or article the figure follows;
``core/_metric_basis.html`` renders them ("计算依据") with the query period wherever a figure is shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import VIEW

UNITS = ("%", "人", "人次", "次", "项", "条", "件", "元", "场", "个", "户", "天")
# The units as shown (stored and compared in Chinese); a context keeps them apart from the same words elsewhere.
UNIT_LABELS = {
    "人": pgettext_lazy("计量单位", "人"), "人次": pgettext_lazy("计量单位", "人次"),
    "次": pgettext_lazy("计量单位", "次"), "项": pgettext_lazy("计量单位", "项"), "条": pgettext_lazy("计量单位", "条"),
    "件": pgettext_lazy("计量单位", "件"), "元": pgettext_lazy("计量单位", "元"), "场": pgettext_lazy("计量单位", "场"),
    "个": pgettext_lazy("计量单位", "个"), "户": pgettext_lazy("计量单位", "户"), "天": pgettext_lazy("计量单位", "天"),
}


def unit_label(unit: str) -> str:
    """A unit of ``UNITS`` in the current language ("人" → "people")."""
    return str(UNIT_LABELS.get(unit, unit))


@dataclass(frozen=True)
class Reading:
    value: Decimal | int
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    breakdown: tuple = ()       # (label, value) pairs: ("女工", 8) — the "其中" of a summary sentence
    records_url: str = ""       # a page listing the records behind the figure (traceability)
    note: str = ""
    detail: object = field(default=None, compare=False, repr=False)  # the computation's own rows, for its page

    @property
    def has_value(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Metric:
    code: str                   # "<app>.<name>", stable: targets store it
    label: str                  # Chinese, as a plan would name it: "文体活动参与面"
    unit: str                   # one of UNITS
    compute: Callable | None    # (union, start, end) -> Reading | None; None = capability not built
    keywords: tuple = ()        # words in plan text that point to this metric (plan import)
    capability: str = VIEW      # who may read it
    description: str = ""       # what is counted (and divided by), in Chinese: shown as "计算依据"
    rule: str = ""              # the rule or article the figure follows, where one applies
    per_member: bool = False    # "每个职工至少提3条": the value is per member
    higher_is_better: bool = True

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def available(self) -> bool:
        return self.compute is not None

    def read(self, union, start, end) -> Reading | None:
        """The figure over [start, end]; ``None`` when it cannot be known ("暂无数据", never 0)."""
        if not self.compute:
            return None
        reading = self.compute(union, start, end)
        return reading if reading is not None and reading.value is not None else None

    def basis(self, start=None, end=None) -> dict:
        """What "计算依据" says: what was counted, the query period, the rule (for templates and the API)."""
        return {"code": self.code, "label": str(self.label), "description": str(self.description),
                "rule": str(self.rule), "start": start, "end": end}


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.unit not in UNITS:
        raise ValueError(f"unknown unit {metric.unit!r} for {metric.code}")
    existing = _REGISTRY.get(metric.code)
    # A real computation replaces a "not yet available" placeholder of the same code.
    if existing is None or existing.compute is None or metric.compute is not None:
        _REGISTRY[metric.code] = metric
    return metric


def get(code: str) -> Metric | None:
    return _REGISTRY.get(code)


def read(code: str, union, start, end) -> Reading | None:
    """The registered figure ``code`` over [start, end] — the one place a figure is computed."""
    metric = _REGISTRY.get(code)
    return metric.read(union, start, end) if metric else None


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: m.code)


def percent(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator as a percentage with two places (half up); None when nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def autodiscover():
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("metrics")
