"""Audit labels of star ratings: schemes, self-assessments and reviews (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import RATE

ACTIONS = {
    "ratings_scheme": pgettext_lazy("审计动作", "制定或修改星级评定方案"),
    "ratings_publish": pgettext_lazy("审计动作", "发布星级评定方案"),
    "ratings_self": pgettext_lazy("审计动作", "填报星级自评"),
    "ratings_submit": pgettext_lazy("审计动作", "提交星级自评"),
    "ratings_review": pgettext_lazy("审计动作", "评审星级自评"),
    "ratings_return": pgettext_lazy("审计动作", "退回星级自评"),
}
MODEL_ACTIONS = {
    "ratings.scheme": {
        "delete": pgettext_lazy("审计动作", "删除星级评定方案"),
        "restore": pgettext_lazy("审计动作", "恢复星级评定方案"),
    },
}
FIELDS = {
    "ratings.scheme": {"indicators": _("评定指标"), "bands": _("星级分数段")},
}
HISTORY = {model: (RATE,) for model in ("ratings.scheme", "ratings.assessment")}
DETAIL = {"ratings.scheme": "ratings:scheme", "ratings.assessment": "ratings:assessment"}
