"""Shared helpers of the plans tests: a plan of the school union with targets and tasks, and a metric
registered only for the test (so no test depends on other capabilities' metrics)."""
import contextlib
import datetime

from gonghui.core import metrics
from gonghui.core.metrics import Metric, Reading
from gonghui.plans import actions

SEEDS = __import__("pathlib").Path(__file__).resolve().parents[2] / "shared" / "seeds"


@contextlib.contextmanager
def temporary_metric(code="test.events", label="测试活动场次", unit="场", compute=None, **kw):
    """Register a metric for the duration of a test, and remove it afterwards."""
    from django.core.cache import cache

    cache.clear()   # trend points of closed months are cached by metric code
    previous = metrics._REGISTRY.get(code)
    metrics._REGISTRY[code] = Metric(code, label, unit, compute, **kw)
    try:
        yield metrics._REGISTRY[code]
    finally:
        cache.clear()
        if previous is None:
            metrics._REGISTRY.pop(code, None)
        else:
            metrics._REGISTRY[code] = previous


def constant(value, breakdown=(), url="/records/"):
    def compute(org, start, end):
        return Reading(value, breakdown=breakdown, records_url=url)
    return compute


def school_plan(user, tree, *, year=2026, title="第一中学工会2026年工作计划", **kw):
    return actions.create_plan(user, tree.school, year=year, title=title, **kw)


DAY = datetime.date(2026, 9, 15)


NOT_RECORDED = "test.not_recorded"


@__import__("pytest").fixture
def not_recorded():
    """A metric registered without a computation (every capability's metric is computed now): it must show as
    "no data", never as 0."""
    with temporary_metric(NOT_RECORDED, "尚未记录的指标", "条", None, keywords=("尚未记录",)):
        yield NOT_RECORDED
