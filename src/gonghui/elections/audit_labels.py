"""Audit labels of union elections, terms, offices and removals (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RUN_ELECTIONS

ACTIONS = {
    "nominate": pgettext_lazy("审计动作", "提名候选人"),
    "withdraw": pgettext_lazy("审计动作", "撤回候选人"),
    "set_delegates": pgettext_lazy("审计动作", "确定参加表决的代表"),
    "approve_candidates": pgettext_lazy("审计动作", "批复候选人名单"),
    "open_voting": pgettext_lazy("审计动作", "开始投票"),
    "open_round": pgettext_lazy("审计动作", "开始一轮投票"),
    "ballot": pgettext_lazy("审计动作", "投票"),
    "issue_ballots": pgettext_lazy("审计动作", "发出纸质选票"),
    "void_round": pgettext_lazy("审计动作", "本轮投票无效"),
    "count_round": pgettext_lazy("审计动作", "计票"),
    "decide_shortfall": pgettext_lazy("审计动作", "决定差额处理"),
    "approve_results": pgettext_lazy("审计动作", "批复选举结果"),
    "publish": pgettext_lazy("审计动作", "公布选举结果"),
    "take_office": pgettext_lazy("审计动作", "就任"),
    "open_removal": pgettext_lazy("审计动作", "开始罢免表决"),
    "paper_ballots": pgettext_lazy("审计动作", "录入纸质表决票"),
    "void_removal": pgettext_lazy("审计动作", "罢免表决无效"),
    "count_removal": pgettext_lazy("审计动作", "罢免表决计票"),
    "remove_from_office": pgettext_lazy("审计动作", "罢免"),
}
MODEL_ACTIONS = {
    "elections.election": {
        "create": pgettext_lazy("审计动作", "新建选举"),
        "delete": pgettext_lazy("审计动作", "删除选举"),
        "restore": pgettext_lazy("审计动作", "恢复选举"),
    },
    "elections.term": {
        "create": pgettext_lazy("审计动作", "登记任期"),
        "delete": pgettext_lazy("审计动作", "删除任期"),
    },
    "elections.office": {
        "create": pgettext_lazy("审计动作", "登记任职"),
    },
    "elections.removal": {
        "create": pgettext_lazy("审计动作", "提出罢免"),
        "delete": pgettext_lazy("审计动作", "撤回罢免"),
        "ballot": pgettext_lazy("审计动作", "罢免表决"),
        "issue_ballots": pgettext_lazy("审计动作", "发出纸质表决票"),
    },
}
FIELDS = {"elections.election": {"delegates": _("参加选举的代表")},
          "elections.removal": {"entitled": _("参加表决的代表")}}
HISTORY = {model: (RUN_ELECTIONS,) for model in (
    "elections.election", "elections.candidate", "elections.round", "elections.term", "elections.office",
    "elections.removal")}
SCOPE = {"elections.candidate": "election__union", "elections.round": "election__union"}
DETAIL = {
    "elections.election": "elections:detail",
    "elections.round": "elections:round",
    "elections.removal": "elections:removal",
}
