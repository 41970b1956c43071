"""Safety pages: a member reports a hazard from the phone with a photo and follows it; the photo is served only
through the scoped view; an officer takes it through triage to closing on its page; monitors, the 安康杯 score
sheet, the figures of a federation; outsiders get 404; lists cost a fixed number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.safety import actions
from gonghui.safety.models import Competition, Hazard, Monitor, Status

from .conftest import login
from .safety_fixtures import REPORTED, fake_picture, picture, report, to_rectifying

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response


def test_a_member_reports_from_the_phone_and_sees_the_photo_through_the_scoped_view(client, member_user, users):
    login(client, member_user)
    assert client.get(reverse("safety:home")).status_code == 302  # members land on their own list
    page = client.get(reverse("safety:report")).content.decode()
    assert 'enctype="multipart/form-data"' in page and "safety/report.js" in page and "<script>" not in page
    response = client.post(reverse("safety:report"), {
        "description": "楼梯扶手松动", "location": "办公楼二楼楼梯", "level": "general", "photos": [picture()]})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("safety:hazard", args=[hazard.pk])
    assert hazard.number in client.get(reverse("safety:my")).content.decode()
    photo = hazard.photos.get()
    response = client.get(reverse("safety:photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    login(client, users.outsider)
    assert client.get(reverse("safety:photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("safety:hazard", args=[hazard.pk])).status_code == 404


def test_a_report_without_a_location_or_with_a_fake_photo_is_shown_on_the_form(client, member_user):
    login(client, member_user)
    response = client.post(reverse("safety:report"), {"description": "楼梯扶手松动", "location": "", "level": "general"})
    assert response.status_code == 400 and "位置不能为空" in response.content.decode()
    response = client.post(reverse("safety:report"), {"description": "楼梯扶手松动", "location": "二楼",
                                                      "level": "general", "photos": [fake_picture()]})
    assert response.status_code == 400 and "不是JPEG或PNG图片" in response.content.decode()
    assert not Hazard.all_objects.exists()


def test_an_officer_takes_a_hazard_from_triage_to_closing_on_its_page(client, member_user, users):
    hazard = report(member_user)
    login(client, users.officer)
    url = reverse("safety:hazard", args=[hazard.pk])
    assert "王强" in client.get(url).content.decode()  # the named reporter, to the safety officer
    steps = [("safety:hazard_triage", {"decision": "accept", "day": "2026-11-02"}),
             ("safety:hazard_assign", {"assignee": "张敏", "responsible": "设备科", "assigned_on": "2026-11-02",
                                       "deadline": ""}),
             ("safety:hazard_rectify", {"rectified_on": "2026-11-05", "note": "已加锁", "photos": [picture("JPEG")]}),
             ("safety:hazard_verify", {"passed": "yes", "verified_on": "2026-11-06", "opinion": "合格"}),
             ("safety:hazard_close", {"closed_on": "2026-11-06"})]
    for name, data in steps:
        response = client.post(reverse(name, args=[hazard.pk]), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    hazard.refresh_from_db()
    assert hazard.status == Status.CLOSED and hazard.deadline == datetime.date(2026, 11, 17)
    assert hazard.photos.filter(stage="rectified").count() == 1


def test_closing_before_verification_is_refused_on_the_page(client, member_user, users):
    hazard = to_rectifying(users.officer, report(member_user))
    login(client, users.officer)
    response = client.post(reverse("safety:hazard_close", args=[hazard.pk]), {"closed_on": "2026-11-06"})
    assert response.status_code == 400 and "隐患尚未验收合格，不能销号" in response.content.decode()


def test_a_deadline_before_the_report_is_shown_on_the_assign_form(client, member_user, users):
    hazard = report(member_user)
    actions.triage(users.officer, hazard, decision="accept", day=REPORTED)
    login(client, users.officer)
    response = client.post(reverse("safety:hazard_assign", args=[hazard.pk]),
                           {"assignee": "张敏", "assigned_on": "2026-11-02", "deadline": "2026-10-01"})
    assert response.status_code == 400 and "整改期限不能早于报告日期" in response.content.decode()


def test_an_anonymous_report_does_not_show_its_reporter_to_the_officer(client, member_user, users):
    hazard = report(member_user, anonymous=True)
    login(client, users.officer)
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert "匿名" in page and "王强" not in page


def test_the_hazard_list_shows_overdue_ones_in_a_fixed_number_of_queries(client, member_user, users):
    to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 20))
    login(client, users.officer)
    few, _r = _count(client, reverse("safety:hazards") + "?org=SCH")
    for _ in range(4):
        to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 20))
    many, response = _count(client, reverse("safety:hazards") + "?org=SCH&overdue=1")
    assert many == few and response.content.decode().count("逾期") >= 5
    home_queries, response = _count(client, reverse("safety:home") + "?org=SCH")
    assert "逾期未整改的隐患" in response.content.decode()


def test_monitors_are_appointed_on_the_page_and_coverage_shown(client, users, members):
    login(client, users.officer)
    response = client.post(reverse("safety:monitors") + "?org=SCH", {
        "workshop": "SCH-B2", "member_no": members.zhao.member_no, "appointed_on": "2026-01-01",
        "term_ends": "2028-12-31"})
    assert response.status_code == 302 and Monitor.objects.get().member == members.zhao
    page = client.get(reverse("safety:monitors") + "?org=SCH").content.decode()
    assert "赵丽" in page and "50.0%" in page


def test_the_cup_is_set_up_scored_and_published_on_its_pages(client, users, tree):
    login(client, users.officer)
    response = client.post(reverse("safety:competitions") + "?org=SCH", {
        "year": "2026", "title": "", "indicators": "安全培训 40 100\n隐患排查 60 50", "entrants": ["SCH-B1", "SCH-B2"]})
    cup = Competition.objects.get()
    assert response.status_code == 302
    e = {x.org.code: x.pk for x in cup.entrants.select_related("org")}
    i = {x.name: x.pk for x in cup.indicators.all()}
    scores = {f"s-{e['SCH-B1']}-{i['安全培训']}": "90", f"s-{e['SCH-B1']}-{i['隐患排查']}": "40",
              f"s-{e['SCH-B2']}-{i['安全培训']}": "80", f"s-{e['SCH-B2']}-{i['隐患排查']}": "51"}
    response = client.post(reverse("safety:competition_scores", args=[cup.pk]), scores)
    assert response.status_code == 400 and "应在0至50分之间" in response.content.decode()
    scores[f"s-{e['SCH-B2']}-{i['隐患排查']}"] = "45"
    assert client.post(reverse("safety:competition_scores", args=[cup.pk]), scores).status_code == 302
    assert client.post(reverse("safety:competition_publish", args=[cup.pk]), {"published_on": "2026-12-01"}).status_code == 302
    login(client, users.federation)
    page = client.get(reverse("safety:competition", args=[cup.pk])).content.decode()
    assert "86.00" in page and "84.00" in page


def test_the_figures_of_a_federation_roll_up_by_the_units_below_it(client, member_user, users):
    hazard = to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 20))
    actions.rectify(users.officer, hazard, rectified_on=datetime.date(2026, 11, 5), note="已处理")
    actions.verify(users.officer, hazard, verified_on=datetime.date(2026, 11, 6), passed=True)
    actions.close(users.officer, hazard, closed_on=datetime.date(2026, 11, 7))
    to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 20))
    login(client, users.federation)
    few, response = _count(client, reverse("safety:figures") + "?org=COUNTY")
    page = response.content.decode()
    assert "城关镇总工会" in page and "50.0%" in page
    for _ in range(3):
        report(member_user)
    many, _r = _count(client, reverse("safety:figures") + "?org=COUNTY")
    assert many == few
