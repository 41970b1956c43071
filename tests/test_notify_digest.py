"""Digests: one message per user per channel per run, titles and links only, counted per source; daily users
once a day, immediate users when their inbox changed; muted, silent and ballot sources never go out; ID
numbers, mobiles and (on care sources) amounts are stripped from every outgoing text."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.core import jobs
from gonghui.notify import actions, digest, outbox, privacy
from gonghui.notify.jobs import KIND
from gonghui.notify.models import Channel, Frequency, Message

from .conftest import IDS
from .notify_fixtures import robot_server, smtp_server, sources  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def _digests(user=None):
    rows = Message.objects.filter(kind=Message.Kind.DIGEST)
    return list(rows.filter(user=user) if user else rows)


def test_privacy_filter_worked_example():
    text = f"困难帮扶 张三 {IDS['wang']} 13812345678 补助2000.00元"
    assert privacy.clean(text, "care.hardship") == "困难帮扶 张三 [已隐去] [已隐去] 补助[金额已隐去]"
    # off the money sources amounts stay (a voucher number or a count is not aid), personal numbers never do
    assert privacy.clean(text, "test.vouchers") == "困难帮扶 张三 [已隐去] [已隐去] 补助2000.00元"
    assert privacy.clean("慰问金 ¥500、1,200元", "mutualaid.claims") == "慰问金 [金额已隐去]、[金额已隐去]"
    with pytest.raises(ValueError):
        privacy.check("手机 13912345678")


def test_ballot_and_silent_sources_never_notify(sources):
    assert not privacy.may_notify(sources["test.ballot"]) and not privacy.may_notify(sources["test.silent"])
    assert privacy.may_notify(sources["test.vouchers"])
    assert privacy.is_ballot("elections.votes_open") and privacy.is_ballot("congress.vote_open")


def test_a_chairs_email_digest_lists_titles_and_links_counted_per_source(sources, users, members, settings):
    settings.GONGHUI_SITE_URL = "https://gh.example.test"
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    assert actions.queue_digests() == 1
    [message] = _digests(users.chair)
    # the chair approves spending and does care: both sources, 3 school members each; not the silent one
    assert message.channel == Channel.EMAIL and message.counts == {"待审批凭证": 3, "困难帮扶待复核": 3}
    assert message.subject == "工会待办：共6项"
    body = message.body
    assert "【待审批凭证】3项" in body and f"https://gh.example.test/members/{members.wang.pk}/" in body
    assert "凭证 王强" in body and "内部" not in body and "1234.00" not in body  # titles only, never details
    assert "【困难帮扶待复核】3项" in body and "https://gh.example.test/me/notifications/" in body
    assert message.union == users.chair.roles.first().org


def test_personal_numbers_and_aid_amounts_never_reach_the_outbox_or_the_wire(sources, users, members, smtp_server):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    actions.queue_digests()
    [message] = _digests(users.chair)
    for secret in (IDS["zhang"], "13812345678", "2000.00", "2000"):
        assert secret not in message.body and secret not in message.subject
    assert "困难帮扶 王强 [已隐去] [已隐去] 补助[金额已隐去]" in message.body
    outbox.deliver()
    [received] = smtp_server.messages
    assert IDS["zhang"].encode() not in received["data"] and b"13812345678" not in received["data"]


def test_a_member_gets_no_digest_of_a_ballot(sources, member_user):
    actions.set_preferences(member_user, email="wang@example.test", email_on=True)
    assert actions.queue_digests() == 0 and _digests() == []


def test_one_message_per_user_per_channel_and_group_channels_only_where_the_union_has_a_robot(
        sources, users, members, tree, robot_server):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True, wecom_on=True, dingtalk_on=True)
    actions.set_preferences(users.officer, wecom_on=True)
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    assert actions.queue_digests() == 3  # chair: e-mail + WeCom (no DingTalk robot); officer: WeCom
    chair = {m.channel for m in _digests(users.chair)}
    assert chair == {Channel.EMAIL, Channel.WECOM}
    [officer] = _digests(users.officer)
    assert officer.channel == Channel.WECOM and officer.counts == {"困难帮扶待复核": 3}
    assert officer.body.startswith("### officer的待办（3项）") and "- [困难帮扶 王强" in officer.body
    outbox.deliver()
    assert len(robot_server.requests) == 2


def test_daily_users_get_one_digest_a_day(sources, users, members):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True, frequency=Frequency.DAILY)
    now = timezone.now()
    assert actions.queue_digests(now=now) == 1
    assert actions.queue_digests(now=now + datetime.timedelta(hours=1)) == 0
    tomorrow = now + datetime.timedelta(days=1)
    import time_machine

    with time_machine.travel(tomorrow, tick=False):
        assert actions.queue_digests(now=tomorrow) == 1
    assert len(_digests(users.chair)) == 2


def test_immediate_users_get_a_digest_only_when_their_inbox_changed(sources, users, members, tree):
    from gonghui.members import actions as member_actions

    from .conftest import member_data

    actions.set_preferences(users.chair, email="chair@example.test", email_on=True, frequency=Frequency.IMMEDIATE)
    assert actions.queue_digests() == 1
    assert actions.queue_digests() == 0  # nothing new
    member_actions.create_member(users.chair, org=tree.school, data=member_data("li"))
    assert actions.queue_digests() == 1
    assert _digests(users.chair)[0].counts == {"待审批凭证": 4, "困难帮扶待复核": 4}


def test_muted_sources_are_left_out(sources, users, members):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True, muted_sources=["care.test_hardship"])
    actions.queue_digests()
    [message] = _digests(users.chair)
    assert message.counts == {"待审批凭证": 3} and "困难帮扶" not in message.body


def test_an_empty_inbox_sends_nothing(sources, users):
    actions.set_preferences(users.finance, email="finance@example.test", email_on=True)
    assert actions.queue_digests() == 0


def test_the_job_handler_queues_and_sends_and_reports_failures_on_the_job(sources, users, members, tree,
                                                                          robot_server, smtp_server):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True, wecom_on=True)
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    robot_server.status = 500
    job = jobs.enqueue(KIND, user=users.chair, org=None)
    assert job.status == job.Status.DONE
    assert (job.result["queued"], job.result["sent"], job.result["retrying"]) == (2, 1, 1)
    [error] = job.result["errors"]
    assert error["channel"] == "企业微信群机器人" and "HTTP 500" in error["error"]
    assert len(smtp_server.messages) == 1
    assert Message.objects.filter(state=Message.State.QUEUED, channel=Channel.WECOM).count() == 1


def test_the_cli_sends_with_a_progress_bar(sources, users, members, smtp_server):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    out, err = io.StringIO(), io.StringIO()
    call_command("notify", "send", stdout=out, stderr=err)
    assert "新生成 1 条，已发送 1 条，待重试 0 条，失败 0 条" in out.getvalue()
    assert "发送" in err.getvalue() and "1/1" in err.getvalue()
    assert len(smtp_server.messages) == 1


def test_the_cli_can_leave_the_run_to_the_worker(users):
    out = io.StringIO()
    call_command("notify", "send", "--enqueue", stdout=out)
    assert "已提交后台任务" in out.getvalue()
    assert jobs.Job.objects.filter(kind=KIND).count() == 1


def test_render_counts_the_rest_beyond_the_listed_items(users):
    sections = [digest.Section("a.b", "待办", 7, [("一", "http://x/1"), ("二", "http://x/2")])]
    subject, body = digest.render(users.chair, sections, Channel.EMAIL)
    assert subject == "工会待办：共7项" and "……另有5项" in body


def test_a_muted_source_that_is_no_longer_registered_drops_out_instead_of_blocking_the_save(users, sources):
    from gonghui.notify.models import Preference

    pref = actions.set_preferences(users.chair, email="c@example.test", email_on=True, muted_sources=["test.vouchers"])
    Preference.objects.filter(pk=pref.pk).update(muted_sources=["gone.source", "test.vouchers"])
    pref = actions.set_preferences(users.chair, email="c@example.test", email_on=False,
                                   muted_sources=["gone.source", "test.vouchers"])
    assert pref.muted_sources == ["test.vouchers"]
    from gonghui.core.errors import ActionError

    with pytest.raises(ActionError) as error:
        actions.set_preferences(users.chair, muted_sources=["never.was"])
    assert error.value.message_dict == {"muted_sources": ["没有这类待办：never.was"]}
