"""Audit labels of safety supervision: hazards from report to closing, monitors, 安康杯, trainings
(see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import SAFETY

ACTIONS = {
    "safety_report": pgettext_lazy("审计动作", "报告安全隐患"),
    "safety_accept": pgettext_lazy("审计动作", "受理隐患报告"),
    "safety_reject": pgettext_lazy("审计动作", "不予受理隐患报告"),
    "safety_duplicate": pgettext_lazy("审计动作", "标记重复隐患报告"),
    "safety_assign": pgettext_lazy("审计动作", "交办隐患整改"),
    "safety_rectify": pgettext_lazy("审计动作", "登记隐患整改完成"),
    "safety_verify": pgettext_lazy("审计动作", "隐患整改验收合格"),
    "safety_reopen": pgettext_lazy("审计动作", "隐患整改验收不合格，重新整改"),
    "safety_close": pgettext_lazy("审计动作", "隐患销号"),
    "safety_escalate": pgettext_lazy("审计动作", "隐患整改逾期上报"),
    "safety_monitor_appoint": pgettext_lazy("审计动作", "聘任群众安全生产监督员"),
    "safety_monitor_end": pgettext_lazy("审计动作", "解聘群众安全生产监督员"),
    "safety_competition": pgettext_lazy("审计动作", "设立安康杯竞赛"),
    "safety_scores": pgettext_lazy("审计动作", "录入安康杯得分"),
    "safety_publish": pgettext_lazy("审计动作", "公布安康杯竞赛结果"),
    "safety_training": pgettext_lazy("审计动作", "登记安全培训"),
}
MODEL_ACTIONS = {
    "safety.hazard": {
        "delete": pgettext_lazy("审计动作", "删除隐患报告"),
        "restore": pgettext_lazy("审计动作", "恢复隐患报告"),
    },
}
FIELDS = {
    "safety.hazard": {"photos": _("照片张数"), "duplicate_of": _("重复于")},
    "safety.monitor": {"member": _("监督员"), "workshop": _("车间（分会、小组）")},
    "safety.competition": {"indicators": _("考核指标"), "entrants": _("参赛单位"), "ranking": _("名次"),
                           "scores": _("评分")},
    "safety.training": {"event": _("活动")},
}
HISTORY = {model: (SAFETY,) for model in ("safety.hazard", "safety.monitor", "safety.competition", "safety.training")}
DETAIL = {"safety.hazard": "safety:hazard", "safety.competition": "safety:competition"}
