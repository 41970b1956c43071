"""Mutual-aid pages: the hub with reminders, plans, enrolment, claims, health checks, figures, the member page."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from gonghui.mutualaid import actions
from gonghui.mutualaid.models import Claim, Enrolment, HealthCheckRound, MutualAidPlan

from .conftest import login
from .mutualaid_fixtures import enrolled, plan, plan_data, round_, women_plan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_hub_lists_plans_and_reminds_of_renewals_and_slots(client, users, tree, enrolled, round_):
    actions.add_slot(users.officer, round_, org=tree.g1, date="2026-12-10", start_time="08:30")
    body = login(client, users.officer).get("/mutual-aid/").content.decode()
    assert "2026年职工医疗互助" in body
    assert "将于2026-12-31到期（还有28天），3人参保，请办理续保" in body
    assert "2026-12-10 08:30：语文一组参加2026年教职工体检" in body


def test_a_member_without_a_role_is_sent_to_their_own_page(client, member_user):
    response = login(client, member_user).get("/mutual-aid/")
    assert response.status_code == 302 and response["Location"] == "/mutual-aid/mine/"


def test_a_plan_is_created_from_the_form_and_errors_show_on_the_fields(client, users, tree):
    login(client, users.chair)
    data = {**plan_data(), "owner": "SCH", "eligible_sex": ""}
    bad = client.post("/mutual-aid/aid-plans/new/", {**data, "coverage_end": "2025-12-01"})
    assert bad.status_code == 400 and "保障终止日不能早于保障起始日" in bad.content.decode()
    assert not MutualAidPlan.objects.exists()
    good = client.post("/mutual-aid/aid-plans/new/", data)
    plan = MutualAidPlan.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/mutual-aid/aid-plans/{plan.pk}/"


def test_enrolling_a_group_from_the_plan_page(client, users, tree, plan, members):
    login(client, users.officer)
    response = client.post(f"/mutual-aid/aid-plans/{plan.pk}/enrol/?org=SCH", {"org": "SCH-G1"})
    assert response.status_code == 302
    assert list(Enrolment.objects.values_list("member__name", flat=True)) == ["王强"]
    page = client.get(f"/mutual-aid/aid-plans/{plan.pk}/?org=SCH").content.decode()
    assert "语文一组" in page and "生成凭证草稿" in page


def test_enrolling_a_man_by_member_number_in_the_womens_plan_shows_why(client, users, tree, women_plan, members):
    login(client, users.officer)
    response = client.post(f"/mutual-aid/aid-plans/{women_plan.pk}/enrol/?org=SCH",
                           {"org": "SCH", "member_nos": members.wang.member_no})
    assert response.status_code == 400
    assert "王强是男职工，女职工特种疾病互助仅限女职工参加" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_enrolment_list_pages_by_keyset_and_exports_xlsx(client, users, enrolled, plan, monkeypatch):
    from gonghui.mutualaid import views

    monkeypatch.setattr(views, "PAGE", 2)
    login(client, users.officer)
    first = client.get(f"/mutual-aid/aid-plans/{plan.pk}/enrolments/?org=SCH")
    body = first.content.decode()
    assert body.count("取消参保") == 2
    older = first.context["links"]["older"]
    assert "before=" in older
    second = client.get(f"/mutual-aid/aid-plans/{plan.pk}/enrolments/{older}")
    assert second.content.decode().count("取消参保") == 1
    export = client.get(f"/mutual-aid/aid-plans/{plan.pk}/enrolments/?org=SCH&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert {"王强", "赵丽", "张敏"} <= names


def test_the_member_submits_a_claim_from_their_page(client, member_user, enrolled):
    login(client, member_user)
    page = client.get("/mutual-aid/mine/").content.decode()
    assert "2026年职工医疗互助" in page and "本年度还可申请5000.00元" in page
    enrolment = Enrolment.objects.get(member__user=member_user)
    over = client.post("/mutual-aid/mine/", {"enrolment": enrolment.pk, "incident_date": "2026-10-08",
                                             "amount": "3500", "diagnosis": "骨折住院"})
    assert over.status_code == 400 and "超过职工医疗互助单次给付上限3000.00元" in over.content.decode()
    ok = client.post("/mutual-aid/mine/", {"enrolment": enrolment.pk, "incident_date": "2026-10-08",
                                           "amount": "800", "diagnosis": "骨折住院"})
    assert ok.status_code == 302
    claim = Claim.objects.get()
    detail = client.get(f"/mutual-aid/aid-claims/{claim.pk}/").content.decode()
    assert "骨折住院" in detail


def test_view_only_roles_see_the_claim_but_not_the_medical_details(client, users, members, member_user, enrolled):
    claim = actions.submit_claim(member_user, enrolled[members.wang.pk], amount="800",
                                 incident_date=datetime.date(2026, 10, 8), diagnosis="骨折住院")
    body = login(client, users.finance).get(f"/mutual-aid/aid-claims/{claim.pk}/").content.decode()
    assert "800.00" in body and "骨折住院" not in body and "仅互助保障经办人和会员本人可见" in body
    assert "骨折住院" in login(client, users.officer).get(f"/mutual-aid/aid-claims/{claim.pk}/").content.decode()


def test_an_officer_moves_a_claim_through_review_approval_and_payment(client, users, members, enrolled):
    claim = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="1200",
                                 incident_date=datetime.date(2026, 9, 1), diagnosis="住院")
    login(client, users.officer)
    assert client.post(f"/mutual-aid/aid-claims/{claim.pk}/review/").status_code == 302
    too_much = client.post(f"/mutual-aid/aid-claims/{claim.pk}/approve/", {"amount_approved": "1300"})
    assert too_much.status_code == 400 and "不能高于申请金额1200.00元" in too_much.content.decode()
    client.post(f"/mutual-aid/aid-claims/{claim.pk}/approve/", {"amount_approved": "1000"})
    client.post(f"/mutual-aid/aid-claims/{claim.pk}/pay/", {"paid_on": "2026-11-30"})
    claim.refresh_from_db()
    assert claim.status == "paid" and str(claim.amount_approved) == "1000.00"


def test_a_claim_of_another_union_is_a_404(client, users, members, enrolled):
    claim = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="100",
                                 incident_date=datetime.date(2026, 9, 1), diagnosis="门诊")
    login(client, users.outsider)
    assert client.get(f"/mutual-aid/aid-claims/{claim.pk}/").status_code == 404
    assert client.post(f"/mutual-aid/aid-claims/{claim.pk}/review/").status_code == 404


def test_health_check_round_slots_and_attendance_from_the_pages(client, users, tree, members):
    login(client, users.officer)
    response = client.post("/mutual-aid/checkups/?org=SCH", {
        "name": "2026年教职工体检", "provider": "县人民医院", "place": "体检中心", "start_date": "2026-11-20",
        "end_date": "2026-12-20"})
    check = HealthCheckRound.objects.get()
    assert response.status_code == 302
    client.post(f"/mutual-aid/checkups/{check.pk}/slots/", {"org": "SCH-B1", "date": "2026-11-25",
                                                            "start_time": "08:00", "end_time": "10:00"})
    slot = check.slots.get()
    roster = client.get(f"/mutual-aid/checkups/{check.pk}/slots/{slot.pk}/").content.decode()
    assert "王强" in roster and "赵丽" not in roster
    client.post(f"/mutual-aid/checkups/{check.pk}/slots/{slot.pk}/", {"attended": [members.wang.pk]})
    detail = client.get(f"/mutual-aid/checkups/{check.pk}/").content.decode()
    assert "1 / 1" in detail
    export = client.get(f"/mutual-aid/checkups/{check.pk}/export/")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert any(r[4] == "王强" and r[6] == "是" for r in rows)


def test_the_figures_page_shows_the_metrics_and_charts(client, users, members, enrolled):
    body = login(client, users.chair).get("/mutual-aid/figures/?org=SCH").content.decode()
    assert "参加互助保障人数" in body and "互助保障覆盖率" in body and "各计划参保人数" in body
    assert "100.00" in body  # all three active members are covered


def test_the_member_page_shows_the_members_health_check_slot(client, users, tree, member_user, round_):
    actions.add_slot(users.officer, round_, org=tree.b1, date="2026-12-10", start_time="09:00")
    body = login(client, member_user).get("/mutual-aid/mine/").content.decode()
    assert "2026年教职工体检：2026-12-10 09:00" in body


def test_the_owner_publishes_next_years_plan_and_the_union_renews_into_it(client, users, tree, enrolled, plan):
    login(client, users.chair)
    response = client.post(f"/mutual-aid/aid-plans/{plan.pk}/next-year/")
    following = MutualAidPlan.objects.get(renewed_from=plan)
    assert response.status_code == 302 and response["Location"] == f"/mutual-aid/aid-plans/{following.pk}/"
    assert following.coverage_start == datetime.date(2027, 1, 1)
    renewed = client.post(f"/mutual-aid/aid-plans/{plan.pk}/renew/?org=SCH", {"org": "SCH"})
    assert renewed.status_code == 302 and Enrolment.objects.filter(plan=following).count() == 3
    assert login(client, users.outsider).post(f"/mutual-aid/aid-plans/{plan.pk}/next-year/").status_code == 404
