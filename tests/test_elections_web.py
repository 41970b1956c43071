"""Election pages: an election run end to end through the web UI, the voter's phone ballot, the public
recount, the results report (.docx), terms and reminders; out-of-scope ids are 404s."""
import datetime
import io

import pytest
from docx import Document

from gonghui.elections import actions
from gonghui.elections.models import Ballot, Candidate, Election, Round, Status, Term

from .conftest import login
from .elections_fixtures import add_members, committee_election, give_login, issue, paper, to_first_round


@pytest.fixture
def roll(tree, users, members):
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 9)


def test_an_election_runs_end_to_end_through_the_pages(client, tree, users, roll):
    login(client, users.chair)
    r = client.post("/elections/new/", {"union": "SCH", "kind": "committee", "seats": "3", "title": "",
                                        "assembly": "members", "threshold_basis": "entitled", "term_years": "5"})
    election = Election.objects.get()
    assert r.status_code == 302 and r.url == f"/elections/elections/{election.pk}/"
    for m in roll[:4]:
        client.post(f"/elections/elections/{election.pk}/nominate/", {"member_no": m.member_no,
                                                                      "nominated_by": "小组推荐"})
    assert election.candidates.count() == 4
    page = client.get(f"/elections/elections/{election.pk}/").content.decode()
    assert roll[0].name in page and "候选人名单确定后，报上级工会批复" in page
    # the union cannot approve its own list; the federation can
    assert client.post(f"/elections/elections/{election.pk}/approve-candidates/").status_code == 403
    login(client, users.federation)
    client.post(f"/elections/elections/{election.pk}/approve-candidates/")
    login(client, users.chair)
    r = client.post(f"/elections/elections/{election.pk}/open/")
    rnd = Round.objects.get(election=election)
    assert r.url == f"/elections/election-rounds/{rnd.pk}/"
    r = client.post(r.url, {"intent": "open", "open-present": "7"})
    assert "不足应到会12人的三分之二（至少8人）" in r.content.decode()
    client.post(f"/elections/election-rounds/{rnd.pk}/", {"intent": "open", "open-present": "12"})
    nos = "\n".join(m.member_no for m in roll)
    client.post(f"/elections/election-rounds/{rnd.pk}/", {"intent": "issue", "issue-member_nos": nos})
    cands = list(election.candidates.order_by("pk"))
    for i in range(12):
        marks = [str(c.pk) for c in cands[:3]] if i < 10 else [str(c.pk) for c in cands]
        client.post(f"/elections/election-rounds/{rnd.pk}/", {"intent": "ballot", "ballot-marks": marks,
                                                                "ballot-write_ins": ""})
    assert Ballot.objects.filter(valid=False).count() == 2
    r = client.post(f"/elections/election-rounds/{rnd.pk}/", {"intent": "close"}, follow=True)
    assert "计票完成" in r.content.decode()
    election.refresh_from_db()
    assert election.status == Status.COUNTED
    assert sorted(Candidate.objects.filter(elected=True).values_list("votes", flat=True)) == [10, 10, 10]
    login(client, users.federation)
    client.post(f"/elections/elections/{election.pk}/approve-results/")
    assert Term.objects.get(org=tree.school).years == 5
    login(client, users.chair)
    client.post(f"/elections/elections/{election.pk}/publish/")
    report = client.get(f"/elections/elections/{election.pk}/report/").content.decode()
    assert "当选名单" in report and cands[0].name in report
    docx = client.get(f"/elections/elections/{election.pk}/report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "选举结果报告" in text and f"{cands[0].name}（10票）" in text


def test_a_voter_votes_on_the_phone_and_more_marks_than_seats_are_refused(client, tree, users, roll):
    election = committee_election(users, tree, roll, seats=2)
    voter = give_login(roll[4], "voter4")
    rnd = to_first_round(users, election)
    login(client, voter)
    assert "去投票" in client.get("/elections/mine/").content.decode()
    cands = [str(c.pk) for c in election.candidates.order_by("pk")]
    r = client.post(f"/elections/elections/{election.pk}/vote/", {"marks": cands})
    assert r.status_code == 400 and "最多只能选2人，您选了3人" in r.content.decode()
    r = client.post(f"/elections/elections/{election.pk}/vote/", {"marks": cands[:1], "write_ins": "李四"})
    assert r.status_code == 302
    page = client.get(f"/elections/elections/{election.pk}/vote/").content.decode()
    assert "每人只能投一次" in page
    ballot = Ballot.objects.get(round=rnd)
    assert ballot.marks == [int(cands[0])] and ballot.write_ins == ["李四"]


def test_the_public_recount_checks_the_chain_and_recounts(client, tree, users, roll):
    election = committee_election(users, tree, roll, seats=1, candidates=roll[:2])
    a, b = election.candidates.order_by("pk")
    voter = give_login(roll[5], "voter5")
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:10])
    paper(users, rnd, *([[a]] * 7 + [[b]] * 3))
    actions.close_round(users.chair, rnd)
    login(client, voter)
    page = client.get(f"/elections/elections/{election.pk}/recount/").content.decode()
    assert "哈希链校验通过（10张选票）" in page and "重新计票结果与公布结果一致" in page
    assert Ballot.objects.filter(round=rnd).first().digest in page
    # the sealed order is by content: change the first ballot for a
    first_a = next(x for x in Ballot.objects.filter(round=rnd).order_by("seq") if x.marks == [a.pk])
    Ballot.objects.filter(pk=first_a.pk).update(marks=[b.pk])
    page = client.get(f"/elections/elections/{election.pk}/recount/").content.decode()
    assert f"哈希链在第{first_a.seq}张选票处校验失败" in page and "不一致" in page


def test_results_are_hidden_from_members_until_published(client, tree, users, roll):
    election = committee_election(users, tree, roll, seats=1, candidates=roll[:2])
    a, _b = election.candidates.order_by("pk")
    voter = give_login(roll[6], "voter6")
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:10])
    paper(users, rnd, *([[a]] * 10))
    actions.close_round(users.chair, rnd)
    login(client, voter)
    assert client.get(f"/elections/elections/{election.pk}/report/").status_code == 404
    assert client.get(f"/elections/elections/{election.pk}/report.docx").status_code == 404
    actions.publish_results(users.chair, election)
    assert client.get(f"/elections/elections/{election.pk}/report/").status_code == 200


def test_out_of_scope_elections_rounds_and_terms_are_404(client, tree, users, roll):
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    term = actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2022, 1, 5),
                               years=5)
    login(client, users.outsider)
    for url in (f"/elections/elections/{election.pk}/", f"/elections/election-rounds/{rnd.pk}/",
                f"/elections/elections/{election.pk}/recount/", f"/elections/elections/{election.pk}/report/",
                f"/elections/elections/{election.pk}/vote/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/elections/election-terms/{term.pk}/delete/").status_code == 404
    assert client.post(f"/elections/elections/{election.pk}/publish/").status_code == 404
    assert Term.objects.filter(pk=term.pk).exists()


def test_terms_page_reminds_of_terms_ending_soon_and_overdue(client, tree, users, admin_user):
    actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2021, 12, 10), years=5)
    actions.record_term(users.outsider, tree.factory, body="committee", elected_on=datetime.date(2021, 3, 1),
                        years=5)
    login(client, users.federation)
    page = client.get("/elections/terms/").content.decode()
    assert "第一中学工会" in page and "2026-12-09" in page and "0个月内届满" in page
    due = page.split('id="due"')[1].split("</table>")[0]
    assert "机械厂工会" in due and "已超期未换届" in due
    older = actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2016, 12, 1),
                                years=5)
    assert not older.current and Term.objects.get(org=tree.school, current=True).elected_on.year == 2021
    login(client, users.chair)
    due = client.get("/elections/terms/").content.decode().split('id="due"')[1].split("</table>")[0]
    assert "机械厂工会" not in due and "第一中学工会" in due
    r = client.post("/elections/terms/", {"org": "SCH", "body": "committee", "elected_on": "2030-01-01",
                                          "years": "5"})
    assert r.status_code == 400 and "选举日期不能晚于今天" in r.content.decode()


def test_the_election_list_costs_the_same_queries_however_many_elections(client, tree, users, roll,
                                                                        django_assert_max_num_queries):
    login(client, users.chair)
    committee_election(users, tree, roll)
    client.get("/elections/")
    for _ in range(5):
        committee_election(users, tree, roll, candidates=roll[:0])
    with django_assert_max_num_queries(12):
        page = client.get("/elections/").content.decode()
    assert page.count("第一中学工会工会委员会委员选举") >= 6


def test_a_plain_member_is_sent_to_their_own_elections(client, member_user):
    login(client, member_user)
    r = client.get("/elections/")
    assert r.status_code == 302 and r.url == "/elections/mine/"


def test_the_tellers_page_and_the_recount_cost_the_same_queries_however_many_ballots(
        client, tree, users, roll, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    election = committee_election(users, tree, roll, seats=2)
    a, b, c = election.candidates.order_by("pk")
    rnd = to_first_round(users, election)
    issue(users, rnd, roll)
    paper(users, rnd, [a, b], [b, c])
    login(client, users.chair)
    urls = [f"/elections/election-rounds/{rnd.pk}/", f"/elections/elections/{election.pk}/recount/",
            f"/elections/elections/{election.pk}/"]
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as seen:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(seen.captured_queries))
        paper(users, rnd, *([[a, c]] * 8))
    assert counts[0] == counts[1]


def test_the_election_pages_follow_the_chosen_language(client, tree, users, roll):
    election = committee_election(users, tree, roll)
    login(client, users.chair)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/elections/").content.decode()
    assert "New election" in page and "Terms and re-election reminders" in page
    page = client.get(f"/elections/elections/{election.pk}/").content.decode()
    assert "Competitive election: 3 seats need at least 4 candidates." in page and "Nominating" in page


def test_a_deleted_election_is_listed_apart_and_can_be_restored(client, tree, users, roll):
    election = committee_election(users, tree, roll)
    login(client, users.chair)
    client.post(f"/elections/elections/{election.pk}/delete/")
    assert not Election.objects.filter(pk=election.pk).exists()
    assert client.get(f"/elections/elections/{election.pk}/").status_code == 404
    assert election.title in client.get("/elections/?deleted=1").content.decode()
    login(client, users.outsider)
    assert client.post(f"/elections/elections/{election.pk}/restore/").status_code == 404
    login(client, users.chair)
    assert client.post(f"/elections/elections/{election.pk}/restore/").status_code == 302
    assert Election.objects.filter(pk=election.pk).exists()


def test_an_open_round_waits_in_the_voters_inbox_until_they_have_voted(client, tree, users, roll):
    from gonghui.core import inbox

    source = inbox.get("elections.rounds_to_vote")
    election = committee_election(users, tree, roll, seats=2)
    voter = give_login(roll[4], "voter4b")
    today = datetime.date(2026, 12, 3)
    assert source.rows(voter, today).count() == 0  # nominations only: nothing to vote on yet
    rnd = to_first_round(users, election)
    assert [r.pk for r in source.rows(voter, today)] == [rnd.pk]
    assert source.item(source.rows(voter, today)[0]).url == f"/elections/elections/{election.pk}/vote/"
    assert source.rows(users.chair, today).count() == 0  # an officer without a member record
    login(client, voter)
    cands = [str(c.pk) for c in election.candidates.order_by("pk")]
    assert client.post(f"/elections/elections/{election.pk}/vote/", {"marks": cands[:1]}).status_code == 302
    assert source.rows(voter, today).count() == 0
