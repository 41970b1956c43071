"""The congress pages end to end: an officer sets up a term and runs a session; delegates sign in,
vote, propose and co-sign on their phone; members see the published results; others get 404."""
import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, Proposal, Resolution, SecretBallot, Session, Term

from .conftest import login
from .congress_fixtures import DAY, add_members, give_login, open_session, term  # noqa: F401


def test_officer_creates_a_term_and_sees_field_errors_in_chinese(client, users, tree):
    login(client, users.chair)
    r = client.post(reverse("congress:term_new"), {"union": "SCH", "number": "7", "start": "2025-03-01",
                                                   "employee_count": "150", "women_employees": "200"})
    assert r.status_code == 200 and "女职工人数应在0与职工人数之间" in r.content.decode()
    r = client.post(reverse("congress:term_new"), {"union": "FAC", "number": "7", "start": "2025-03-01",
                                                   "employee_count": "150", "women_employees": "60"})
    assert "找不到组织“FAC”，或不在您的权限范围内" in r.content.decode()
    r = client.post(reverse("congress:term_new"), {"union": "SCH", "number": "7", "start": "2025-03-01",
                                                   "employee_count": "150", "women_employees": "60"})
    term = Term.objects.get(union=tree.school)
    assert r.status_code == 302 and r["Location"] == reverse("congress:term", args=[term.pk])
    page = client.get(r["Location"]).content.decode()
    assert "第一中学工会第七届教职工代表大会" in page and "代表人数" in page


def test_officer_adds_delegates_and_confirms_with_a_reason(client, users, tree):
    term = actions.create_term(users.chair, tree.school, number=7, start=datetime.date(2025, 3, 1),
                               employee_count=150, women_employees=60)
    m = add_members(users.chair, tree.school, 1)[0]
    login(client, users.chair)
    url = reverse("congress:delegate_add", args=[term.pk])
    r = client.post(url, {"member_no": "nope", "category": "frontline", "group": "一团"})
    assert "找不到会员“nope”，或不在您的权限范围内" in r.content.decode()
    client.post(url, {"member_no": m.member_no, "category": "frontline", "group": "一团"})
    assert Delegate.objects.filter(term=term).count() == 1
    r = client.post(reverse("congress:term_confirm", args=[term.pk]), {})
    assert "代表人数 1 人" in r.content.decode() and "请写明理由" in r.content.decode()
    client.post(reverse("congress:term_confirm", args=[term.pk]), {"override_reason": "补选中"})
    term.refresh_from_db()
    assert term.confirmed_at


def test_a_session_runs_end_to_end_with_paper_ballots_and_documents(client, users, term):
    session = open_session(users.chair, term, present=12)
    login(client, users.chair)
    page = client.get(reverse("congress:session", args=[session.pk])).content.decode()
    assert "七届三次" in page and "已达到" in page
    client.post(reverse("congress:resolution_new", args=[session.pk]),
                {"title": "学校章程修正案", "kind": "regulation", "mode": "secret"})
    r = Resolution.objects.get(title="学校章程修正案")
    client.post(reverse("congress:resolution_open", args=[r.pk]))
    bad = client.post(reverse("congress:resolution_paper", args=[r.pk]), {
        "issued": "12", "returned": "12", "votes_for": "5", "votes_against": "1", "votes_abstain": "0", "invalid": "0"})
    assert "与收回12张不符" in bad.content.decode()
    client.post(reverse("congress:resolution_paper", args=[r.pk]), {
        "issued": "12", "returned": "12", "votes_for": "10", "votes_against": "1", "votes_abstain": "1", "invalid": "0"})
    client.post(reverse("congress:resolution_close", args=[r.pk]))
    r.refresh_from_db()
    assert r.passed and r.votes_for == 10
    for name in ("doc_agenda", "doc_resolutions", "doc_proposals"):
        resp = client.get(reverse(f"congress:{name}", args=[session.pk]))
        assert resp.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
        assert "七届三次" in text
    agenda = Document(io.BytesIO(client.get(reverse("congress:doc_agenda", args=[session.pk])).content))
    assert "一、听取工作报告" in [p.text for p in agenda.paragraphs]
    table = Document(io.BytesIO(client.get(reverse("congress:doc_resolutions", args=[session.pk])).content)).tables[0]
    assert [c.text for c in table.rows[1].cells][-1] == "通过"


def test_a_vote_without_quorum_shows_the_reason(client, users, term):
    session = open_session(users.chair, term, present=7)  # 12 delegates need 8
    r = actions.create_resolution(users.chair, session, title="财务工作报告")
    login(client, users.chair)
    resp = client.post(reverse("congress:resolution_open", args=[r.pk]), follow=True)
    assert "应至少8人" in resp.content.decode()


def test_a_delegate_signs_in_votes_once_and_anyone_in_the_union_recounts(client, users, term, member_user, members):
    session = open_session(users.chair, term, present=0)
    d = Delegate.objects.filter(term=term).first()
    user = give_login(d)
    for other in Delegate.objects.filter(term=term).exclude(pk=d.pk)[:8]:
        actions.sign_in(users.chair, session, delegate=other)
    login(client, user)
    assert "签到" in client.get(reverse("congress:my")).content.decode()
    client.post(reverse("congress:my_sign_in", args=[session.pk]))
    r = actions.create_resolution(users.chair, session, title="绩效考核办法")
    actions.open_vote(users.chair, r)
    assert "绩效考核办法" in client.get(reverse("congress:my")).content.decode()
    client.post(reverse("congress:my_vote", args=[r.pk]), {"choice": "for"})
    again = client.post(reverse("congress:my_vote", args=[r.pk]), {"choice": "against"})
    assert "不能重复投票" in again.content.decode()
    assert SecretBallot.objects.filter(resolution=r).count() == 1
    actions.close_vote(users.chair, r)
    # a plain member of the union (王强) reads the published result and the recount
    login(client, member_user)
    page = client.get(reverse("congress:public_session", args=[session.pk])).content.decode()
    assert "绩效考核办法" in page
    recount = client.get(reverse("congress:recount", args=[r.pk])).content.decode()
    assert "票链完整" in recount and SecretBallot.objects.get(resolution=r).digest in recount
    # but no officer page
    assert client.get(reverse("congress:resolution", args=[r.pk])).status_code == 404


def test_delegates_propose_and_cosign_on_their_phone(client, users, term):
    session = open_session(users.chair, term)
    ds = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    us = [give_login(d) for d in ds]
    login(client, us[0])
    r = client.post(reverse("congress:my_propose", args=[session.pk]), {"title": "", "topic": "life",
                                                                         "reason": "x", "suggestion": "y"})
    assert "不能为空" in r.content.decode()
    client.post(reverse("congress:my_propose", args=[session.pk]), {"title": "增设母婴室", "topic": "life",
                                                                     "reason": "哺乳期教师多", "suggestion": "三楼空房改造"})
    p = Proposal.objects.get(title="增设母婴室")
    resp = client.post(reverse("congress:proposal_submit", args=[p.pk]), follow=True)
    assert "至少需要2人附议" in resp.content.decode()
    for u in us[1:]:
        login(client, u)
        client.post(reverse("congress:proposal_cosign", args=[p.pk]))
    login(client, us[0])
    client.post(reverse("congress:proposal_submit", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Proposal.Status.SUBMITTED and p.number == 1


def test_officer_reviews_assigns_and_answers_and_the_proposer_rates(client, users, term):
    session = open_session(users.chair, term)
    ds = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    p = actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:], title="改善办公条件",
                                reason="电脑老旧", suggestion="分批更新", submit=True)
    login(client, users.chair)
    r = client.post(reverse("congress:proposal_review", args=[p.pk]), {"decision": "decline", "note": ""})
    assert "不立案或转为意见建议须写明理由" in r.content.decode()
    client.post(reverse("congress:proposal_review", args=[p.pk]), {"decision": "accept"})
    client.post(reverse("congress:proposal_assign", args=[p.pk]), {"department": "信息中心"})
    client.post(reverse("congress:proposal_answer", args=[p.pk]), {"text": "今年更新30台"})
    p.refresh_from_db()
    assert p.status == Proposal.Status.ANSWERED
    login(client, give_login(ds[0]))
    client.post(reverse("congress:proposal_rate", args=[p.pk]), {"satisfaction": "basic"})
    p.refresh_from_db()
    assert p.status == Proposal.Status.DONE


def test_proposal_list_is_keyset_paged_with_a_fixed_number_of_queries(client, users, term, django_assert_max_num_queries):
    session = open_session(users.chair, term)
    ds = list(Delegate.objects.filter(term=term).order_by("id")[:3])
    for i in range(55):
        actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:], title=f"提案{i:02d}",
                                reason="r", suggestion="s", submit=True)
    login(client, users.chair)
    url = reverse("congress:proposals", args=[session.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert "提案49" in page and "提案50" not in page and "下一页" in page
    last = Proposal.objects.filter(title="提案49").get().pk
    page2 = client.get(url + f"?after={last}").content.decode()
    assert "提案54" in page2 and "提案10" not in page2


def test_pages_of_another_union_are_404(client, users, term):
    session = open_session(users.chair, term)
    r = actions.create_resolution(users.chair, session, title="x")
    login(client, users.outsider)
    for url in [reverse("congress:term", args=[term.pk]), reverse("congress:session", args=[session.pk]),
                reverse("congress:resolution", args=[r.pk]), reverse("congress:proposals", args=[session.pk]),
                reverse("congress:public_session", args=[session.pk]), reverse("congress:settings", args=["SCH"])]:
        assert client.get(url).status_code == 404, url


def test_evaluation_page_shows_the_result_sheet(client, users, term):
    session = open_session(users.chair, term, present=12)
    login(client, users.chair)
    client.post(reverse("congress:evaluation_new", args=[session.pk]),
                {"title": "校级领导评议", "leaders": "刘明 校长\n陈红 副校长"})
    rnd = session.evaluations.get()
    client.post(reverse("congress:evaluation_open", args=[rnd.pk]))
    ids = list(rnd.leaders.values_list("id", flat=True))
    client.post(reverse("congress:evaluation_paper", args=[rnd.pk]),
                {f"paper-leader_{ids[0]}": "excellent", f"paper-leader_{ids[1]}": "unfit"})
    page = client.get(reverse("congress:evaluation", args=[rnd.pk])).content.decode()
    assert "刘明（校长）" in page and "不称职票超过标记线" in page


def test_settings_page_saves_and_validates(client, users, tree):
    login(client, users.chair)
    url = reverse("congress:settings", args=["SCH"])
    r = client.post(url, {"rule_set": "zhejiang", "min_cosigners": "3", "answer_days": "15", "unfit_flag": "半数"})
    assert "应写成分数" in r.content.decode()
    client.post(url, {"rule_set": "zhejiang", "min_cosigners": "3", "answer_days": "15", "unfit_flag": "1/2"})
    assert queries.settings_for(tree.school).min_cosigners == 3


def test_a_plain_member_gets_the_congress_menu_and_the_public_page_only(client, users, term, member_user):
    session = open_session(users.chair, term)
    login(client, member_user)
    page = client.get(reverse("congress:my")).content.decode()
    assert reverse("congress:my") in page and "七届三次" in page
    r = client.get(reverse("congress:session", args=[session.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("congress:public_session", args=[session.pk])
    assert client.get(reverse("congress:session", args=[session.pk + 1000])).status_code == 404
    assert client.get(reverse("congress:home")).status_code == 302
    assert client.get(reverse("congress:term", args=[term.pk])).status_code == 404
    assert client.get(reverse("congress:doc_proposals", args=[session.pk])).status_code == 404


def test_the_officer_menu_links_to_the_congress(client, users):
    page = login(client, users.officer).get("/").content.decode()
    assert 'href="/congress/"' in page
    assert 'href="/congress/"' not in login(client, users.finance).get("/").content.decode()
