"""Check-in only while the event runs: the window (two hours before the start to the end by default, set
per event; an event without an end time closes at 24:00 of its day), late attendance recorded by an
officer with a reason, the 6-digit code read out when the QR cannot be scanned and its rate limit, and the
participation metric counting only real check-ins — through the actions, the web pages and the API.

The fun day (教职工健身趣味活动) runs 2027-01-29 09:30—11:40 Beijing time."""
import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.activities import actions, codes
from gonghui.activities.models import Attendance
from gonghui.core import metrics
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .activities_fixtures import at, during, fun_day, open_event  # noqa: F401
from .conftest import login

pytestmark = pytest.mark.django_db
SIGNUP = at(2027, 1, 20)
YEAR = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
EARLY = "签到尚未开始：本活动%s开始签到"
LATE = "签到已结束：本活动签到已于%s截止；确实到场的，请工作人员补录迟到签到并说明原因"


@pytest.fixture(autouse=True)
def _no_tries_left_over():
    cache.clear()  # the wrong-code counter lives in the cache; event ids repeat between tests
    yield
    cache.clear()


def clock(*args):
    return time_machine.travel(at(*args), tick=False)


def refused(fn, **kwargs):
    with pytest.raises(ActionError) as exc:
        fn(**kwargs)
    return exc.value.message_dict


@pytest.fixture
def signed(fun_day, users, members):  # noqa: F811
    for m in (members.wang, members.zhao):
        actions.sign_up(users.officer, fun_day, m, now=SIGNUP)
    return fun_day


# ---- the window, at its edges ----

def test_check_in_opens_two_hours_before_the_start_exactly_and_not_a_minute_earlier(signed, users, members):
    assert (signed.checkin_opens, signed.checkin_closes) == (at(2027, 1, 29, 7, 30), at(2027, 1, 29, 11, 40))
    with clock(2027, 1, 29, 7, 29):
        assert refused(actions.check_in, actor=users.officer, event=signed, member=members.wang) == {
            "member": [EARLY % "2027-01-29 07:30"]}
    assert not Attendance.objects.exists()
    with clock(2027, 1, 29, 7, 30):
        att = actions.check_in(users.officer, signed, member=members.wang)
    assert att.checked_in_at == at(2027, 1, 29, 7, 30) and att.method == "roster"


def test_check_in_closes_at_the_end_and_a_scan_after_it_is_refused_saying_when(signed, users, members):
    reg = signed.registrations.get(member=members.zhao)
    with clock(2027, 1, 29, 11, 40):
        actions.check_in(users.officer, signed, member=members.wang)  # the last minute still counts
    with clock(2027, 1, 29, 11, 41):
        assert refused(actions.check_in, actor=users.officer, event=signed, code=codes.checkin_code(reg)) == {
            "code": [LATE % "2027-01-29 11:40"]}
    # 13 days before the event (what users saw happen): refused, nothing counted.
    with clock(2027, 1, 16, 9, 30):
        assert refused(actions.check_in, actor=users.officer, event=signed, member=members.zhao) == {
            "member": [EARLY % "2027-01-29 07:30"]}
    assert list(Attendance.objects.values_list("member__name", flat=True)) == ["王强"]


def test_the_window_is_set_per_event(users, tree, members):
    event = open_event(users.officer, tree.school, signup_closes="", checkin_opens_before="30",
                       checkin_closes_after="15")
    actions.sign_up(users.officer, event, members.wang)
    actions.sign_up(users.officer, event, members.zhao)
    with clock(2027, 1, 29, 8, 59):
        assert refused(actions.check_in, actor=users.officer, event=event, member=members.wang) == {
            "member": [EARLY % "2027-01-29 09:00"]}
    with clock(2027, 1, 29, 9, 0):
        actions.check_in(users.officer, event, member=members.wang)
    with clock(2027, 1, 29, 11, 56):
        assert refused(actions.check_in, actor=users.officer, event=event, member=members.zhao) == {
            "member": [LATE % "2027-01-29 11:55"]}
    with clock(2027, 1, 29, 11, 55):
        actions.check_in(users.officer, event, member=members.zhao)
    assert Attendance.objects.count() == 2


def test_window_minutes_must_be_whole_and_not_negative(users, tree):
    with pytest.raises(ActionError) as exc:
        open_event(users.officer, tree.school, checkin_opens_before="-5", checkin_closes_after="半小时")
    assert exc.value.message_dict == {"checkin_opens_before": ["应在0至10080之间"],
                                      "checkin_closes_after": ["应为整数"]}


def test_an_event_without_an_end_time_takes_check_ins_until_the_end_of_its_day(users, tree, members):
    event = open_event(users.officer, tree.school, ends_at="", signup_closes="")
    actions.sign_up(users.officer, event, members.wang)
    actions.sign_up(users.officer, event, members.zhao)
    assert event.ends_at is None and event.checkin_closes == at(2027, 1, 30, 0, 0)
    with clock(2027, 1, 29, 23, 59):
        actions.check_in(users.officer, event, member=members.wang)
    with clock(2027, 1, 30, 0, 1):
        assert refused(actions.check_in, actor=users.officer, event=event, member=members.zhao) == {
            "member": [LATE % "2027-01-30 00:00"]}


# ---- late attendance ----

def test_an_officer_records_late_attendance_with_a_reason_counted_and_audited(signed, users, members):
    with clock(2027, 1, 29, 12, 10):
        assert refused(actions.record_late_attendance, actor=users.officer, event=signed, member=members.wang,
                       reason=" ") == {"reason": ["请说明补录原因，如“迟到，18:40到场”"]}
        assert refused(actions.record_late_attendance, actor=users.officer, event=signed, member=members.zhang,
                       reason="迟到") == {"member": ["张敏未报名本活动，不能签到"]}
        att = actions.record_late_attendance(users.officer, signed, member=members.wang,
                                             reason="迟到，11:50到场，参加了颁奖")
    assert (att.method, att.late_reason, att.checked_in_at) == ("late", "迟到，11:50到场，参加了颁奖",
                                                                 at(2027, 1, 29, 12, 10))
    entry = AuditEntry.objects.get(action="record_late_attendance", object_id=att.pk)
    assert (entry.note, entry.actor) == ("迟到，11:50到场，参加了颁奖", users.officer)
    reading = metrics.get("activities.participation_rate").read(signed.union, *YEAR)
    assert (reading.numerator, reading.denominator) == (1, 3)
    with clock(2027, 1, 29, 12, 11):  # once only, like a check-in
        assert refused(actions.record_late_attendance, actor=users.officer, event=signed, member=members.wang,
                       reason="重复")["member"][0].startswith("王强已于01-29 12:10签到")


def test_late_attendance_is_refused_before_check_in_opens(signed, users, members):
    with clock(2027, 1, 20, 9, 0):
        assert refused(actions.record_late_attendance, actor=users.officer, event=signed, member=members.wang,
                       reason="迟到") == {"member": ["活动签到尚未开始（2027-01-29 07:30开始），不能补录"]}
    assert not Attendance.objects.exists()


# ---- the 6-digit code ----

def test_the_six_digit_code_belongs_to_one_member_at_one_event(signed, users, tree, members):
    other = open_event(users.officer, tree.school, title="另一场", signup_closes="")
    wang, zhao = codes.short_code(signed.pk, members.wang.pk), codes.short_code(signed.pk, members.zhao.pk)
    assert len(wang) == 6 and wang.isdigit() and wang != zhao
    assert wang != codes.short_code(other.pk, members.wang.pk)
    with during(signed):
        assert refused(actions.check_in, actor=users.officer, event=signed, code=wang) == {
            "member": ["输入6位数字签到码时，请同时选择会员"]}
        # 赵丽's code typed for 王强 (and 王强's code of another event): refused, tries counted.
        assert refused(actions.check_in, actor=users.officer, event=signed, code=zhao, member=members.wang) == {
            "code": ["签到码不对，不是该会员本活动的签到码（还可再试4次）"]}
        assert refused(actions.check_in, actor=users.officer, event=signed,
                       code=codes.short_code(other.pk, members.wang.pk), member=members.wang) == {
            "code": ["签到码不对，不是该会员本活动的签到码（还可再试3次）"]}
        att = actions.check_in(users.officer, signed, code=wang, member=members.wang.pk)
    assert (att.member, att.method) == (members.wang, "code")
    assert codes.wrong_tries(signed.pk, members.wang.pk) == 0  # the right code clears the count


def test_five_wrong_codes_lock_that_member_out_for_ten_minutes(signed, users, members):
    right = codes.short_code(signed.pk, members.wang.pk)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    with clock(2027, 1, 29, 9, 0):
        messages = [refused(actions.check_in, actor=users.officer, event=signed, code=wrong,
                            member=members.wang)["code"][0] for _ in range(5)]
    assert messages[3] == "签到码不对，不是该会员本活动的签到码（还可再试1次）"
    assert messages[4] == "该会员的签到码已连续输错5次，请10分钟后再试，或在名单中勾选签到"
    with clock(2027, 1, 29, 9, 9):  # even the right code waits
        assert refused(actions.check_in, actor=users.officer, event=signed, code=right, member=members.wang) == {
            "code": ["该会员的签到码已连续输错5次，请10分钟后再试，或在名单中勾选签到"]}
        # another member of the same event is not held up
        actions.check_in(users.officer, signed, code=codes.short_code(signed.pk, members.zhao.pk),
                         member=members.zhao)
    with time_machine.travel(at(2027, 1, 29, 9, 0) + datetime.timedelta(seconds=601), tick=False):
        assert actions.check_in(users.officer, signed, code=right, member=members.wang).method == "code"
    assert AuditEntry.objects.filter(action="check_in").count() == 2  # refusals leave no audit row


# ---- participation counts only real check-ins ----

def test_participation_before_and_after_real_check_ins(signed, users, members):
    rate = metrics.get("activities.participation_rate")
    times = metrics.get("activities.attendances")
    assert rate.read(signed.union, *YEAR).numerator == 0
    with clock(2027, 1, 16, 9, 30):  # 13 days early: refused, so not counted
        with pytest.raises(ActionError):
            actions.check_in(users.officer, signed, member=members.wang)
    assert rate.read(signed.union, *YEAR).numerator == 0 and times.read(signed.union, *YEAR).value == 0
    with clock(2027, 1, 29, 9, 35):
        actions.check_in(users.officer, signed, member=members.wang)
    with clock(2027, 1, 29, 12, 0):
        actions.record_late_attendance(users.officer, signed, member=members.zhao, reason="迟到")
    reading = rate.read(signed.union, *YEAR)
    # 3 active members at the school; 王强 in the window and 赵丽 recorded late: 2 ÷ 3.
    assert (reading.value, reading.numerator, reading.denominator) == (metrics.percent(2, 3), 2, 3)
    assert times.read(signed.union, *YEAR).value == 2


# ---- the pages ----

def test_the_check_in_page_says_when_check_in_opens_and_records_late_attendance(client, signed, users, members):
    url = reverse("activities:checkin", args=[signed.pk])
    with clock(2027, 1, 20, 9, 0):
        login(client, users.officer)
        page = client.get(url).content.decode()
        assert "签到时间：2027-01-29 07:30 至 2027-01-29 11:40" in page
        assert EARLY % "2027-01-29 07:30" in page and 'id="late"' not in page
        response = client.post(url, {"member": members.wang.pk}, follow=True)
        assert EARLY % "2027-01-29 07:30" in response.content.decode()
    with clock(2027, 1, 29, 12, 5):
        login(client, users.officer)
        page = client.get(url).content.decode()
        assert LATE % "2027-01-29 11:40" in page and 'id="late"' in page
        page = client.post(url, {"intent": "late", "member": members.zhao.pk, "reason": "迟到，12:00到场"},
                           follow=True).content.decode()
    assert "已补录赵丽的迟到签到" in page and "补录迟到" in page and "迟到，12:00到场" in page
    assert Attendance.objects.get().method == "late"


def test_a_six_digit_code_typed_on_the_page_with_the_member_picked(client, signed, users, members):
    url = reverse("activities:checkin", args=[signed.pk])
    with during(signed):
        login(client, users.officer)
        page = client.post(url, {"code": "000000" if codes.short_code(signed.pk, members.wang.pk) != "000000"
                                 else "111111", "member": members.wang.pk}, follow=True).content.decode()
        assert "签到码不对" in page
        client.post(url, {"code": codes.short_code(signed.pk, members.wang.pk), "member": members.wang.pk})
    assert Attendance.objects.get().method == "code"


def test_the_members_page_and_the_event_page_show_the_window_and_say_so_without_an_end_time(
        client, users, tree, members, member_user):
    event = open_event(users.officer, tree.school, ends_at="", signup_closes="")
    actions.sign_up(users.officer, event, members.wang)
    login(client, member_user)
    page = client.get(reverse("activities:my_event", args=[event.pk])).content.decode()
    assert "2027-01-29 07:30 至 2027-01-30 00:00" in page and "未填结束时间，签到截至活动当天24:00" in page
    assert codes.short_code(event.pk, members.wang.pk) in page
    login(client, users.officer)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "2027-01-29 07:30 至 2027-01-30 00:00" in page and "未填结束时间，签到截至活动当天24:00" in page


def test_the_event_form_sets_the_window(client, users, tree):
    login(client, users.officer)
    form = client.get(reverse("activities:new")).content.decode()
    assert "提前开始签到（分钟）" in form and 'value="120"' in form


# ---- the API ----

def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_refuses_outside_the_window_takes_a_six_digit_code_and_records_late_attendance(signed, users,
                                                                                              members):
    client = api(users.officer)
    url = f"/api/activities/events/{signed.pk}/checkin/"
    body = client.get(f"/api/activities/events/{signed.pk}/").json()
    assert (body["checkin_opens_before"], body["checkin_closes_after"]) == (120, 0)
    assert body["checkin_opens"].startswith("2027-01-29T07:30:00")
    with clock(2027, 1, 29, 7, 0):
        early = client.post(url, {"member": members.wang.pk}, format="json")
    assert early.status_code == 400 and early.json() == {"member": [EARLY % "2027-01-29 07:30"]}
    with clock(2027, 1, 29, 9, 40):
        ok = client.post(url, {"code": codes.short_code(signed.pk, members.wang.pk), "member": members.wang.pk},
                         format="json")
    assert ok.status_code == 201 and ok.json()["method"] == "code"
    with clock(2027, 1, 29, 13, 0):
        late = client.post(url, {"member": members.zhao.pk}, format="json")
        assert late.status_code == 400 and late.json() == {"member": [LATE % "2027-01-29 11:40"]}
        recorded = client.post(f"/api/activities/events/{signed.pk}/late-attendance/",
                               {"member": members.zhao.pk, "reason": "迟到"}, format="json")
    assert recorded.status_code == 201
    assert (recorded.json()["method"], recorded.json()["late_reason"]) == ("late", "迟到")
    assert api(users.outsider).post(f"/api/activities/events/{signed.pk}/late-attendance/",
                                    {"member": members.zhao.pk, "reason": "迟到"}, format="json").status_code == 404


def test_a_member_gets_the_six_digit_code_through_the_api(signed, users, members, member_user):
    with clock(2027, 1, 21, 9, 0):
        mine = api(member_user).get("/api/activities/me/registrations/").json()
    assert [r["short_code"] for r in mine] == [codes.short_code(signed.pk, members.wang.pk)]


def test_the_check_in_page_after_closing_is_all_english_but_the_names(client, signed, users, members):
    import re

    url = reverse("activities:checkin", args=[signed.pk])
    with clock(2027, 1, 29, 12, 5):
        actions.record_late_attendance(users.officer, signed, member=members.zhao, reason="迟到")
        login(client, users.officer)
        assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
        page = client.get(url).content.decode()
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", page, flags=re.S)
    user_data = {signed.title, "王强", "赵丽", "迟到", members.wang.org.name, members.zhao.org.name,
                 signed.organiser.name, signed.union.name, users.officer.get_full_name()}
    chinese = set(re.findall(r"[\u3400-\u9fff]+", text)) - set().union(*(re.findall(r"[\u3400-\u9fff]+", s)
                                                                          for s in user_data))
    assert chinese <= {"简体中文"}, chinese  # the language picker names Chinese in Chinese
    assert "Check-in has closed: check-in for this event closed at 2027-01-29 11:40" in page
    assert "Record late attendance" in page and "Late (recorded)" in page
