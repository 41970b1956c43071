"""Audit labels of 厂务/校务公开 (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import PUBLISH_NOTICES

ACTIONS = {
    "publish": pgettext_lazy("审计动作", "公开"),
    "withdraw": pgettext_lazy("审计动作", "撤回公开"),
    "expire": pgettext_lazy("审计动作", "公开期满"),
    "read": pgettext_lazy("审计动作", "阅读"),
    "object": pgettext_lazy("审计动作", "提出异议"),
    "answer": pgettext_lazy("审计动作", "答复异议"),
    "record_reads": pgettext_lazy("审计动作", "登记阅读"),
}
MODEL_ACTIONS = {
    "notices.notice": {
        "create": pgettext_lazy("审计动作", "新建公开事项"),
        "update": pgettext_lazy("审计动作", "修改公开事项"),
        "delete": pgettext_lazy("审计动作", "删除公开事项"),
        "restore": pgettext_lazy("审计动作", "恢复公开事项"),
    },
    "notices.disclosurerequirement": {
        "create": pgettext_lazy("审计动作", "新建公开要求"),
        "delete": pgettext_lazy("审计动作", "删除公开要求"),
    },
    "notices.disclosureevent": {
        "create": pgettext_lazy("审计动作", "登记需公开的事项"),
        "delete": pgettext_lazy("审计动作", "删除需公开的事项"),
    },
    "notices.category": {
        "create": pgettext_lazy("审计动作", "新建公开类别"),
    },
}
FIELDS = {"notices.notice": {"deleted": _("已删除"), "reader": _("阅读人"), "reads": _("阅读人数")},
          "notices.objection": {"overdue": _("已超期")},
          "notices.disclosurerequirement": {"deleted": _("已删除")},
          "notices.disclosureevent": {"deleted": _("已删除")},
          "notices.category": {"union_types": _("适用单位类型")}}
HISTORY = {model: (PUBLISH_NOTICES,) for model in (
    "notices.notice", "notices.objection", "notices.disclosurerequirement", "notices.disclosureevent",
    "notices.category")}
DETAIL = {"notices.notice": "notices:notice", "notices.objection": "notices:objection"}
