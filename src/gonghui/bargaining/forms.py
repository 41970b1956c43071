"""Forms of the bargaining pages: plain input handed to ``bargaining.actions`` (which validates it)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.pickers import PickerField

from .models import ContractKind, Side


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("合同类型"), choices=ContractKind.choices)
    from_side = forms.ChoiceField(label=_("提出方"), choices=Side.choices)
    employer = forms.CharField(label=_("用人单位"), max_length=100)
    received_on = DateField(label=_("收到要约日期"))
    topics = forms.CharField(label=_("协商事项"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("答复"), choices=[("1", _("同意协商")), ("0", _("拒绝协商"))],
                                    coerce=lambda v: v == "1")
    answered_on = DateField(label=_("答复日期"))
    answer = forms.CharField(label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label=_("合同类型"), choices=ContractKind.choices)
    title = forms.CharField(label=_("合同名称"), max_length=120)
    employer = forms.CharField(label=_("用人单位"), max_length=100)
    employees_covered = forms.IntegerField(label=_("覆盖职工人数"), min_value=0, required=False)


class NegotiatorForm(forms.Form):
    side = forms.ChoiceField(label=_("所属方"), choices=Side.choices)
    name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    member_no = PickerField("member", label=_("会员"), required=False,
                            help_text=_("职工方代表可选会员代替姓名：输入姓名、拼音或会员编号，从建议中选择"))
    position = forms.CharField(label=_("职务"), max_length=60, required=False)
    chief = forms.BooleanField(label=_("首席代表"), required=False)


class RoundForm(forms.Form):
    date = DateField(label=_("日期"))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4}))


class DraftForm(forms.Form):
    proposed_by = forms.ChoiceField(label=_("提出方"), choices=Side.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    clauses = forms.CharField(label=_("条款"), widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("每行一条：条款号|标题|内容|数值项|数值|单位，例如 5|工资增长|年度工资增长不低于5%|wage_increase|5.00|%"))


class VoteForm(forms.Form):
    resolution = forms.IntegerField(label=_("职代会表决事项"))
    draft = forms.IntegerField(label=_("草案稿次"))

    def __init__(self, *args, resolutions=(), drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"] = forms.TypedChoiceField(
            label=_("职代会表决事项"), coerce=int, choices=[(r.pk, f"{r.session} {r.title}") for r in resolutions])
        self.fields["draft"] = forms.TypedChoiceField(label=_("草案稿次"), coerce=int,
                                                      choices=[(d.pk, str(d)) for d in drafts])


class SignForm(forms.Form):
    signed_on = DateField(label=_("签订日期"))
    term_years = forms.CharField(label=_("期限（年）"), max_length=3)
    starts_on = DateField(label=_("起始日期"), required=False)
    employees_covered = forms.CharField(label=_("覆盖职工人数"), required=False, max_length=9)


class FileForm(forms.Form):
    filed_on = DateField(label=_("报送劳动行政部门日期"))


class ObjectionForm(forms.Form):
    objection = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 3}))
