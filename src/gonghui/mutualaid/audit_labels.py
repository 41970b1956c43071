"""Audit labels of mutual aid and health checks (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import CARE

ACTIONS = {
    "enrol": pgettext_lazy("审计动作", "参保登记"),
    "renew": pgettext_lazy("审计动作", "续保登记"),
    "cancel": pgettext_lazy("审计动作", "取消参保"),
    "voucher": pgettext_lazy("审计动作", "生成保费凭证"),
    "claim_submit": pgettext_lazy("审计动作", "提交给付申请"),
    "claim_review": pgettext_lazy("审计动作", "初审给付申请"),
    "claim_approve": pgettext_lazy("审计动作", "批准给付申请"),
    "claim_reject": pgettext_lazy("审计动作", "驳回给付申请"),
    "claim_pay": pgettext_lazy("审计动作", "给付"),
    "slot_add": pgettext_lazy("审计动作", "增加体检时段"),
    "slot_delete": pgettext_lazy("审计动作", "删除体检时段"),
    "attendance": pgettext_lazy("审计动作", "登记到检"),
}
MODEL_ACTIONS = {
    "mutualaid.mutualaidplan": {
        "create": pgettext_lazy("审计动作", "新建互助保障计划"),
        "update": pgettext_lazy("审计动作", "修改互助保障计划"),
        "delete": pgettext_lazy("审计动作", "删除互助保障计划"),
        "restore": pgettext_lazy("审计动作", "恢复互助保障计划"),
    },
    "mutualaid.enrolment": {
        "restore": pgettext_lazy("审计动作", "恢复参保"),
    },
    "mutualaid.healthcheckround": {
        "create": pgettext_lazy("审计动作", "新建体检安排"),
        "update": pgettext_lazy("审计动作", "修改体检安排"),
        "delete": pgettext_lazy("审计动作", "删除体检安排"),
    },
}
FIELDS = {"mutualaid.healthcheckround": {"attended": _("到检人数"), "date": _("日期"), "org": _("组织"),
                                         "start_time": _("开始时间")}}
HISTORY = {model: (CARE,) for model in (
    "mutualaid.mutualaidplan", "mutualaid.enrolmentbatch", "mutualaid.enrolment", "mutualaid.claim",
    "mutualaid.healthcheckround")}
DETAIL = {
    "mutualaid.mutualaidplan": "mutualaid:plan",
    "mutualaid.claim": "mutualaid:claim",
    "mutualaid.healthcheckround": "mutualaid:check",
}
