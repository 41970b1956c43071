"""The demo adds the year's activities through the actions: past events with check-ins and a brief,
upcoming ones open, the seed's fun day with teams by department, and the teacher signed up."""
from gonghui.activities.models import Attendance, Event, Registration, Team
from gonghui.core import metrics


def test_the_demo_has_activities_with_sign_ups_check_ins_and_teams(demo):
    fun_day = Event.objects.get(title="教职工健身趣味活动")
    assert fun_day.status == "finished" and fun_day.summary
    assert Attendance.objects.filter(event=fun_day).exists()
    assert Team.objects.filter(event=fun_day).exists()
    assert Event.objects.filter(status="open").exists()
    assert Registration.objects.filter(member__user__username="teacher", status="confirmed").exists()
    gala = Event.objects.get(title="三八节女教职工联谊会")
    assert not Registration.objects.filter(event=gala).exclude(member__sex="F").exists()


def test_the_demo_gives_a_participation_rate_for_the_school(demo):
    school = Event.objects.get(title="教职工健身趣味活动").union
    import datetime

    from django.utils import timezone

    year = timezone.localdate().year
    reading = metrics.get("activities.participation_rate").read(school, datetime.date(year, 1, 1),
                                                                 datetime.date(year, 12, 31))
    assert 0 < reading.numerator <= reading.denominator
    from gonghui.activities import summary

    assert summary.check() == []  # the demo's check-ins went through the action: the summary is exact
