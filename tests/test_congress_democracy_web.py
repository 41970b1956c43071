"""The pages for constituency elections, special-session requests, papers and the meeting reminders:
officers run them, delegates sign on their phone, ids out of scope are 404."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.congress import actions
from gonghui.congress.models import ConstituencyElection, Delegate, Session, SpecialRequest

from .conftest import login
from .congress_fixtures import add_members, give_login, term  # noqa: F401

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def people(users, tree):
    return add_members(users.chair, tree.b1, 3, start=101)


def test_officer_sets_up_counts_and_confirms_a_constituency_election_through_the_pages(client, users, term, people):
    login(client, users.chair)
    url = reverse("congress:election_new", args=[term.pk])
    form = {"org": "SCH-B1", "name": "", "voters": "", "seats": "2", "date": "2026-11-20", "category": "teacher",
            "group": "第一代表团", "candidates": f"{people[0].member_no}\n{people[1].member_no} 中层以上管理人员\nNOPE"}
    r = client.post(url, form)
    assert r.status_code == 200 and "找不到这些会员，或不在您的权限范围内：NOPE" in r.content.decode()
    r = client.post(url, {**form, "org": "FAC-G1"})
    assert "找不到组织“FAC-G1”，或不在您的权限范围内" in r.content.decode()
    r = client.post(url, {**form, "candidates": f"{people[0].member_no}\n{people[1].member_no} 中层以上管理人员\n"
                                                 f"{people[2].member_no}", "voters": "60"})
    e = ConstituencyElection.objects.get()
    assert r.status_code == 302 and e.name == "语文组分工会" and e.voters == 60
    assert e.candidates.get(member=people[1]).category == "manager"
    page = client.get(r["Location"]).content.decode()
    assert "有效选举须参选（2/3）" in page and ">40<" in page and ">31<" in page
    a, b, c = e.candidates.order_by("id")
    r = client.post(reverse("congress:election", args=[e.pk]), {
        "ballots_issued": "50", "ballots_returned": "45", "ballots_invalid": "1",
        f"votes_{a.pk}": "46", f"votes_{b.pk}": "31", f"votes_{c.pk}": "3"})
    assert r.status_code == 200 and "多于有效选票44张" in r.content.decode()
    client.post(reverse("congress:election", args=[e.pk]), {
        "ballots_issued": "50", "ballots_returned": "45", "ballots_invalid": "1",
        f"votes_{a.pk}": "40", f"votes_{b.pk}": "20", f"votes_{c.pk}": "3"})
    e.refresh_from_db()
    assert e.status == "counted" and e.elected_count == 1
    client.post(reverse("congress:election_confirm", args=[e.pk]))
    d = Delegate.objects.get(election=e)
    assert d.member == people[0] and d.elected_on == DAY
    page = client.get(reverse("congress:term", args=[term.pk])).content.decode()
    assert "已举行，空缺1名" in page and reverse("congress:election", args=[e.pk]) in page
    assert "语文组分工会选区选举" in page and "据纸质记录录入" in page
    r = client.post(reverse("congress:election_by", args=[e.pk]), {"date": "2026-11-27"})
    nxt = ConstituencyElection.objects.get(previous=e)
    assert r["Location"] == reverse("congress:election", args=[nxt.pk]) and nxt.seats == 1


def test_a_void_election_shows_why_on_its_page(client, users, term, people):
    e = actions.create_election(users.chair, term, name="后勤选区", voters=60, seats=1, date=DAY,
                                candidates=[(people[0], "other", "四团")])
    login(client, users.chair)
    (a,) = e.candidates.all()
    r = client.post(reverse("congress:election", args=[e.pk]), {
        "ballots_issued": "39", "ballots_returned": "39", "ballots_invalid": "0", f"votes_{a.pk}": "39"}, follow=True)
    page = r.content.decode()
    assert "参加选举39人，不足选区选民60人的三分之二（应至少40人），选举无效" in page and "另行选举" in page


def test_the_term_page_lists_elections_with_a_fixed_number_of_queries(client, users, term, people):
    login(client, users.chair)
    url = reverse("congress:term", args=[term.pk])
    actions.create_election(users.chair, term, name="选区一", voters=60, seats=1, date=DAY,
                            candidates=[(people[0], "teacher", "一团")])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i, m in enumerate(people[1:], start=2):
        e = actions.create_election(users.chair, term, name=f"选区{i}", voters=60, seats=1, date=DAY,
                                    candidates=[(m, "teacher", "一团")])
        actions.enter_election_result(users.chair, e, issued=60, returned=60, votes={e.candidates.get().pk: 60})
        actions.confirm_election(users.chair, e)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "选区3" in page and len(many) == len(one)


def test_constituency_pages_of_another_union_are_404(client, users, term, people):
    e = actions.create_election(users.chair, term, name="选区", voters=60, seats=1, date=DAY,
                                candidates=[(people[0], "teacher", "一团")])
    login(client, users.outsider)
    assert client.get(reverse("congress:election", args=[e.pk])).status_code == 404
    assert client.post(reverse("congress:election_confirm", args=[e.pk])).status_code == 404


def test_delegates_ask_for_a_special_session_on_their_phone_and_the_officer_convenes_it(client, users, term):
    ds = list(Delegate.objects.filter(term=term).select_related("member").order_by("id")[:4])
    logins = [give_login(d) for d in ds]
    login(client, logins[0])
    page = client.get(reverse("congress:my")).content.decode()
    assert "提议召开临时会议" in page
    url = reverse("congress:my_special_new", args=[term.pk])
    assert "不能为空" in client.post(url, {"reason": " "}).content.decode()
    client.post(url, {"reason": "审议绩效工资调整方案"})
    req = SpecialRequest.objects.get()
    for u in logins[1:]:
        login(client, u)
        assert "联署" in client.get(reverse("congress:my")).content.decode()
        client.post(reverse("congress:my_special_sign", args=[req.pk]))
    page = client.get(reverse("congress:my")).content.decode()
    assert "您已联署" in page and "已有4位代表联署" in page
    client.post(reverse("congress:my_special_withdraw", args=[req.pk]))
    client.post(reverse("congress:my_special_sign", args=[req.pk]))
    login(client, users.chair)
    page = client.get(reverse("congress:term", args=[term.pk])).content.decode()
    assert "联署4/4人" in page and "已达三分之一" in page
    page = client.get(reverse("congress:special", args=[req.pk])).content.decode()
    assert all(d.member.name in page for d in ds)
    actions.confirm_delegates(users.chair, term, override_reason="测试")
    r = client.post(reverse("congress:special_convene", args=[req.pk]),
                    {"meeting": "4", "date": "2026-12-20", "agenda": "审议方案"})
    s = Session.objects.get(special=True)
    assert r["Location"] == reverse("congress:session", args=[s.pk])
    assert "根据代表联署提议召开的临时会议" in client.get(r["Location"]).content.decode()


def test_requests_of_another_union_are_404_for_officers_and_members(client, users, term, member_user):
    d = Delegate.objects.filter(term=term).select_related("member").first()
    req = actions.open_special_request(give_login(d), term, reason="理由")
    login(client, users.outsider)
    assert client.get(reverse("congress:special", args=[req.pk])).status_code == 404
    login(client, member_user)  # a school member who is no officer and no delegate
    assert client.get(reverse("congress:special", args=[req.pk])).status_code == 404
    assert client.post(reverse("congress:my_special_sign", args=[req.pk])).status_code == 302
    assert SpecialRequest.objects.get().signatures.count() == 1  # refused: not a delegate
    login(client, users.outsider)
    assert client.get(reverse("congress:special", args=[req.pk])).status_code == 404
    assert client.post(reverse("congress:my_special_sign", args=[req.pk])).status_code == 404
    assert client.post(reverse("congress:my_special_new", args=[term.pk]), {"reason": "x"}).status_code == 404


def test_papers_are_recorded_from_the_session_page_and_late_ones_are_flagged(client, users, term):
    today = timezone.localdate()
    s = actions.create_session(users.chair, term, meeting=3, date=today + datetime.timedelta(days=3),
                               agenda="听取工作报告")
    login(client, users.chair)
    page = client.get(reverse("congress:session", args=[s.pk])).content.decode()
    assert "距开会不足7天，会议文件尚未发送" in page and "会议议程" in page
    assert "距开会不足7天，会议文件尚未发送" in client.get(reverse("congress:reminders")).content.decode()
    assert "距开会不足7天" in client.get(reverse("congress:home")).content.decode()
    client.post(reverse("congress:session_papers", args=[s.pk]), {"sent_on": ""})
    s.refresh_from_db()
    assert s.papers_sent_on == today
    page = client.get(reverse("congress:session", args=[s.pk])).content.decode()
    assert f"会议文件已于{today:%Y-%m-%d}发送给代表" in page


def test_the_reminders_list_flags_a_term_that_has_not_met_this_school_year(client, users, term):
    login(client, users.chair)
    page = client.get(reverse("congress:reminders")).content.decode()
    assert "未按期召开会议" in page and "尚未召开会议" in page and "本届尚未召开过会议" in page
    page = client.get(reverse("congress:term", args=[term.pk])).content.decode()
    assert "教代会每学年至少召开一次" in page
