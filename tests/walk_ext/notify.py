"""Scope-walk extension for notifications: group robots of the school and the agency union (marked webhook
keys), outbox messages of each (marked subjects), and the school chair's own preferences (a marked address)."""
from django.db.models import Max
from django.utils import timezone

from gonghui.notify import actions
from gonghui.notify.models import Channel, Message, Preference, UnionChannel
from gonghui.notify.queries import CHANNEL_CAP

SEGMENT_KINDS = {"outbox": "notify_message"}


def populate(world):
    for union, chair in ((world.tree.school, world.users.chair), (world.agency, world.agency_chair)):
        actions.set_channel(chair, union, wecom_webhook=f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={union.code}ROBOTKEY")
        for state in (Message.State.FAILED, Message.State.SENT):
            Message.objects.create(channel=Channel.WECOM, union=union, subject=f"{union.code}通知标题{state}",
                                   body=f"{union.code}通知正文", state=state, next_attempt_at=timezone.now(),
                                   last_error="机器人接口返回 HTTP 500" if state == Message.State.FAILED else "")
    actions.set_preferences(world.users.chair, email="schoolchair-private@example.test", email_on=True)


def extend(user, scope):
    visible = Message.objects.visible_to(user, CHANNEL_CAP)
    hidden = Message.objects.exclude(pk__in=visible.values("pk"))
    guessed = (Message.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict["notify_message"] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax["notify_message"] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    scope.secrets |= set(hidden.values_list("subject", flat=True)) | set(hidden.values_list("body", flat=True))
    for row in UnionChannel.objects.all():
        scope.secrets.add(f"{row.union.code}ROBOTKEY")  # no one reads a webhook key back, not even in scope
    scope.secrets |= {p.email for p in Preference.objects.exclude(user=user) if p.email}


def snapshot():
    """The rows the walkers must not touch: the school's and the agency's, and the school chair's preferences
    (a walker may change its own settings and its own union's robots; that is not a leak)."""
    theirs = {"union__code__in": ["SCH", "AGY"]}
    return {
        "notify_messages": list(Message.objects.filter(**theirs).order_by("pk").values_list("pk", "state", "attempts", "subject")),
        "notify_channels": list(UnionChannel.objects.filter(**theirs).order_by("pk").values_list("pk", "wecom_webhook", "dingtalk_webhook",
                                                                                 "dingtalk_secret")),
        "notify_prefs": list(Preference.objects.filter(user__username="chair").order_by("pk").values_list("pk", "email", "email_on", "frequency")),
    }
