"""Web forms for spending rules and expenses.

Forms collect raw text; amounts, festivals, rule values and every limit are validated by
``spending.actions`` / ``spending.rules``, whose ``ActionError`` messages go back onto the fields.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField

from .catalogue import EXPENSE_KIND_CHOICES, ITEMS, Form
from .rules import describe

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": _("不能为空")}


class RuleSetForm(forms.Form):
    """A union's or federation's own set: its header and one text box per rule item (blank = as above)."""

    name = forms.CharField(label=_("名称"), max_length=60, error_messages=REQUIRED)
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    effective_to = forms.DateField(label=_("失效日期"), widget=DATE_WIDGET, required=False)
    source = forms.CharField(label=_("依据文件"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, base=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["effective_from"].disabled = True
        for code, item in ITEMS.items():
            above = base.get(code) if base else None
            help_text = _("上级规则：%(value)s；留空则沿用") % {"value": describe(above)}
            self.fields[code] = forms.CharField(label=item.label, required=False, max_length=200,
                                                help_text=help_text)

    def header_fields(self):
        return [self[name] for name in ("name", "effective_from", "effective_to", "source", "note")]

    def rule_fields(self):
        return [self[code] for code in ITEMS]

    def rule_values(self):
        return {code: self.cleaned_data.get(code, "") for code in ITEMS}


class ChooseForm(forms.Form):
    rule_set = forms.ChoiceField(label=_("规则集"), required=False)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = [("", _("不选用（沿用上级总工会或全国基线）"))] + [
            (str(rs.pk), _("%(name)s（%(region)s，%(period)s）") % {"name": rs.name, "region": rs.region,
                                                                  "period": rs.period_label})
            for rs in options]


class ExpenseForm(forms.Form):
    """Who gets what: a group of the union (all its members) and/or a list of member numbers."""

    kind = forms.ChoiceField(label=_("开支类型"), choices=EXPENSE_KIND_CHOICES)
    festival = forms.CharField(label=_("节日"), max_length=20, required=False, help_text=_("节日慰问品必填，如春节、中秋节"))
    group = forms.ChoiceField(label=_("发放范围"), required=False,
                              help_text=_("该组织（含下级）的全部在籍和保留会籍会员"))
    member_nos = forms.CharField(label=_("或填写会员"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("姓名或会员编号，多人用逗号、空格或换行分隔；同名时写成“姓名（会员编号）”"))
    amount_per_person = forms.CharField(label=_("每人金额（元）"), max_length=20, error_messages=REQUIRED)
    date = forms.DateField(label=_("发放日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    description = forms.CharField(label=_("内容"), max_length=200, required=False, help_text=_("如：月饼、水果"))
    form = forms.ChoiceField(label=_("发放形式"), choices=Form.CHOICES, initial=Form.GOODS)
    participants = forms.IntegerField(label=_("参赛人数"), required=False, min_value=0,
                                      help_text=_("评奖活动填写"))
    winners = forms.IntegerField(label=_("获奖人数"), required=False, min_value=0)
    account = PickerField("account", label=_("支出科目"), required=False, params={"prefix": "5"},
                          help_text=_("科目名称、拼音或代码；留空按开支类型默认，如会员慰问支出 50105"))
    override_reason = forms.CharField(label=_("突破规则的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text=_("超出规则时，由工会主席写明理由后登记"))

    def __init__(self, *args, groups=(), may_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "—")] + [(o.code, getattr(o, "label", o.name)) for o in groups]
        if not may_override:
            del self.fields["override_reason"]


class ReasonForm(forms.Form):
    override_reason = forms.CharField(label=_("突破规则的理由"), widget=forms.Textarea(attrs={"rows": 3}),
                                      error_messages=REQUIRED)


class RejectForm(forms.Form):
    decision_note = forms.CharField(label=_("退回原因"), max_length=200, error_messages=REQUIRED)
