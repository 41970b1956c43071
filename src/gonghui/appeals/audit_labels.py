"""Audit labels of members' requests and legal aid (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RIGHTS

ACTIONS = {
    "appeal_submit": pgettext_lazy("审计动作", "提交诉求"),
    "appeal_assign": pgettext_lazy("审计动作", "分派诉求"),
    "appeal_answer": pgettext_lazy("审计动作", "答复诉求"),
    "appeal_escalate": pgettext_lazy("审计动作", "诉求转上级工会"),
    "appeal_rate": pgettext_lazy("审计动作", "评价诉求答复"),
    "appeal_legal_aid": pgettext_lazy("审计动作", "登记法律援助"),
    "appeals_routing": pgettext_lazy("审计动作", "设置诉求分派与答复期限"),
}
MODEL_ACTIONS = {
    "appeals.appeal": {
        "delete": pgettext_lazy("审计动作", "删除诉求"),
        "restore": pgettext_lazy("审计动作", "恢复诉求"),
    },
}
FIELDS = {"appeals.appeal": {"attachments": _("附件数")}, "appeals.routing": {"routes": _("分派")}}
HISTORY = {"appeals.appeal": (RIGHTS,), "appeals.legalaid": (RIGHTS,), "appeals.routing": (RIGHTS,)}
DETAIL = {"appeals.appeal": "appeals:appeal"}
