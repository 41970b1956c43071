"""Delivery: take the due messages in batches, hand each to its channel, record what happened.

A batch is claimed with one ``UPDATE … SET claim = <token>, next_attempt_at = now + LEASE`` over due rows, so
two runners (the worker and a cron line) never send the same message twice: the loser's UPDATE finds the rows
no longer due. Network calls happen outside any transaction; the results are written per batch
(``actions.record_attempts``). A message that fails waits ``actions.backoff`` and is tried again until
``MAX_ATTEMPTS``; its error stays on the row (outbox page, job result). Message bodies are never logged.
"""
import datetime
import logging
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from . import actions, channels
from .models import Channel, Message, Preference, UnionChannel

log = logging.getLogger("gonghui.notify")
BATCH = 50
LEASE = datetime.timedelta(minutes=10)


def _claim(ids, now):
    token = uuid.uuid4().hex
    Message.objects.filter(pk__in=ids, state=Message.State.QUEUED, next_attempt_at__lte=now) \
        .update(claim=token, next_attempt_at=now + LEASE)
    return list(Message.objects.filter(claim=token).select_related("union", "user").order_by("id"))


def _transport(message, emails, robots):
    if message.channel == Channel.EMAIL:
        address = emails.get(message.user_id)
        if not address:
            raise channels.ChannelError(_("接收人没有填写电子邮箱"))
        channels.send_email(address, message.subject, message.body)
        return
    robot = robots.get(message.union_id)
    if message.channel == Channel.WECOM:
        channels.send_wecom(robot.wecom_webhook if robot else "", message.body)
    else:
        channels.send_dingtalk(robot.dingtalk_webhook if robot else "", robot.dingtalk_secret if robot else "",
                               message.subject, message.body)


def deliver_batch(batch, now):
    """Send claimed messages; returns [(message, error or None)] after recording them."""
    emails = dict(Preference.objects.filter(user_id__in={m.user_id for m in batch if m.channel == Channel.EMAIL})
                  .values_list("user_id", "email"))
    robots = {r.union_id: r for r in UnionChannel.objects.filter(
        union_id__in={m.union_id for m in batch if m.channel != Channel.EMAIL})}
    results = []
    for message in batch:
        try:
            _transport(message, emails, robots)
        except channels.ChannelError as exc:
            log.warning("通知消息 %s（%s）发送失败：%s", message.pk, message.channel, exc)
            results.append((message, str(exc)))
        else:
            results.append((message, None))
    actions.record_attempts(results, now=timezone.now())
    return results


def deliver(ids=None, now=None, progress=None, union=None):
    """Send every due message (or the due ones among ``ids``, or of ``union``); returns a summary dict."""
    now = now or timezone.now()
    due = Message.objects.due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    if union is not None:
        due = due.filter(union=union)
    total = due.count()
    summary = {"sent": 0, "retrying": 0, "failed": 0, "errors": []}
    done = 0
    if progress:
        progress(0, total=total, phase="发送通知")
    while True:
        batch_ids = list(due.order_by("id").values_list("pk", flat=True)[:BATCH])
        if not batch_ids:
            break
        batch = _claim(batch_ids, now)
        if not batch:
            continue  # another runner took them
        for message, error in deliver_batch(batch, now):
            if error is None:
                summary["sent"] += 1
                continue
            summary["failed" if message.state == Message.State.FAILED else "retrying"] += 1
            if len(summary["errors"]) < 20:
                summary["errors"].append({"id": message.pk, "channel": str(message.get_channel_display()),
                                          "union": message.union.name if message.union else "",
                                          "error": error})
        done += len(batch)
        if progress:
            progress(min(done, max(total, done)), total=max(total, done), phase="发送通知")
    return summary


def run(progress=None, now=None, union=None):
    """One periodic run: queue the digests, then send everything due (the job handler and the CLI). With
    ``union`` (an officer's 立即发送) only that union's due messages are sent and no digests are made."""
    now = now or timezone.now()
    queued = 0 if union is not None else actions.queue_digests(now=now, progress=progress)
    summary = deliver(now=now, progress=progress, union=union)
    return {"queued": queued, **summary}
