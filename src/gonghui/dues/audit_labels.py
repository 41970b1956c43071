"""Audit labels of membership dues (see ``core.audit_labels``)."""
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import VIEW_FINANCE

ACTIONS = {
    "dues_policy": pgettext_lazy("审计动作", "会费设置"),
    "wage_base": pgettext_lazy("审计动作", "缴费基数变动"),
    "dues_exempt": pgettext_lazy("审计动作", "会费减免"),
    "dues_exempt_revoke": pgettext_lazy("审计动作", "撤销会费减免"),
    "dues_roll_run": pgettext_lazy("审计动作", "生成会费表"),
    "dues_roll_final": pgettext_lazy("审计动作", "会费表定稿"),
    "dues_batch": pgettext_lazy("审计动作", "导入代扣批次"),
    "dues_remind": pgettext_lazy("审计动作", "欠缴提醒"),
    "dues_remit": pgettext_lazy("审计动作", "会费拨付"),
}
HISTORY = {model: (VIEW_FINANCE,) for model in (
    "dues.duespolicy", "dues.wagebasechange", "dues.duesexemption", "dues.duesroll", "dues.duesbatch",
    "dues.duesreminder", "dues.duesremittance")}
DETAIL = {"dues.duesroll": "dues:roll", "dues.duesbatch": "dues:batch"}
