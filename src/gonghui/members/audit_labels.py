"""Audit labels of the roster (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .validation import LABELS

ACTIONS = {
    "create": pgettext_lazy("审计动作", "登记入会"),
    "update": pgettext_lazy("审计动作", "修改资料"),
    "move": pgettext_lazy("审计动作", "调整所在组织"),
    "retain": pgettext_lazy("审计动作", "保留会籍"),
    "terminate": pgettext_lazy("审计动作", "终止会籍"),
    "reinstate": pgettext_lazy("审计动作", "恢复在籍"),
    "transfer_out": pgettext_lazy("审计动作", "转出"),
    "transfer_in": pgettext_lazy("审计动作", "转入"),
    "transfer_declined": pgettext_lazy("审计动作", "转出被退回"),
    "transfer_cancelled": pgettext_lazy("审计动作", "撤销转出"),
    "delete": pgettext_lazy("审计动作", "删除会员"),
    "restore": pgettext_lazy("审计动作", "恢复会员"),
    "import": pgettext_lazy("审计动作", "导入会员"),
    "id_elsewhere": pgettext_lazy("审计动作", "登记已在他处入会的身份证号"),
    "reveal_pii": pgettext_lazy("审计动作", "查看身份证号和手机号"),
}
# The roster's own field names (those of its forms and error messages), already in the catalogue.
FIELDS = {"members.member": {name: _(label) for name, label in LABELS.items()}}
# A member's full history (personal data changes included) is for the audit readers only; the member
# page keeps its short status history for everyone who sees the member.
HISTORY = {"members.member": ()}
DETAIL = {"members.member": "members:detail"}
