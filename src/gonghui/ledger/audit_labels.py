"""Audit labels of the books (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import VIEW_FINANCE

ACTIONS = {
    "voucher_create": pgettext_lazy("审计动作", "制单"),
    "voucher_update": pgettext_lazy("审计动作", "修改凭证"),
    "voucher_delete": pgettext_lazy("审计动作", "删除凭证"),
    "voucher_review": pgettext_lazy("审计动作", "审核凭证"),
    "voucher_approve": pgettext_lazy("审计动作", "批准凭证"),
    "voucher_post": pgettext_lazy("审计动作", "记账"),
    "voucher_return": pgettext_lazy("审计动作", "退回凭证"),
    "voucher_attach": pgettext_lazy("审计动作", "上传附件"),
    "voucher_detach": pgettext_lazy("审计动作", "删除附件"),
    "period_close": pgettext_lazy("审计动作", "结账"),
    "period_reopen": pgettext_lazy("审计动作", "反结账"),
}
FIELDS = {"ledger.voucher": {"lines": _("分录"), "attachment": _("附件"), "union": _("基层工会")}}
# Whoever reads the books reads a voucher's trail (the voucher page always showed it).
HISTORY = {"ledger.voucher": (VIEW_FINANCE,), "ledger.period": (VIEW_FINANCE,)}
DETAIL = {"ledger.voucher": "ledger:voucher"}
