"""Removal pages: a motion moved and voted through the web UI, the voter's phone ballot, the report
(.docx), out-of-scope ids as 404s, and list pages whose cost does not grow with their length."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from gonghui.core import inbox
from gonghui.elections.models import Office, Removal, RemovalBallot, RemovalState

from .conftest import login
from .elections_fixtures import add_members, chair_office, give_login, removal_motion


@pytest.fixture
def roll(tree, users, members):
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 9)


def test_a_removal_is_moved_and_voted_through_the_pages(client, tree, users, roll):
    login(client, users.chair)
    r = client.post("/elections/offices/", {"org": "SCH", "post": "chair", "member_no": roll[0].member_no,
                                            "started_on": "2022-01-10"})
    assert r.status_code == 302
    office = Office.objects.get()
    page = client.get("/elections/offices/").content.decode()
    assert roll[0].name in page and "提出罢免" in page
    r = client.post("/elections/removals/", {"office": str(office.pk), "reason": "", "motion_on": "2026-11-30",
                                             "assembly": "members"})
    assert r.status_code == 400 and "不能为空" in r.content.decode()
    r = client.post("/elections/removals/", {"office": str(office.pk), "reason": "挪用工会经费",
                                             "motion_on": "2026-11-30", "assembly": "members"})
    removal = Removal.objects.get()
    assert r.status_code == 302 and r.url == f"/elections/election-removals/{removal.pk}/"
    r = client.post(r.url, {"intent": "open", "open-present": "7"})
    assert "不足应到会12人的三分之二（至少8人）" in r.content.decode()
    client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "open", "open-present": "12"})
    nos = "\n".join(m.member_no for m in roll)
    client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "issue", "issue-member_nos": nos})
    r = client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "paper", "paper-votes_for": "6",
                                                                   "paper-votes_against": "-1"})
    assert "不能为负数" in r.content.decode() and not RemovalBallot.objects.exists()
    client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "paper", "paper-votes_for": "6",
                                                               "paper-votes_against": "5", "paper-votes_abstain": "1"})
    r = client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "close"}, follow=True)
    page = r.content.decode()
    assert "未达到应到会12人的过半数（7票）" in page and "未通过" in page
    assert Removal.objects.get().state == RemovalState.FAILED and Office.objects.get().current
    r = client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "close"}, follow=True)
    assert "状态" in r.content.decode() and "不能进行此操作" in r.content.decode()
    docx = client.get(f"/elections/election-removals/{removal.pk}/report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "罢免工会主席表决结果报告" in text and "罢免理由：挪用工会经费" in text and "未通过" in text


def test_a_voter_votes_on_the_phone_once(client, tree, users, roll):
    from gonghui.elections import actions

    removal = removal_motion(users, chair_office(users, tree, roll[0]))
    actions.open_removal(users.chair, removal, present=12)
    voter = give_login(roll[4], "voter4")
    waiting = inbox.get("elections.removals_to_vote")
    assert [r.pk for r in waiting.rows(voter, removal.motion_on)] == [removal.pk]
    assert waiting.item(removal).url == f"/elections/election-removals/{removal.pk}/vote/"
    login(client, voter)
    assert "去表决" in client.get("/elections/mine/").content.decode()
    r = client.post(f"/elections/election-removals/{removal.pk}/vote/", {})
    assert r.status_code == 400
    r = client.post(f"/elections/election-removals/{removal.pk}/vote/", {"choice": "for"})
    assert r.status_code == 302
    page = client.get(f"/elections/election-removals/{removal.pk}/vote/").content.decode()
    assert "每人只能表决一次" in page
    assert RemovalBallot.objects.get().choice == "for"
    assert waiting.rows(voter, removal.motion_on).count() == 0
    assert client.get(f"/elections/election-removals/{removal.pk}/").status_code == 404  # tellers only
    assert client.get(f"/elections/election-removals/{removal.pk}/report.docx").status_code == 404  # not counted


def test_out_of_scope_removals_are_404_and_change_nothing(client, tree, users, roll):
    removal = removal_motion(users, chair_office(users, tree, roll[0]))
    login(client, users.outsider)
    for url in (f"/elections/election-removals/{removal.pk}/", f"/elections/election-removals/{removal.pk}/vote/",
                f"/elections/election-removals/{removal.pk}/report.docx"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/elections/election-removals/{removal.pk}/", {"intent": "withdraw"}).status_code == 404
    assert Removal.objects.filter(pk=removal.pk).exists()
    assert roll[0].name not in client.get("/elections/removals/").content.decode()


def test_the_list_pages_cost_the_same_queries_however_long_the_lists(client, tree, users, roll):
    login(client, users.chair)
    removal_motion(users, chair_office(users, tree, roll[0]))
    urls = ["/elections/removals/", "/elections/offices/?all=1", "/elections/", "/elections/terms/"]
    counts = []
    for batch in (roll[1:3], roll[3:9]):
        with CaptureQueriesContext(connection) as seen:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(seen.captured_queries))
        for m in batch:
            removal_motion(users, chair_office(users, tree, m, post="vice_chair"))
    assert counts[0] == counts[1]
    assert client.get("/elections/removals/").content.decode().count("工会副主席") >= 8


def test_the_removal_pages_follow_the_chosen_language(client, tree, users, roll):
    removal = removal_motion(users, chair_office(users, tree, roll[0]))
    login(client, users.chair)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Removal votes" in client.get("/elections/removals/").content.decode()
    assert "Record attendance and open the vote" in client.get(
        f"/elections/election-removals/{removal.pk}/").content.decode()
