"""A hazard is assigned to a person, not free text (issue 17.2): the safety officer picks a member of the union
with the member picker; the hazard keeps the member as a foreign key (the department stays optional text, and
hazards assigned before keep their text readable); the assignee finds it in their inbox (due and overdue) and
in the notify digest, reads it, and records the rectification themself — web and API; anyone else gets a 404."""
import datetime

import pytest
from django.urls import reverse

from gonghui.core import inbox
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.notify import digest
from gonghui.safety import actions
from gonghui.safety.models import Hazard, Status

from .conftest import login, make_user
from .safety_fixtures import REPORTED, picture, report, to_rectifying

pytestmark = pytest.mark.django_db
JSON = "application/json"
TODAY = datetime.date(2026, 12, 3)  # conftest.SUITE_NOW


@pytest.fixture
def zhang_user(members):
    """张敏 (school, no role) with a self-service login: the responsible person."""
    user = make_user("zhangmin", "张敏")
    members.zhang.user = user
    members.zhang.save(update_fields=["user"])
    return user


@pytest.fixture
def accepted(member_user, users):
    hazard = report(member_user)
    return actions.triage(users.officer, hazard, decision="accept", day=REPORTED)


# ---- the action ----

def test_the_assignee_is_stored_as_the_member_and_audited_by_name(users, members, accepted):
    hazard = actions.assign(users.officer, accepted, assignee=members.zhang, responsible="设备科", assigned_on=REPORTED)
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert (hazard.assignee_id, hazard.responsible, hazard.status) == (members.zhang.pk, "设备科", Status.RECTIFYING)
    entry = AuditEntry.objects.get(action="safety_assign")
    assert entry.changes["assignee"] == [None, str(members.zhang)]


@pytest.mark.parametrize("who, message", [
    (None, "整改责任人：请选择本工会的一名会员"),
    ("liu", "整改责任人：刘洋不是第一中学工会的在册会员"),
])
def test_an_assignment_without_a_member_of_the_union_is_refused_naming_the_field(users, members, accepted, who,
                                                                                 message):
    with pytest.raises(ActionError) as exc:
        actions.assign(users.officer, accepted, assignee=getattr(members, who) if who else None, assigned_on=REPORTED)
    assert exc.value.message_dict == {"assignee": [message]}
    hazard = Hazard.objects.get(pk=accepted.pk)
    assert (hazard.status, hazard.assignee_id) == (Status.ACCEPTED, None)
    assert not AuditEntry.objects.filter(action="safety_assign").exists()


def test_a_terminated_member_cannot_be_assigned(users, members, accepted):
    member_actions.terminate(users.chair, members.zhang, reason="resigned")
    with pytest.raises(ActionError) as exc:
        actions.assign(users.officer, accepted, assignee=members.zhang, assigned_on=REPORTED)
    assert exc.value.message_dict == {"assignee": ["整改责任人：张敏不是第一中学工会的在册会员"]}


def test_the_assignee_records_the_rectification_and_another_member_may_not(users, members, member_user, zhang_user,
                                                                          accepted):
    hazard = actions.assign(users.officer, accepted, assignee=members.zhang, assigned_on=REPORTED)
    with pytest.raises(Exception) as exc:  # the reporter is not the assignee: no capability
        actions.rectify(member_user, hazard, rectified_on=REPORTED, note="x")
    assert "无权" in str(exc.value)
    hazard = actions.rectify(zhang_user, hazard, rectified_on=datetime.date(2026, 11, 5), note="已加锁",
                             photos=[picture()])
    assert hazard.status == Status.RECTIFIED
    entry = AuditEntry.objects.get(action="safety_rectify")
    assert entry.actor == zhang_user


# ---- inbox and notification ----

def test_the_assignee_sees_due_and_overdue_hazards_in_the_inbox_and_the_digest(users, members, member_user,
                                                                             zhang_user):
    overdue = to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 30),
                            assignee=members.zhang)
    due = to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 12, 8),
                        assignee=members.zhang)
    to_rectifying(users.officer, report(member_user), assignee=members.wang)   # someone else's
    source = inbox.get("safety.assigned")
    assert source.applies_to(zhang_user)
    assert list(source.rows(zhang_user, TODAY)) == [overdue, due]
    items = [source.item(h) for h in source.rows(zhang_user, TODAY)]
    assert items[0].detail.startswith("已逾期3天（整改期限2026-11-30）") and items[1].due == datetime.date(2026, 12, 8)
    sections = {s.key: s for s in digest.collect(zhang_user, TODAY)}
    assert sections["safety.assigned"].count == 2
    assert sections["safety.assigned"].items[0][0] == f"交给您整改的隐患{overdue.number}"
    actions.rectify(zhang_user, overdue, rectified_on=TODAY, note="已整改")
    assert list(source.rows(zhang_user, TODAY)) == [due]


def test_the_assignees_inbox_rows_cost_the_same_queries_whatever_their_number(users, members, member_user,
                                                                             zhang_user, django_assert_num_queries):
    to_rectifying(users.officer, report(member_user), assignee=members.zhang)
    source = inbox.get("safety.assigned")
    # the user, the member behind the login (cached on the user), the count, the first rows
    with django_assert_num_queries(4):
        fresh = type(zhang_user).objects.get(pk=zhang_user.pk)
        rows = source.rows(fresh, TODAY)
        rows.count(), [source.item(h) for h in rows[:inbox.FIRST]]
    for _ in range(3):
        to_rectifying(users.officer, report(member_user), assignee=members.zhang)
    with django_assert_num_queries(4):
        fresh = type(zhang_user).objects.get(pk=zhang_user.pk)
        rows = source.rows(fresh, TODAY)
        assert rows.count() == 4 and len([source.item(h) for h in rows[:inbox.FIRST]]) == 4


# ---- pages ----

def test_the_officer_picks_the_assignee_on_the_hazard_page(client, users, members, accepted):
    login(client, users.officer)
    url = reverse("safety:hazard", args=[accepted.pk])
    page = client.get(url).content.decode()
    assert 'name="assignee"' in page and "data-picker" in page and "within=SCH" in page
    response = client.post(reverse("safety:hazard_assign", args=[accepted.pk]),
                           {"assignee": "张敏", "assignee__pick": "", "responsible": "教务处", "deadline": ""})
    assert response.status_code == 302
    assert Hazard.objects.get(pk=accepted.pk).assignee_id == members.zhang.pk
    page = client.get(url).content.decode()
    assert "张敏（教务处）" in page.split('id="assignee"')[1].split("</dd>")[0]
    assert "尚未开通账号" in page  # 张敏 has no login in this test


def test_a_name_not_in_the_union_is_shown_on_the_assignee_field(client, users, members, accepted):
    login(client, users.officer)
    response = client.post(reverse("safety:hazard_assign", args=[accepted.pk]), {"assignee": "刘洋", "deadline": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "找不到会员“刘洋”" in body
    response = client.post(reverse("safety:hazard_assign", args=[accepted.pk]), {"assignee": "", "deadline": ""})
    assert response.status_code == 400 and "整改责任人：请选择本工会的一名会员" in response.content.decode()
    assert Hazard.objects.get(pk=accepted.pk).status == Status.ACCEPTED


def test_the_assignee_reads_the_hazard_and_records_the_rectification_on_its_page(client, users, members,
                                                                                 member_user, zhang_user):
    hazard = to_rectifying(users.officer, report(member_user, photos=[picture()]), assignee=members.zhang)
    login(client, zhang_user)
    page = client.get(reverse("safety:my")).content.decode()
    assert hazard.number in page.split('id="assigned"')[1]
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert "登记整改完成" in page and "分拣" not in page and "王强" not in page  # no officer steps, no reporter
    photo = hazard.photos.get()
    response = client.post(reverse("safety:hazard_rectify", args=[hazard.pk]),
                           {"rectified_on": "2026-11-05", "note": "已加锁", "photos": [picture("JPEG")]})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == Status.RECTIFIED and hazard.photos.filter(stage="rectified").count() == 1
    assert client.get(reverse("safety:photo", args=[photo.pk])).status_code == 200
    # someone who is neither officer nor assignee nor reporter
    other = make_user("liuyang", "刘洋")
    members.liu.user = other
    members.liu.save(update_fields=["user"])
    login(client, other)
    assert client.get(reverse("safety:hazard", args=[hazard.pk])).status_code == 404
    assert client.post(reverse("safety:hazard_rectify", args=[hazard.pk]),
                       {"rectified_on": "2026-11-05", "note": "x"}).status_code == 404
    assert client.get(reverse("safety:photo", args=[photo.pk])).status_code == 404


def test_a_hazard_assigned_before_persons_were_picked_keeps_its_text(client, users, member_user, accepted):
    Hazard.objects.filter(pk=accepted.pk).update(status=Status.RECTIFYING, responsible="后勤保障处",
                                                 assigned_on=REPORTED, deadline=datetime.date(2026, 11, 17))
    login(client, users.officer)
    page = client.get(reverse("safety:hazard", args=[accepted.pk])).content.decode()
    assert "整改责任部门或责任人" in page and "后勤保障处" in page.split('id="assignee"')[1]
    item = inbox.get("safety.deadlines").item(Hazard.objects.select_related("union", "assignee").get(pk=accepted.pk))
    assert item.detail.endswith("责任：后勤保障处")


# ---- API ----

def test_the_api_assigns_by_member_number_and_the_assignee_rectifies(client, users, members, member_user,
                                                                    zhang_user, accepted):
    login(client, users.officer)
    response = client.post(f"/api/safety/hazards/{accepted.pk}/assign/",
                           {"assignee": members.zhang.member_no, "assigned_on": "2026-11-02"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == {"member_no": members.zhang.member_no, "name": "张敏"}
    response = client.post(f"/api/safety/hazards/{accepted.pk}/assign/", {"assignee": "刘洋"}, content_type=JSON)
    assert response.status_code == 400 and "刘洋" in response.json()["assignee"][0]
    login(client, zhang_user)
    listed = client.get("/api/safety/hazards/?assigned=1").json()["results"]
    assert [h["id"] for h in listed] == [accepted.pk]
    response = client.post(f"/api/safety/hazards/{accepted.pk}/rectify/", {"rectified_on": "2026-11-05",
                                                                         "note": "已加锁"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "rectified"
    assert client.post(f"/api/safety/hazards/{accepted.pk}/verify/", {"verified_on": "2026-11-06", "passed": True},
                       content_type=JSON).status_code == 404  # verification stays with the officer
    login(client, users.outsider)
    assert client.get(f"/api/safety/hazards/{accepted.pk}/").status_code == 404
