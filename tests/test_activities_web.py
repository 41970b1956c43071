"""The web pages, end to end: an officer sets up the seed's fun day, a member signs up on the phone and
shows the QR code, the officer checks people in, forms teams, writes the brief; out-of-scope ids are 404."""
import io
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from gonghui.activities import actions, codes
from gonghui.activities.models import Attendance, Event, Registration

from .activities_fixtures import at, check_in_during, during, fun_day, open_event, zhao_user  # noqa: F401
from .conftest import login

pytestmark = pytest.mark.django_db


def test_an_officer_sets_up_an_event_with_its_rules_through_the_form(client, users, tree, members):
    login(client, users.officer)
    assert client.get(reverse("activities:new")).status_code == 200
    response = client.post(reverse("activities:new"), {
        "title": "登山比赛", "kind": "sport_culture", "organiser": "SCH", "starts_at": "2027-04-10T08:30",
        "ends_at": "2027-04-10T12:00", "place": "北山公园", "capacity": "30", "signup_closes": "2027-04-05T17:00",
        "budget": "2000", "budget_account": "50102", "rule_sex": "M", "rule_age_min": "51",
        "rule_age_min_inclusive": "on", "rule_age_max_inclusive": "on"})
    event = Event.objects.get(title="登山比赛")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert (event.union, event.status, event.capacity, str(event.budget)) == (tree.school, "draft", 30, "2000.00")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "51周岁(含)以上 · 男职工" in page


def test_the_named_list_takes_members_by_name_and_the_edit_form_shows_names_not_numbers(client, users, tree, members):
    login(client, users.officer)
    client.post(reverse("activities:new"), {
        "title": "座谈会", "kind": "sport_culture", "organiser": "SCH", "starts_at": "2027-04-10T08:30",
        "ends_at": "2027-04-10T12:00", "place": "会议室", "rule_list": members.wang.name})
    event = Event.objects.get(title="座谈会")
    assert list(event.rules.get(kind="list").members.all()) == [members.wang]
    page = client.get(reverse("activities:edit", args=[event.pk])).content.decode()
    assert f"{members.wang.name}（{members.wang.member_no}）" in page


def test_the_form_shows_each_bad_field_with_a_chinese_message(client, users, tree, members):
    login(client, users.officer)
    response = client.post(reverse("activities:new"), {
        "title": "登山比赛", "kind": "sport_culture", "organiser": "SCH", "starts_at": "2027-04-10T08:30",
        "ends_at": "2027-04-10T07:00", "place": "北山", "budget": "12.345", "rule_list": "NO-SUCH"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "找不到这些会员，或不在您的权限范围内：NO-SUCH" in page
    response = client.post(reverse("activities:new"), {
        "title": "登山比赛", "kind": "sport_culture", "organiser": "SCH", "starts_at": "2027-04-10T08:30",
        "ends_at": "2027-04-10T07:00", "place": "北山", "budget": "12.345"})
    page = response.content.decode()
    assert "结束时间应晚于开始时间" in page and "金额最多保留两位小数（分）" in page
    assert not Event.objects.exists()


def test_a_member_signs_up_on_the_phone_and_sees_the_qr_code_then_is_checked_in_by_code(
        client, users, tree, members, member_user):
    event = open_event(users.officer, tree.school, signup_closes="")
    login(client, member_user)
    assert event.title in client.get(reverse("activities:mine")).content.decode()
    url = reverse("activities:my_event", args=[event.pk])
    client.post(url)
    reg = Registration.objects.get(event=event, member=members.wang)
    assert reg.status == "confirmed"
    page = client.get(url).content.decode()
    # The QR carries the signed token; the words under it are the 6-digit code to read out.
    assert "<svg" in page and codes.short_code(event.pk, members.wang.pk) in page
    assert codes.checkin_code(reg) not in page
    checkin = reverse("activities:checkin", args=[event.pk])
    with during(event):
        login(client, users.officer)
        assert "王强" in client.get(checkin).content.decode()
        response = client.post(checkin, {"code": codes.checkin_code(reg)}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200 and response.json()["ok"] is True
        assert Attendance.objects.get(event=event, member=members.wang).method == "qr"
        again = client.post(checkin, {"code": codes.checkin_code(reg)}, HTTP_ACCEPT="application/json")
        assert again.status_code == 400 and "王强已于" in again.json()["messages"][0]


def test_a_roster_tick_checks_in_and_someone_not_signed_up_is_refused(client, fun_day, users, members):
    actions.sign_up(users.officer, fun_day, members.zhao, now=at(2027, 1, 20))
    checkin = reverse("activities:checkin", args=[fun_day.pk])
    with during(fun_day):
        login(client, users.officer)
        client.post(checkin, {"member": members.zhao.pk})
        assert Attendance.objects.filter(event=fun_day, member=members.zhao, method="roster").exists()
        response = client.post(checkin, {"member": members.zhang.pk}, follow=True)
        assert "张敏未报名本活动，不能签到" in response.content.decode()


def test_the_officer_builds_teams_by_department_and_the_rule_is_checked(client, users, tree, members):
    event = open_event(users.officer, tree.school, team_min_size="1", team_max_size="10", team_min_women="1",
                       signup_closes="")
    for m in (members.wang, members.zhao):
        actions.sign_up(users.officer, event, m)
    login(client, users.officer)
    url = reverse("activities:teams", args=[event.pk])
    client.post(url, {"intent": "by_department"})
    page = client.post(url, {"intent": "confirm"}, follow=True).content.decode()
    # 语文组分工会 (王强 alone) has no woman; 数学组分工会 (赵丽) is fine.
    assert "语文组分工会：女职工0名，每队至少1名" in page
    event.refresh_from_db()
    assert event.teams_confirmed_at is None


def _jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 16, 46)).save(buf, "JPEG")
    buf.seek(0)
    buf.name = "day.jpg"
    return buf


def test_the_brief_takes_photos_and_exports_a_docx_with_them(client, fun_day, users):
    login(client, users.officer)
    url = reverse("activities:brief", args=[fun_day.pk])
    assert "教职工健身趣味活动" in client.get(url).content.decode()
    client.post(url, {"intent": "summary", "summary": "各系部踊跃参加，气氛热烈。"})
    client.post(url, {"intent": "photo", "image": _jpeg(), "caption": "滚铁环接力"})
    bad = io.BytesIO(b"not an image")
    bad.name = "x.jpg"
    page = client.post(url, {"intent": "photo", "image": bad}).content.decode()
    assert "不是有效的图片文件" in page
    response = client.get(reverse("activities:brief_docx", args=[fun_day.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        document = z.read("word/document.xml").decode()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert "各系部踊跃参加，气氛热烈。" in document and "滚铁环接力" in document
    assert len(media) == 1
    photo = fun_day.photos.get()
    photo_url = reverse("activities:photo", args=[fun_day.pk, photo.pk])
    assert client.get(photo_url).status_code == 200
    login(client, users.outsider)
    assert client.get(photo_url).status_code == 404


def test_the_calendar_shows_the_month_and_exports_ics(client, fun_day, users, member_user):
    login(client, users.officer)
    page = client.get(reverse("activities:calendar") + "?month=2027-01").content.decode()
    assert "教职工健身趣味活动" in page
    ics = client.get(reverse("activities:calendar_ics") + "?year=2027").content.decode()
    assert "BEGIN:VEVENT" in ics and "DTSTART:20270129T013000Z" in ics and "SUMMARY:教职工健身趣味活动" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    login(client, member_user)
    assert "教职工健身趣味活动" in client.get(reverse("activities:calendar") + "?month=2027-01").content.decode()


def test_drafts_and_other_unions_events_are_404_for_members_and_outsiders(client, users, tree, members, member_user):
    draft = actions.create_event(users.officer, organiser=tree.school, data={
        "title": "草稿活动", "starts_at": "2027-02-01 09:00", "ends_at": "2027-02-01 10:00", "place": "礼堂"})
    published = open_event(users.officer, tree.school)
    login(client, member_user)
    assert client.get(reverse("activities:my_event", args=[draft.pk])).status_code == 404
    assert client.get(reverse("activities:my_event", args=[published.pk])).status_code == 200
    assert client.get(reverse("activities:detail", args=[published.pk])).status_code == 404
    login(client, users.outsider)
    for name in ("detail", "checkin", "teams", "brief", "brief_docx", "my_event"):
        assert client.get(reverse(f"activities:{name}", args=[published.pk])).status_code == 404, name
    assert client.post(reverse("activities:status", args=[published.pk]), {"verb": "delete"}).status_code == 404
    assert Event.objects.filter(pk=published.pk).exists()


def test_the_officer_list_and_event_page_and_status_buttons(client, users, tree, members):
    event = actions.create_event(users.officer, organiser=tree.b1, data={
        "title": "语文组读书会", "kind": "lecture", "starts_at": "2027-03-01 15:00", "ends_at": "2027-03-01 17:00",
        "place": "图书馆"})
    login(client, users.officer)
    assert "语文组读书会" in client.get(reverse("activities:home")).content.decode()
    client.post(reverse("activities:status", args=[event.pk]), {"verb": "publish"})
    event.refresh_from_db()
    assert event.status == "open"
    page = client.post(reverse("activities:status", args=[event.pk]), {"verb": "cancel", "reason": ""},
                       follow=True).content.decode()
    assert "请说明取消原因" in page
    client.post(reverse("activities:signup_for", args=[event.pk]), {"member": members.wang.member_no})
    assert Registration.objects.filter(event=event, member=members.wang, status="confirmed").exists()
    assert 'data-picker="/pick/member/?within=SCH"' in client.get(event.get_absolute_url()).content.decode()
    client.post(reverse("activities:signup_for", args=[event.pk]), {"member": members.zhao.name})  # by name
    assert Registration.objects.filter(event=event, member=members.zhao).exists()
    client.post(reverse("activities:notify", args=[event.pk]), {"title": "集合地点变更", "body": "改在二楼", "audience": "all"})
    login(client, users.officer)
    assert "集合地点变更" in client.get(event.get_absolute_url()).content.decode()


def test_the_participation_page_shows_rates_per_branch(client, fun_day, users, members):
    actions.sign_up(users.officer, fun_day, members.wang, now=at(2027, 1, 20))
    check_in_during(users.officer, fun_day, member=members.wang)
    login(client, users.chair)
    page = client.get(reverse("activities:participation") + "?org=SCH&start=2027-01-01&end=2027-12-31").content.decode()
    assert "33.33%" in page and "语文组分工会" in page


def test_the_event_and_check_in_pages_take_the_same_queries_for_more_people(client, users, tree, members,
                                                                            django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .activities_fixtures import many_members

    event = open_event(users.officer, tree.school, signup_closes="")
    login(client, users.officer)

    def counts():
        out = []
        for name in ("detail", "checkin", "teams"):
            with CaptureQueriesContext(connection) as q:
                assert client.get(reverse(f"activities:{name}", args=[event.pk])).status_code == 200
            out.append(len(q.captured_queries))
        return out

    for m in many_members(tree.school, tree.b1, 3, start=500):
        actions.sign_up(users.officer, event, m)
    few = counts()
    for m in many_members(tree.school, tree.b2, 30, start=600):
        actions.sign_up(users.officer, event, m)
    assert counts() == few
