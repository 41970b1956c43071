"""Audit labels of competitions (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RUN_EVENTS

ACTIONS = {
    "score": pgettext_lazy("审计动作", "录入成绩"),
    "correct_score": pgettext_lazy("审计动作", "更正成绩"),
    "delete_score": pgettext_lazy("审计动作", "删除成绩"),
    "set_prizes": pgettext_lazy("审计动作", "设置奖项"),
    "confirm_awards": pgettext_lazy("审计动作", "确认获奖名单"),
    "publish": pgettext_lazy("审计动作", "公布比赛成绩"),
    "withdraw": pgettext_lazy("审计动作", "撤回成绩公告"),
}
MODEL_ACTIONS = {
    "contests.contestitem": {
        "create": pgettext_lazy("审计动作", "新建比赛项目"),
        "update": pgettext_lazy("审计动作", "修改比赛项目"),
        "delete": pgettext_lazy("审计动作", "删除比赛项目"),
        "restore": pgettext_lazy("审计动作", "恢复比赛项目"),
    },
}
FIELDS = {"contests.contestitem": {"prizes": _("奖项"), "prize_total": _("奖金合计"), "awards": _("获奖人数")},
          "contests.resultnotice": {"rows": _("公告行数")}}
HISTORY = {model: (RUN_EVENTS,) for model in ("contests.contestitem", "contests.score", "contests.resultnotice")}
DETAIL = {"contests.contestitem": "contests:item"}
