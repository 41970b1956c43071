"""Audit labels of notifications (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "notify_preferences": pgettext_lazy("审计动作", "修改通知设置"),
    "notify_channel": pgettext_lazy("审计动作", "设置群机器人"),
    "notify_test": pgettext_lazy("审计动作", "发送测试消息"),
    "notify_retry": pgettext_lazy("审计动作", "重新发送通知"),
}
FIELDS = {
    "notify.preference": {"muted_sources": _("不接收的待办类别")},
    "notify.unionchannel": {"wecom_webhook": _("企业微信群机器人"), "dingtalk_webhook": _("钉钉群机器人"),
                            "dingtalk_secret": _("钉钉加签密钥")},
    "notify.message": {"channel": _("渠道"), "state": _("状态"), "attempts": _("尝试次数")},
}
_SET = (("set", _("已设置")), ("unset", _("未设置")))
CHOICES = {
    "notify.preference": {"email": _SET},
    "notify.unionchannel": {"wecom_webhook": _SET, "dingtalk_webhook": _SET, "dingtalk_secret": _SET},
}
