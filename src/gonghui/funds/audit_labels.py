"""Audit labels of union funds: allocations, splits, reserves and budgets (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import VIEW_FINANCE

ACTIONS = {
    "funds_rate": pgettext_lazy("审计动作", "设置拨缴比例"),
    "funds_split_create": pgettext_lazy("审计动作", "制定分成表"),
    "funds_split_delete": pgettext_lazy("审计动作", "删除分成表"),
    "funds_allocation": pgettext_lazy("审计动作", "登记经费拨缴"),
    "funds_receipt": pgettext_lazy("审计动作", "登记经费到账"),
    "funds_remittance": pgettext_lazy("审计动作", "登记经费上解"),
    "funds_refund": pgettext_lazy("审计动作", "登记经费返还"),
    "funds_void": pgettext_lazy("审计动作", "作废经费拨缴"),
    "funds_reserve": pgettext_lazy("审计动作", "登记建会筹备金"),
    "funds_reserve_return": pgettext_lazy("审计动作", "返还建会筹备金"),
    "budget_create": pgettext_lazy("审计动作", "编制预算"),
    "budget_update": pgettext_lazy("审计动作", "修改预算"),
    "budget_submit": pgettext_lazy("审计动作", "提交预算"),
    "budget_approve": pgettext_lazy("审计动作", "批准预算"),
    "budget_return": pgettext_lazy("审计动作", "退回预算"),
    "budget_adjust": pgettext_lazy("审计动作", "调整预算"),
}
FIELDS = {"funds.budget": {"lines": _("预算项目"), "year": _("年度")}}
HISTORY = {model: (VIEW_FINANCE,) for model in (
    "funds.allocationrate", "funds.splitrule", "funds.allocation", "funds.setupreserve", "funds.budget")}
DETAIL = {"funds.allocation": "funds:allocation", "funds.splitrule": "funds:split", "funds.budget": "funds:budget"}
