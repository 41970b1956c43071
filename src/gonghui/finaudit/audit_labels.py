"""Audit labels of 经审 and financial disclosure (see ``core.audit_labels``)."""
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import AUDIT_BOOKS, VIEW_FINANCE

ACTIONS = {
    "open_review": pgettext_lazy("审计动作", "发起经费审查"),
    "record_finding": pgettext_lazy("审计动作", "记录审查问题"),
    "rectify_finding": pgettext_lazy("审计动作", "登记整改"),
    "verify_finding": pgettext_lazy("审计动作", "核实整改"),
    "sign_off_review": pgettext_lazy("审计动作", "签署经费审查"),
    "create_disclosure": pgettext_lazy("审计动作", "编制财务公开"),
    "publish_disclosure": pgettext_lazy("审计动作", "公开财务"),
}
MODEL_ACTIONS = {
    "finaudit.disclosure": {
        "update": pgettext_lazy("审计动作", "修改财务公开"),
        "delete": pgettext_lazy("审计动作", "删除财务公开"),
    },
    "finaudit.disclosuresetting": {
        "update": pgettext_lazy("审计动作", "修改财务公开设置"),
    },
}
HISTORY = {
    "finaudit.auditreview": (AUDIT_BOOKS,),
    "finaudit.finding": (AUDIT_BOOKS,),
    "finaudit.disclosure": (VIEW_FINANCE,),
    "finaudit.disclosuresetting": (VIEW_FINANCE,),
}
DETAIL = {"finaudit.auditreview": "finaudit:review", "finaudit.disclosure": "finaudit:disclosure"}
