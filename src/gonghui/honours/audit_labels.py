"""Audit labels of honours: kinds, sanctions, rounds from nomination to the final list (see ``core.audit_labels``).
Secret ballots write no audit row; only issuing paper ballots and the count (the sealed chain's head) do."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RUN_EVENTS, VIEW

ACTIONS = {
    "honours_kind": pgettext_lazy("审计动作", "保存荣誉类别"),
    "honours_sanction": pgettext_lazy("审计动作", "登记处分"),
    "honours_open": pgettext_lazy("审计动作", "开展评选"),
    "honours_nominate": pgettext_lazy("审计动作", "推荐或自荐"),
    "honours_endorse": pgettext_lazy("审计动作", "附议自荐"),
    "honours_withdraw": pgettext_lazy("审计动作", "撤回推荐"),
    "honours_evaluators": pgettext_lazy("审计动作", "确定评审委员"),
    "honours_select": pgettext_lazy("审计动作", "截止推荐，开始评审"),
    "honours_scores": pgettext_lazy("审计动作", "录入评分表"),
    "honours_paper_ballots": pgettext_lazy("审计动作", "录入纸质选票"),
    "honours_notice": pgettext_lazy("审计动作", "公示拟表彰名单"),
    "honours_objection": pgettext_lazy("审计动作", "登记公示异议"),
    "honours_answer": pgettext_lazy("审计动作", "答复公示异议"),
    "honours_final": pgettext_lazy("审计动作", "确定表彰名单"),
}
MODEL_ACTIONS = {
    "honours.round": {"delete": pgettext_lazy("审计动作", "删除评选"), "restore": pgettext_lazy("审计动作", "恢复评选")},
    "honours.sanction": {"delete": pgettext_lazy("审计动作", "删除处分记录"),
                         "restore": pgettext_lazy("审计动作", "恢复处分记录")},
    "honours.honourkind": {"delete": pgettext_lazy("审计动作", "删除荣誉类别")},
}
FIELDS = {
    "honours.round": {"nominee": _("被推荐人"), "by": _("推荐方式"), "nominator_org": _("推荐单位"),
                      "endorsements": _("附议人数"), "evaluators": _("评审委员"), "evaluator": _("评审委员"),
                      "points": _("分数"), "shortlist": _("拟表彰名单"), "issued": _("发出选票"),
                      "returned": _("收回选票"), "received_on": _("收到日期"), "text": _("异议内容"),
                      "answer": _("答复"), "awarded": _("表彰名单")},
}
HISTORY = {"honours.round": (RUN_EVENTS,), "honours.sanction": (RUN_EVENTS,), "honours.honourkind": (VIEW,)}
DETAIL = {"honours.round": "honours:round"}
