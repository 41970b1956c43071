"""Audit labels of ops: key rotation (see ``core.audit_labels``)."""
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "key_rotation_start": pgettext_lazy("审计动作", "开始轮换个人信息密钥"),
    "key_rotation_finish": pgettext_lazy("审计动作", "完成个人信息密钥轮换"),
}
ACTIONS["retry_job"] = pgettext_lazy("审计动作", "重新提交后台任务")
