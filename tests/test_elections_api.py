"""The elections API: the whole election through the endpoints, errors as 400 with Chinese messages
naming the field, out-of-scope ids as 404, the member's phone vote, the recount and the report."""
import datetime
import io

import pytest
from docx import Document
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry
from gonghui.elections import actions
from gonghui.elections.models import Ballot, Election, Term

from .elections_fixtures import add_members, committee_election, give_login, to_first_round

API = "/api/elections/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def roll(tree, users, members):
    return [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 9)


def test_an_election_runs_end_to_end_through_the_api(tree, users, roll):
    chair, fed = api(users.chair), api(users.federation)
    r = chair.post(f"{API}elections/", {"union": "SCH", "kind": "committee", "seats": 9, "assembly": "members"},
                   format="json")
    assert r.status_code == 201, r.data
    pk = r.data["id"]
    for m in roll[:9]:
        assert chair.post(f"{API}elections/{pk}/nominate/", {"member_no": m.member_no}, format="json").status_code == 201
    r = fed.post(f"{API}elections/{pk}/approve-candidates/")
    assert r.status_code == 400 and "少于差额选举要求的10人" in r.data["candidates"][0]
    chair.post(f"{API}elections/{pk}/nominate/", {"member_no": roll[9].member_no}, format="json")
    assert chair.post(f"{API}elections/{pk}/approve-candidates/").status_code == 403
    assert fed.post(f"{API}elections/{pk}/approve-candidates/").status_code == 200
    r = chair.post(f"{API}elections/{pk}/open/")
    rid = r.data["id"]
    assert r.status_code == 201 and r.data["entitled"] == 12
    r = chair.post(f"{API}election-rounds/{rid}/open/", {"present": 7}, format="json")
    assert r.status_code == 400 and "三分之二" in r.data["present"][0]
    assert chair.post(f"{API}election-rounds/{rid}/open/", {"present": 12}, format="json").data["threshold"] == 7
    r = chair.post(f"{API}election-rounds/{rid}/issue/", {"member_nos": [m.member_no for m in roll]}, format="json")
    assert r.data["state"] == "open"
    ids = [c["id"] for c in chair.get(f"{API}elections/{pk}/").data["candidates"]]
    for i in range(12):
        r = chair.post(f"{API}election-rounds/{rid}/ballots/", {"marks": ids[:9] if i < 11 else ids}, format="json")
        assert r.status_code == 201
    assert r.data["valid"] is False and r.data["seq"] == 12
    r = chair.post(f"{API}election-rounds/{rid}/close/")
    assert r.data["state"] == "counted" and r.data["invalid"] == 1 and len(r.data["outcome"]["elected"]) == 9
    assert fed.post(f"{API}elections/{pk}/approve-results/").data["status"] == "approved"
    terms = chair.get(f"{API}election-terms/").data["results"]
    assert terms[0]["org"] == "SCH" and terms[0]["years"] == 5
    docx = chair.get(f"{API}elections/{pk}/report/")
    assert docx.status_code == 200
    assert "选举结果报告" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    recount = chair.get(f"{API}elections/{pk}/recount/").data
    assert recount[0]["chain_ok"] and recount[0]["matches"] and len(recount[0]["ballots"]) == 12


def test_a_member_votes_through_the_api_once(tree, users, roll):
    election = committee_election(users, tree, roll, seats=2)
    voter = give_login(roll[8], "voter8")
    to_first_round(users, election)
    client = api(voter)
    ids = list(election.candidates.order_by("pk").values_list("pk", flat=True))
    r = client.post(f"{API}elections/{election.pk}/vote/", {"marks": ids}, format="json")
    assert r.status_code == 400 and r.data["marks"] == ["最多只能选2人，您选了3人"]
    r = client.post(f"{API}elections/{election.pk}/vote/", {"marks": ids[:2]}, format="json")
    assert r.status_code == 201 and r.data == {"detail": "投票成功"}  # no receipt pointing at the ballot
    r = client.post(f"{API}elections/{election.pk}/vote/", {"marks": ids[:1]}, format="json")
    assert r.status_code == 400 and "每人只能投一次" in r.data["round"][0]
    assert Ballot.objects.count() == 1
    # a voter cannot run the election
    assert client.post(f"{API}election-rounds/{election.rounds.get().pk}/close/").status_code == 404
    seen = client.get(f"{API}elections/{election.pk}/").data["candidates"]
    assert [c["member_no"] for c in seen] == [None, None, None] and seen[0]["name"] == roll[0].name
    officer = api(users.chair).get(f"{API}elections/{election.pk}/").data["candidates"]
    assert officer[0]["member_no"] == roll[0].member_no


def test_out_of_scope_ids_are_404_and_change_nothing(tree, users, roll):
    election = committee_election(users, tree, roll)
    rnd = to_first_round(users, election)
    term = actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2022, 1, 5),
                               years=5)
    outsider = api(users.outsider)
    before = AuditEntry.objects.count()
    assert outsider.get(f"{API}elections/{election.pk}/").status_code == 404
    assert outsider.post(f"{API}elections/{election.pk}/publish/").status_code == 404
    assert outsider.post(f"{API}election-rounds/{rnd.pk}/ballots/", {"marks": []}, format="json").status_code == 404
    assert outsider.delete(f"{API}election-terms/{term.pk}/").status_code == 404
    assert outsider.get(f"{API}elections/").data["results"] == []
    r = api(users.chair).post(f"{API}elections/", {"union": "SCH", "kind": "mayor", "seats": 3, "term_years": 4},
                              format="json")
    assert r.status_code == 400 and r.data["kind"] == ["选举事项不正确"] and r.data["term_years"] == ["任期应为3年或5年"]
    r = outsider.post(f"{API}elections/", {"union": "SCH", "kind": "committee", "seats": 3}, format="json")
    assert r.status_code == 400 and "union" in r.data
    assert AuditEntry.objects.count() == before and not Ballot.objects.exists()


def test_terms_are_recorded_and_reminders_list_those_ending_soon(tree, users):
    client = api(users.chair)
    r = client.post(f"{API}election-terms/", {"org": "SCH", "elected_on": "2021年12月10日", "years": 5},
                    format="json")
    assert r.status_code == 201 and r.data["ends_on"] == "2026-12-09"
    r = client.post(f"{API}election-terms/", {"org": "SCH", "elected_on": "2021-12-10", "years": 4}, format="json")
    assert r.status_code == 400 and r.data["years"] == ["任期应为3年或5年"]
    api(users.outsider).post(f"{API}election-terms/", {"org": "FAC", "elected_on": "2019-05-01", "years": 5},
                             format="json")
    rows = api(users.federation).get(f"{API}election-terms/reminders/").data
    assert [(r["org"], r["overdue"]) for r in rows] == [("FAC", True), ("SCH", False)]
    assert api(users.federation).delete(f"{API}election-terms/{Term.objects.get(org=tree.school).pk}/").status_code == 204
    assert not Term.objects.filter(org=tree.school).exists()


def test_the_election_list_is_keyset_paginated_and_filtered(tree, users, roll):
    for _ in range(3):
        committee_election(users, tree, roll, candidates=[])
    r = api(users.chair).get(f"{API}elections/?page_size=2")
    assert len(r.data["results"]) == 2 and r.data["next"]
    assert api(users.chair).get(f"{API}elections/?status=voting").data["results"] == []
    assert Election.objects.count() == 3


def test_an_election_deleted_in_nomination_can_be_restored(tree, users, roll):
    election = committee_election(users, tree, roll)
    client = api(users.chair)
    assert client.delete(f"{API}elections/{election.pk}/").status_code == 204
    assert client.get(f"{API}elections/{election.pk}/").status_code == 404
    assert api(users.outsider).post(f"{API}elections/{election.pk}/restore/").status_code == 404
    assert client.post(f"{API}elections/{election.pk}/restore/").data["id"] == election.pk
    actions.approve_candidates(users.federation, election)
    r = client.delete(f"{API}elections/{election.pk}/")
    assert r.status_code == 400 and "只能删除尚未批复候选人的选举" in r.data["status"][0]


def test_the_lists_and_the_recount_cost_the_same_queries_however_long_they_are(tree, users, roll,
                                                                              django_assert_num_queries):
    from .elections_fixtures import issue, paper

    client = api(users.federation)
    election = committee_election(users, tree, roll, seats=1, candidates=roll[:2])
    a, b = election.candidates.order_by("pk")
    rnd = to_first_round(users, election)
    issue(users, rnd, roll[:4])
    paper(users, rnd, [a], [a], [b], [a], [b])  # 5 back, 4 issued: void, repeated
    repeat = actions.close_round(users.chair, rnd)
    actions.open_round(users.chair, repeat, present=12)
    issue(users, repeat, roll[:4])
    paper(users, repeat, [a], [a], [b])
    actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2021, 1, 5), years=5)
    urls = [f"{API}elections/", f"{API}election-terms/", f"{API}elections/{election.pk}/recount/",
            f"{API}elections/{election.pk}/"]
    for url in urls:
        client.get(url)  # the user's roles are read once and kept
    before = _counts(client, urls)
    assert max(before) <= 5
    for i in range(4):
        committee_election(users, tree, roll, candidates=[])
        actions.record_term(users.chair, tree.school, body="audit_committee",
                            elected_on=datetime.date(2015 + i, 1, 5), years=5)
    paper(users, repeat, [b], [a])
    for url, n in zip(urls, before):
        with django_assert_num_queries(n):
            assert client.get(url).status_code == 200


def _counts(client, urls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = []
    for url in urls:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        out.append(len(seen.captured_queries))
    return out


def test_choices_are_listed_in_the_schema_and_the_output_stays_plain_values(tree, users, roll, tmp_path):
    import yaml
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schemas = yaml.safe_load(out.read_text())["components"]["schemas"]
    assert schemas["ElectionKindEnum"]["enum"] == ["committee", "chair", "vice_chair", "audit_committee"]
    assert schemas["ElectionRoundStateEnum"]["enum"] == ["pending", "open", "counted", "void"]
    assert schemas["ElectionRemovalChoiceEnum"]["enum"] == ["for", "against", "abstain"]
    assert schemas["Election"]["properties"]["status"]["allOf"] == [{"$ref": "#/components/schemas/ElectionStatusEnum"}]
    committee_election(users, tree, roll)
    row = api(users.chair).get(f"{API}elections/").data["results"][0]
    assert (row["kind"], row["status"], row["assembly"]) == ("committee", "nomination", "members")
