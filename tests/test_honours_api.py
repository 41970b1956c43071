"""The honours API: the same actions and messages as the pages — a round from opening to the final list,
bad input as 400 naming the field, a member's self-nomination and secret vote, scope as 404, figures."""
import pytest
from rest_framework.test import APIClient

from gonghui.honours import actions
from gonghui.honours.models import Nomination, Round

from .conftest import make_user
from .honours_fixtures import kind

pytestmark = pytest.mark.django_db
BASE = "/api/honours"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_round_goes_from_opening_to_the_final_list_through_the_api(users, tree, members):
    api = _client(users.officer)
    made = api.post(f"{BASE}/rounds/", {"org": "SCH", "kind": kind("advanced_individual").pk, "year": "2026",
                                         "quota": "1"}, format="json")
    assert made.status_code == 201, made.data
    rnd = made.data["id"]
    refused = api.post(f"{BASE}/rounds/{rnd}/nominate/", {"by": "group", "member_no": members.zhao.member_no,
                                                          "nominator_org": "SCH-G1"}, format="json")
    assert refused.status_code == 400 and refused.data == {"nominator_org": ["推荐单位只能推荐本单位的会员"]}
    wang = api.post(f"{BASE}/rounds/{rnd}/nominate/", {"by": "group", "member_no": members.wang.member_no,
                                                       "nominator_org": "SCH-G1", "deeds": "带教"}, format="json")
    assert wang.status_code == 201 and wang.data["by"] == "group"
    api.post(f"{BASE}/rounds/{rnd}/evaluators/", {"member_nos": [members.zhang.member_no]}, format="json")
    assert api.post(f"{BASE}/rounds/{rnd}/start/").data["state"] == "selecting"
    scored = api.post(f"{BASE}/rounds/{rnd}/scores/", {"evaluator": members.zhang.member_no,
                                                       "points": {str(wang.data["id"]): "91.5"}}, format="json")
    assert scored.status_code == 200, scored.data
    noticed = api.post(f"{BASE}/rounds/{rnd}/publish/", {"posted_on": "2026-09-29"}, format="json")
    assert (noticed.data["notice_ends"], noticed.data["notice_provisional"]) == ("2026-10-12", False)
    assert noticed.data["nominations"][0]["score"] == "91.50"
    late = api.post(f"{BASE}/rounds/{rnd}/objections/", {"nomination": wang.data["id"], "text": "异议",
                                                         "received_on": "2026-10-13"}, format="json")
    assert late.status_code == 400 and late.data == {"received_on": ["收到日期：公示期已于2026-10-12结束，逾期提出的异议不予受理"]}
    filed = api.post(f"{BASE}/rounds/{rnd}/objections/", {"nomination": wang.data["id"], "text": "反映问题",
                                                          "received_on": "2026-10-09"}, format="json")
    assert filed.status_code == 201
    listed = api.get(f"{BASE}/objections/").data["results"]
    assert [o["text"] for o in listed] == ["反映问题"]
    answered = api.post(f"{BASE}/objections/{filed.data['id']}/answer/", {"upheld": False, "answer": "不成立"},
                        format="json")
    assert answered.data["state"] == "dismissed"
    final = api.post(f"{BASE}/rounds/{rnd}/final/", {"final_on": "2026-10-20"}, format="json")
    assert final.data["state"] == "final" and final.data["nominations"][0]["state"] == "awarded"
    pdf = api.get(f"{BASE}/nominations/{wang.data['id']}/certificate/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    history = api.get(f"{BASE}/members/{members.wang.pk}/").data
    assert [h["honour"] for h in history] == ["先进个人"]
    figures = api.get(f"{BASE}/figures/?org=SCH&year=2026").data
    assert (figures["total"], figures["by_level"]["unit"], figures["women_share"]) == (1, 1, 0.0)


def test_an_ineligible_nominee_and_an_over_quota_shortlist_are_refused_with_the_field(users, tree, members):
    api = _client(users.officer)
    rnd = actions.open_round(users.officer, tree.school, kind=kind("women_pacesetter"), year=2026, quota=1)
    refused = api.post(f"{BASE}/rounds/{rnd.pk}/nominate/", {"by": "union", "member_no": members.wang.member_no},
                       format="json")
    assert refused.status_code == 400
    assert refused.data == {"member": ["被推荐会员：王强不符合巾帼建功标兵的参评条件：该荣誉限女职工参评"]}
    zhao = actions.nominate(users.officer, rnd, by="union", member=members.zhao)
    zhang = actions.nominate(users.officer, rnd, by="union", member=members.zhang)
    actions.set_evaluators(users.officer, rnd, [members.zhang])
    actions.start_selection(users.officer, rnd)
    over = api.post(f"{BASE}/rounds/{rnd.pk}/publish/", {"chosen": [zhao.pk, zhang.pk]}, format="json")
    assert over.status_code == 400 and over.data == {"nominations": ["拟表彰名单2人，超过名额（1）"]}


def test_a_member_self_nominates_and_an_evaluator_votes_through_the_api(users, tree, members, member_user):
    rnd = actions.open_round(users.officer, tree.school, kind=kind("excellent_member"), year=2026, quota=1)
    me = _client(member_user)
    made = me.post(f"{BASE}/rounds/{rnd.pk}/self-nominate/", {"deeds": "热心服务会员"}, format="json")
    assert made.status_code == 201 and made.data["state"] == "endorsing"
    zhang_user = make_user("zhangmin")
    members.zhang.user = zhang_user
    members.zhang.save(update_fields=["user"])
    endorsed = _client(zhang_user).post(f"{BASE}/nominations/{made.data['id']}/endorse/")
    assert endorsed.data["endorsements"] == 1
    voting = actions.open_round(users.officer, tree.school, kind=kind("skill_expert"), year=2026, quota=1,
                                method="vote")
    zhao = actions.nominate(users.officer, voting, by="union", member=members.zhao)
    actions.set_evaluators(users.officer, voting, [members.wang])
    actions.start_selection(users.officer, voting)
    assert me.post(f"{BASE}/rounds/{voting.pk}/vote/", {"choices": [zhao.pk]}, format="json").status_code == 204
    twice = me.post(f"{BASE}/rounds/{voting.pk}/vote/", {"choices": [zhao.pk]}, format="json")
    assert twice.status_code == 400 and twice.data == {"choices": ["您已经投过票，每位评委只能投一次"]}


def test_an_outsider_gets_404_for_the_schools_rounds_and_403_for_opening_one_there(users, tree, members):
    rnd = actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=2026)
    api = _client(users.outsider)
    assert api.get(f"{BASE}/rounds/{rnd.pk}/").status_code == 404
    assert api.post(f"{BASE}/rounds/{rnd.pk}/start/").status_code == 404
    assert api.get(f"{BASE}/rounds/").data["results"] == []
    opened = api.post(f"{BASE}/rounds/", {"org": "SCH", "kind": kind("advanced_individual").pk, "year": "2026"},
                      format="json")
    assert opened.status_code == 400 and "org" in opened.data
    assert Round.objects.count() == 1 and Nomination.objects.count() == 0
