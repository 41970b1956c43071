"""Supervision figures (``supervision.queries.statistics``): inspections by month, 监督意见书 by how they
ended, 建议书 decisions, and the county's roll-up by the units below it — the same counts on the page, in the
API and in the plan metric ``supervision.inspections``; seven queries whatever the number of rows."""
import datetime

from gonghui.core import metrics
from gonghui.supervision import actions, queries

from .conftest import login
from .supervision_fixtures import board, inspect  # noqa: F401

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def _opinion(users, inspection, no, received):
    return actions.issue_opinion(users.officer, inspection, number=no, issued_on=received, received_on=received,
                                 requirements="补签劳动合同，补发加班费")


def _world(users, board):
    a = _opinion(users, inspect(users.officer, board, day=D(2026, 3, 2)), "1号", D(2026, 3, 3))
    b = _opinion(users, inspect(users.officer, board, day=D(2026, 9, 20), signature="refused", signer="拒签"),
                 "2号", D(2026, 9, 24))
    inspect(users.officer, board, day=D(2026, 9, 28))
    actions.record_answer(users.officer, a, answered_on=D(2026, 3, 10), answer="已整改")
    actions.follow_up(users.officer, a, day=D(2026, 4, 1), note="复查已补签", rectified=True)
    return a, b


def test_the_figures_count_inspections_opinions_and_their_outcomes(users, tree, board):
    _world(users, board)
    stats = queries.statistics(tree.school, *YEAR, D(2026, 12, 3))
    assert stats.inspections == 3 and stats.refused_signature == 1
    assert dict(stats.by_month)["2026-09"] == 2 and dict(stats.by_month)["2026-03"] == 1 and len(stats.by_month) == 12
    assert stats.opinions == {"issued": 2, "on_time": 1, "late": 0, "overdue": 1, "rectified": 1, "ignored": 0}
    assert stats.rectification_rate == 50.0 and stats.recommendations["sent"] == 0
    (unit,) = queries.statistics(tree.county, *YEAR, D(2026, 12, 3)).by_unit
    assert unit[1:] == (3, 2, 1) and unit[0].depth == tree.county.depth + 1
    reading = metrics.read("supervision.inspections", tree.county, *YEAR)
    assert reading.value == 3 and dict(reading.breakdown)["已整改"] == 1


def test_the_figures_take_seven_queries_however_many_rows(users, tree, board, django_assert_num_queries):
    _world(users, board)
    with django_assert_num_queries(7):
        queries.statistics(tree.county, *YEAR, D(2026, 12, 3))


def test_the_page_and_the_api_show_the_figures_and_an_outsider_gets_nothing(client, users, tree, board):
    _world(users, board)
    login(client, users.federation)
    page = client.get("/supervision/figures/?org=COUNTY&start=2026-01-01&end=2026-12-31").content.decode()
    assert "劳动法律监督统计" in page and 'id="by-unit"' in page
    data = client.get("/api/supervision/figures/?org=COUNTY&start=2026-01-01&end=2026-12-31").json()
    assert data["inspections"] == 3 and data["opinions"]["rectified"] == 1 and data["by_unit"][0]["opinions"] == 2
    bad = client.get("/api/supervision/figures/?org=COUNTY&start=0001-01-01")
    assert bad.status_code == 400 and "start" in bad.json()
    login(client, users.outsider)
    assert client.get("/supervision/figures/?org=SCH").status_code == 404
    assert client.get("/api/supervision/figures/?org=SCH").status_code == 404
