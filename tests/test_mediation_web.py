"""Mediation pages: the committee and cases through the forms, the clock shown on the case, details masked for
those without MEDIATE, the agreement .docx, statistics with a federation roll-up, and query counts."""
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.mediation import actions
from gonghui.mediation.models import Case, Committee

from .conftest import login
from .mediation_fixtures import APPLIED, bring, committee  # noqa: F401

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_an_officer_sets_up_the_committee_through_the_form(client, users, tree, members):
    login(client, users.officer)
    assert client.get(reverse("mediation:home") + "?org=SCH").status_code == 200
    data = {"employer": "第一中学", "established_on": "2025-09-01", "m-TOTAL_FORMS": "6", "m-INITIAL_FORMS": "0",
            "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "15",
            "m-0-member_no": members.zhang.member_no, "m-0-side": "employee", "m-0-basis": "union_member",
            "m-0-is_chair": "on", "m-1-name": "企业人事经理", "m-1-side": "employer", "m-1-basis": "named"}
    response = client.post(reverse("mediation:committee_edit") + "?org=SCH", data)
    committee = Committee.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mediation:committee", args=[committee.pk])
    assert committee.members.get(is_chair=True).name == "张敏"
    page = client.get(response["Location"]).content.decode()
    assert "张敏" in page and "企业负责人指定" in page and "/audit/" in page  # history link


def test_a_committee_without_an_employee_representative_is_shown_on_the_form(client, users, tree, members):
    login(client, users.officer)
    data = {"employer": "第一中学", "established_on": "2025-09-01", "m-TOTAL_FORMS": "6", "m-INITIAL_FORMS": "0",
            "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "15",
            "m-0-name": "企业人事经理", "m-0-side": "employer", "m-0-basis": "named", "m-0-is_chair": "on",
            "m-0-chair_agreed": "on"}
    response = client.post(reverse("mediation:committee_edit"), data)
    assert response.status_code == 400
    assert "调解委员会必须有职工代表" in response.content.decode()
    assert not Committee.objects.exists()


def test_a_case_is_applied_accepted_and_shows_its_clock(client, users, tree, members, committee):
    login(client, users.officer)
    data = {"applied_on": "2026-03-02", "workers": f"{members.wang.member_no}\n临聘保安", "facts": "拖欠加班费",
            "c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "0", "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "10",
            "c-0-kind": "overtime", "c-0-amount": "2400", "c-0-description": "2026年1—2月加班费"}
    response = client.post(reverse("mediation:case_new") + "?org=SCH", data)
    case = Case.objects.get()
    assert response.status_code == 302 and case.worker_count == 2
    response = client.post(reverse("mediation:case_accept", args=[case.pk]), {"accepted_on": "2026-03-01"})
    assert response.status_code == 400 and "不能早于申请日期" in response.content.decode()
    response = client.post(reverse("mediation:case_accept", args=[case.pk]), {"accepted_on": "2026-03-02"})
    assert response.status_code == 302
    page = client.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "2026-03-17" in page and "2026-03-18" in page and "调解期限已过" in page  # the suite runs on 2026-12-03
    assert "王强" in page and "2400.00" in page and "拖欠加班费" in page


def test_details_are_masked_for_a_federation_officer_who_sees_the_case(client, users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang, facts="拖欠工资三个月")
    login(client, users.federation)
    page = client.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert case.number in page and "劳动报酬" in page
    assert "王强" not in page and "拖欠工资三个月" not in page and "12000.50" not in page
    assert client.post(reverse("mediation:case_accept", args=[case.pk]), {"accepted_on": "2026-03-02"}).status_code == 404
    assert client.get(reverse("mediation:case_agreement", args=[case.pk])).status_code == 404
    login(client, users.outsider)
    assert client.get(reverse("mediation:case", args=[case.pk])).status_code == 404


def test_the_agreement_is_a_word_document_in_the_official_style(client, users, tree, members, committee):
    from docx import Document

    case = bring(users.officer, tree.school, members.wang)
    actions.accept(users.officer, case, accepted_on=APPLIED)
    actions.close(users.officer, case, outcome="agreed", outcome_on=datetime.date(2026, 3, 10),
                  terms="企业于2026年3月31日前支付拖欠工资12000.50元", performance_due=datetime.date(2026, 3, 31))
    login(client, users.officer)
    response = client.get(reverse("mediation:case_agreement", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "调解协议书" in text and "王强" in text and "12000.50" in text and "支付令" in text
    assert doc.paragraphs[0].runs[0].font.name == "方正小标宋简体"


def test_a_broken_wage_agreement_is_flagged_with_the_payment_order_route(client, users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    actions.accept(users.officer, case, accepted_on=APPLIED)
    actions.close(users.officer, case, outcome="agreed", outcome_on=datetime.date(2026, 3, 10), terms="按月支付")
    login(client, users.officer)
    client.post(reverse("mediation:case_performance", args=[case.pk]), {"performed": "no", "day": "2026-04-02"})
    page = client.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "支付令" in page
    assert "劳动报酬协议未履行" in client.get(reverse("mediation:home")).content.decode()


def test_the_case_list_costs_the_same_queries_for_few_and_many_cases(client, users, tree, members, committee):
    bring(users.officer, tree.school, members.wang)
    login(client, users.officer)
    few, _r = _count(client, reverse("mediation:cases"))
    for _ in range(55):
        bring(users.officer, tree.school)
    many, response = _count(client, reverse("mediation:cases"))
    assert many == few and len(response.context["rows"]) == 50 and response.context["older"]
    assert len(client.get(reverse("mediation:cases") + response.context["older"]).context["rows"]) == 6


def test_statistics_roll_up_a_federation_by_the_units_below_it_in_fixed_queries(client, users, tree, members, committee,
                                                                               django_assert_num_queries):
    first = bring(users.officer, tree.school, members.wang)
    actions.accept(users.officer, first, accepted_on=APPLIED)
    bring(users.officer, tree.school, applied_on=datetime.date(2026, 5, 6),
          claims=[{"kind": "injury", "amount": ""}, {"kind": "social_insurance", "amount": "100"}])
    actions.save_committee(users.outsider, tree.factory, employer="机械厂", established_on=datetime.date(2025, 1, 1),
                           members=[{"member": members.liu, "side": "employee", "basis": "union_member", "is_chair": True},
                                    {"name": "厂长", "side": "employer", "basis": "named"}])
    bring(users.outsider, tree.factory, members.liu, applied_on=datetime.date(2026, 5, 7))
    from gonghui.mediation import queries

    with django_assert_num_queries(6):
        stats = queries.statistics(tree.county, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        units = [(o.code, n, a) for o, n, a in stats.by_unit]
    assert stats.total == 3 and units == [("TOWN", 3, 0)]
    assert dict((v, n) for v, _l, n in stats.by_kind) == {"wages": 2, "social_insurance": 1, "termination": 0,
                                                          "overtime": 0, "injury": 1, "other": 0}
    assert dict(stats.by_month)["2026-05"] == 2 and dict(stats.by_month)["2026-03"] == 1
    assert dict((v, n) for v, _l, n in stats.by_status)["accepted"] == 1
    town = queries.statistics(tree.town, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert sorted((o.code, n) for o, n, _a in town.by_unit) == [("FAC", 1), ("SCH", 2)]
    login(client, users.federation)
    page = client.get(reverse("mediation:figures") + "?org=COUNTY&start=2026-01-01&end=2026-12-31").content.decode()
    assert "城关镇总工会" in page and "调解申请（按月）" in page
    login(client, users.officer)
    assert client.get(reverse("mediation:figures") + "?org=COUNTY").status_code == 404
