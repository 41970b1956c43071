"""The mediation API (same actions and messages as the pages; scope as 404; details null without MEDIATE), the
inbox items of the 15-day clock, the plan metric, and the races on the unique rules (one committee per union,
a case number once per union)."""
import datetime

import pytest
from django.db import connection

from gonghui.core import inbox, metrics
from gonghui.core.errors import ActionError
from gonghui.mediation import actions
from gonghui.mediation.models import Case, Committee, Party

from .conftest import login
from .fixtures.races import competitor_first, together
from .mediation_fixtures import APPLIED, bring, committee, composition  # noqa: F401

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db
def test_a_case_goes_through_the_api_and_details_are_null_for_the_federation(client, users, tree, members, committee):
    login(client, users.officer)
    response = client.post("/api/mediation/cases/", {
        "union": "SCH", "applied_on": "2026-03-02", "workers": [{"member_no": members.wang.member_no}, {"name": "临聘"}],
        "claims": [{"kind": "wages", "amount": "3000"}], "facts": "拖欠工资"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    bad = client.post(f"/api/mediation/cases/{pk}/accept/", {"accepted_on": "2026-03-01"}, content_type="application/json")
    assert bad.status_code == 400 and "accepted_on" in bad.json()
    ok = client.post(f"/api/mediation/cases/{pk}/accept/", {"accepted_on": "2026-03-02"}, content_type="application/json")
    assert ok.json()["clock_ends"] == "2026-03-17" and ok.json()["arbitration_from"] == "2026-03-18"
    assert ok.json()["claims"] == [{"kind": "wages", "amount": "3000.00", "description": ""}]
    login(client, users.federation)
    seen = client.get(f"/api/mediation/cases/{pk}/").json()
    assert seen["number"] == "2026-001" and seen["facts"] is None and seen["parties"] is None
    assert seen["claims"] == [{"kind": "wages", "amount": None, "description": None}]
    assert client.post(f"/api/mediation/cases/{pk}/close/", {"outcome": "failed", "outcome_on": "2026-03-20"},
                       content_type="application/json").status_code == 404
    figures = client.get("/api/mediation/figures/?org=COUNTY&start=2026-01-01&end=2026-12-31").json()
    assert figures["total"] == 1 and figures["accepted"] == 1 and figures["by_kind"]["wages"] == 1
    login(client, users.outsider)
    assert client.get(f"/api/mediation/cases/{pk}/").status_code == 404
    assert client.get("/api/mediation/cases/").json()["results"] == []


@pytest.mark.django_db
def test_the_api_refuses_a_committee_without_an_employee_representative(client, users, tree):
    login(client, users.officer)
    response = client.post("/api/mediation/committees/", {
        "union": "SCH", "employer": "第一中学", "established_on": "2025-09-01",
        "members": [{"name": "厂长", "side": "employer", "basis": "named", "is_chair": True, "chair_agreed": True}]},
        content_type="application/json")
    assert response.status_code == 400 and "职工代表" in response.json()["members"][0]


@pytest.mark.django_db
def test_the_inbox_shows_cases_whose_clock_ends_within_three_days_or_has_passed(users, tree, members, committee):
    source = inbox.get("mediation.clock")
    today = datetime.date(2026, 12, 3)
    soon, later, passed, closed = (bring(users.officer, tree.school, members.wang) for _ in range(4))
    actions.accept(users.officer, soon, accepted_on=datetime.date(2026, 11, 19))    # +15 = Fri 4 Dec: in 1 day
    actions.accept(users.officer, later, accepted_on=datetime.date(2026, 11, 20))   # +15 = Sat 5 Dec → Mon 7 Dec
    actions.accept(users.officer, passed, accepted_on=datetime.date(2026, 11, 2))   # ended Tue 17 Nov
    actions.accept(users.officer, closed, accepted_on=datetime.date(2026, 11, 2))
    actions.close(users.officer, closed, outcome="withdrawn", outcome_on=datetime.date(2026, 11, 5))
    rows = list(source.rows(users.officer, today))
    assert [c.pk for c in rows] == [passed.pk, soon.pk]
    items = [source.item(c) for c in rows]
    assert "可申请仲裁日期：2026-11-18" in items[0].detail and items[1].due == datetime.date(2026, 12, 4)
    assert list(source.rows(users.outsider, today)) == []
    assert source.applies_to(users.officer) and not source.applies_to(users.federation)


@pytest.mark.django_db
def test_the_plan_metric_counts_accepted_cases_in_the_period_over_the_subtree(users, tree, members, committee):
    metric = metrics.get("mediation.cases")
    assert metric.available
    year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert metric.read(tree.county, *year).value == 0
    for day in (datetime.date(2026, 3, 2), datetime.date(2026, 4, 1)):
        actions.accept(users.officer, bring(users.officer, tree.school, applied_on=day), accepted_on=day)
    bring(users.officer, tree.school)  # applied, not accepted: not counted
    reading = metric.read(tree.county, *year)
    assert reading.value == 2 and dict(reading.breakdown)["已受理，调解中"] == 2
    assert metric.read(tree.school, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)).value == 1
    assert metric.read(tree.factory, *year).value == 0


@pytest.mark.django_db
def test_a_case_number_taken_meanwhile_ends_in_a_chinese_message(monkeypatch, users, tree, members, committee):
    from gonghui.mediation import actions as module

    original = module._next_number

    def number_then_competitor(union, year):
        number = original(union, year)  # the number is chosen; another request takes it before the insert
        Case.objects.create(union=tree.school, committee=committee, number=number, applied_on=APPLIED,
                            recorded_by=users.officer)
        return number

    monkeypatch.setattr(module, "_next_number", number_then_competitor)
    with pytest.raises(ActionError) as exc:
        bring(users.officer, tree.school)
    assert "刚刚被占用" in exc.value.message_dict["applied_on"][0]
    assert not Case.all_objects.exists() and not Party.objects.exists()  # the competitor went back with the call


@pytest.mark.django_db
def test_a_second_committee_slipped_in_meanwhile_ends_in_a_chinese_message(monkeypatch, users, tree, members):
    from gonghui.mediation import actions as module

    def competitor():
        Committee.objects.create(union=tree.school, employer="第一中学", established_on=APPLIED,
                                 recorded_by=users.officer)

    monkeypatch.setattr(module.Committee.objects, "filter", lambda **kw: Committee.objects.none())
    competitor_first(monkeypatch, module, "_lock_union", competitor)
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=APPLIED,
                               members=composition(members))
    assert "已设立调解委员会" in exc.value.message_dict["employer"][0]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_applications_at_once_get_two_numbers(users, tree, members):
    actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=APPLIED,
                           members=composition(members))
    outcomes = together([lambda: bring(users.officer, tree.school).number,
                         lambda: bring(users.chair, tree.school).number], results=True)
    assert sorted(outcomes) == ["2026-001", "2026-002"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_committees_set_up_at_once_make_one(users, tree, members):
    def setup(user):
        return lambda: actions.save_committee(user, tree.school, employer="第一中学", established_on=APPLIED,
                                              members=composition(members)).pk

    outcomes = together([setup(users.officer), setup(users.chair)], results=True)
    assert outcomes[0] == outcomes[1] and Committee.objects.count() == 1
