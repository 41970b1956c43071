"""Audit labels of the workers'/teachers' congress (see ``core.audit_labels``)."""
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RUN_CONGRESS

ACTIONS = {
    "unconfirm": pgettext_lazy("审计动作", "代表资格待重新确认"),
    "confirm": pgettext_lazy("审计动作", "确认"),
    "status": pgettext_lazy("审计动作", "变更会议状态"),
    "sign_in": pgettext_lazy("审计动作", "代表签到"),
    "open_vote": pgettext_lazy("审计动作", "开始表决"),
    "vote": pgettext_lazy("审计动作", "代表表决"),
    "void": pgettext_lazy("审计动作", "表决无效"),
    "paper": pgettext_lazy("审计动作", "登记纸质表决结果"),
    "close_vote": pgettext_lazy("审计动作", "结束表决"),
    "cosign": pgettext_lazy("审计动作", "附议提案"),
    "submit": pgettext_lazy("审计动作", "提交提案"),
    "review": pgettext_lazy("审计动作", "审查提案"),
    "assign": pgettext_lazy("审计动作", "交办提案"),
    "answer": pgettext_lazy("审计动作", "答复提案"),
    "rate": pgettext_lazy("审计动作", "评价答复"),
    "open": pgettext_lazy("审计动作", "开始民主评议"),
    "paper_ballot": pgettext_lazy("审计动作", "录入纸质评议票"),
    "close": pgettext_lazy("审计动作", "结束民主评议"),
    "send_papers": pgettext_lazy("审计动作", "发出会议材料"),
    "count": pgettext_lazy("审计动作", "登记选举结果"),
    "sign": pgettext_lazy("审计动作", "联署临时会议提议"),
    "withdraw": pgettext_lazy("审计动作", "撤回联署"),
    "convene": pgettext_lazy("审计动作", "召开临时会议"),
    "decide": pgettext_lazy("审计动作", "决定临时会议提议"),
}
MODEL_ACTIONS = {
    "congress.congresssettings": {
        "update": pgettext_lazy("审计动作", "修改职代会设置"),
    },
    "congress.term": {
        "create": pgettext_lazy("审计动作", "新建一届职代会"),
        "confirm": pgettext_lazy("审计动作", "确认代表资格"),
    },
    "congress.delegate": {
        "create": pgettext_lazy("审计动作", "增补代表"),
        "delete": pgettext_lazy("审计动作", "取消代表资格"),
    },
    "congress.session": {
        "create": pgettext_lazy("审计动作", "新建会议"),
    },
    "congress.resolution": {
        "create": pgettext_lazy("审计动作", "新建表决事项"),
        "void": pgettext_lazy("审计动作", "表决无效"),
    },
    "congress.proposal": {
        "create": pgettext_lazy("审计动作", "提出提案"),
    },
    "congress.evaluationround": {
        "create": pgettext_lazy("审计动作", "新建民主评议"),
    },
    "congress.constituencyelection": {
        "create": pgettext_lazy("审计动作", "新建选区选举"),
        "count": pgettext_lazy("审计动作", "登记选举结果"),
        "void": pgettext_lazy("审计动作", "选举无效"),
        "confirm": pgettext_lazy("审计动作", "确认当选代表"),
    },
    "congress.specialrequest": {
        "create": pgettext_lazy("审计动作", "提议召开临时会议"),
    },
}
HISTORY = {model: (RUN_CONGRESS,) for model in (
    "congress.congresssettings", "congress.term", "congress.delegate", "congress.session",
    "congress.resolution", "congress.proposal", "congress.evaluationround", "congress.constituencyelection",
    "congress.specialrequest")}
DETAIL = {
    "congress.term": "congress:term",
    "congress.constituencyelection": "congress:election",
    "congress.specialrequest": "congress:special",
    "congress.session": "congress:session",
    "congress.resolution": "congress:resolution",
    "congress.proposal": "congress:proposal",
    "congress.evaluationround": "congress:evaluation",
}
