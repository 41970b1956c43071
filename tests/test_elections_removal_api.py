"""The removal API: a motion run end to end through the endpoints, errors as 400 with Chinese messages
naming the field, out-of-scope ids as 404, the member's phone vote, the report, and the lists' cost."""
import io

import pytest
from docx import Document
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry
from gonghui.elections.models import Office, RemovalBallot

from .elections_fixtures import add_members, chair_office, give_login, removal_motion

API = "/api/elections/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def roll(tree, users, members):
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 9)


def test_a_removal_runs_end_to_end_through_the_api(tree, users, roll):
    chair = api(users.chair)
    r = chair.post(f"{API}election-offices/", {"union": "SCH", "post": "vice_chair", "member_no": roll[2].member_no,
                                               "started_on": "2023-05-04"}, format="json")
    assert r.status_code == 201 and r.data["post"] == "vice_chair" and r.data["current"]
    office = r.data["id"]
    r = chair.post(f"{API}election-removals/", {"office": office, "reason": "", "motion_on": "2099-01-01",
                                                "assembly": "members"}, format="json")
    assert r.status_code == 400 and r.data["reason"] == ["请填写罢免理由"] and "motion_on" in r.data
    r = chair.post(f"{API}election-removals/", {"office": office, "reason": "违反财经纪律",
                                                "motion_on": "2026-11-30", "assembly": "members"}, format="json")
    assert r.status_code == 201, r.data
    pk = r.data["id"]
    assert r.data["entitled"] == 12 and r.data["state"] == "preparing" and r.data["office"]["name"] == roll[2].name
    r = chair.post(f"{API}election-removals/{pk}/open/", {"present": 7}, format="json")
    assert r.status_code == 400 and "三分之二" in r.data["present"][0]
    r = chair.post(f"{API}election-removals/{pk}/open/", {"present": 10}, format="json")
    assert r.data["state"] == "open" and r.data["needed"] == 7
    r = chair.post(f"{API}election-removals/{pk}/issue/", {"member_nos": [m.member_no for m in roll[:10]]},
                   format="json")
    assert r.status_code == 200
    r = chair.post(f"{API}election-removals/{pk}/paper/", {"votes_for": 7, "votes_against": -2}, format="json")
    assert r.status_code == 400 and r.data["votes_against"] == ["反对票数不能为负数"]
    r = chair.post(f"{API}election-removals/{pk}/paper/", {"votes_for": 7, "votes_against": 2, "invalid": 1},
                   format="json")
    assert r.status_code == 200
    r = chair.post(f"{API}election-removals/{pk}/close/")
    assert r.data["state"] == "passed" and r.data["votes_for"] == 7 and r.data["invalid"] == 1
    row = api(users.federation).get(f"{API}election-offices/?org=SCH").data["results"][0]
    assert row["current"] is False and row["removal_reason"] == "违反财经纪律" and row["removed_on"]
    docx = chair.get(f"{API}election-removals/{pk}/report/")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "罢免工会副主席表决结果报告" in text and "罢免须得赞成票7票" in text
    r = chair.post(f"{API}election-removals/{pk}/close/")
    assert r.status_code == 400 and "state" in r.data


def test_a_member_votes_once_through_the_api_and_cannot_run_the_vote(tree, users, roll):
    removal = removal_motion(users, chair_office(users, tree, roll[0]))
    voter = give_login(roll[8], "voter8")
    client = api(voter)
    assert client.get(f"{API}election-removals/{removal.pk}/").status_code == 404  # not open yet
    api(users.chair).post(f"{API}election-removals/{removal.pk}/open/", {"present": 12}, format="json")
    r = client.post(f"{API}election-removals/{removal.pk}/vote/", {"choice": "perhaps"}, format="json")
    assert r.status_code == 400 and r.data["choice"] == ["表决意见应为赞成、反对或弃权"]
    r = client.post(f"{API}election-removals/{removal.pk}/vote/", {"choice": "against"}, format="json")
    assert r.status_code == 201 and r.data == {"detail": "表决成功"}
    r = client.post(f"{API}election-removals/{removal.pk}/vote/", {"choice": "for"}, format="json")
    assert r.status_code == 400 and "每人只能表决一次" in r.data["removal"][0]
    assert client.post(f"{API}election-removals/{removal.pk}/close/").status_code == 404
    assert client.get(f"{API}election-removals/{removal.pk}/report/").status_code == 404
    assert RemovalBallot.objects.count() == 1


def test_out_of_scope_removals_and_offices_are_404_and_change_nothing(tree, users, roll):
    office = chair_office(users, tree, roll[0])
    removal = removal_motion(users, office)
    outsider = api(users.outsider)
    before = AuditEntry.objects.count()
    assert outsider.get(f"{API}election-removals/{removal.pk}/").status_code == 404
    assert outsider.post(f"{API}election-removals/{removal.pk}/open/", {"present": 12},
                         format="json").status_code == 404
    assert outsider.delete(f"{API}election-removals/{removal.pk}/").status_code == 404
    r = outsider.post(f"{API}election-removals/", {"office": office.pk, "reason": "x", "motion_on": "2026-11-30"},
                      format="json")
    assert r.status_code == 400 and "office" in r.data
    assert outsider.get(f"{API}election-removals/").data["results"] == []
    assert outsider.get(f"{API}election-offices/").data["results"] == []
    assert AuditEntry.objects.count() == before and Office.objects.get().current


def test_the_removal_and_office_lists_cost_the_same_whatever_their_length(tree, users, roll,
                                                                          django_assert_num_queries):
    client = api(users.federation)
    for m in roll[:3]:
        removal_motion(users, chair_office(users, tree, m, post="vice_chair"))
    def counted(url, rows):
        client.get(url)  # the user's roles and member record are read once and kept
        with django_assert_num_queries(1) as ctx:  # the page
            assert len(client.get(url).data["results"]) == rows
        return ctx

    counted(f"{API}election-removals/", 3)
    counted(f"{API}election-offices/", 3)
    for m in roll[3:9]:
        removal_motion(users, chair_office(users, tree, m, post="vice_chair"))
    counted(f"{API}election-removals/", 9)
    counted(f"{API}election-offices/", 9)
