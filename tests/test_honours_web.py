"""Honours pages: a round walked through its forms by an officer (open, nominate, committee, scores, notice,
objection and answer, final list, certificate), bad input shown on the form, a member's own page (self-
nomination, endorsement, secret vote, objection), the kinds, sanctions and figures pages, and query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.honours import actions
from gonghui.honours.models import Nomination, Round

from .conftest import login, make_user
from .honours_fixtures import kind, school_round, scored  # noqa: F401

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def test_an_officer_walks_a_round_through_its_forms_to_the_certificate(client, users, tree, members):
    login(client, users.officer)
    assert client.get(reverse("honours:home") + "?org=SCH").status_code == 200
    advanced = kind("advanced_individual")
    response = client.post(reverse("honours:round_new") + "?org=SCH",
                           {"org": "SCH", "kind": advanced.pk, "year": "2026", "quota": "1", "method": "score"})
    rnd = Round.objects.get()
    assert response["Location"] == reverse("honours:round", args=[rnd.pk])
    step = lambda name, data, *args: client.post(reverse(f"honours:{name}", args=[rnd.pk, *args]), data)  # noqa: E731
    assert step("nominate", {"by": "union", "member_no": members.wang.member_no, "deeds": "带教新教师"}).status_code == 302
    refused = step("nominate", {"by": "union", "member_no": members.liu.member_no})
    assert refused.status_code == 400 and "找不到会员编号" in refused.content.decode()
    step("nominate", {"by": "branch", "member_no": members.zhao.member_no, "nominator_org": "SCH-B2"})
    step("evaluators", {"member_nos": f"{members.zhang.member_no}\n{members.zhao.member_no}"})
    step("start", {})
    wang, zhao = rnd.nominations.order_by("id")
    for evaluator, points in zip(rnd.evaluators.order_by("id"), [("92", "85"), ("88", "86")]):
        assert step("scores", {"evaluator": evaluator.pk, f"n{wang.pk}": points[0],
                               f"n{zhao.pk}": points[1]}).status_code == 302
    over = step("publish", {"posted_on": "2026-11-20", "chosen": [wang.pk, zhao.pk]})
    assert over.status_code == 400 and "超过名额（1）" in over.content.decode()
    step("publish", {"posted_on": "2026-11-20"})
    late = step("objection", {"nomination": wang.pk, "received_on": "2026-11-30", "text": "迟到的异议"})
    assert late.status_code == 400 and "收到日期：公示期已于2026-11-27结束" in late.content.decode()
    step("objection", {"nomination": wang.pk, "received_on": "2026-11-24", "text": "反映考勤问题"})
    objection = rnd.objections.get()
    step("answer", {"upheld": "no", "answer": "经核实，异议不成立", "answered_on": "2026-11-25"}, objection.pk)
    assert step("final", {"final_on": "2026-12-01"}).status_code == 302
    wang.refresh_from_db()
    assert wang.state == Nomination.State.AWARDED
    page = client.get(reverse("honours:round", args=[rnd.pk])).content.decode()
    assert "已表彰" in page and "经核实，异议不成立" in page and "/audit/" in page
    pdf = client.get(reverse("honours:certificate", args=[wang.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    history = client.get(reverse("honours:member", args=[members.wang.pk])).content.decode()
    assert wang.certificate_no in history and "先进个人" in history
    figures = client.get(reverse("honours:figures") + "?org=SCH&year=2026").content.decode()
    assert 'id="total">1<' in figures and 'id="women-share">0.0%<' in figures


def test_a_member_nominates_themself_endorses_votes_and_objects_from_their_own_page(client, users, tree, members,
                                                                                   member_user):
    vote = actions.open_round(users.officer, tree.school, kind=kind("excellent_member"), year=2026, quota=1,
                              method="vote")
    actions.set_evaluators(users.officer, vote, [members.wang, members.zhang])
    zhang = actions.nominate(users.officer, vote, by="union", member=members.zhang)
    actions.start_selection(users.officer, vote)
    open_ = actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=2026)
    zhao_user = make_user("zhaoli")
    members.zhao.user = zhao_user
    members.zhao.save(update_fields=["user"])
    self_nom = actions.nominate_self(zhao_user, open_, deeds="主动承担毕业班教学")
    login(client, member_user)
    page = client.get(reverse("honours:mine")).content.decode()
    assert "待您投票" in page and "赵丽" in page and "个人自荐" in page
    assert client.post(reverse("honours:endorse", args=[self_nom.pk])).status_code == 302
    self_nom.refresh_from_db()
    assert self_nom.endorsements == 1
    response = client.post(reverse("honours:nominate_self", args=[open_.pk]), {"deeds": "十年如一日"})
    assert response.status_code == 302 and open_.nominations.filter(member=members.wang).exists()
    assert client.post(reverse("honours:vote", args=[vote.pk]), {"choices": [zhang.pk]}).status_code == 302
    again = client.post(reverse("honours:vote", args=[vote.pk]), {"choices": [zhang.pk]})
    assert again.status_code == 400 and "每位评委只能投一次" in again.content.decode()
    actions.publish_shortlist(users.officer, vote, posted_on="2026-12-01")
    response = client.post(reverse("honours:member_objection", args=[vote.pk]),
                           {"nomination": zhang.pk, "text": "推荐过程未公开"})
    assert response.status_code == 302 and vote.objections.get().filed_by == members.wang
    assert client.get(reverse("honours:round", args=[vote.pk])).status_code == 404


def test_the_kinds_sanctions_and_figures_pages_work_for_an_officer(client, users, tree, members):
    login(client, users.officer)
    assert "巾帼建功标兵" in client.get(reverse("honours:kinds") + "?org=SCH").content.decode()
    response = client.post(reverse("honours:kind_new") + "?org=SCH", {
        "owner": "SCH", "name": "师德标兵", "level": "unit", "no_sanction": "on", "min_member_years": "3",
        "notice_days": "7", "quota": "2", "endorsements_required": "3"})
    assert response.status_code == 302
    bad = client.post(reverse("honours:kind_new") + "?org=SCH", {"owner": "SCH", "name": "x", "level": "unit",
                                                                  "notice_days": "0"})
    assert bad.status_code == 400 and "公示期（工作日）" in bad.content.decode()
    response = client.post(reverse("honours:sanction_new") + "?org=SCH", {
        "union": "SCH", "member_no": members.wang.member_no, "starts_on": "2026-06-01", "reason": "旷工"})
    assert response.status_code == 302
    assert "旷工" in client.get(reverse("honours:sanctions") + "?org=SCH").content.decode()
    assert client.get(reverse("honours:figures") + "?org=SCH").status_code == 200


def test_list_pages_take_a_fixed_number_of_queries_whatever_the_rows(client, users, tree, members, school_round):
    wang, zhao = scored(users, members, school_round)
    login(client, users.officer)
    urls = [reverse("honours:home") + "?org=SCH", reverse("honours:round", args=[school_round.pk]),
            reverse("honours:figures") + "?org=SCH", reverse("honours:kinds") + "?org=SCH"]
    before = [_count(client, url)[0] for url in urls]
    for year in (2024, 2025):
        rnd = actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=year)
        actions.nominate(users.officer, rnd, by="union", member=members.zhang)
    actions.nominate(users.officer, school_round.__class__.objects.get(year=2025), by="union", member=members.wang)
    assert [_count(client, url)[0] for url in urls] == before


def test_an_outsider_gets_404_for_the_schools_round_and_a_member_without_a_role_is_sent_to_their_page(
        client, users, member_user, school_round):
    login(client, users.outsider)
    assert client.get(reverse("honours:round", args=[school_round.pk])).status_code == 404
    assert client.post(reverse("honours:start", args=[school_round.pk])).status_code == 404
    login(client, member_user)
    assert client.get(reverse("honours:home"))["Location"] == reverse("honours:mine")


def test_a_notice_in_a_year_the_holiday_calendar_does_not_cover_is_posted_with_a_warning_on_its_end(
        client, users, members, school_round):
    """Issue 17's bad-input list: never refused (DOMAIN §14) — counted Monday to Friday and said so in Chinese,
    naming the notice's end date, in the message and on the round's page."""
    from gonghui.core import periods

    scored(users, members, school_round)
    login(client, users.officer)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(periods.chinese_calendar, "is_workday",
                   lambda day: (_ for _ in ()).throw(NotImplementedError()) if day.year > 2026 else day.weekday() < 5)
        response = client.post(reverse("honours:publish", args=[school_round.pk]), {"posted_on": "2026-12-30"},
                               follow=True)
    page = response.content.decode()
    assert "公示截止日2027-01-06暂按周末计算" in page
    assert "暂按周末计算：该年法定节假日安排尚未收录，公布后请更新" in page
    school_round.refresh_from_db()
    assert school_round.notice_provisional and school_round.state == Round.State.NOTICE
