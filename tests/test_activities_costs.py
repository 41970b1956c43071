"""An event's own costs (场地费, 服装, 餐费, 交通, 观影票, 纪念品 …): checked against the spending rules and the
event's budget, booked through ``spending.actions.record_expense`` (benefit rows and a draft voucher) and
shown on the event page against the budget; out-of-scope ids are 404."""
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from gonghui.activities import actions, queries
from gonghui.activities.models import EventCost
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Benefit, Expense

from .activities_fixtures import check_in_during, fun_day  # noqa: F401
from .conftest import login
from .contests_fixtures import anhui  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/activities/"


@pytest.fixture
def came(users, members, fun_day, anhui):  # noqa: F811
    """王强 and 赵丽 signed up and checked in; 张敏 signed up but did not come."""
    for m in (members.wang, members.zhao, members.zhang):
        actions.sign_up(users.officer, fun_day, m)
    for m in (members.wang, members.zhao):
        check_in_during(users.officer, fun_day, member=m)
    return fun_day


def nothing_written():
    return (not Expense.all_objects.exists() and not EventCost.objects.exists() and not Benefit.all_objects.exists()
            and not AuditEntry.objects.filter(action="record_cost").exists())


def record(actor, event, **kwargs):
    data = {"kind": "outing", "item": "交通", "amount_per_person": "150"}
    data.update(kwargs)
    return actions.record_event_cost(actor, event, **data)


# ---- the spending rules ----

def test_an_outing_cost_over_the_cap_is_refused_with_the_cap_in_the_message(users, came):
    with pytest.raises(ActionError) as err:
        record(users.officer, came, item="大巴及午餐", amount_per_person="250")
    assert err.value.message_dict["amount_per_person"] == ["春秋游（每人每天）每人不超过200.00元，本次每人250.00元"]
    assert nothing_written()


def test_a_cost_within_the_caps_is_recorded_for_those_who_came_with_a_draft_voucher_and_benefit_rows(
        users, members, came):
    cost = record(users.officer, came, item="交通", amount_per_person="150", description="大巴往返")
    assert (cost.head_count, cost.total, cost.kind, cost.union_id) == (2, D("300.00"), "outing", came.union_id)
    expense = cost.expense
    assert expense.status == Expense.Status.RECORDED and expense.description == "教职工健身趣味活动·交通（大巴往返）"
    assert expense.account == "50102" and expense.date == came.event_date
    assert expense.voucher.status == "draft" and expense.voucher.total_debit == D("300.00")
    benefits = Benefit.objects.filter(expense=expense)
    assert sorted(benefits.values_list("member_id", flat=True)) == sorted([members.wang.pk, members.zhao.pk])
    assert {b.amount for b in benefits} == {D("150.00")}
    entry = AuditEntry.objects.get(action="record_cost")
    assert entry.org_id == came.union_id and entry.object_id == cost.pk and entry.actor == users.officer


def test_a_cost_can_go_to_everyone_confirmed_instead_of_those_who_came(users, came):
    cost = record(users.officer, came, kind="uniform", item="文化衫", amount_per_person="80", members="confirmed")
    assert cost.head_count == 3 and cost.total == D("240.00")


def test_a_cost_for_someone_who_did_not_take_part_is_refused_on_the_members_field(users, members, came):
    with pytest.raises(ActionError) as err:
        record(users.officer, came, members=[members.wang.pk, members.liu.pk])
    assert err.value.message_dict["members"] == ["有1人没有报名或签到本活动"]
    assert nothing_written()


def test_without_check_ins_the_default_recipients_are_refused_with_a_hint(users, fun_day, anhui):  # noqa: F811
    with pytest.raises(ActionError) as err:
        record(users.officer, fun_day)
    assert err.value.message_dict["members"] == ["本活动还没有人签到；可以改为发给已报名的会员"]


def test_bad_input_is_named_field_by_field_and_prizes_go_through_contests(users, came):
    with pytest.raises(ActionError) as err:
        record(users.officer, came, kind="prize", item="", amount_per_person="十元")
    errors = err.value.message_dict
    assert errors["kind"] == ["开支类型应为：春秋游、工作服、文化衫、观影、其他职工活动（奖品请在比赛项目中确认）"]
    assert errors["item"] == ["不能为空"] and errors["amount_per_person"] == ["“十元”不是金额"]
    assert nothing_written()


def test_outing_costs_of_the_same_day_add_up_against_the_daily_cap(users, came):
    record(users.officer, came, item="交通", amount_per_person="150")
    with pytest.raises(ActionError) as err:
        record(users.officer, came, item="午餐", amount_per_person="60")
    assert err.value.message_dict["amount_per_person"] == [
        "春秋游每人每天不超过200.00元：2人当天已发放春秋游费用（最多150.00元），本次每人60.00元，最多还可每人50.00元"]
    assert EventCost.objects.count() == 1
    lunch = record(users.officer, came, item="午餐", amount_per_person="50")
    assert lunch.expense.status == Expense.Status.RECORDED


def test_cinema_tickets_are_capped_per_person_per_year(users, came):
    record(users.officer, came, kind="cinema", item="观影票", amount_per_person="100")
    with pytest.raises(ActionError) as err:
        record(users.officer, came, kind="cinema", item="观影票", amount_per_person="60")
    messages = err.value.message_dict["amount_per_person"]
    assert len(messages) == 2 and "上限150.00元，最多还可发放50.00元" in messages[0]


# ---- the event's budget ----

def test_a_cost_beyond_the_event_budget_is_refused_naming_the_amount_over_and_nothing_is_written(users, came):
    with pytest.raises(ActionError) as err:
        record(users.officer, came, kind="other", item="场地费", amount_per_person="1600")
    assert err.value.message_dict["amount_per_person"] == [
        "本次场地费合计3,200.00元（2人×1,600.00元），连同已登记的活动开支0.00元和奖品0.00元共3,200.00元，"
        "超出活动预算3,000.00元200.00元"]
    assert nothing_written()


def test_earlier_costs_count_against_the_budget_and_rejected_ones_do_not(users, came):
    record(users.officer, came, kind="other", item="场地费", amount_per_person="1000")
    with pytest.raises(ActionError) as err:
        record(users.officer, came, kind="uniform", item="服装", amount_per_person="600", members="confirmed")
    assert "连同已登记的活动开支2,000.00元和奖品0.00元共3,800.00元，超出活动预算3,000.00元800.00元" in \
        err.value.message_dict["amount_per_person"][0]
    assert queries.budget_of(came).remaining == D("1000.00")


def test_confirmed_prizes_count_against_the_budget(users, members, came):
    from gonghui.contests import actions as contest_actions

    item = contest_actions.create_item(users.officer, came, {"name": "跳绳", "measure": "count", "unit": "个"})
    contest_actions.save_scores(users.officer, item, [
        {"row": n, "member": m.pk, "scores": {1: str(150 - n)}}
        for n, m in enumerate([members.wang, members.zhao, members.zhang], start=1)])
    contest_actions.set_prizes(users.officer, item, [{"level": "一等奖", "count": "1", "amount": "500"}])
    contest_actions.confirm_awards(users.officer, item)
    figures = queries.budget_of(came)
    assert (figures.prizes, figures.remaining) == (D("500.00"), D("2500.00"))
    with pytest.raises(ActionError) as err:
        record(users.officer, came, kind="other", item="场地费", amount_per_person="1300")
    assert "和奖品500.00元共3,100.00元，超出活动预算3,000.00元100.00元" in err.value.message_dict["amount_per_person"][0]


# ---- breaches: the chair's override, or waiting for the chair ----

def test_only_the_chair_may_let_a_breach_through_with_a_written_reason(users, came):
    with pytest.raises(ActionError) as err:
        record(users.officer, came, amount_per_person="250", override_reason="两天行程")
    assert "工会主席" in err.value.message_dict["override_reason"][0]
    assert nothing_written()
    cost = record(users.chair, came, amount_per_person="250", override_reason="两天行程，按两天标准")
    assert cost.expense.status == Expense.Status.RECORDED and cost.expense.override_reason == "两天行程，按两天标准"
    assert cost.expense.voucher_id and Benefit.objects.filter(expense=cost.expense).count() == 2
    assert AuditEntry.objects.filter(action="override", object_id=cost.expense_id).exists()


def test_a_breach_sent_to_the_chair_waits_and_only_the_chair_may_withdraw_it(users, came):
    cost = record(users.officer, came, amount_per_person="250", submit_if_breached=True)
    assert cost.expense.status == Expense.Status.PENDING and cost.expense.voucher_id is None
    assert not Benefit.objects.exists() and queries.budget_of(came).costs == D("500.00")
    with pytest.raises(PermissionDenied):
        actions.cancel_event_cost(users.officer, cost, reason="改期")
    with pytest.raises(ActionError) as err:
        actions.cancel_event_cost(users.chair, cost, reason="")
    assert err.value.message_dict["reason"] == ["请说明撤销原因"]
    actions.cancel_event_cost(users.chair, cost, reason="改为当天往返")
    cost.expense.refresh_from_db()
    assert cost.expense.status == Expense.Status.REJECTED and queries.budget_of(came).costs == D("0.00")
    assert AuditEntry.objects.filter(action="cancel_cost", object_id=cost.pk).exists()


def test_a_recorded_cost_cannot_be_withdrawn_here(users, came):
    cost = record(users.officer, came)
    with pytest.raises(ActionError) as err:
        actions.cancel_event_cost(users.chair, cost, reason="录错")
    assert "已生成记账凭证" in err.value.message_dict["status"][0]


def test_an_officer_of_another_union_cannot_record_a_cost(users, came):
    with pytest.raises(PermissionDenied):
        record(users.outsider, came)
    assert nothing_written()


# ---- the event page ----

def test_the_event_page_shows_budget_costs_vouchers_and_what_is_left(client, users, came):
    record(users.officer, came, item="交通", amount_per_person="150")
    page = login(client, users.chair).get(f"/activities/{came.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "活动经费" in body and "剩余预算" in body and "2700.00" in body and "已登记" in body
    assert f"/finance/rules/expenses/{EventCost.objects.get().expense_id}/" in body
    officer_body = login(client, users.officer).get(f"/activities/{came.pk}/").content.decode()
    assert "/finance/rules/expenses/" not in officer_body and 'name="amount_per_person"' in officer_body


def test_a_refused_cost_shows_its_message_on_the_amount_field(client, users, came):
    page = login(client, users.officer).post(f"/activities/{came.pk}/costs/", {
        "kind": "outing", "item": "大巴", "amount_per_person": "250", "members": "attendees"})
    assert page.status_code == 400
    assert page.context["cost_form"].errors["amount_per_person"] == [
        "春秋游（每人每天）每人不超过200.00元，本次每人250.00元"]
    assert nothing_written()


def test_a_cost_recorded_through_the_page_returns_to_the_costs(client, users, came):
    page = login(client, users.officer).post(f"/activities/{came.pk}/costs/", {
        "kind": "other", "item": "纪念品", "amount_per_person": "35", "members": "confirmed", "date": ""})
    assert page.status_code == 302 and page["Location"].endswith("#costs")
    assert EventCost.objects.get().total == D("105.00")


def test_the_event_page_reads_the_costs_in_the_same_number_of_queries_however_many_there_are(
        client, users, came):
    login(client, users.chair)
    record(users.officer, came, kind="other", item="场地费", amount_per_person="10")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/activities/{came.pk}/").status_code == 200
    for n in range(5):
        record(users.officer, came, kind="other", item=f"纪念品{n}", amount_per_person="10")
    with CaptureQueriesContext(connection) as six:
        assert client.get(f"/activities/{came.pk}/").status_code == 200
    assert len(six.captured_queries) == len(one.captured_queries)


def test_an_officer_of_another_union_gets_404_for_the_cost_pages(client, users, came):
    cost = record(users.officer, came, submit_if_breached=True, amount_per_person="250")
    login(client, users.outsider)
    assert client.post(f"/activities/{came.pk}/costs/", {"kind": "other", "item": "x",
                                                          "amount_per_person": "1"}).status_code == 404
    assert client.post(f"/activities/{came.pk}/costs/{cost.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert EventCost.objects.count() == 1


# ---- the API ----

def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_costs_are_recorded_and_listed_through_the_api(users, members, came):
    client = api(users.officer)
    made = client.post(API + f"events/{came.pk}/costs/", {"kind": "outing", "item": "交通",
                                                          "amount_per_person": "120.50"}, format="json")
    assert made.status_code == 201, made.json()
    assert (made.json()["total"], made.json()["status"], made.json()["head_count"]) == ("241.00", "recorded", 2)
    listed = client.get(API + f"events/{came.pk}/costs/").json()
    assert listed["budget"] == {"budget": "3000.00", "costs": "241.00", "prizes": "0.00", "spent": "241.00",
                                "remaining": "2759.00"}
    assert [c["item"] for c in listed["costs"]] == ["交通"] and listed["costs"][0]["voucher"] == "2027-1（待审核）"


def test_an_api_cost_over_the_cap_is_a_400_with_the_message_and_others_get_404(users, came):
    refused = api(users.officer).post(API + f"events/{came.pk}/costs/", {
        "kind": "outing", "item": "交通", "amount_per_person": "250"}, format="json")
    assert refused.status_code == 400
    assert "200.00" in str(refused.json())
    pending = api(users.officer).post(API + f"events/{came.pk}/costs/", {
        "kind": "outing", "item": "交通", "amount_per_person": "250", "submit_if_breached": True}, format="json")
    assert pending.json()["status"] == "pending"
    outsider = api(users.outsider)
    assert outsider.get(API + f"events/{came.pk}/costs/").status_code == 404
    assert outsider.post(API + f"events/{came.pk}/costs/{pending.json()['id']}/cancel/", {"reason": "x"},
                         format="json").status_code == 404
    withdrawn = api(users.chair).post(API + f"events/{came.pk}/costs/{pending.json()['id']}/cancel/",
                                      {"reason": "改期"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "rejected"
