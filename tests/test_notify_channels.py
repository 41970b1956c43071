"""The transports against real local servers: e-mail through Django's SMTP backend to an aiosmtpd server, the
WeCom and DingTalk robots' JSON bodies (and DingTalk's HMAC-SHA256 signature) to a local HTTP server, and a
failing channel retried with exponential backoff until it is marked failed — never lost."""
import base64
import datetime
import email
import email.policy
import hashlib
import hmac
from urllib.parse import unquote_plus

import pytest
from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.notify import actions, channels, outbox
from gonghui.notify.models import Channel, Message, UnionChannel

from .notify_fixtures import robot_server, smtp_down, smtp_server  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def _queued(channel, union=None, user=None, subject="工会待办：共2项", body="- 凭证 王强\n  http://x/"):
    return Message.objects.create(channel=channel, union=union, user=user, subject=subject, body=body,
                                  next_attempt_at=timezone.now())


def test_an_email_arrives_at_the_smtp_server_with_its_subject_body_and_recipient(smtp_server, users):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    message = _queued(Channel.EMAIL, user=users.chair)
    summary = outbox.deliver()
    assert summary["sent"] == 1 and summary["retrying"] == 0
    [received] = smtp_server.messages
    assert received["to"] == ["chair@example.test"] and received["from"] == "gonghui@example.test"
    parsed = email.message_from_bytes(received["data"], policy=email.policy.default)
    assert parsed["Subject"] == "工会待办：共2项" and parsed["To"] == "chair@example.test"
    assert "凭证 王强" in parsed.get_content()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (Message.State.SENT, 1, "")
    assert message.sent_at is not None and message.next_attempt_at is None


def test_smtp_down_is_retried_with_backoff_and_the_message_stays_queued_with_its_error(smtp_down, users):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    message = _queued(Channel.EMAIL, user=users.chair)
    before = timezone.now()
    summary = outbox.deliver()
    assert (summary["sent"], summary["retrying"], summary["failed"]) == (0, 1, 0)
    assert summary["errors"][0]["id"] == message.pk and "邮件服务器不可用" in summary["errors"][0]["error"]
    message.refresh_from_db()
    assert message.state == Message.State.QUEUED and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    # first wait: 1 minute
    assert before + datetime.timedelta(seconds=55) < message.next_attempt_at < before + datetime.timedelta(minutes=2)
    assert outbox.deliver()["sent"] == 0  # not due yet: nothing is tried again before its time
    message.refresh_from_db()
    assert message.attempts == 1


def test_backoff_doubles_from_one_minute_and_stops_at_six_hours():
    assert [actions.backoff(n) for n in (1, 2, 3, 4, 5)] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert actions.backoff(20) == datetime.timedelta(hours=6)


def test_after_the_last_attempt_the_message_is_failed_and_kept_and_a_retry_queues_it_again(smtp_down, users):
    actions.set_preferences(users.chair, email="chair@example.test", email_on=True)
    message = _queued(Channel.EMAIL, user=users.chair, union=users.chair.roles.first().org)
    for attempt in range(1, actions.MAX_ATTEMPTS + 1):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        outbox.deliver()
        message.refresh_from_db()
        assert message.attempts == attempt
    assert message.state == Message.State.FAILED and message.next_attempt_at is None and message.last_error
    assert Message.objects.filter(pk=message.pk).exists()
    actions.retry_message(users.chair, message)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (Message.State.QUEUED, 0)
    assert message.next_attempt_at <= timezone.now()


def test_wecom_gets_the_documented_markdown_body(robot_server, users, tree):
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/cgi-bin/webhook/send?key=K1"))
    message = _queued(Channel.WECOM, union=tree.school, body="### 王强的待办（2项）\n- [凭证](http://x/)")
    assert outbox.deliver()["sent"] == 1
    [request] = robot_server.requests
    assert request["path"] == "/cgi-bin/webhook/send" and request["query"] == {"key": "K1"}
    assert request["body"] == {"msgtype": "markdown", "markdown": {"content": "### 王强的待办（2项）\n- [凭证](http://x/)"}}
    assert request["content_type"].startswith("application/json")
    message.refresh_from_db()
    assert message.state == Message.State.SENT


def test_dingtalk_signed_requests_carry_timestamp_and_hmac_sha256_sign(robot_server, users, tree):
    secret = "SECabc123"
    actions.set_channel(users.chair, tree.school, dingtalk_webhook=robot_server.hook("/robot/send?access_token=T1"),
                        dingtalk_secret=secret)
    _queued(Channel.DINGTALK, union=tree.school, subject="工会待办：共2项", body="### 待办\n- [凭证](http://x/)")
    assert outbox.deliver()["sent"] == 1
    [request] = robot_server.requests
    assert request["body"] == {"msgtype": "markdown",
                               "markdown": {"title": "工会待办：共2项", "text": "### 待办\n- [凭证](http://x/)"}}
    query = request["query"]
    assert query["access_token"] == "T1" and query["timestamp"].isdigit()
    expected = base64.b64encode(hmac.new(secret.encode(), f"{query['timestamp']}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["sign"] == expected


def test_the_dingtalk_signature_matches_the_documented_worked_example():
    url = channels.dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=T", "SEC1", now_ms=1700000000000)
    sign = unquote_plus(url.split("&sign=")[1])
    digest = hmac.new(b"SEC1", b"1700000000000\nSEC1", hashlib.sha256).digest()
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=")
    assert sign == base64.b64encode(digest).decode()


def test_an_unsigned_dingtalk_robot_gets_no_signature(robot_server, users, tree):
    actions.set_channel(users.chair, tree.school, dingtalk_webhook=robot_server.hook("/robot/send?access_token=T2"))
    _queued(Channel.DINGTALK, union=tree.school)
    outbox.deliver()
    assert robot_server.requests[0]["query"] == {"access_token": "T2"}


@pytest.mark.parametrize("status, answer, reason", [
    (500, {"errcode": 0}, "HTTP 500"),
    (200, {"errcode": 93000, "errmsg": "invalid webhook url"}, "errcode 93000"),
])
def test_a_robot_failing_or_answering_an_error_code_is_retried(robot_server, users, tree, status, answer, reason):
    robot_server.status, robot_server.answer = status, answer
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    message = _queued(Channel.WECOM, union=tree.school)
    summary = outbox.deliver()
    assert summary["retrying"] == 1 and reason in summary["errors"][0]["error"]
    assert summary["errors"][0]["union"] == "第一中学工会"
    message.refresh_from_db()
    assert message.state == Message.State.QUEUED and reason in message.last_error and message.attempts == 1
    # the robot recovers: the next due run sends it
    robot_server.status, robot_server.answer = 200, {"errcode": 0}
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver()["sent"] == 1
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 2


def test_two_runners_never_send_the_same_message_twice(robot_server, users, tree):
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    message = _queued(Channel.WECOM, union=tree.school)
    now = timezone.now()
    first = outbox._claim([message.pk], now)
    assert [m.pk for m in first] == [message.pk]
    assert outbox._claim([message.pk], now) == []  # the other runner finds it taken
    assert outbox.deliver()["sent"] == 0


@pytest.mark.parametrize("url", ["http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
                                 "https://evil.example.com/cgi-bin/webhook/send?key=1", "ftp://qyapi.weixin.qq.com/x"])
def test_a_webhook_off_the_robots_host_or_not_https_is_refused(users, tree, url):
    with pytest.raises(ActionError) as error:
        actions.set_channel(users.chair, tree.school, wecom_webhook=url)
    assert "wecom_webhook" in error.value.message_dict
    assert not UnionChannel.objects.filter(union=tree.school).exists()  # nothing half-written


def test_webhooks_and_secrets_are_encrypted_at_rest(users, tree):
    from django.db import connection

    actions.set_channel(users.chair, tree.school, wecom_webhook="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY",
                        dingtalk_webhook="https://oapi.dingtalk.com/robot/send?access_token=TOKEN9",
                        dingtalk_secret="SECsigning")
    with connection.cursor() as cursor:
        cursor.execute("SELECT wecom_webhook, dingtalk_webhook, dingtalk_secret FROM notify_unionchannel")
        raw = " ".join(cursor.fetchone())
    assert "SECRETKEY" not in raw and "TOKEN9" not in raw and "SECsigning" not in raw and raw.startswith("v1:")
