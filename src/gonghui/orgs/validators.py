"""Checks on organisation data, with messages in Chinese."""
from django.core.exceptions import ValidationError
from stdnum.cn import uscc


def validate_uscc(value: str) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    try:
        return uscc.validate(value)
    except Exception as exc:
        raise ValidationError(f"统一社会信用代码“{value}”无效（{_reason(exc)}）") from exc


def _reason(exc) -> str:
    name = type(exc).__name__
    return {
        "InvalidLength": "长度应为18位",
        "InvalidFormat": "格式不正确",
        "InvalidChecksum": "校验位不正确",
        "InvalidComponent": "登记管理部门或机构类别代码不正确",
    }.get(name, "格式不正确")
