"""Notifications that leave the app: what each user wants, where each union's group robots are, and the outbox.

* ``Preference``: one row per user — their own e-mail address (encrypted), which channels are on, how often a
  digest goes out (daily / immediate) and which inbox sources they muted.
* ``UnionChannel``: one row per union — its WeCom (企业微信) and DingTalk (钉钉) group robots. Webhook URLs carry
  the robot's key and DingTalk's signing secret is a secret: all three are encrypted at rest (core.crypto).
* ``Message``: the outbox. One message per user per channel per run (a digest), a reminder to a union's group,
  or a test. State queued → sent, or queued again with ``next_attempt_at`` after a failure (exponential
  backoff) until ``MAX_ATTEMPTS``, then failed; ``last_error`` says why. Nothing is lost: a failed message stays
  in the outbox until an officer retries it.

Messages carry titles and links only (``notify.privacy`` filters every text before it is stored).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.scope import ScopedQuerySet


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")


class Frequency(models.TextChoices):
    DAILY = "daily", _("每天汇总一次")
    IMMEDIATE = "immediate", _("有新待办即发送")


class Preference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference")
    email = EncryptedTextField(_("电子邮箱"), blank=True, default="")
    email_on = models.BooleanField(_("发送到电子邮箱"), default=False)
    wecom_on = models.BooleanField(_("发送到工会企业微信群"), default=False)
    dingtalk_on = models.BooleanField(_("发送到工会钉钉群"), default=False)
    frequency = models.CharField(_("发送频率"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    muted_sources = models.JSONField(_("不接收的待办类别"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("通知设置")
        indexes = [
            models.Index(fields=["email_on"], name="notify_pref_email_on"),
        ]

    def __str__(self):
        return str(_("%(user)s的通知设置") % {"user": self.user})

    def channels(self):
        on = {Channel.EMAIL: self.email_on and bool(self.email), Channel.WECOM: self.wecom_on,
              Channel.DINGTALK: self.dingtalk_on}
        return [c for c, enabled in on.items() if enabled]


class ChannelQuerySet(ScopedQuerySet):
    pass


class UnionChannel(models.Model):
    union = models.OneToOneField("orgs.Organisation", verbose_name=_("工会"), on_delete=models.PROTECT,
                                 related_name="notify_channel")
    wecom_webhook = EncryptedTextField(_("企业微信群机器人 Webhook 地址"), blank=True, default="")
    dingtalk_webhook = EncryptedTextField(_("钉钉群机器人 Webhook 地址"), blank=True, default="")
    dingtalk_secret = EncryptedTextField(_("钉钉加签密钥"), blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChannelQuerySet.as_manager()
    scope_org = "union"

    class Meta:
        verbose_name = verbose_name_plural = _("工会群机器人")

    def __str__(self):
        return str(_("%(union)s的群机器人") % {"union": self.union})

    def configured(self):
        return [c for c, url in ((Channel.WECOM, self.wecom_webhook), (Channel.DINGTALK, self.dingtalk_webhook))
                if url]


class MessageQuerySet(ScopedQuerySet):
    def due(self, now):
        return self.filter(state=Message.State.QUEUED, next_attempt_at__lte=now)


class Message(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    class Kind(models.TextChoices):
        DIGEST = "digest", _("待办汇总")
        REMINDER = "reminder", _("提醒")
        TEST = "test", _("测试消息")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.DIGEST)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notify_messages")
    union = models.ForeignKey("orgs.Organisation", verbose_name=_("工会"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    counts = models.JSONField(_("各类待办数"), default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True, default="")
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = MessageQuerySet.as_manager()
    scope_org = "union"
    scope_self = "user"

    class Meta:
        verbose_name = verbose_name_plural = _("通知消息")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notify_msg_due"),
            models.Index(fields=["union", "-id"], name="notify_msg_union"),
            models.Index(fields=["user", "channel", "-id"], name="notify_msg_user"),
            models.Index(fields=["claim"], name="notify_msg_claim"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.subject}"
