"""Audit labels of the federation registry and settings (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import FEDERATION, VIEW

ACTIONS = {
    "federation_employer_create": pgettext_lazy("审计动作", "登记单位名录"),
    "federation_employer_update": pgettext_lazy("审计动作", "修改单位名录"),
    "federation_employer_link": pgettext_lazy("审计动作", "关联单位所在工会"),
    "federation_found_union": pgettext_lazy("审计动作", "单位建会"),
    "federation_setting": pgettext_lazy("审计动作", "设定建会标准"),
    "federation_stats_submit": pgettext_lazy("审计动作", "报送统计年报"),
    "federation_stats_final": pgettext_lazy("审计动作", "统计年报定稿"),
    "federation_push_down": pgettext_lazy("审计动作", "下发通知或计划"),
    "federation_push_response": pgettext_lazy("审计动作", "回复上级下发事项"),
    "federation_push_remind": pgettext_lazy("审计动作", "催办下发事项"),
}
MODEL_ACTIONS = {
    "federation.employer": {
        "delete": pgettext_lazy("审计动作", "删除单位名录"),
        "restore": pgettext_lazy("审计动作", "恢复单位名录"),
    },
    "federation.pushdown": {"delete": pgettext_lazy("审计动作", "撤回下发事项")},
}
FIELDS = {
    "federation.employer": {"area": _("所属总工会"), "union": _("所在工会"), "counted_on": _("人数统计日期")},
    "federation.setting": {"min_employees": _("应建会职工人数下限")},
}
HISTORY = {"federation.employer": (FEDERATION,), "federation.setting": (FEDERATION,),
           "federation.pushdown": (FEDERATION,), "federation.pushtarget": (FEDERATION, VIEW)}
DETAIL = {"federation.employer": "federation:employer", "federation.pushdown": "federation:pushdown",
          "federation.pushtarget": "federation:received_detail"}
