"""A federation's notices and plans pushed down to the unions below (federation.pushdown_actions): who receives
them, each union's answer (acknowledge, reply, adopt the plan as its own draft, report its own plan), late
answers accepted and marked, reminders, the response table per unit, the inboxes, the pages and the API."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import Role, RoleKind
from gonghui.core import inbox
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.federation import pushdown as pushdowns
from gonghui.federation import pushdown_actions as actions
from gonghui.federation.models import PushDown, PushState, PushTarget
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind
from gonghui.plans import actions as plan_actions
from gonghui.plans.models import Plan, PlanStatus

from .conftest import login, make_user

DUE = datetime.date(2026, 12, 20)  # after the suite's day (2026-12-03)


@pytest.fixture
def far(tree, admin_user):
    town2 = org_actions.create_org(admin_user, parent=tree.county, kind=Kind.TOWN, code="TOWN2", name="东关镇总工会")
    mill = org_actions.create_org(admin_user, parent=town2, kind=Kind.GRASSROOTS, union_type="enterprise",
                                  code="MILL", name="纺织厂工会")
    chair = make_user("millchair")
    Role.objects.create(user=chair, org=mill, kind=RoleKind.CHAIR)
    town_officer = make_user("townfed")
    Role.objects.create(user=town_officer, org=tree.town, kind=RoleKind.FEDERATION_OFFICER)
    return type("Far", (), dict(town2=town2, mill=mill, chair=chair, town_officer=town_officer))


@pytest.fixture
def county_plan(tree, admin_user):
    plan = plan_actions.create_plan(admin_user, tree.county, year=2026, title="某县总工会2026年工作要点")
    plan_actions.add_task(admin_user, plan, title="开展职工技能竞赛", month=5, owner_org=tree.county)
    return plan


def _notice(users, tree, **kw):
    return actions.send(users.federation, tree.county, kind="notice", title="关于做好年终慰问的通知",
                        body="请各基层工会于月底前报送慰问计划。", due_on=kw.pop("due_on", DUE), **kw)


def _target(pushdown, union):
    return PushTarget.objects.get(pushdown=pushdown, union=union)


def test_a_notice_to_all_reaches_every_grassroots_union_below_with_one_audit_row(tree, users, far):
    pushdown = _notice(users, tree)
    assert set(pushdown.targets.values_list("union__code", flat=True)) == {"SCH", "FAC", "MILL"}
    entries = AuditEntry.objects.filter(action="federation_push_down")
    assert entries.count() == 1 and "3个基层工会" in entries.get().note


def test_a_push_down_can_go_to_chosen_union_types_or_units(tree, users, far):
    schools = _notice(users, tree, union_types=["school"])
    east = _notice(users, tree, units=[far.town2])
    assert list(schools.targets.values_list("union__code", flat=True)) == ["SCH"]
    assert list(east.targets.values_list("union__code", flat=True)) == ["MILL"]


def test_a_push_down_reaching_no_union_is_refused_and_nothing_is_written(tree, users, far):
    with pytest.raises(ActionError) as refused:
        _notice(users, tree, union_types=["agency"])
    assert "没有符合条件的下级基层工会" in str(refused.value.message_dict["units"])
    assert not PushDown.all_objects.exists() and not PushTarget.objects.exists()


def test_bad_input_names_each_field(tree, users, far, county_plan):
    with pytest.raises(ActionError) as refused:
        actions.send(users.federation, tree.county, kind="plan", title="", due_on="2026-11-01",
                     union_types=["工厂"], units=[tree.county])
    errors = refused.value.message_dict
    assert set(errors) == {"title", "due_on", "union_types", "units", "plan"}
    assert "不能早于今天" in errors["due_on"][0]


def test_a_union_outside_the_federation_cannot_be_chosen_and_a_grassroots_union_cannot_push(tree, users, far):
    with pytest.raises(ActionError) as refused:
        actions.send(far.town_officer, tree.town, kind="notice", title="通知", due_on=DUE, units=[far.mill])
    assert "units" in refused.value.message_dict
    with pytest.raises(ActionError):
        actions.send(users.chair, tree.school, kind="notice", title="通知", due_on=DUE)


def test_the_union_answers_once_and_a_second_answer_names_who_answered(tree, users, far):
    pushdown = _notice(users, tree)
    target = actions.respond(users.chair, _target(pushdown, tree.school), how="reply", response="已安排慰问12人")
    assert target.state == PushState.REPLIED and not target.late
    with pytest.raises(ActionError) as refused:
        actions.respond(users.officer, target, how="acknowledge")
    assert "已由chair于" in refused.value.message_dict["how"][0]
    assert AuditEntry.objects.filter(action="federation_push_response", object_id=target.pk).count() == 1


def test_a_reply_needs_text_or_an_attachment_and_adoption_is_for_plans_only(tree, users, far):
    target = _target(_notice(users, tree), tree.school)
    with pytest.raises(ActionError) as empty:
        actions.respond(users.chair, target, how="reply", response="  ")
    assert "response" in empty.value.message_dict
    with pytest.raises(ActionError) as wrong:
        actions.respond(users.chair, target, how="adopt")
    assert "how" in wrong.value.message_dict


def test_an_answer_after_the_deadline_is_accepted_and_marked_late(tree, users, far):
    pushdown = _notice(users, tree)
    PushDown.objects.filter(pk=pushdown.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    target = actions.respond(users.chair, _target(pushdown, tree.school), how="acknowledge")
    assert target.state == PushState.ACKNOWLEDGED and target.late


def test_a_union_adopts_the_federations_plan_as_its_own_draft(tree, users, far, county_plan):
    pushdown = actions.send(users.federation, tree.county, kind="plan", title="请各单位对照制定年度计划",
                            due_on=DUE, plan=county_plan)
    target = actions.respond(users.chair, _target(pushdown, tree.school), how="adopt")
    plan = Plan.objects.get(pk=target.result_id)
    assert (plan.union, plan.status, plan.copied_from_id) == (tree.school, PlanStatus.DRAFT, county_plan.pk)
    task = plan.tasks.get()
    assert task.title == "开展职工技能竞赛" and task.owner_org_id is None  # the county's office is not the school's


def test_a_union_reports_its_own_plan_of_the_same_year(tree, users, far, county_plan):
    pushdown = actions.send(users.federation, tree.county, kind="plan", title="报送年度计划", due_on=DUE,
                            plan=county_plan)
    target = _target(pushdown, tree.school)
    old = plan_actions.create_plan(users.chair, tree.school, year=2025, title="2025年计划")
    with pytest.raises(ActionError) as wrong:
        actions.respond(users.chair, target, how="report", plan=old)
    assert "2026" in wrong.value.message_dict["plan"][0]
    own = plan_actions.create_plan(users.chair, tree.school, year=2026, title="2026年计划")
    target = actions.respond(users.chair, target, how="report", plan=own)
    assert (target.state, target.result_id) == (PushState.REPORTED, own.pk)


def test_reminders_count_on_the_silent_unions_only(tree, users, far):
    pushdown = _notice(users, tree)
    actions.respond(users.chair, _target(pushdown, tree.school), how="acknowledge")
    assert actions.remind(users.federation, pushdown) == 2
    assert dict(pushdown.targets.values_list("union__code", "reminders")) == {"SCH": 0, "FAC": 1, "MILL": 1}
    for union, user in ((tree.factory, users.outsider), (far.mill, far.chair)):
        actions.respond(user, _target(pushdown, union), how="acknowledge")
    with pytest.raises(ActionError) as done:
        actions.remind(users.federation, pushdown)
    assert "无需催办" in str(done.value)


def test_the_response_table_rolls_up_per_unit_and_shows_overdue(tree, users, far):
    pushdown = _notice(users, tree)
    actions.respond(users.chair, _target(pushdown, tree.school), how="acknowledge")
    table = {unit.code: values for unit, *values in pushdowns.unit_table(pushdown)}
    assert table == {"TOWN": [2, 1, 0, 1, 0], "TOWN2": [1, 0, 0, 1, 0]}
    later = timezone.localdate() + datetime.timedelta(days=30)
    table = {unit.code: values for unit, *values in pushdowns.unit_table(pushdown, today=later)}
    assert table["TOWN"][4] == 1 and table["TOWN2"][4] == 1
    row = pushdowns.sent_by(users.federation, tree.county, today=later).get(pk=pushdown.pk)
    assert (row.n_unions, row.n_answered, row.n_waiting, row.n_overdue) == (3, 1, 2, 2)


def test_the_inboxes_show_waiting_items_to_the_unions_and_overdue_ones_to_the_federation(tree, users, far):
    pushdown = _notice(users, tree)
    source = inbox.get("federation.notices_pushed")
    today = timezone.localdate()
    assert [t.union.code for t in source.rows(users.chair, today)] == ["SCH"]
    assert [t.union.code for t in source.rows(far.chair, today)] == ["MILL"]
    overdue = inbox.get("federation.pushdowns_overdue")
    assert list(overdue.rows(users.federation, today)) == []
    later = DUE + datetime.timedelta(days=1)
    assert [(p.pk, p.n_waiting) for p in overdue.rows(users.federation, later)] == [(pushdown.pk, 3)]
    actions.withdraw(users.federation, pushdown)
    assert list(source.rows(users.chair, today)) == []


def test_pages_send_show_and_answer(client, tree, users, far):
    login(client, users.federation)
    page = client.post(reverse("federation:pushdown_new") + "?org=COUNTY", {
        "kind": "notice", "title": "关于开展安全检查的通知", "body": "全面排查", "due_on": "2026-12-25",
        "units": ["TOWN"]})
    pushdown = PushDown.objects.get()
    assert page.status_code == 302 and set(pushdown.targets.values_list("union__code", flat=True)) == {"SCH", "FAC"}
    detail = client.get(reverse("federation:pushdown", args=[pushdown.pk]))
    assert detail.status_code == 200 and "第一中学工会" in detail.content.decode()
    assert client.post(reverse("federation:pushdown_remind", args=[pushdown.pk])).status_code == 302
    login(client, users.chair)
    target = _target(pushdown, tree.school)
    assert "关于开展安全检查的通知" in client.get(reverse("federation:received") + "?org=SCH").content.decode()
    answered = client.post(reverse("federation:received_detail", args=[target.pk]),
                           {"how": "reply", "response": "已完成排查"})
    assert answered.status_code == 302
    target.refresh_from_db()
    assert target.state == PushState.REPLIED and target.response == "已完成排查" and target.reminders == 1


def test_a_refused_push_down_on_the_page_names_the_field(client, tree, users, far):
    login(client, users.federation)
    page = client.post(reverse("federation:pushdown_new") + "?org=COUNTY", {
        "kind": "notice", "title": "通知", "due_on": "2026-12-25", "union_types": ["agency"]})
    assert page.status_code == 400 and "没有符合条件的下级基层工会" in page.content.decode()


def test_out_of_scope_push_downs_and_answers_are_404(client, tree, users, far):
    pushdown = _notice(users, tree, units=[tree.town])
    school_target = _target(pushdown, tree.school)
    login(client, users.outsider)  # the factory's chair
    assert client.get(reverse("federation:received_detail", args=[school_target.pk])).status_code == 404
    assert client.post(f"/api/federation/received/{school_target.pk}/respond/",
                       {"how": "acknowledge"}).status_code == 404
    assert client.get(reverse("federation:pushdown", args=[pushdown.pk])).status_code == 404
    login(client, far.town_officer)  # the town's federation does not see the county's push-down
    assert client.get(f"/api/federation/pushdowns/{pushdown.pk}/").status_code == 404


def test_the_api_sends_answers_and_reminds(client, tree, users, far, county_plan):
    login(client, users.federation)
    created = client.post("/api/federation/pushdowns/", {
        "org": "COUNTY", "kind": "plan", "title": "年度工作要点", "due_on": "2026-12-28", "plan": county_plan.pk,
        "union_types": ["school", "enterprise"]}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["unions"] == 3
    none = client.post("/api/federation/pushdowns/", {"org": "COUNTY", "kind": "notice", "title": "x",
                                                     "due_on": "2026-12-28", "union_types": ["agency"]},
                       content_type="application/json")
    assert none.status_code == 400 and "units" in none.json()
    login(client, users.chair)
    target = PushTarget.objects.get(pushdown_id=pk, union=tree.school)
    answered = client.post(f"/api/federation/received/{target.pk}/respond/", {"how": "adopt"},
                           content_type="application/json")
    assert answered.status_code == 200 and answered.json()["state"] == "adopted"
    again = client.post(f"/api/federation/received/{target.pk}/respond/", {"how": "acknowledge"},
                        content_type="application/json")
    assert again.status_code == 400
    assert [r["id"] for r in client.get("/api/federation/received/", {"org": "SCH"}).json()] == [target.pk]
    login(client, users.federation)
    assert client.post(f"/api/federation/pushdowns/{pk}/remind/").json() == {"reminded": 2}
    detail = client.get(f"/api/federation/pushdowns/{pk}/").json()
    assert detail["pushdown"]["answered"] == 1
    assert {u["org"]: u["waiting"] for u in detail["units"]} == {"TOWN": 1, "TOWN2": 1}


def test_the_response_pages_cost_the_same_queries_for_few_or_many_unions(client, tree, users, far, admin_user,
                                                                        django_assert_num_queries):
    login(client, users.federation)
    small = _notice(users, tree, units=[far.town2])
    for i in range(4):
        org_actions.create_org(admin_user, parent=far.town2, kind=Kind.GRASSROOTS, union_type="enterprise",
                               code=f"E{i}", name=f"企业{i}工会")
    big = _notice(users, tree, units=[far.town2])
    for pk in (small.pk, big.pk):
        client.get(f"/api/federation/pushdowns/{pk}/")
        client.get(reverse("federation:pushdown", args=[pk]))
    counts = []
    for pk in (small.pk, big.pk):
        with CaptureQueriesContext(connection) as api:
            client.get(f"/api/federation/pushdowns/{pk}/")
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("federation:pushdown", args=[pk]))
        counts.append((len(api), len(page)))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as listed:
        client.get("/api/federation/pushdowns/", {"org": "COUNTY"})
    _notice(users, tree)
    with django_assert_num_queries(len(listed)):
        client.get("/api/federation/pushdowns/", {"org": "COUNTY"})


def test_an_answer_with_an_attachment_is_downloaded_by_the_federation_and_hidden_from_others(client, tree, users,
                                                                                            far):
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = _target(_notice(users, tree), tree.school)
    actions.respond(users.chair, target, how="reply",
                    attachment=SimpleUploadedFile("慰问计划.txt", "慰问名单12人".encode()))
    url = reverse("federation:response_file", args=[target.pk])
    login(client, users.federation)
    answer = client.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content).decode() == "慰问名单12人"
    login(client, users.outsider)
    assert client.get(url).status_code == 404


def test_only_a_plan_of_a_federation_above_can_be_adopted(tree, users, far, county_plan):
    other = plan_actions.create_plan(far.chair, far.mill, year=2026, title="纺织厂工会计划")
    with pytest.raises(ActionError) as refused:
        plan_actions.adopt_plan(users.chair, tree.school, other)
    assert "copy_from" in refused.value.message_dict
    assert plan_actions.adopt_plan(users.chair, tree.school, county_plan).copied_from == county_plan
