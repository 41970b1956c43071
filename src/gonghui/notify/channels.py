"""The transports: e-mail through Django's mail framework (SMTP in production), and the group robots of
WeCom (企业微信) and DingTalk (钉钉) through their webhook protocols.

Each ``send_*`` returns normally when the channel accepted the message and raises ``ChannelError`` (a short
Chinese reason, never the message body) when it did not: connection refused, HTTP status ≠ 200, or a robot
answering ``errcode`` ≠ 0. The outbox (``notify.outbox``) turns that into a retry.

WeCom: ``POST <webhook>`` with ``{"msgtype": "markdown", "markdown": {"content": text}}``.
DingTalk: ``POST <webhook>`` with ``{"msgtype": "markdown", "markdown": {"title": title, "text": text}}``; a
robot with 加签 gets ``&timestamp=<ms>&sign=<urlencoded base64(HMAC-SHA256(secret, "<ms>\\n<secret>"))>``.
"""
import base64
import hashlib
import hmac
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError

TIMEOUT = 10  # seconds, for SMTP and webhooks alike
# Robots live at these hosts; a webhook anywhere else is refused (the server must not be made to post to any
# address a form names). settings.GONGHUI_NOTIFY_WEBHOOK_HOSTS replaces the list (a proxy, a test server).
WEBHOOK_HOSTS = {"wecom": ("qyapi.weixin.qq.com",), "dingtalk": ("oapi.dingtalk.com",)}


class ChannelError(Exception):
    """The channel did not take the message; ``str()`` is a short Chinese reason without personal data."""


def allowed_hosts(channel):
    custom = getattr(settings, "GONGHUI_NOTIFY_WEBHOOK_HOSTS", None)
    return tuple(custom) if custom else WEBHOOK_HOSTS[channel]


def check_webhook(channel, url, field):
    """The webhook URL as given, or an ``ActionError`` on ``field`` (https, at the robot's host)."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    local = host in ("127.0.0.1", "localhost", "::1")
    if parts.scheme not in ("https", "http") or (parts.scheme == "http" and not local) or not host:
        raise ActionError(_("Webhook 地址应以 https:// 开头"), field=field)
    if host not in allowed_hosts(channel):
        raise ActionError(_("Webhook 地址应为%(hosts)s上的机器人地址") % {"hosts": "、".join(allowed_hosts(channel))},
                          field=field)
    if len(url) > 500:
        raise ActionError(_("Webhook 地址太长"), field=field)
    return url


# ---- e-mail ----

def send_email(address, subject, body):
    try:
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or TIMEOUT)
        sent = EmailMessage(subject=subject, body=body, to=[address],
                            from_email=settings.DEFAULT_FROM_EMAIL, connection=connection).send()
    except (OSError, socket.timeout) as exc:  # smtplib's errors are OSErrors
        raise ChannelError(_("邮件服务器不可用（%(error)s）") % {"error": type(exc).__name__}) from None
    if not sent:
        raise ChannelError(_("邮件服务器未接收该邮件"))


# ---- group robots ----

def dingtalk_signed(url, secret, now_ms=None):
    """The DingTalk webhook with ``timestamp`` and ``sign`` appended (加签)."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


def wecom_body(text):
    return {"msgtype": "markdown", "markdown": {"content": text}}


def dingtalk_body(title, text):
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _post(url, payload):
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 — host checked on entry
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise ChannelError(_("机器人接口返回 HTTP %(status)s") % {"status": exc.code}) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ChannelError(_("无法连接机器人接口（%(error)s）") % {"error": type(exc).__name__}) from None
    try:
        answer = json.loads(raw.decode() or "{}")
    except ValueError:
        raise ChannelError(_("机器人接口的应答不是 JSON")) from None
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code not in (0, "0"):
        message = str(answer.get("errmsg", ""))[:100]
        raise ChannelError(_("机器人拒收：errcode %(code)s %(message)s") % {"code": code, "message": message})


def send_wecom(webhook, text):
    if not webhook:
        raise ChannelError(_("本工会没有设置企业微信群机器人"))
    _post(webhook, wecom_body(text))


def send_dingtalk(webhook, secret, title, text):
    if not webhook:
        raise ChannelError(_("本工会没有设置钉钉群机器人"))
    url = dingtalk_signed(webhook, secret) if secret else webhook
    _post(url, dingtalk_body(title, text))
