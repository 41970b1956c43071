"""Routing of members' requests: each union names who handles each category and sets its answer period in
working days (DOMAIN §14); a new request goes straight to that officer with that period, an escalated one to
the upper union's officer; bad settings are refused naming the field; the page and the API do the same."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.appeals import actions
from gonghui.appeals.models import Route, Routing
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .conftest import login

pytestmark = pytest.mark.django_db
D = datetime.date


def _submit(user, member, category="wages", day=D(2026, 9, 24)):
    return actions.submit(user, member, category=category, title="加班费未发", text_="十月加班费至今未发放。",
                          today=day)[0]


def test_a_routed_category_goes_to_its_officer_with_the_unions_answer_period(users, tree, members, member_user):
    actions.set_routing(users.chair, tree.school, answer_working_days="10", routes={"wages": users.officer})
    wages = _submit(member_user, members.wang)
    assert wages.officer == users.officer and wages.due == D(2026, 10, 15)  # 10 working days, holidays skipped
    other = _submit(member_user, members.wang, category="welfare")
    assert other.officer is None and other.due == D(2026, 10, 15)
    entry = AuditEntry.objects.get(action="appeals_routing")
    assert entry.changes["answer_working_days"] == [15, 10] and entry.changes["routes"] == [{}, {"wages": "officer"}]


def test_without_a_setting_the_answer_is_due_in_15_working_days_and_nobody_is_routed(users, members, member_user):
    appeal = _submit(member_user, members.wang)
    assert appeal.officer is None and appeal.due == D(2026, 10, 22)


def test_an_officer_who_lost_the_rights_role_is_passed_over(users, tree, members, member_user):
    actions.set_routing(users.chair, tree.school, answer_working_days=15, routes={"wages": users.officer})
    users.officer.roles.all().delete()
    from gonghui.core import scope
    scope.forget(users.officer)
    assert _submit(member_user, members.wang).officer is None


def test_an_escalated_request_goes_to_the_upper_unions_officer_with_its_period(users, tree, members, member_user):
    actions.set_routing(users.federation, tree.town, answer_working_days=5, routes={"wages": users.federation})
    appeal = _submit(member_user, members.wang)
    actions.escalate(users.chair, appeal, today=D(2026, 9, 29))
    appeal.refresh_from_db()
    assert appeal.handler == tree.town and appeal.officer == users.federation
    assert appeal.due == D(2026, 10, 12)  # DOMAIN §14: 5 working days after 29 Sept


@pytest.mark.parametrize("days", ["0", "61", "十"])
def test_a_bad_answer_period_is_refused_naming_the_field_and_nothing_changes(users, tree, days):
    with pytest.raises(ActionError) as e:
        actions.set_routing(users.chair, tree.school, answer_working_days=days, routes={"wages": users.officer})
    assert "答复期限（工作日）" in e.value.message_dict["answer_working_days"][0]
    assert not Routing.objects.exists() and not Route.objects.exists()


def test_an_officer_without_rights_at_the_union_cannot_be_routed_to(users, tree):
    with pytest.raises(ActionError) as e:
        actions.set_routing(users.chair, tree.school, answer_working_days=15, routes={"wages": users.finance})
    assert "工资报酬" in e.value.message_dict["route_wages"][0]
    with pytest.raises(PermissionDenied):
        actions.set_routing(users.outsider, tree.school, answer_working_days=15, routes={})
    assert not Routing.objects.exists()


def test_the_routing_page_saves_and_shows_the_setting(client, users, tree):
    login(client, users.chair)
    page = client.get("/appeals/routing/?org=SCH").content.decode()
    assert "诉求分派与答复期限" in page and "工资报酬" in page
    r = client.post("/appeals/routing/?org=SCH", {"answer_working_days": "99", "route_wages": str(users.officer.pk)})
    assert "应在1至60之间" in r.content.decode() and not Routing.objects.exists()
    r = client.post("/appeals/routing/?org=SCH", {"answer_working_days": "12", "route_wages": str(users.officer.pk)})
    assert r.status_code == 302
    routing = Routing.objects.get(union=tree.school)
    assert routing.answer_working_days == 12 and routing.routes.get().officer == users.officer
    assert f'value="{users.officer.pk}" selected' in client.get("/appeals/routing/?org=SCH").content.decode()
    login(client, users.outsider)
    assert client.get("/appeals/routing/?org=SCH").status_code == 404


def test_the_routing_api_reads_and_writes_the_same_setting_and_assigns(client, users, tree, members, member_user):
    login(client, users.chair)
    data = client.get("/api/appeals/routing/?org=SCH").json()
    assert data["answer_working_days"] == 15 and data["routes"]["wages"] is None
    assert users.officer.pk in [o["id"] for o in data["officers"]]
    bad = client.put("/api/appeals/routing/?org=SCH", {"answer_working_days": 10, "routes": {"wages": users.finance.pk}},
                     content_type="application/json")
    assert bad.status_code == 400 and "route_wages" in bad.json()
    ok = client.put("/api/appeals/routing/?org=SCH", {"answer_working_days": 10, "routes": {"wages": users.officer.pk}},
                    content_type="application/json")
    assert ok.status_code == 200 and ok.json()["routes"]["wages"] == users.officer.pk
    appeal = _submit(member_user, members.wang, category="welfare")
    r = client.post(f"/api/appeals/cases/{appeal.pk}/assign/", {"officer": users.officer.pk},
                    content_type="application/json")
    assert r.status_code == 200
    appeal.refresh_from_db()
    assert appeal.officer == users.officer
    login(client, users.outsider)
    assert client.get("/api/appeals/routing/?org=SCH").status_code == 404
    assert client.post(f"/api/appeals/cases/{appeal.pk}/assign/", {"officer": users.officer.pk},
                       content_type="application/json").status_code == 404


def test_legal_aid_is_recorded_from_the_page_by_the_members_name(client, users, tree, members):
    from gonghui.appeals.models import LegalAid

    login(client, users.chair)
    form = {"kind": "consultation", "date": "2026-11-02", "category": "contract", "summary": "咨询解除劳动合同补偿",
            "member_no": "无此人"}
    r = client.post("/appeals/legal-aid/?org=SCH", form)
    assert "无此人" in r.content.decode() and not LegalAid.objects.exists()
    r = client.post("/appeals/legal-aid/?org=SCH", {**form, "member_no": members.wang.name})
    assert r.status_code == 302 and LegalAid.objects.get().member == members.wang
