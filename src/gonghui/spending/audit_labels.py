"""Audit labels of spending rules and expenses (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import VIEW_FINANCE

ACTIONS = {
    "clear_rules": pgettext_lazy("审计动作", "取消选用规则集"),
    "choose_rules": pgettext_lazy("审计动作", "选用规则集"),
    "override": pgettext_lazy("审计动作", "批准突破开支规则"),
    "reject": pgettext_lazy("审计动作", "驳回开支"),
}
MODEL_ACTIONS = {
    "spending.ruleset": {
        "create": pgettext_lazy("审计动作", "制定开支规则集"),
        "update": pgettext_lazy("审计动作", "修改开支规则集"),
        "delete": pgettext_lazy("审计动作", "删除开支规则集"),
    },
    "spending.expense": {
        "create": pgettext_lazy("审计动作", "登记开支"),
    },
}
FIELDS = {"spending.expense": {"members": _("受益会员")}}
HISTORY = {"spending.ruleset": (VIEW_FINANCE,), "spending.expense": (VIEW_FINANCE,),
           "spending.federationrulechoice": (VIEW_FINANCE,)}
SCOPE = {"spending.federationrulechoice": "org"}
DETAIL = {"spending.ruleset": "spending:rule_set", "spending.expense": "spending:expense"}
