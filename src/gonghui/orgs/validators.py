"""Checks on organisation data, with messages in Chinese."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc


def validate_uscc(value: str) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    try:
        return uscc.validate(value)
    except Exception as exc:
        raise ValidationError(_("统一社会信用代码“%(value)s”无效（%(reason)s）") % {"value": value, "reason": _reason(exc)}) from exc


def _reason(exc) -> str:
    name = type(exc).__name__
    return {
        "InvalidLength": _("长度应为18位"),
        "InvalidFormat": _("格式不正确"),
        "InvalidChecksum": _("校验位不正确"),
        "InvalidComponent": _("登记管理部门或机构类别代码不正确"),
    }.get(name, _("格式不正确"))
