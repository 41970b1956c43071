"""Audit labels of mediation: the committee, cases from application to performance (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import MEDIATE

ACTIONS = {
    "mediation_committee": pgettext_lazy("审计动作", "设立或调整调解委员会"),
    "mediation_apply": pgettext_lazy("审计动作", "登记调解申请"),
    "mediation_accept": pgettext_lazy("审计动作", "受理调解申请"),
    "mediation_refuse": pgettext_lazy("审计动作", "不予受理调解申请"),
    "mediation_session": pgettext_lazy("审计动作", "登记调解记录"),
    "mediation_close": pgettext_lazy("审计动作", "调解结案"),
    "mediation_performance": pgettext_lazy("审计动作", "登记调解协议履行情况"),
}
MODEL_ACTIONS = {
    "mediation.case": {
        "delete": pgettext_lazy("审计动作", "删除调解案件"),
        "restore": pgettext_lazy("审计动作", "恢复调解案件"),
    },
}
FIELDS = {
    "mediation.committee": {"members": _("委员")},
    "mediation.case": {"facts": _("争议事实和请求"), "parties": _("当事人"), "claims": _("请求事项"),
                       "claim_kinds": _("请求类别"), "minutes": _("调解笔录"), "mediators": _("调解员"),
                       "held_on": _("调解日期")},
}
HISTORY = {model: (MEDIATE,) for model in ("mediation.committee", "mediation.case")}
DETAIL = {"mediation.case": "mediation:case", "mediation.committee": "mediation:committee"}
