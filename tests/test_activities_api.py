"""The REST API: officers set up and run events, members sign themselves up and get their check-in
code; bad input is a 400 with Chinese messages per field, out-of-scope ids are 404."""
import pytest
from rest_framework.test import APIClient

from gonghui.activities import actions, codes
from gonghui.activities.models import Attendance, Event, Registration

from .activities_fixtures import at, check_in_during, during, fun_day, open_event, zhao_user  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/activities/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


EVENT = {"organiser": "SCH", "title": "滚铁环接力赛", "kind": "sport_culture", "starts_at": "2027-01-29 09:30",
         "ends_at": "2027-01-29 11:40", "place": "10号楼1楼东大厅", "capacity": "60", "budget": "800.00",
         "budget_account": "50102", "team_min_size": "10", "team_max_size": "10", "team_min_women": "2",
         "rules": [{"kind": "org", "org": "SCH-B1"}, {"kind": "org", "org": "SCH-B2"}]}


def test_an_officer_creates_publishes_and_lists_an_event(users, tree, members):
    client = api(users.officer)
    created = client.post(API + "events/", EVENT, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["union"], body["budget"], body["status"]) == ("SCH", "800.00", "draft")
    assert [r["text"] for r in body["rules"]] == ["语文组分工会", "数学组分工会"]
    published = client.post(API + f"events/{body['id']}/status/", {"verb": "publish"}, format="json")
    assert published.json()["status"] == "open"
    listed = client.get(API + "events/").json()
    assert [e["title"] for e in listed["results"]] == ["滚铁环接力赛"]


def test_bad_input_is_a_400_naming_each_field(users, tree, members):
    bad = {**EVENT, "ends_at": "2027-01-29 08:00", "budget": "abc", "kind": "picnic", "rules": []}
    response = api(users.officer).post(API + "events/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["ends_at"] == ["结束时间应晚于开始时间"]
    assert errors["budget"] == ["“abc”不是金额"]
    assert errors["kind"][0].startswith("活动类型应为：")
    assert not Event.objects.exists()


def test_an_outsider_gets_404_for_the_schools_event_and_403_creating_one_there(users, tree, members, fun_day):
    client = api(users.outsider)
    assert client.get(API + f"events/{fun_day.pk}/").status_code == 404
    assert client.post(API + f"events/{fun_day.pk}/checkin/", {"member": members.wang.pk}, format="json").status_code == 404
    response = client.post(API + "events/", EVENT, format="json")
    assert response.status_code == 400 and response.json() == {"organiser": ["组织不存在或不在您的权限范围内"]}


def test_a_member_lists_their_unions_events_signs_up_and_gets_a_code(users, tree, members, member_user, fun_day):
    Event.objects.filter(pk=fun_day.pk).update(signup_closes=None)
    client = api(member_user)
    assert [e["title"] for e in client.get(API + "me/events/").json()] == ["教职工健身趣味活动"]
    created = client.post(API + f"me/events/{fun_day.pk}/signup/")
    assert created.status_code == 201
    assert created.json()["checkin_code"].startswith(f"A{fun_day.pk}-{members.wang.pk}:")
    again = client.post(API + f"me/events/{fun_day.pk}/signup/")
    assert again.status_code == 400 and again.json() == {"member": ["王强已报名本活动，不能重复报名"]}
    mine = client.get(API + "me/registrations/").json()
    assert [r["status"] for r in mine] == ["confirmed"]
    # A plain member cannot reach the officers' endpoints.
    assert client.get(API + f"events/{fun_day.pk}/").status_code == 404
    cancelled = client.post(API + f"me/registrations/{mine[0]['id']}/cancel/", {"reason": "出差"}, format="json")
    assert cancelled.json()["status"] == "cancelled"


def test_check_in_by_code_and_by_roster_and_refusal_for_someone_not_signed_up(users, members, fun_day):
    reg = actions.sign_up(users.officer, fun_day, members.wang, now=at(2027, 1, 20))
    actions.sign_up(users.officer, fun_day, members.zhao, now=at(2027, 1, 20))
    client = api(users.officer)
    url = API + f"events/{fun_day.pk}/checkin/"
    with during(fun_day):
        assert client.post(url, {"code": codes.checkin_code(reg)}, format="json").status_code == 201
        assert client.post(url, {"member": members.zhao.pk}, format="json").json()["method"] == "roster"
        refused = client.post(url, {"member": members.zhang.pk}, format="json")
        assert refused.status_code == 400 and refused.json() == {"member": ["张敏未报名本活动，不能签到"]}
        forged = client.post(url, {"code": f"A{fun_day.pk}-{members.zhang.pk}:forged"}, format="json")
        assert forged.json() == {"code": ["签到码无效，或不是本活动的签到码"]}
    assert sorted(a["member_name"] for a in client.get(url).json()) == ["王强", "赵丽"]
    assert client.get(API + f"events/{fun_day.pk}/stats/").json() == {
        "attended": 2, "confirmed": 2, "eligible": 3, "rate": "66.67"}


def test_a_code_for_another_event_is_refused(users, tree, members, fun_day):
    other = open_event(users.officer, tree.school, title="另一场", signup_closes="")
    reg = actions.sign_up(users.officer, other, members.wang)
    actions.sign_up(users.officer, fun_day, members.wang, now=at(2027, 1, 20))
    with during(fun_day):
        response = api(users.officer).post(API + f"events/{fun_day.pk}/checkin/", {"code": codes.checkin_code(reg)},
                                           format="json")
    assert response.status_code == 400 and not Attendance.objects.exists()
    assert response.json() == {"code": ["签到码无效，或不是本活动的签到码"]}


def test_teams_assigned_and_confirmed_through_the_api(users, tree, members):
    event = open_event(users.officer, tree.school, team_max_size="2", team_min_women="1", signup_closes="")
    regs = [actions.sign_up(users.officer, event, m) for m in (members.wang, members.zhao, members.zhang)]
    client = api(users.officer)
    team = client.post(API + f"events/{event.pk}/teams/", {"name": "综合队"}, format="json").json()
    too_many = client.post(API + "registrations/assign/", {"registrations": [r.pk for r in regs], "team": team["id"]},
                           format="json")
    assert too_many.status_code == 400 and too_many.json() == {"team": ["“综合队”将有3人，超过每队最多2人"]}
    assert not Registration.objects.filter(team__isnull=False).exists()
    ok = client.post(API + "registrations/assign/", {"registrations": [regs[0].pk, regs[1].pk], "team": team["id"]},
                     format="json")
    assert ok.status_code == 200
    confirmed = client.post(API + f"events/{event.pk}/confirm-teams/")
    assert confirmed.status_code == 200 and confirmed.json()["teams_confirmed_at"]


def test_participation_for_the_union_and_404_out_of_scope(users, tree, members, fun_day):
    actions.sign_up(users.officer, fun_day, members.zhao, now=at(2027, 1, 20))
    check_in_during(users.officer, fun_day, member=members.zhao)
    body = api(users.chair).get(API + "participation/?org=SCH&start=2027-01-01&end=2027-12-31").json()
    assert (body["participants"], body["members"], body["rate"], body["women"]) == (1, 3, "33.33", 1)
    assert {r["label"]: r["participants"] for r in body["rows"]} == {"语文组分工会": 0, "数学组分工会": 1,
                                                                       "工会直属": 0}
    assert api(users.outsider).get(API + "participation/?org=SCH").status_code == 404


def test_an_officer_cancels_a_registration_and_the_waiting_one_moves_up(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1", signup_closes="")
    first = actions.sign_up(users.officer, event, members.wang)
    actions.sign_up(users.officer, event, members.zhao)
    response = api(users.officer).post(API + f"registrations/{first.pk}/cancel/", {"reason": "病假"}, format="json")
    assert response.json()["status"] == "cancelled"
    assert Registration.objects.get(event=event, member=members.zhao).status == "confirmed"
    assert api(users.outsider).post(API + f"registrations/{first.pk}/cancel/", {"reason": "x"},
                                    format="json").status_code == 404
