"""Audit labels of activities (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RUN_EVENTS

ACTIONS = {
    "publish": pgettext_lazy("审计动作", "发布活动"),
    "close_signup": pgettext_lazy("审计动作", "截止报名"),
    "cancel": pgettext_lazy("审计动作", "取消活动"),
    "finish": pgettext_lazy("审计动作", "活动结束"),
    "set_rules": pgettext_lazy("审计动作", "设置参加条件"),
    "sign_up": pgettext_lazy("审计动作", "报名"),
    "cancel_registration": pgettext_lazy("审计动作", "取消报名"),
    "promote": pgettext_lazy("审计动作", "候补转正"),
    "notify": pgettext_lazy("审计动作", "发送活动通知"),
    "create_team": pgettext_lazy("审计动作", "组建参赛队"),
    "delete_team": pgettext_lazy("审计动作", "解散参赛队"),
    "teams_by_department": pgettext_lazy("审计动作", "按部门组队"),
    "assign_team": pgettext_lazy("审计动作", "分配参赛队"),
    "confirm_teams": pgettext_lazy("审计动作", "确认组队"),
    "check_in": pgettext_lazy("审计动作", "签到"),
    "undo_check_in": pgettext_lazy("审计动作", "撤销签到"),
    "record_late_attendance": pgettext_lazy("审计动作", "补录迟到签到"),
    "save_summary": pgettext_lazy("审计动作", "填写活动总结"),
    "add_photo": pgettext_lazy("审计动作", "上传活动照片"),
    "delete_photo": pgettext_lazy("审计动作", "删除活动照片"),
    "record_cost": pgettext_lazy("审计动作", "登记活动开支"),
    "cancel_cost": pgettext_lazy("审计动作", "撤销活动开支"),
}
MODEL_ACTIONS = {
    "activities.event": {
        "create": pgettext_lazy("审计动作", "新建活动"),
        "update": pgettext_lazy("审计动作", "修改活动"),
        "delete": pgettext_lazy("审计动作", "删除活动"),
        "restore": pgettext_lazy("审计动作", "恢复活动"),
    },
}
FIELDS = {"activities.event": {"assigned": _("已分队人数"), "teams": _("参赛队"), "rules": _("参加条件")},
          "activities.eventcost": {"date": _("日期"), "status": _("状态")}}
HISTORY = {model: (RUN_EVENTS,) for model in (
    "activities.event", "activities.registration", "activities.team", "activities.attendance",
    "activities.notice", "activities.photo", "activities.eventcost")}
DETAIL = {"activities.event": "activities:detail"}
