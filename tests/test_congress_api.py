"""The congress API: the same actions and Chinese messages as the pages, scoped the same way."""
import pytest
from rest_framework.test import APIClient

from gonghui.congress import actions
from gonghui.congress.models import Delegate, EvaluationBallot, Proposal, SecretBallot

from .congress_fixtures import add_members, give_login, make_term, open_session, term  # noqa: F401

API = "/api/congress/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_officer_sets_up_a_term_with_delegates_and_composition(users, tree):
    c = api(users.chair)
    r = c.post(API + "terms/", {"union": "SCH", "number": 7, "start": "2025-03-01", "employee_count": 150,
                                "women_employees": 200}, format="json")
    assert r.status_code == 400 and r.json() == {"women_employees": ["女职工人数应在0与职工人数之间"]}
    r = c.post(API + "terms/", {"union": "SCH", "number": 7, "start": "2025-03-01", "employee_count": 150,
                                "women_employees": 60}, format="json")
    assert r.status_code == 201 and r.json()["kind"] == "teachers"
    tid = r.json()["id"]
    m = add_members(users.chair, tree.school, 1)[0]
    r = c.post(API + f"terms/{tid}/delegates/", {"member": m.pk, "category": "teacher", "group": "一团"}, format="json")
    assert r.status_code == 201
    r = c.post(API + f"terms/{tid}/delegates/", {"member": m.pk, "category": "nope", "group": "一团"}, format="json")
    assert r.status_code == 400 and "category" in r.json()
    checks = {x["code"]: x for x in c.get(API + f"terms/{tid}/composition/").json()}
    assert not checks["minimum"]["ok"] and checks["teachers"]["ok"]
    r = c.post(API + f"terms/{tid}/confirm/", {}, format="json")
    assert r.status_code == 400 and "override_reason" in r.json()


def test_quorum_votes_and_recount_through_the_api(users, term):
    session = open_session(users.chair, term, present=7)
    c = api(users.chair)
    r = c.post(API + "resolutions/", {"session": session.pk, "title": "工作报告", "mode": "secret"}, format="json")
    rid = r.json()["id"]
    r = c.post(API + f"resolutions/{rid}/open/")
    assert r.status_code == 400 and "应至少8人" in r.json()["quorum"][0]
    d = Delegate.objects.filter(term=term).order_by("-id").first()
    r = c.post(API + f"sessions/{session.pk}/sign-in/", {"delegate": d.pk}, format="json")
    assert r.json() == {"total": 12, "present": 8, "quorum": 8, "needed": 7}
    assert c.post(API + f"resolutions/{rid}/open/").status_code == 200
    voter = api(give_login(d))
    assert voter.post(API + f"resolutions/{rid}/vote/", {"choice": "for"}, format="json").status_code == 201
    r = voter.post(API + f"resolutions/{rid}/vote/", {"choice": "for"}, format="json")
    assert r.status_code == 400 and "不能重复投票" in r.json()["choice"][0]
    r = c.post(API + f"resolutions/{rid}/paper/", {"issued": 7, "returned": 7, "votes_for": 6, "votes_against": 1,
                                                   "votes_abstain": 0}, format="json")
    assert r.status_code == 200
    r = c.post(API + f"resolutions/{rid}/close/").json()
    assert r["votes_for"] == 7 and r["passed"] is True
    recount = voter.get(API + f"resolutions/{rid}/recount/").json()
    assert recount["ok"] and recount["matches"] and recount["counts"]["for"] == 7
    assert recount["ballots"][0]["digest"] == SecretBallot.objects.get(resolution_id=rid).digest


def test_proposals_through_the_api_hide_the_proposer_from_plain_members(users, term, member_user):
    session = open_session(users.chair, term)
    ds = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    us = [give_login(d) for d in ds]
    r = api(us[0]).post(API + "proposals/", {"session": session.pk, "title": "增加体检项目", "reason": "r",
                                             "suggestion": "s", "topic": "wages"}, format="json")
    assert r.status_code == 201, r.json()
    pid = r.json()["id"]
    # a member who is not a delegate does not see drafts
    assert api(member_user).get(API + f"proposals/{pid}/").status_code == 404
    r = api(us[0]).post(API + f"proposals/{pid}/submit/")
    assert r.status_code == 400 and "至少需要2人附议" in r.json()["cosigners"][0]
    for u in us[1:]:
        assert api(u).post(API + f"proposals/{pid}/cosign/").status_code == 200
    submitted = api(us[0]).post(API + f"proposals/{pid}/submit/").json()
    assert submitted["number"] == 1 and submitted["cosigners"] == 2
    c = api(users.chair)
    assert c.post(API + f"proposals/{pid}/review/", {"decision": "accept"}, format="json").status_code == 200
    assert c.post(API + f"proposals/{pid}/assign/", {"department": "工会"}, format="json").json()["deadline"]
    c.post(API + f"proposals/{pid}/answer/", {"text": "已增加"}, format="json")
    assert api(us[0]).post(API + f"proposals/{pid}/rate/", {"satisfaction": "satisfied"},
                           format="json").json()["status"] == "done"
    seen = api(member_user).get(API + f"proposals/{pid}/").json()
    assert seen["title"] == "增加体检项目" and seen["proposer_name"] is None
    assert c.get(API + f"proposals/{pid}/").json()["proposer_name"] == ds[0].member.name
    assert Proposal.objects.get(pk=pid).status == "done"


def test_evaluation_through_the_api(users, term):
    session = open_session(users.chair, term, present=12)
    c = api(users.chair)
    r = c.post(API + "evaluations/", {"session": session.pk, "title": "领导班子评议",
                                      "leaders": [{"name": "刘明", "post": "校长"}]}, format="json")
    assert r.status_code == 201
    rid, lid = r.json()["id"], r.json()["leaders"][0]["id"]
    c.post(API + f"evaluations/{rid}/open/")
    d = Delegate.objects.filter(term=term).first()
    voter = api(give_login(d))
    assert voter.post(API + f"evaluations/{rid}/vote/", {"grades": {str(lid): "unfit"}}, format="json").status_code == 201
    assert voter.post(API + f"evaluations/{rid}/vote/", {"grades": {str(lid): "unfit"}},
                      format="json").status_code == 400
    sheet = c.get(API + f"evaluations/{rid}/results/").json()
    assert sheet[0]["counts"]["unfit"] == 1 and sheet[0]["flagged"]
    assert voter.get(API + f"evaluations/{rid}/results/").status_code == 404
    assert EvaluationBallot.objects.count() == 1


def test_out_of_scope_ids_are_404(users, term):
    session = open_session(users.chair, term)
    r = actions.create_resolution(users.chair, session, title="x")
    c = api(users.outsider)
    assert c.get(API + f"terms/{term.pk}/").status_code == 404
    assert c.get(API + f"sessions/{session.pk}/").status_code == 404
    assert c.post(API + f"resolutions/{r.pk}/open/").status_code == 404
    assert c.get(API + "settings/SCH/").status_code == 404
    r = c.post(API + "resolutions/", {"session": session.pk, "title": "越权"}, format="json")
    assert r.status_code == 400 and "session" in r.json()


def test_settings_through_the_api(users, tree):
    c = api(users.chair)
    assert c.get(API + "settings/SCH/").json()["min_cosigners"] == 2
    r = c.post(API + "settings/SCH/", {"rule_set": "nowhere", "min_cosigners": 2, "answer_days": 20,
                                       "unfit_flag": "1/3"}, format="json")
    assert r.status_code == 400 and "rule_set" in r.json()
