"""The existing reminders go out through the outbox: plan tasks (``plan-reminders --send``), notices about to
end (the nightly ``notices_expire``) and care's counts (``notify reminders``) — to each union's group robots
and its officers' e-mail, never naming who is in hardship."""
import datetime
import io

import pytest
from django.core.management import call_command

from gonghui.notify import actions, outbox, reminders
from gonghui.notify.models import Channel, Message
from gonghui.plans import actions as plan_actions

from .notices_fixtures import TODAY, published
from .notify_fixtures import robot_server  # noqa: F401 — fixture
from .plans_fixtures import school_plan

pytestmark = pytest.mark.django_db


def _robot(users, tree, robot_server):
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))


def test_plan_reminders_send_queues_one_message_per_union_robot_and_officer_email(users, tree, robot_server):
    _robot(users, tree, robot_server)
    actions.set_preferences(users.officer, email="officer@example.test", email_on=True)  # officer: MANAGE_PLANS
    actions.set_preferences(users.finance, email="finance@example.test", email_on=True)  # finance: no plans
    plan = school_plan(users.chair, tree)
    plan_actions.add_task(users.chair, plan, title="三月召开教代会", month=3, owner="主席")
    plan_actions.add_task(users.chair, plan, title="四月趣味运动会", month=4)
    plan_actions.set_plan_status(users.chair, plan, "adopted")
    out = io.StringIO()
    call_command("plan_reminders", "--date", "2026-04-10", "--send", stdout=out)
    assert "已生成通知：2 条" in out.getvalue()
    robot = Message.objects.get(channel=Channel.WECOM)
    assert robot.kind == Message.Kind.REMINDER and robot.union == tree.school and robot.user is None
    assert robot.subject == "第一中学工会工作计划提醒：2项任务"
    assert "本月到期：四月趣味运动会（4月）" in robot.body and "已逾期：三月召开教代会（3月）" in robot.body
    mail = Message.objects.get(channel=Channel.EMAIL)
    assert mail.user == users.officer
    outbox.deliver()
    assert robot_server.requests[0]["body"]["markdown"]["content"].startswith("### 第一中学工会工作计划提醒")


def test_the_nightly_notice_sweep_reminds_of_notices_ending_within_three_days(users, tree, robot_server):
    _robot(users, tree, robot_server)
    published(users.officer, tree.school, title="食堂承包公开", start=TODAY - datetime.timedelta(days=13), days=15)
    published(users.officer, tree.school, title="远期公开", start=TODAY, days=30)
    out = io.StringIO()
    call_command("notices_expire", stdout=out)
    assert "即将到期提醒：1 条" in out.getvalue()
    [message] = Message.objects.filter(kind=Message.Kind.REMINDER)
    assert message.subject == "第一中学工会公开事项即将到期：1条"
    assert "食堂承包公开（2026-12-04公开期满）" in message.body and "远期公开" not in message.body


def test_no_reminder_is_queued_for_a_union_nobody_can_be_told_about(users, tree):
    published(users.officer, tree.school, title="食堂承包公开", start=TODAY - datetime.timedelta(days=13), days=15)
    assert reminders.notices(TODAY) == 0 and not Message.objects.exists()


def test_care_reminders_carry_counts_never_names(users, tree, members, robot_server):
    _robot(users, tree, robot_server)
    from gonghui.members.models import Member

    Member.objects.filter(pk=members.wang.pk).update(birth_date=datetime.date(1980, 12, 20))
    out = io.StringIO()
    call_command("notify", "reminders", "--date", "2026-12-03", stdout=out)
    assert "关怀 1 条" in out.getvalue()
    [message] = Message.objects.filter(kind=Message.Kind.REMINDER)
    # 王强 (moved to 12-20) and 张敏 (born 12-31) have birthdays within 30 days of 12-03
    assert "近30天过生日的会员：2人" in message.body and "困难档案复核：0份" in message.body
    assert "王强" not in message.body and "张敏" not in message.body
