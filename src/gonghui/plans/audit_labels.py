"""Audit labels of work plans, targets and summaries (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import MANAGE_PLANS

ACTIONS = {
    "adopt": pgettext_lazy("审计动作", "通过计划"),
    "archive": pgettext_lazy("审计动作", "归档计划"),
    "reopen": pgettext_lazy("审计动作", "重新修改计划"),
    "add_section": pgettext_lazy("审计动作", "增加计划条目"),
    "update_section": pgettext_lazy("审计动作", "修改计划条目"),
    "delete_section": pgettext_lazy("审计动作", "删除计划条目"),
    "set_status": pgettext_lazy("审计动作", "更新任务进度"),
    "link": pgettext_lazy("审计动作", "关联记录"),
    "unlink": pgettext_lazy("审计动作", "取消关联记录"),
    "finalize": pgettext_lazy("审计动作", "定稿"),
}
MODEL_ACTIONS = {
    "plans.plan": {
        "create": pgettext_lazy("审计动作", "新建工作计划"),
        "update": pgettext_lazy("审计动作", "修改工作计划"),
        "delete": pgettext_lazy("审计动作", "删除工作计划"),
        "restore": pgettext_lazy("审计动作", "恢复工作计划"),
        "import": pgettext_lazy("审计动作", "导入工作计划"),
    },
    "plans.task": {
        "create": pgettext_lazy("审计动作", "新建任务"),
        "update": pgettext_lazy("审计动作", "修改任务"),
        "delete": pgettext_lazy("审计动作", "删除任务"),
        "restore": pgettext_lazy("审计动作", "恢复任务"),
    },
    "plans.target": {
        "create": pgettext_lazy("审计动作", "新建工作目标"),
        "update": pgettext_lazy("审计动作", "修改工作目标"),
        "delete": pgettext_lazy("审计动作", "删除工作目标"),
    },
    "plans.summary": {
        "create": pgettext_lazy("审计动作", "起草工作总结"),
        "update": pgettext_lazy("审计动作", "修改工作总结"),
        "delete": pgettext_lazy("审计动作", "删除工作总结"),
    },
}
FIELDS = {"plans.plan": {"section": _("计划条目"), "body": _("条目内容"), "level": _("条目层级"),
                         "sections": _("计划条目数"), "tasks": _("任务数"), "targets": _("目标数")},
          "plans.task": {"record": _("关联的记录")}}
HISTORY = {model: (MANAGE_PLANS,) for model in ("plans.plan", "plans.task", "plans.target", "plans.summary")}
DETAIL = {"plans.plan": "plans:plan", "plans.task": "plans:task", "plans.summary": "plans:summary"}
