"""core.figures: the one reading of a figures page's and a figures API's organisation and period, and the
chart and answer rows built from statistics rows."""
import datetime
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from gonghui.core import figures
from gonghui.core.errors import ActionError

# Runs in the SQLite run only (scripts/test): parses a request; no database.
pytestmark = pytest.mark.sqlite_only

UNION = SimpleNamespace(code="SCH", name="实验学校工会")
ROWS = [("wages", "劳动报酬", 3, 1), ("injury", "工伤", 0, 0), ("other", "其他", 2, 2)]


def _page(query=""):
    return RequestFactory().get("/figures/" + query)


def _api(query=""):
    return Request(RequestFactory().get("/api/figures/" + query))


def test_a_page_without_dates_reads_this_year_up_to_today():
    f = figures.read(_page(), UNION)
    assert (f.org, f.start, f.end, f.today) == (UNION, datetime.date(2026, 1, 1), datetime.date(2026, 12, 3),
                                                datetime.date(2026, 12, 3))


def test_a_page_swaps_reversed_dates_and_falls_back_on_a_bad_one():
    f = figures.read(_page("?start=2026-06-30&end=2026-03-01"), UNION)
    assert (f.start, f.end) == (datetime.date(2026, 3, 1), datetime.date(2026, 6, 30))
    f = figures.read(_page("?start=tomorrow&end=2026-05-31"), UNION)
    assert (f.start, f.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 5, 31))


@pytest.mark.parametrize("query, field", [("?start=2026-13-01", "start"), ("?end=1999-12-31", "end")])
def test_the_api_refuses_a_bad_day_naming_the_field(query, field):
    with pytest.raises(ActionError) as caught:
        figures.read(_api(query), UNION, api=True)
    assert list(caught.value.message_dict) == [field]


def test_the_api_reads_its_query_parameters_and_opens_its_answer_with_the_org_and_period():
    f = figures.read(_api("?start=2026-02-01&end=2026-02-28"), UNION, api=True)
    assert f.head() == {"org": "SCH", "start": "2026-02-01", "end": "2026-02-28"}


def test_a_page_context_carries_the_org_picker_period_statistics_and_the_rest():
    f = figures.read(_page("?start=2026-04-01&end=2026-04-30"), UNION)
    stats, picker = object(), ["picker"]
    assert f.context(picker, stats, metric="m") == {
        "org": UNION, "picker": picker, "start": datetime.date(2026, 4, 1), "end": datetime.date(2026, 4, 30),
        "stats": stats, "metric": "m"}


def test_chart_items_take_the_label_and_count_and_a_donut_leaves_out_empty_slices():
    assert figures.labelled(ROWS) == [("劳动报酬", 3), ("工伤", 0), ("其他", 2)]
    assert figures.labelled(ROWS, nonzero=True) == [("劳动报酬", 3), ("其他", 2)]


def test_the_api_counts_are_keyed_by_value():
    assert figures.by_value(ROWS) == {"wages": 3, "injury": 0, "other": 2}
