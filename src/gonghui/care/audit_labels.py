"""Audit labels of care: visits, hardship files, greetings, surveys (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import CARE

from .models import DistributionRow

ACTIONS = {
    "care_poverty_line": pgettext_lazy("审计动作", "设置低保标准"),
    "care_occasion": pgettext_lazy("审计动作", "设置走访慰问事由"),
    "care_visit": pgettext_lazy("审计动作", "走访慰问"),
    "care_file_create": pgettext_lazy("审计动作", "建立困难职工档案"),
    "care_file_update": pgettext_lazy("审计动作", "修改困难职工档案"),
    "care_file_evidence": pgettext_lazy("审计动作", "上传困难证明材料"),
    "care_file_submit": pgettext_lazy("审计动作", "提交困难职工档案"),
    "care_file_reverify": pgettext_lazy("审计动作", "复核困难职工档案"),
    "care_file_exit": pgettext_lazy("审计动作", "困难职工档案退出"),
    "care_help": pgettext_lazy("审计动作", "登记帮扶"),
    "care_distribute": pgettext_lazy("审计动作", "发放慰问品"),
    "care_sign": pgettext_lazy("审计动作", "签收慰问品"),
    "care_survey": pgettext_lazy("审计动作", "满意度回访"),
}
MODEL_ACTIONS = {
    "care.visit": {
        "delete": pgettext_lazy("审计动作", "删除走访记录"),
        "restore": pgettext_lazy("审计动作", "恢复走访记录"),
    },
}
FIELDS = {
    "care.hardshipfile": {"amount": _("帮扶金额"), "date": _("帮扶日期"), "help": _("帮扶内容"),
                          "evidence": _("证明材料")},
    "care.distribution": {"member": _("会员"), "members": _("会员"), "signed_as": _("签收方式")},
}
CHOICES = {"care.distribution": {"signed_as": DistributionRow.SignedAs.choices}}
HISTORY = {model: (CARE,) for model in (
    "care.povertyline", "care.occasion", "care.visit", "care.hardshipfile", "care.distribution",
    "care.surveyanswer")}
DETAIL = {"care.visit": "care:visit", "care.hardshipfile": "care:file", "care.distribution": "care:greeting"}
