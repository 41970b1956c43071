"""Forms of the sign-in, password and roles pages. They only parse input; accounts.actions decides."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField

from .models import RoleKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "autocapitalize": "none"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错5次，账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系本单位工会。"),
    }


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("新密码"), strip=False,
                                   help_text=_("至少8位，不能全是数字，不能是常见密码。"),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("再次输入新密码"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


class GrantRoleForm(forms.Form):
    """Grant a role to an existing user, or to a new user created with a temporary password."""

    EXISTING, NEW = "existing", "new"

    mode = forms.ChoiceField(label=_("授予给"), widget=forms.RadioSelect, initial=EXISTING,
                             choices=[(EXISTING, _("已有用户")), (NEW, _("新建用户"))])
    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False,
                           help_text=_("新建用户时填写"))
    password = forms.CharField(label=_("临时密码"), required=False, strip=False,
                               widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
                               help_text=_("新建用户时填写；对方首次登录须修改密码"))
    org = PickerField("org", label=_("组织"), help_text=_("本组织或其下级组织：输入名称、拼音或代码"))
    kind = forms.ChoiceField(label=_("角色"), choices=[("", "—")] + [(k, _(v)) for k, v in RoleKind.choices])

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.NEW:
            if not data.get("name"):
                self.add_error("name", _("新建用户须填写姓名"))
            if not data.get("password"):
                self.add_error("password", _("新建用户须设置临时密码"))
        return data


class OTPForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=20, strip=True,
                           help_text=_("身份验证器上的6位数字；手机丢失时可输入一个恢复码（如 ABCDE-FGH23）。"),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autocapitalize": "characters", "autofocus": True}))


class EnrolForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=8, strip=True,
                           help_text=_("扫码后身份验证器上显示的6位数字。"),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class DisableTwoFactorForm(forms.Form):
    password = forms.CharField(label=_("登录密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
