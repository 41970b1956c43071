"""Audit labels of the women workers' work (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import WOMEN

ACTIONS = {
    "women_committee": pgettext_lazy("审计动作", "设立或调整女职工委员会"),
    "women_maternity": pgettext_lazy("审计动作", "登记生育保护记录"),
    "women_provincial_extra": pgettext_lazy("审计动作", "维护地方产假规定"),
    "women_room": pgettext_lazy("审计动作", "登记或修改爱心妈咪小屋"),
    "women_room_use": pgettext_lazy("审计动作", "登记小屋使用人次"),
}
MODEL_ACTIONS = {
    "women.committee": {"delete": pgettext_lazy("审计动作", "撤销女职工委员会"),
                        "restore": pgettext_lazy("审计动作", "恢复女职工委员会")},
    "women.maternity": {"delete": pgettext_lazy("审计动作", "删除生育保护记录"),
                        "restore": pgettext_lazy("审计动作", "恢复生育保护记录")},
    "women.nursingroom": {"delete": pgettext_lazy("审计动作", "删除爱心妈咪小屋"),
                          "restore": pgettext_lazy("审计动作", "恢复爱心妈咪小屋")},
}
FIELDS = {
    "women.committee": {"members": _("委员")},
    "women.maternity": {"record": _("记录内容")},
    "women.nursingroom": {"month": _("月份"), "visits": _("使用人次")},
}
HISTORY = {model: (WOMEN,) for model in ("women.committee", "women.maternity", "women.nursingroom")}
DETAIL = {"women.committee": "women:committee", "women.nursingroom": "women:room"}
