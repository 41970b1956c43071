"""The API for constituency elections, special-session requests, papers and warnings: the same actions
and Chinese messages as the pages, scoped the same way, lists in a fixed number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.congress import actions
from gonghui.congress.models import Delegate, Session

from .congress_fixtures import add_members, give_login, term  # noqa: F401

API = "/api/congress/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def people(users, tree):
    return add_members(users.chair, tree.b1, 3, start=101)


def test_an_election_is_set_up_counted_and_confirmed_through_the_api(users, term, people):
    c = api(users.chair)
    body = {"term": term.pk, "org": "SCH-B1", "seats": 2, "date": "2026-11-20",
            "candidates": [{"member": m.pk, "category": "teacher", "group": "一团"} for m in people]}
    r = c.post(API + "constituencies/", {**body, "seats": 0}, format="json")
    assert r.status_code == 400 and r.json() == {"seats": ["应选名额应为正整数"]}
    r = c.post(API + "constituencies/", body, format="json")
    assert r.status_code == 201, r.json()
    e = r.json()
    assert e["name"] == "语文组分工会" and e["voters"] == 3 and e["turnout_needed"] == 2 and e["votes_needed"] == 2
    ids = [x["id"] for x in e["candidates"]]
    r = c.post(API + f"constituencies/{e['id']}/result/", {"issued": 3, "returned": 1, "invalid": 0,
                                                          "votes": dict(zip(map(str, ids), (1, 1, 0)))}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "void" and "选举无效" in r.json()["void_reason"]
    r = c.post(API + f"constituencies/{e['id']}/result/", {"issued": 3, "returned": 3, "invalid": 0,
                                                          "votes": {str(i): 9 for i in ids}}, format="json")
    assert r.status_code == 400 and "多于有效选票3张" in r.json()["votes"][0]
    r = c.post(API + f"constituencies/{e['id']}/result/", {"issued": 3, "returned": 3, "invalid": 0,
                                                          "votes": dict(zip(map(str, ids), (3, 2, 1)))}, format="json")
    assert r.json()["status"] == "counted" and r.json()["elected_count"] == 2
    r = c.post(API + f"constituencies/{e['id']}/confirm/")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    rows = c.get(API + f"terms/{term.pk}/delegates/").json()
    assert sum(1 for d in rows if d["election"] == e["id"] and d["constituency"] == "语文组分工会") == 2
    r = c.post(API + f"constituencies/{e['id']}/by-election/", {"date": "2026-11-27"}, format="json")
    assert r.status_code == 400 and "只有无效或有空缺名额的选举可以另行选举" in r.json()["date"][0]


def test_elections_are_404_out_of_scope_and_listed_in_a_fixed_number_of_queries(users, term, people):
    for i, m in enumerate(people):
        actions.create_election(users.chair, term, name=f"选区{i}", voters=60, seats=1, date=term.start,
                                candidates=[(m, "teacher", "一团")])
    c = api(users.chair)
    c.get(API + "constituencies/")
    with CaptureQueriesContext(connection) as few:
        r = c.get(API + "constituencies/?term=%d" % term.pk)
    assert r.status_code == 200 and len(r.json()["results"]) == 3
    more = add_members(users.chair, term.union, 2, start=201)
    for i, m in enumerate(more):
        actions.create_election(users.chair, term, name=f"新选区{i}", voters=60, seats=1, date=term.start,
                                candidates=[(m, "teacher", "一团")])
    with CaptureQueriesContext(connection) as many:
        r = c.get(API + "constituencies/?term=%d" % term.pk)
    assert len(r.json()["results"]) == 5 and len(many) == len(few)
    eid = r.json()["results"][0]["id"]
    assert api(users.outsider).get(API + f"constituencies/{eid}/").status_code == 404
    assert api(users.outsider).post(API + f"constituencies/{eid}/confirm/").status_code == 404


def test_delegates_sign_a_request_through_the_api_and_the_officer_convenes_it(users, term):
    ds = list(Delegate.objects.filter(term=term).select_related("member").order_by("id")[:4])
    clients = [api(give_login(d)) for d in ds]
    r = clients[0].post(API + "special-requests/", {"term": term.pk, "reason": ""}, format="json")
    assert r.status_code == 400 and r.json() == {"reason": ["不能为空"]}
    r = clients[0].post(API + "special-requests/", {"term": term.pk, "reason": "审议绩效方案"}, format="json")
    assert r.status_code == 201 and r.json()["signatures"] == 1 and r.json()["needed"] == 4 and r.json()["signed"]
    rid = r.json()["id"]
    for c in clients[1:]:
        assert c.post(API + f"special-requests/{rid}/sign/").status_code == 200
    r = clients[1].post(API + f"special-requests/{rid}/sign/")
    assert r.status_code == 400 and r.json() == {"request": ["您已联署该提议"]}
    assert clients[1].post(API + f"special-requests/{rid}/withdraw/").json()["signatures"] == 3
    assert clients[1].post(API + f"special-requests/{rid}/sign/").json()["reached"] is True
    assert clients[0].post(API + f"special-requests/{rid}/convene/", {"meeting": 4, "date": "2026-12-20"},
                           format="json").status_code == 404  # delegates cannot convene
    officer = api(users.chair)
    actions.confirm_delegates(users.chair, term, override_reason="测试")
    r = officer.post(API + f"special-requests/{rid}/convene/", {"meeting": 4, "date": "2026-12-20"}, format="json")
    assert r.status_code == 201 and r.json()["special"] is True
    assert officer.get(API + f"special-requests/{rid}/").json()["status"] == "convened"
    assert api(users.outsider).get(API + f"special-requests/{rid}/").status_code == 404


def test_the_request_list_takes_a_fixed_number_of_queries(users, term, tree):
    other = actions.create_term(users.chair, tree.school, number=8, start=datetime.date(2026, 1, 1),
                                employee_count=150, women_employees=60)
    d = Delegate.objects.filter(term=term).select_related("member").first()
    actions.open_special_request(give_login(d), term, reason="一")
    c = api(users.chair)
    with CaptureQueriesContext(connection) as one:
        assert len(c.get(API + "special-requests/").json()["results"]) == 1
    m = add_members(users.chair, tree.school, 1, start=301)[0]
    d2 = actions.add_delegate(users.chair, other, member=m, category="teacher", group="一团")
    actions.open_special_request(give_login(d2, "d2x"), other, reason="二")
    with CaptureQueriesContext(connection) as two:
        assert len(c.get(API + "special-requests/").json()["results"]) == 2
    assert len(two) == len(one)


def test_papers_and_warnings_through_the_api(users, term):
    today = timezone.localdate()
    s = actions.create_session(users.chair, term, meeting=3, date=today + datetime.timedelta(days=3))
    c = api(users.chair)
    w = c.get(API + "warnings/").json()
    assert [x["session"] for x in w["papers"]] == [s.pk] and w["meetings"][0]["term"] == term.pk
    r = c.post(API + f"sessions/{s.pk}/papers/", {"sent_on": (today + datetime.timedelta(days=1)).isoformat()},
               format="json")
    assert r.status_code == 400 and r.json() == {"sent_on": ["发送日期不能晚于今天"]}
    r = c.post(API + f"sessions/{s.pk}/papers/", {}, format="json")
    assert r.status_code == 200 and r.json()["papers_sent_on"] == today.isoformat()
    assert "距开会不足7天" in c.get(API + "warnings/").json()["papers"][0]["warning"]
    assert api(users.outsider).post(API + f"sessions/{s.pk}/papers/", {}, format="json").status_code == 404
    assert Session.objects.get(pk=s.pk).papers_sent_on == today
