"""Reminders: the command lists adopted plans' open tasks due this month and overdue, per union; and the
summary lists the activities the activities capability reports, with their photos."""
import datetime
import sys
import types

from django.core.management import call_command

from gonghui.plans import actions
from gonghui.plans.summaries import compose

from .plans_fixtures import school_plan


def test_the_reminder_command_lists_this_months_and_overdue_tasks(users, tree, capsys):
    plan = school_plan(users.chair, tree)
    actions.add_task(users.chair, plan, title="三月召开教代会", month=3, owner="主席")
    actions.add_task(users.chair, plan, title="四月趣味运动会", month=4)
    done = actions.add_task(users.chair, plan, title="二月已办", month=2)
    actions.set_task_status(users.chair, done, "done", done_at=datetime.date(2026, 2, 10))
    call_command("plan_reminders", "--date", "2026-04-10")
    assert capsys.readouterr().out == "没有需要提醒的任务\n"     # a draft plan reminds nobody
    actions.set_plan_status(users.chair, plan, "adopted")
    call_command("plan_reminders", "--date", "2026-04-10", "--org", "SCH")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["本月到期\t第一中学工会\t4月\t四月趣味运动会", "已逾期\t第一中学工会\t3月\t三月召开教代会（主席）"]
    call_command("plan_reminders", "--date", "2026-04-10", "--org", "FAC")
    assert capsys.readouterr().out == "没有需要提醒的任务\n"


def test_the_summary_lists_the_events_the_activities_capability_reports(users, tree, monkeypatch):
    calls = []

    def events_in(union, start, end):
        calls.append((union.code, start, end))
        return [{"title": "教职工趣味运动会", "kind": "文体活动", "date": datetime.date(2026, 4, 20),
                 "participants": 86, "url": "/activities/events/1/", "photos": ["/media/a.jpg"]}]

    from django.urls import reverse

    reverse("plans:home")  # the URLconf (which imports the real activities app) is loaded before the fake
    fake = types.ModuleType("gonghui.activities.queries")
    fake.events_in = events_in
    monkeypatch.setitem(sys.modules, "gonghui.activities.queries", fake)
    plan = school_plan(users.chair, tree)
    sections = compose(users.chair, plan, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30),
                       today=datetime.date(2026, 7, 5))
    activities = next(s for s in sections if s["key"] == "activities")
    assert activities["body"] == "04月20日 教职工趣味运动会（文体活动，86人参加）"
    assert activities["figures"][0] == {"text": activities["body"], "url": "/activities/events/1/",
                                        "photos": ["/media/a.jpg"], "date": "2026-04-20", "kind": "event"}
    assert calls == [("SCH", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))]
