"""Audit labels of the organisation tree (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "create": pgettext_lazy("审计动作", "新建组织"),
    "update": pgettext_lazy("审计动作", "修改组织信息"),
    "move": pgettext_lazy("审计动作", "调整上级组织"),
    "delete": pgettext_lazy("审计动作", "撤销组织"),
    "restore": pgettext_lazy("审计动作", "恢复组织"),
    "import": pgettext_lazy("审计动作", "导入组织"),
}
FIELDS = {"orgs.organisation": {"parent": _("上级组织")}}
# An organisation's history: the audit readers only (VIEW_AUDIT).
HISTORY = {"orgs.organisation": ()}
DETAIL = {"orgs.organisation": "orgs:detail"}
