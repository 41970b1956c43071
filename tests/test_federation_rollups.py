"""The federation's roll-up pages (``/federation/rollups/<area>/``) and API: every area's figures per unit
directly below the federation with totals, the same queries whatever the number of unions, drill-down to the
unions, overdue figures linked to the inbox, scope (the subtree only; a grassroots chair gets a 403)."""
import datetime
from decimal import Decimal

import pytest

from gonghui.federation import rollups
from gonghui.funds.models import Budget, BudgetStatus
from gonghui.orgs import actions as org_actions

from .conftest import login

pytestmark = pytest.mark.django_db


def _budget(union, status, user):
    return Budget.objects.create(union=union, year=2026, status=status, prepared_by=user)


def _more_unions(admin, town, n):
    for i in range(n):
        org_actions.create_org(admin, parent=town, kind="grassroots", union_type="enterprise", code=f"EXTRA{i}",
                               name=f"新增工会{i}")


@pytest.mark.parametrize("area", list(rollups.AREAS))
def test_each_area_page_costs_the_same_queries_for_two_unions_or_eight(client, users, tree, admin_user, area,
                                                                       django_assert_num_queries):
    login(client, users.federation)
    client.get(f"/federation/rollups/{area}/?org=COUNTY")  # warm the session and the URLconf
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        assert client.get(f"/federation/rollups/{area}/?org=COUNTY").status_code == 200
    _more_unions(admin_user, tree.town, 6)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(f"/federation/rollups/{area}/?org=COUNTY")
    assert response.status_code == 200
    assert response.context["result"].totals["unions"] == 8


def test_budgets_are_counted_per_union_and_rolled_up_to_the_town(client, users, tree):
    _budget(tree.school, BudgetStatus.APPROVED, users.finance)
    _budget(tree.factory, BudgetStatus.SUBMITTED, users.outsider)
    result = rollups.build(rollups.AREAS["budgets"], tree.county, datetime.date(2026, 12, 3))
    [row] = result.rows
    assert row["org"] == tree.town and row["federation"]
    assert row["values"] == {"unions": 2, "approved": 1, "submitted": 1, "drafting": 0}
    assert row["rates"]["approved_rate"] == Decimal("50.00")
    at_town = rollups.build(rollups.AREAS["budgets"], tree.town, datetime.date(2026, 12, 3))
    by_union = {r["org"].code: r["values"] for r in at_town.rows}
    assert by_union["SCH"]["approved"] == 1 and by_union["FAC"]["submitted"] == 1
    assert not any(r["federation"] for r in at_town.rows)


def test_the_page_drills_down_to_the_town_and_then_to_the_unions_own_pages(client, users, tree):
    _budget(tree.factory, BudgetStatus.SUBMITTED, users.outsider)
    login(client, users.federation)
    body = client.get("/federation/rollups/budgets/?org=COUNTY").content.decode()
    assert "?org=TOWN" in body and "#src-funds.budgets_to_approve" in body
    body = client.get("/federation/rollups/budgets/?org=TOWN").content.decode()
    assert "/funds/budgets/?org=FAC" in body and "/funds/budgets/?org=SCH" in body


def test_elections_due_and_overdue_come_from_the_current_committee_terms(users, tree):
    from gonghui.elections.models import Body, Term

    Term.objects.create(org=tree.school, body=Body.COMMITTEE, elected_on=datetime.date(2021, 11, 1),
                        ends_on=datetime.date(2026, 11, 1), years=5, current=True)
    Term.objects.create(org=tree.factory, body=Body.COMMITTEE, elected_on=datetime.date(2022, 3, 1),
                        ends_on=datetime.date(2027, 3, 1), years=5, current=True)
    result = rollups.build(rollups.AREAS["elections"], tree.county, datetime.date(2026, 12, 3))
    assert result.totals["terms"] == 2 and result.totals["overdue"] == 1 and result.totals["due"] == 1


def test_the_api_gives_the_pages_figures(client, users, tree):
    _budget(tree.school, BudgetStatus.APPROVED, users.finance)
    login(client, users.federation)
    data = client.get("/api/federation/rollups/budgets/?org=COUNTY").json()
    assert data["area"] == "budgets" and data["org"] == "COUNTY"
    assert data["totals"]["unions"] == 2 and data["totals"]["approved"] == 1
    assert data["units"][0]["org"] == "TOWN" and data["units"][0]["rates"]["approved_rate"] == "50.00"
    assert client.get("/api/federation/rollups/nothing/").status_code == 404


def test_every_area_answers_through_the_api(client, users, tree):
    login(client, users.federation)
    for area in rollups.AREAS:
        response = client.get(f"/api/federation/rollups/{area}/?org=TOWN")
        assert response.status_code == 200, area
        assert response.json()["totals"]["unions"] == 2


def test_a_grassroots_chair_gets_a_403_and_an_organisation_out_of_scope_a_404(client, users, tree, admin_user):
    login(client, users.chair)
    assert client.get("/federation/rollups/").status_code == 403
    assert client.get("/federation/rollups/funds/").status_code == 403
    assert client.get("/api/federation/rollups/funds/").status_code == 403
    org_actions.create_org(admin_user, parent=None, kind="county", code="OTHER", name="邻县总工会")
    login(client, users.federation)
    assert client.get("/federation/rollups/funds/?org=OTHER").status_code == 404
    assert client.get("/api/federation/rollups/funds/?org=OTHER").status_code == 404
    assert client.get("/federation/rollups/funds/?org=SCH").status_code == 404
    assert client.get("/federation/rollups/nothing/?org=COUNTY").status_code == 404


def test_the_index_and_the_dashboard_link_every_area(client, users, tree):
    login(client, users.federation)
    body = client.get("/federation/rollups/?org=COUNTY").content.decode()
    for area in rollups.AREAS:
        assert f"/federation/rollups/{area}/?org=COUNTY" in body
    assert "/federation/rollups/?org=COUNTY" in client.get("/federation/?org=COUNTY").content.decode()


@pytest.mark.sqlite_only  # the English catalogue, not the database
def test_every_roll_up_page_reads_in_english(client, users, tree):
    import re

    login(client, users.federation)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    names = {tree.county.name, tree.town.name, tree.school.name, tree.factory.name}
    for area in ["", *(f"{a}/" for a in rollups.AREAS)]:
        page = client.get(f"/federation/rollups/{area}?org=COUNTY").content.decode()
        main = page.split("<main", 1)[1].split("</main>", 1)[0]
        for name in names:
            main = main.replace(name, "")
        assert not re.findall(r"[\u4e00-\u9fff（）：]+", re.sub(r"<[^>]+>", " ", main)), area


def test_the_notices_roll_up_links_the_federations_coverage_table(client, users, tree):
    login(client, users.federation)
    body = client.get("/federation/rollups/notices/?org=COUNTY").content.decode()
    assert "/notices/coverage/?org=COUNTY" in body
    assert client.get("/notices/coverage/?org=COUNTY").status_code == 200


def test_the_mediation_roll_up_counts_cases_as_the_mediation_statistics_do(users, tree, members):
    from gonghui.mediation import actions as mediation_actions
    from gonghui.mediation import queries

    from .mediation_fixtures import bring, composition

    mediation_actions.save_committee(users.officer, tree.school, employer="第一中学",
                                     established_on=datetime.date(2025, 9, 1), members=composition(members))
    first = bring(users.officer, tree.school, members.wang)
    mediation_actions.accept(users.officer, first, accepted_on=first.applied_on)
    bring(users.officer, tree.school, applied_on=datetime.date(2026, 5, 6))
    today = datetime.date(2026, 12, 3)
    result = rollups.build(rollups.AREAS["mediation"], tree.town, today)
    stats = queries.statistics(tree.town, datetime.date(2026, 1, 1), today)
    assert {o.code: n for o, n, _a in stats.by_unit} == {r["org"].code: r["values"]["cases"]
                                                        for r in result.rows if r["values"]["cases"]} == {"SCH": 2}
    assert result.totals["open_cases"] == 1


def test_the_roll_up_endpoint_is_in_the_openapi_schema(client):
    import json

    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    operation = schema["paths"]["/api/federation/rollups/{area}/"]["get"]
    area = next(p for p in operation["parameters"] if p["name"] == "area")
    assert set(area["schema"]["enum"]) == set(rollups.AREAS)
