"""Forms of the ledger pages. Voucher lines are not a Django form: the entry page posts parallel
lists (``account``, ``debit``, ``credit``, ``memo``, ``member``, ``unit``), read by
``lookups.lines_from_lists`` and validated by ``actions.create_voucher``/``update_voucher``."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField, MonthField, last_month

from .actions import LABELS

REQUIRED = {"required": _("不能为空")}


def add_action_error(form, exc):
    """An ``ActionError``'s messages next to the fields they name; others (lines, balance) on top."""
    for field, messages in exc.message_dict.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field in ("__all__", "lines"):
                form.add_error(None, message)
            else:
                form.add_error(None, _("%(field)s：%(message)s") % {"field": LABELS.get(field, field), "message": message})


class VoucherForm(forms.Form):
    date = DateField(label=_("日期"), error_messages=REQUIRED)
    summary = forms.CharField(label=_("摘要"), max_length=200, error_messages=REQUIRED)
    category = forms.ChoiceField(label=_("支出类别"), required=False)

    def __init__(self, *args, expense_accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("（非支出凭证）"))] + [
            (a.code, f"{a.code} {a.name}") for a in expense_accounts]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, error_messages=REQUIRED)


class ReverseForm(forms.Form):
    date = DateField(label=_("冲销日期"), error_messages=REQUIRED)
    reason = forms.CharField(label=_("冲销原因"), max_length=150, error_messages=REQUIRED)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("原始凭证（扫描件）"), error_messages={"required": _("请选择要上传的文件")})


class PeriodForm(forms.Form):
    month = MonthField(label=_("月份"), max_length=7, error_messages=REQUIRED, initial=last_month)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
