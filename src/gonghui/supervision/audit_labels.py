"""Audit labels of labour-law supervision (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import MEDIATE

ACTIONS = {
    "supervision_committee": pgettext_lazy("审计动作", "设立或修改劳动法律监督委员会"),
    "supervision_supervisor": pgettext_lazy("审计动作", "登记劳动法律监督员"),
    "supervision_inspection": pgettext_lazy("审计动作", "登记劳动法律监督检查"),
    "supervision_opinion": pgettext_lazy("审计动作", "发出劳动法律监督意见书"),
    "supervision_answer": pgettext_lazy("审计动作", "登记用人单位书面答复"),
    "supervision_follow_up": pgettext_lazy("审计动作", "跟踪整改情况"),
    "supervision_recommendation": pgettext_lazy("审计动作", "发出劳动法律监督建议书"),
    "supervision_decision": pgettext_lazy("审计动作", "登记劳动保障部门立案决定"),
}
FIELDS = {
    "supervision.committee": {"supervisor": _("监督员"), "certificate_no": _("监督员证号"), "expires_on": _("有效期至")},
    "supervision.inspection": {"supervisors": _("检查的监督员"), "evidence": _("证据材料")},
}
HISTORY = {model: (MEDIATE,) for model in ("supervision.committee", "supervision.inspection", "supervision.opinion",
                                           "supervision.recommendation")}
DETAIL = {"supervision.inspection": "supervision:inspection", "supervision.opinion": "supervision:opinion",
          "supervision.committee": "supervision:committee"}
