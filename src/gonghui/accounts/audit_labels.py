"""Audit labels of logins and roles (see ``core.audit_labels``)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "grant_role": pgettext_lazy("审计动作", "授予角色"),
    "revoke_role": pgettext_lazy("审计动作", "撤销角色"),
    "change_password": pgettext_lazy("审计动作", "修改密码"),
    "link_account": pgettext_lazy("审计动作", "开通登录账号"),
}
MODEL_ACTIONS = {
    "accounts.user": {
        "create": pgettext_lazy("审计动作", "新建用户"),
    },
}
FIELDS = {"accounts.user": {"role": _("角色"), "name": _("姓名"), "username": _("用户名"),
                            "is_superuser": _("系统管理员")},
          "members.member": {"user": _("登录账号")}}
# A user's history is the core view's own case (roles inside the viewer's scope); see core.views.
HISTORY = {"accounts.user": ()}
ACTIONS.update({
    "enable_2fa": pgettext_lazy("审计动作", "开启两步验证"),
    "disable_2fa": pgettext_lazy("审计动作", "关闭两步验证"),
    "use_recovery_code": pgettext_lazy("审计动作", "使用恢复码登录"),
    "regenerate_recovery_codes": pgettext_lazy("审计动作", "重新生成恢复码"),
})
FIELDS["accounts.user"]["recovery_codes_left"] = _("剩余恢复码")
