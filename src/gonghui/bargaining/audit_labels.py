"""Audit labels of collective bargaining (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RIGHTS

ACTIONS = {
    "bargaining_request": pgettext_lazy("审计动作", "登记协商要约"),
    "bargaining_answer": pgettext_lazy("审计动作", "答复协商要约"),
    "bargaining_negotiator": pgettext_lazy("审计动作", "确定协商代表"),
    "bargaining_negotiator_remove": pgettext_lazy("审计动作", "撤换协商代表"),
    "bargaining_round": pgettext_lazy("审计动作", "登记协商会议"),
    "bargaining_draft": pgettext_lazy("审计动作", "提交合同草案"),
    "bargaining_vote": pgettext_lazy("审计动作", "提交职代会审议"),
    "bargaining_sign": pgettext_lazy("审计动作", "签订集体合同"),
    "bargaining_file": pgettext_lazy("审计动作", "报送备案"),
    "bargaining_objection": pgettext_lazy("审计动作", "登记审查意见"),
}
MODEL_ACTIONS = {
    "bargaining.contract": {
        "create": pgettext_lazy("审计动作", "开始集体协商"),
        "delete": pgettext_lazy("审计动作", "删除集体合同"),
        "restore": pgettext_lazy("审计动作", "恢复集体合同"),
    },
}
FIELDS = {
    "bargaining.contract": {"negotiator": _("协商代表"), "round": _("轮次"), "date": _("日期"), "draft": _("稿次"),
                            "clauses": _("条款数")},
}
HISTORY = {"bargaining.contract": (RIGHTS,), "bargaining.bargainingrequest": (RIGHTS,)}
DETAIL = {"bargaining.contract": "bargaining:contract", "bargaining.bargainingrequest": "bargaining:request"}
