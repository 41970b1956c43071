"""The pages and API of notifications: 我的通知设置 (own row only), the union's group robots (chairs and
officers of that union only, with a test button), and the outbox with states and retry; each change audited."""
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry
from gonghui.notify import actions
from gonghui.notify.models import Channel, Message, Preference, UnionChannel

from .conftest import login
from .notify_fixtures import robot_server, sources  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_user_saves_their_own_notification_settings_and_it_is_audited_without_the_address(client, users, sources):
    login(client, users.chair)
    page = client.get("/me/notifications/")
    assert page.status_code == 200 and "我的通知设置" in page.content.decode()
    choices = dict(page.context["form"].fields["sources"].choices)
    assert set(choices) == {"test.vouchers", "care.test_hardship"}  # not the silent one, not ballots
    response = client.post("/me/notifications/", {"email": "chair@example.test", "email_on": "on",
                                                  "frequency": "immediate", "sources": ["test.vouchers"]})
    assert response.status_code == 302
    pref = Preference.objects.get(user=users.chair)
    assert (pref.email, pref.email_on, pref.frequency, pref.muted_sources) == \
        ("chair@example.test", True, "immediate", ["care.test_hardship"])
    entry = AuditEntry.objects.get(action="notify_preferences")
    assert entry.actor == users.chair and entry.changes["email"] == [None, "set"]
    assert "chair@example.test" not in str(entry.changes)


def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(client, users):
    login(client, users.chair)
    response = client.post("/me/notifications/", {"email": "not-an-address", "email_on": "on", "frequency": "daily"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["电子邮箱格式不正确"]
    response = client.post("/me/notifications/", {"email": "", "email_on": "on", "frequency": "daily"})
    assert response.context["form"].errors["email"] == ["要接收邮件，请填写电子邮箱"]
    assert not Preference.objects.exists() and not AuditEntry.objects.filter(action="notify_preferences").exists()


def test_a_chair_sets_the_unions_robots_and_sends_a_test_message(client, users, tree, robot_server):
    login(client, users.chair)
    response = client.post("/notify/channels/?org=SCH", {
        "wecom_webhook": robot_server.hook("/cgi-bin/webhook/send?key=SECRETKEY"),
        "dingtalk_webhook": robot_server.hook("/robot/send?access_token=TOK"), "dingtalk_secret": "SECxyz"})
    assert response.status_code == 302
    row = UnionChannel.objects.get(union=tree.school)
    assert row.configured() == [Channel.WECOM, Channel.DINGTALK] and row.dingtalk_secret == "SECxyz"
    page = client.get("/notify/channels/?org=SCH").content.decode()
    assert "SECRETKEY" not in page and "TOK" not in page and "SECxyz" not in page and "发送测试消息" in page
    entry = AuditEntry.objects.get(action="notify_channel")
    assert entry.changes["wecom_webhook"] == [None, "set"] and "SECRETKEY" not in str(entry.changes)
    response = client.post("/notify/channels/test/", {"org": "SCH", "channel": "dingtalk"}, follow=True)
    assert "测试消息已发送到钉钉群机器人" in response.content.decode()
    [request] = robot_server.requests
    assert request["body"]["msgtype"] == "markdown" and "测试消息" in request["body"]["markdown"]["text"]
    assert "sign" in request["query"]
    assert AuditEntry.objects.filter(action="notify_test", org=tree.school).count() == 1


def test_a_failing_test_message_is_reported_and_kept_for_retry(client, users, tree, robot_server):
    robot_server.status = 500
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    login(client, users.chair)
    response = client.post("/notify/channels/test/", {"org": "SCH", "channel": "wecom"}, follow=True)
    assert "测试消息发送失败：机器人接口返回 HTTP 500" in response.content.decode()
    message = Message.objects.get(kind=Message.Kind.TEST)
    assert message.state == Message.State.QUEUED and message.attempts == 1


def test_an_officer_edits_only_their_own_unions_channels(client, users, tree):
    login(client, users.outsider)  # the factory's chair
    assert client.get("/notify/channels/?org=SCH").status_code == 404
    assert client.post("/notify/channels/?org=SCH", {"wecom_webhook": "https://qyapi.weixin.qq.com/x?key=1"}) \
        .status_code == 404
    assert client.post("/notify/channels/test/", {"org": "SCH", "channel": "wecom"}).status_code == 404
    assert not UnionChannel.objects.filter(union=tree.school).exists()
    login(client, users.finance)  # no MANAGE_ORGS anywhere
    assert client.get("/notify/channels/").status_code == 403


def test_the_outbox_lists_states_and_errors_and_an_officer_retries_a_failed_message(
        client, users, tree, django_assert_num_queries):
    now = timezone.now()
    rows = [Message(channel=Channel.WECOM, union=tree.school, subject=f"提醒{i}", body="x", state=state,
                    last_error="机器人接口返回 HTTP 500" if state == "failed" else "", next_attempt_at=now)
            for i, state in enumerate(["sent", "failed", "queued"] * 10)]
    Message.objects.bulk_create(rows)
    Message.objects.create(channel=Channel.WECOM, union=tree.factory, subject="工厂提醒", body="x", state="failed")
    login(client, users.officer)
    client.get("/notify/outbox/?org=SCH")  # warm the session
    with django_assert_num_queries(6):
        page = client.get("/notify/outbox/?org=SCH")
    html = page.content.decode()
    assert page.status_code == 200 and len(page.context["rows"]) == 30 and "工厂提醒" not in html
    assert "机器人接口返回 HTTP 500" in html and "重新发送" in html
    failed = page.context["rows"][0 if page.context["rows"][0].state == "failed" else 1]
    only_failed = client.get("/notify/outbox/?org=SCH&state=failed")
    assert {m.state for m in only_failed.context["rows"]} == {"failed"} and len(only_failed.context["rows"]) == 10
    failed = only_failed.context["rows"][0]
    assert client.post(f"/notify/outbox/{failed.pk}/retry/").status_code == 302
    failed.refresh_from_db()
    assert failed.state == Message.State.QUEUED and failed.attempts == 0
    entry = AuditEntry.objects.get(action="notify_retry")
    assert entry.changes["state"] == ["failed", "queued"] and entry.org == tree.school
    factory = Message.objects.get(subject="工厂提醒")
    assert client.post(f"/notify/outbox/{factory.pk}/retry/").status_code == 404


def test_run_now_sends_the_unions_due_messages_and_shows_the_result_on_the_job(client, users, tree, robot_server):
    robot_server.status = 500
    actions.set_channel(users.chair, tree.school, wecom_webhook=robot_server.hook("/send?key=K"))
    Message.objects.create(channel=Channel.WECOM, union=tree.school, subject="提醒", body="x",
                           next_attempt_at=timezone.now())
    login(client, users.chair)
    response = client.post("/notify/outbox/run/", {"org": "SCH"})
    assert response.status_code == 302 and "job=" in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.context["job"].result["retrying"] == 1
    assert "待重试 1 条" in html and "机器人接口返回 HTTP 500" in html


def test_the_api_reads_and_changes_preferences_channels_and_the_outbox(users, tree, robot_server, sources):
    api = _api(users.chair)
    response = api.put("/api/notify/preferences/", {"email": "c@example.test", "email_on": True,
                                                    "muted_sources": ["care.test_hardship"]}, format="json")
    assert response.status_code == 200 and response.json()["muted_sources"] == ["care.test_hardship"]
    bad = api.put("/api/notify/preferences/", {"muted_sources": ["no.such"]}, format="json")
    assert bad.status_code == 400 and "没有这类待办" in bad.json()["muted_sources"][0]
    response = api.put("/api/notify/channels/SCH/", {"wecom_webhook": robot_server.hook("/send?key=APIKEY")},
                       format="json")
    assert response.status_code == 200
    assert response.json() == {"org": "SCH", "wecom_set": True, "dingtalk_set": False, "dingtalk_signed": False}
    assert "APIKEY" not in api.get("/api/notify/channels/SCH/").content.decode()
    sent = api.post("/api/notify/channels/SCH/test/", {"channel": "wecom"}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "sent"
    listing = api.get("/api/notify/outbox/?org=SCH").json()
    assert [m["kind"] for m in listing["results"]] == ["test"]
    refused = api.post(f"/api/notify/outbox/{sent.json()['id']}/retry/")
    assert refused.status_code == 400 and "已发送" in str(refused.json())


def test_the_api_keeps_officers_to_their_unions(users, tree):
    api = _api(users.outsider)
    assert api.get("/api/notify/channels/SCH/").status_code == 404
    assert api.put("/api/notify/channels/SCH/", {"clear": ["wecom"]}, format="json").status_code == 404
    message = Message.objects.create(channel=Channel.WECOM, union=tree.school, subject="提醒", body="x", state="failed")
    assert api.post(f"/api/notify/outbox/{message.pk}/retry/").status_code == 404
    assert api.get("/api/notify/outbox/").json()["results"] == []


def test_the_pages_read_in_english(client, users, tree):
    login(client, users.chair)
    client.cookies["django_language"] = "en"
    for url, words in (("/me/notifications/", "My notification settings"), ("/notify/channels/?org=SCH", "Group robots"),
                       ("/notify/outbox/?org=SCH", "Sent messages")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert words in html, url


def test_saving_nothing_new_writes_nothing(client, users, tree):
    api = _api(users.chair)
    assert api.put("/api/notify/preferences/", {}, format="json").status_code == 200  # the defaults: no row
    assert not Preference.objects.exists()
    actions.set_preferences(users.chair, email="a@example.test", email_on=True)
    actions.set_preferences(users.chair, email="a@example.test", email_on=True)
    actions.set_preferences(users.chair, email="b@example.test", email_on=True)  # a new address is a change
    assert AuditEntry.objects.filter(action="notify_preferences").count() == 2
    login(client, users.chair)
    response = client.post("/notify/channels/?org=SCH", {})
    assert response.context["form"].errors["wecom_webhook"] == ["请填写要设置的 Webhook 地址，或选择停用"]
    assert not UnionChannel.objects.exists() and not AuditEntry.objects.filter(action="notify_channel").exists()
