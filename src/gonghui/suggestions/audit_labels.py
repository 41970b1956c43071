"""Audit labels of suggestions: submission to reward, grades and targets (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import SUGGESTIONS

ACTIONS = {
    "suggestions_submit": pgettext_lazy("审计动作", "提出合理化建议"),
    "suggestions_evaluate": pgettext_lazy("审计动作", "评审合理化建议"),
    "suggestions_decide": pgettext_lazy("审计动作", "评定合理化建议"),
    "suggestions_assign": pgettext_lazy("审计动作", "落实建议实施责任人"),
    "suggestions_complete": pgettext_lazy("审计动作", "登记建议实施完成"),
    "suggestions_benefit": pgettext_lazy("审计动作", "登记建议实测效益"),
    "suggestions_reward": pgettext_lazy("审计动作", "发放合理化建议奖励"),
    "suggestions_target": pgettext_lazy("审计动作", "设置合理化建议目标"),
    "suggestions_grades": pgettext_lazy("审计动作", "设置合理化建议评审等级"),
}
MODEL_ACTIONS = {
    "suggestions.suggestion": {
        "delete": pgettext_lazy("审计动作", "删除合理化建议"),
        "restore": pgettext_lazy("审计动作", "恢复合理化建议"),
    },
}
FIELDS = {
    "suggestions.suggestion": {"authors": _("建议人"), "score": _("评分"), "comment": _("评审意见"),
                               "reward_expense_id": _("开支记录")},
    "orgs.organisation": {"grades": _("评审等级")},
}
HISTORY = {model: (SUGGESTIONS,) for model in ("suggestions.suggestion", "suggestions.target")}
DETAIL = {"suggestions.suggestion": "suggestions:detail"}
