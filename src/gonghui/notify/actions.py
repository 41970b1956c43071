"""Every change of notification state: preferences, union channels, test messages, retries, and the system's
own queueing and delivery bookkeeping. Each action validates, locks what its rule depends on and writes its
audit record in the same transaction (preferences and channels never put an address, URL or secret in the
audit trail: only whether one is set)."""
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, inbox, scope
from gonghui.core.errors import ActionError, unique_or

from . import channels, digest, privacy
from .models import Channel, Frequency, Message, Preference, UnionChannel
from .queries import CHANNEL_CAP, home_union

MAX_ATTEMPTS = 6
BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_CAP = datetime.timedelta(hours=6)
SET, UNSET = "set", "unset"  # what the trail keeps instead of an address, URL or secret


def backoff(attempts):
    """The wait after the ``attempts``-th failed try: 1, 2, 4, 8, 16 minutes … at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


# ---- a user's own preferences ----

def _pref_snapshot(pref):
    return {"email": SET if pref.email else UNSET, "email_on": pref.email_on, "wecom_on": pref.wecom_on,
            "dingtalk_on": pref.dingtalk_on, "frequency": pref.frequency,
            "muted_sources": sorted(pref.muted_sources or [])}


@transaction.atomic
def set_preferences(user, *, email="", email_on=False, wecom_on=False, dingtalk_on=False,
                    frequency=Frequency.DAILY, muted_sources=()):
    """Save the signed-in user's own notification settings (only ever their own row)."""
    if not (user and user.is_authenticated):
        raise ActionError(_("请先登录"))
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(_("电子邮箱格式不正确"), field="email") from None
        if len(email) > 254:
            raise ActionError(_("电子邮箱太长"), field="email")
    if email_on and not email:
        raise ActionError(_("要接收邮件，请填写电子邮箱"), field="email")
    if frequency not in Frequency.values:
        raise ActionError(_("发送频率只能是“每天汇总一次”或“有新待办即发送”"), field="frequency")
    pref = Preference.objects.select_for_update().filter(user=user).first()
    known = {s.key for s in inbox.all_sources()}
    stored = set(pref.muted_sources or ()) if pref else set()
    muted = sorted({str(k) for k in (muted_sources or ())})
    unknown = [k for k in muted if k not in known and k not in stored]
    if unknown:
        raise ActionError(_("没有这类待办：%(keys)s") % {"keys": "、".join(unknown)}, field="muted_sources")
    muted = [k for k in muted if k in known]  # a source no longer registered drops out of the list
    created = pref is None
    if created:
        pref = Preference(user=user)
    before, old_email = _pref_snapshot(pref), pref.email
    pref.email, pref.email_on, pref.wecom_on, pref.dingtalk_on = email, bool(email_on), bool(wecom_on), bool(dingtalk_on)
    pref.frequency, pref.muted_sources = frequency, muted
    if _pref_snapshot(pref) == before and pref.email == old_email:
        return pref  # nothing changed (a new row equal to the defaults is no row): no write, no audit entry
    if created:
        before = {}
    with unique_or(_("通知设置已被同时修改，请刷新后重试")):
        pref.save()
    audit.record(user, "notify_preferences", pref, before=before, after=_pref_snapshot(pref))
    return pref


# ---- a union's group robots ----

def _channel_snapshot(row):
    return {"wecom_webhook": SET if row.wecom_webhook else UNSET,
            "dingtalk_webhook": SET if row.dingtalk_webhook else UNSET,
            "dingtalk_secret": SET if row.dingtalk_secret else UNSET}


@transaction.atomic
def set_channel(actor, union, *, wecom_webhook=None, dingtalk_webhook=None, dingtalk_secret=None, clear=()):
    """Set a union's robots. ``None`` keeps a value as it is (forms never show the stored one); names in
    ``clear`` ("wecom", "dingtalk") remove that robot."""
    scope.require(actor, CHANNEL_CAP, union)
    if union.union_id != union.pk:
        raise ActionError(_("群机器人按基层工会设置"), field="org")
    wecom = channels.check_webhook("wecom", wecom_webhook, "wecom_webhook") if wecom_webhook else None
    ding = channels.check_webhook("dingtalk", dingtalk_webhook, "dingtalk_webhook") if dingtalk_webhook else None
    secret = (dingtalk_secret or "").strip() or None
    if secret is not None and (len(secret) > 200 or not secret.isascii() or " " in secret):
        raise ActionError(_("加签密钥应为钉钉机器人设置页上以 SEC 开头的一串字符"), field="dingtalk_secret")
    if wecom is None and ding is None and secret is None and not clear:
        raise ActionError(_("请填写要设置的 Webhook 地址，或选择停用"), field="wecom_webhook")
    row = UnionChannel.objects.select_for_update().filter(union=union).first()
    before = _channel_snapshot(row) if row else {}
    row = row or UnionChannel(union=union)
    if wecom is not None:
        row.wecom_webhook = wecom
    if ding is not None:
        row.dingtalk_webhook = ding
    if secret is not None:
        row.dingtalk_secret = secret
    if "wecom" in clear:
        row.wecom_webhook = ""
    if "dingtalk" in clear:
        row.dingtalk_webhook = row.dingtalk_secret = ""
    row.updated_by = actor
    with unique_or(_("该工会的群机器人已被同时修改，请刷新后重试")):
        row.save()
    audit.record(actor, "notify_channel", row, org=union, before=before, after=_channel_snapshot(row))
    return row


@transaction.atomic
def send_test(actor, union, channel):
    """Queue a test message to one of the union's robots (the caller delivers it at once: ``outbox.deliver``)."""
    scope.require(actor, CHANNEL_CAP, union)
    if channel not in (Channel.WECOM, Channel.DINGTALK):
        raise ActionError(_("只能测试企业微信或钉钉群机器人"), field="channel")
    row = UnionChannel.objects.select_for_update().filter(union=union).first()
    if row is None or channel not in row.configured():
        raise ActionError(_("请先设置该群机器人的 Webhook 地址"), field="channel")
    now = timezone.now()
    body = _("这是来自“%(union)s”工会系统的测试消息，收到即说明群机器人设置正确。") % {"union": union.name}
    message = Message.objects.create(channel=channel, kind=Message.Kind.TEST, union=union, created_by=actor,
                                     subject=str(_("测试消息")), body=privacy.check(privacy.clean(body)),
                                     next_attempt_at=now)
    audit.record(actor, "notify_test", message, org=union, after={"channel": channel})
    return message


@transaction.atomic
def retry_message(actor, message):
    """Send a queued or failed message again now, with a fresh round of attempts."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.union is None:
        if not getattr(actor, "is_superuser", False):
            raise scope.CapabilityDenied(_("无权在该组织执行此操作"), [CHANNEL_CAP])
    else:
        scope.require(actor, CHANNEL_CAP, message.union)
    if message.state == Message.State.SENT:
        raise ActionError(_("该消息已发送，无需重试"))
    before = {"state": message.state, "attempts": message.attempts}
    message.state, message.attempts, message.next_attempt_at, message.claim = \
        Message.State.QUEUED, 0, timezone.now(), ""
    message.save(update_fields=["state", "attempts", "next_attempt_at", "claim"])
    audit.record(actor, "notify_retry", message, org=message.union, before=before,
                 after={"state": message.state, "attempts": 0})
    return message


# ---- the system: queueing digests and reminders, recording delivery ----

def _last_digests(user_ids):
    """{(user_id, channel): (fingerprint, created_at)} of each user's last digest per channel (two queries)."""
    last = (Message.objects.filter(kind=Message.Kind.DIGEST, user_id__in=user_ids)
            .values("user_id", "channel").annotate(last=Max("id")).values_list("last", flat=True))
    return {(u, c): (f, t) for u, c, f, t in Message.objects.filter(pk__in=list(last))
            .values_list("user_id", "channel", "fingerprint", "created_at")}


def queue_digests(today=None, now=None, progress=None):
    """One digest per user per enabled channel whose inbox holds something: daily users at most one per
    channel per day, immediate users whenever their inbox changed since the last one. Returns how many."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    prefs = list(Preference.objects.filter(Q(email_on=True) | Q(wecom_on=True) | Q(dingtalk_on=True),
                                           user__is_active=True).select_related("user").order_by("user_id"))
    last = _last_digests([p.user_id for p in prefs])
    robots = {}
    rows = []
    for n, pref in enumerate(prefs, 1):
        user = pref.user
        wanted = pref.channels()
        union = home_union(user)
        if union is not None and {Channel.WECOM, Channel.DINGTALK} & set(wanted):
            if union.pk not in robots:
                robots[union.pk] = set((UnionChannel.objects.filter(union=union).first() or UnionChannel()).configured())
            wanted = [c for c in wanted if c == Channel.EMAIL or c in robots[union.pk]]
        elif union is None:
            wanted = [c for c in wanted if c == Channel.EMAIL]
        wanted = [c for c in wanted if not _already(pref, last.get((user.pk, c)), today)]
        if wanted:
            sections = digest.collect(user, today, pref.muted_sources or ())
            if sections:
                mark = digest.fingerprint(sections)
                for channel in wanted:
                    previous = last.get((user.pk, channel))
                    if pref.frequency == Frequency.IMMEDIATE and previous and previous[0] == mark:
                        continue
                    subject, body = digest.render(user, sections, channel)
                    rows.append(Message(channel=channel, kind=Message.Kind.DIGEST, user=user, union=union,
                                        subject=subject[:200], body=body, counts=digest.counts(sections),
                                        fingerprint=mark, next_attempt_at=now))
        if progress:
            progress(n, total=len(prefs), phase="生成待办汇总")
    Message.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _already(pref, previous, today):
    """Daily users had this channel's digest today already."""
    return (pref.frequency == Frequency.DAILY and previous is not None
            and timezone.localdate(previous[1]) >= today)


def queue_reminder(union, *, source, subject, lines, capability=None, now=None):
    """A reminder for ``union``: one message to each of its group robots, and one e-mail to each officer of
    the union holding ``capability`` who turned e-mail on and did not mute ``source``. ``lines`` are
    (text, url) pairs. Returns the messages queued."""
    from gonghui.accounts.models import Role
    from gonghui.core.capabilities import kinds_with

    now = now or timezone.now()
    subject = privacy.clean(subject, source)
    lines = [(privacy.clean(text, source), digest.absolute(url)) for text, url in lines]
    rows = []
    row = UnionChannel.objects.filter(union=union).first()
    for channel in (row.configured() if row else []):
        body = "\n".join([f"### {subject}"] + [f"- [{t}]({u})" if u else f"- {t}" for t, u in lines])
        rows.append(Message(channel=channel, kind=Message.Kind.REMINDER, union=union, subject=subject[:200],
                            body=privacy.check(body), counts={source: len(lines)}, next_attempt_at=now))
    if capability is not None:
        holders = (Preference.objects.filter(email_on=True, user__is_active=True,
                                             user__roles__org=union, user__roles__kind__in=kinds_with(capability))
                   .exclude(email="").select_related("user").distinct())
        for pref in holders:
            if source in (pref.muted_sources or ()):
                continue
            body = "\n".join([subject, ""] + [f"- {t}\n  {u}" if u else f"- {t}" for t, u in lines])
            rows.append(Message(channel=Channel.EMAIL, kind=Message.Kind.REMINDER, user=pref.user, union=union,
                                subject=subject[:200], body=privacy.check(body), counts={source: len(lines)},
                                next_attempt_at=now))
    return Message.objects.bulk_create(rows)


def record_attempts(results, now=None):
    """Write what delivery found: ``results`` is [(message, error or None)]; failures are retried after
    ``backoff`` until ``MAX_ATTEMPTS``, then the message is failed (it stays in the outbox). Set-based."""
    now = now or timezone.now()
    for message, error in results:
        message.attempts += 1
        message.claim = ""
        if error is None:
            message.state, message.sent_at, message.last_error, message.next_attempt_at = \
                Message.State.SENT, now, "", None
        else:
            message.last_error = str(error)[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.state, message.next_attempt_at = Message.State.FAILED, None
            else:
                message.next_attempt_at = now + backoff(message.attempts)
    with transaction.atomic():
        Message.objects.bulk_update([m for m, _e in results],
                                    ["attempts", "claim", "state", "sent_at", "last_error", "next_attempt_at"])
