"""Web forms for funds and budgets.

Forms only collect raw text: amounts, percentages, periods and dates are parsed and checked by
``funds.actions``, whose ``ActionError`` messages are put back next to the field they name.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField, today
from gonghui.core.pickers import PickerField

from .models import Collection, Level

REQUIRED = {"required": _("不能为空")}


def _text(label, *, required=True, help_text="", max_length=200, **attrs):
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           error_messages=REQUIRED, widget=forms.TextInput(attrs=attrs) if attrs else None)


def _money(label, *, required=True, help_text=""):
    return _text(label, required=required, help_text=help_text, max_length=30, inputmode="decimal")


def _date(label, *, required=True, initial=today):
    """The shared date picker, by default on today (Asia/Shanghai); ``funds.actions`` parses the text."""
    return DateField(label=label, required=required, error_messages=REQUIRED, initial=initial)


class AllocationForm(forms.Form):
    period = _text(_("所属期间"), max_length=20, help_text=_("按月写2026-03，按季度写2026-Q1"), placeholder="2026-03")
    payroll_total = _money(_("工资总额（元）"), help_text=_("本期全部职工工资总额（国家统计局口径）"))
    collection = forms.ChoiceField(label=_("收缴方式"), choices=Collection.choices, widget=forms.RadioSelect,
                                   initial=Collection.DIRECT)
    note = _text(_("备注"), required=False)


class EntryForm(forms.Form):
    date = _date(_("日期"))
    amount = _money(_("金额（元）"), required=False)
    note = _text(_("备注"), required=False)


class ReasonForm(forms.Form):
    reason = _text(_("原因"), max_length=500)


class RateForm(forms.Form):
    effective_from = _date(_("起始日期"), initial=None)
    rate = _text(_("拨缴比例（%）"), max_length=12, inputmode="decimal")
    source = _text(_("依据"), required=False)


class SplitRuleForm(forms.Form):
    """The grassroots share and one percentage per level (blank levels are not in the table)."""

    federation = forms.ChoiceField(label=_("总工会"))
    effective_from = _date(_("起始日期"), initial=None)
    grassroots_share = _text(_("基层工会留成（%）"), max_length=12, inputmode="decimal")
    source = _text(_("依据文件"), required=False)
    note = _text(_("说明"), required=False)

    def __init__(self, *args, federations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].choices = [(o.code, getattr(o, "label", o.name)) for o in federations]
        for value, label in Level.choices:
            self.fields[f"share_{value}"] = _text(label, required=False, max_length=12, inputmode="decimal")

    def level_fields(self):
        return [self[f"share_{value}"] for value in Level.values]

    def shares(self):
        data = self.cleaned_data
        return [(value, data.get(f"share_{value}", "")) for value in Level.values
                if (data.get(f"share_{value}") or "").strip()]


class ReserveForm(forms.Form):
    federation = forms.ChoiceField(label=_("代管的总工会"))
    employer_name = _text(_("单位名称"), max_length=100)
    employer_uscc = _text(_("统一社会信用代码"), required=False, max_length=18)
    period = _text(_("所属期间"), max_length=20, help_text=_("按月写2026-03，按季度写2026-Q1"))
    payroll_total = _money(_("工资总额（元）"))
    received_on = _date(_("收到日期"))
    note = _text(_("备注"), required=False)

    def __init__(self, *args, federations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].choices = [(o.code, getattr(o, "label", o.name)) for o in federations]


class ReturnForm(forms.Form):
    union = PickerField("org", label=_("新成立的基层工会"), params={"kinds": "union"}, error_messages=REQUIRED,
                        placeholder=_("输入工会名称、拼音或代码"))
    date = _date(_("返还日期"))
    note = _text(_("备注"), required=False)


class BudgetForm(forms.Form):
    """Year, note, one amount per account of the chart (blank: not budgeted) and, for an adjustment, a reason."""

    year = forms.CharField(label=_("年度"), max_length=4, error_messages=REQUIRED)
    note = _text(_("说明"), required=False)
    reason = _text(_("调整原因"), required=False, max_length=500)

    def __init__(self, *args, accounts=(), adjusting=False, fixed_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = list(accounts)
        for account in self.accounts:
            self.fields[f"acct_{account.code}"] = _money(f"{account.code} {account.name}", required=False)
        if fixed_year:
            self.fields["year"].disabled = True
        if adjusting:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def _account_fields(self, kind):
        return [self[f"acct_{account.code}"] for account in self.accounts if account.kind == kind]

    @property
    def income_fields(self):
        return self._account_fields("income")

    @property
    def expense_fields(self):
        return self._account_fields("expense")

    def lines(self):
        data = self.cleaned_data
        return [{"account": a.code, "kind": a.kind, "amount": data.get(f"acct_{a.code}")} for a in self.accounts
                if (data.get(f"acct_{a.code}") or "").strip()]
