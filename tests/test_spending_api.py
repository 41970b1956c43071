"""The spending-rules API: rule sets, effective rules, adjusting, choosing, checking and recording."""
import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gonghui.spending import actions
from gonghui.spending.models import Benefit, Expense, RuleSet

from .spending_fixtures import anhui, preset  # noqa: F401

D = Decimal
API = "/api/finance/rules/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def expense_body(members, **extra):
    return {"union": "SCH", "kind": "festival", "festival": "中秋节", "member_nos": [members.wang.member_no],
            "amount_per_person": "300", "date": "2026-09-20", "description": "月饼", **extra}


def test_rule_sets_are_listed_with_their_inherited_rules(users, anhui):
    data = api(users.chair).get(f"{API}rule-sets/").json()
    names = [rs["name"] for rs in data["results"]]
    assert "全国基线" in names and "安徽（修订）" in names
    detail = api(users.chair).get(f"{API}rule-sets/{anhui.pk}/").json()
    rules = {r["item"]: r for r in detail["rules"]}
    assert rules["festival_total"]["amount"] == "2000.00"
    assert rules["festival_allowed"]["rule_set"] == "全国基线"


def test_the_effective_set_of_a_union_and_the_404_for_an_outsider(users, anhui):
    assert api(users.finance).get(f"{API}orgs/SCH/effective/").json()["name"] == "安徽（修订）"
    assert api(users.outsider).get(f"{API}orgs/SCH/effective/").status_code == 404


def test_adjusting_within_the_federations_set_and_a_looser_cap_refused(users, anhui):
    client = api(users.chair)
    refused = client.post(f"{API}orgs/SCH/adjust/", {"name": "细则", "effective_from": "2026-01-01",
                                                      "rules": {"birthday": "400"}}, format="json")
    assert refused.status_code == 400 and "只能收紧" in refused.json()["birthday"][0]
    created = client.post(f"{API}orgs/SCH/adjust/", {"name": "细则", "effective_from": "2026-01-01",
                                                      "rules": {"birthday": "250"}}, format="json")
    assert created.status_code == 201 and created.json()["owner"] == "SCH"
    updated = client.post(f"{API}orgs/SCH/adjust/", {"name": "细则（修订）", "rules": {"birthday": "200"}}, format="json")
    assert updated.status_code == 200 and updated.json()["name"] == "细则（修订）"
    assert api(users.finance).post(f"{API}orgs/SCH/adjust/", {"name": "x"}, format="json").status_code == 403


def test_a_federation_officer_chooses_a_set(users, tree):
    response = api(users.federation).post(f"{API}orgs/COUNTY/choice/", {"rule_set": preset("贵州").pk}, format="json")
    assert response.json() == {"org": "COUNTY", "rule_set": preset("贵州").pk, "rule_set_name": "贵州"}
    assert api(users.chair).post(f"{API}orgs/COUNTY/choice/", {"rule_set": None}, format="json").status_code == 404


def test_the_check_answers_who_would_exceed_and_writes_nothing(users, members, anhui):
    actions.record_expense(users.finance, members.wang.union, kind="festival", festival="春节", members=[members.wang],
                           amount_per_person=D("1800"), date=datetime.date(2026, 2, 1), description="年货")
    response = api(users.chair).post(f"{API}check/", expense_body(members, group="SCH"), format="json")
    data = response.json()
    assert response.status_code == 200 and data["ok"] is False and data["head_count"] == 3
    [breach] = data["breaches"]
    assert breach["member_name"] == "王强" and breach["allowed_remaining"] == "200.00"
    assert Expense.objects.count() == 1


def test_the_check_warns_when_the_budget_would_pass_80_percent(users, members, anhui, monkeypatch):
    from gonghui.funds import execution

    monkeypatch.setattr(execution, "budget_status", lambda union, year, category, extra: execution.CategoryStatus(
        D("1000"), D("300") + extra, D("0.6") + extra / 1000, execution.AMBER))
    data = api(users.chair).post(f"{API}check/", expense_body(members), format="json").json()
    assert data["budget"] == "预算提示：科目50105本年预算1,000.00元，加上本次共支出600.00元（90.0%），接近预算"


def test_recording_through_the_api_and_the_chairs_override(users, members, anhui):
    client = api(users.finance)
    created = client.post(f"{API}expenses/", expense_body(members, amount_per_person="1900"), format="json")
    assert created.status_code == 201 and created.json()["status"] == "recorded"
    blocked = client.post(f"{API}expenses/", expense_body(members), format="json")
    assert blocked.status_code == 400
    assert "最多还可发放100.00元" in blocked.json()["non_field_errors"][0]
    pending = client.post(f"{API}expenses/", expense_body(members, submit_if_breached=True), format="json").json()
    assert pending["status"] == "pending" and pending["voucher"] is None
    assert client.post(f"{API}expenses/{pending['id']}/override/", {"override_reason": "x"},
                       format="json").status_code == 403
    done = api(users.chair).post(f"{API}expenses/{pending['id']}/override/", {"override_reason": "教代会决定"},
                                 format="json").json()
    assert done["status"] == "recorded" and done["override_reason"] == "教代会决定" and done["voucher"]
    benefits = api(users.chair).get(f"{API}members/{members.wang.pk}/benefits/?year=2026").json()
    assert sorted(b["amount"] for b in benefits) == ["1900.00", "300.00"]
    assert Benefit.objects.count() == 2


def test_bad_expense_input_names_the_field(users, members, anhui):
    client = api(users.finance)
    response = client.post(f"{API}expenses/", expense_body(members, amount_per_person="0", festival="圣诞节"),
                           format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"amount_per_person", "festival"}
    response = client.post(f"{API}expenses/", expense_body(members, union="FAC"), format="json")
    assert response.json() == {"union": ["工会不存在或不在您的权限范围内"]}
    response = client.post(f"{API}expenses/", expense_body(members, member_nos=["NO-SUCH"]), format="json")
    assert response.json() == {"member_nos": ["找不到这些会员，或不在您的权限范围内：NO-SUCH"]}


def test_the_rule_set_list_costs_the_same_queries_however_many_sets_there_are(
        users, tree, anhui, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(users.federation)
    with CaptureQueriesContext(connection) as before:
        client.get(f"{API}rule-sets/")
    actions.adjust_rule_set(users.chair, tree.school, name="一中细则", effective_from=datetime.date(2026, 1, 1),
                            rules={"birthday": "200"})
    with django_assert_num_queries(len(before.captured_queries)):
        names = [rs["name"] for rs in client.get(f"{API}rule-sets/").json()["results"]]
    assert "一中细则" in names
