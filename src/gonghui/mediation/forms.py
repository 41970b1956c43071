"""Web forms for mediation. They collect text; ``mediation.actions`` validates and gives the Chinese messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.pickers import PickerField, PickerFormMixin

from .models import Basis, Case, ClaimKind, Side

REQUIRED = {"required": _("不能为空")}
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class CommitteeForm(forms.Form):
    employer = forms.CharField(label=_("用人单位"), max_length=200, error_messages=REQUIRED)
    established_on = DateField(label=_("成立日期"), error_messages=REQUIRED)


class CommitteeMemberForm(PickerFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    side = forms.ChoiceField(label=_("代表方"), choices=[("", "—")] + Side.choices, required=False)
    basis = forms.ChoiceField(label=_("产生方式"), choices=[("", "—")] + Basis.choices, required=False)
    member_no = PickerField("member", label=_("会员"), required=False,
                            help_text=_("工会成员担任的委员和工会成员担任的主任须填写：输入姓名、拼音或会员编号，从建议中选择"))
    is_chair = forms.BooleanField(label=_("主任"), required=False)
    chair_agreed = forms.BooleanField(label=_("双方推举的主任"), required=False)


MemberFormSet = forms.formset_factory(CommitteeMemberForm, extra=0, min_num=6, max_num=15)


class ApplyForm(forms.Form):
    applied_on = DateField(label=_("申请日期"), error_messages=REQUIRED)
    workers = forms.CharField(label=_("申请调解的职工"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED,
                              help_text=_("每行一人：会员填姓名、拼音或会员编号（同名的写成“姓名（会员编号）”）；非会员填姓名，与会员同名的写成“姓名（非会员）”"))
    facts = forms.CharField(label=_("争议事实和请求"), widget=TEXTAREA, required=False, max_length=4000)


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("请求类别"), choices=[("", "—")] + ClaimKind.choices, required=False)
    amount = forms.CharField(label=_("金额（元）"), max_length=20, required=False)
    description = forms.CharField(label=_("请求内容"), max_length=500, required=False)


ClaimFormSet = forms.formset_factory(ClaimForm, extra=0, min_num=3, max_num=10)


class AcceptForm(forms.Form):
    accepted_on = DateField(label=_("受理日期"), error_messages=REQUIRED)


class RefuseForm(forms.Form):
    refused_on = DateField(label=_("不予受理日期"), error_messages=REQUIRED)
    reason = forms.CharField(label=_("不予受理理由"), max_length=300, error_messages=REQUIRED)


class SessionForm(forms.Form):
    held_on = DateField(label=_("调解日期"), error_messages=REQUIRED)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    mediators = forms.CharField(label=_("调解员"), max_length=200, error_messages=REQUIRED)
    minutes = forms.CharField(label=_("调解笔录"), widget=TEXTAREA, max_length=8000, error_messages=REQUIRED)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("调解结果"), error_messages=REQUIRED, choices=[("", "—")] + [
        (c, l) for c, l in Case.Status.choices if c in (Case.Status.AGREED, Case.Status.WITHDRAWN, Case.Status.FAILED)])
    outcome_on = DateField(label=_("结案日期"), error_messages=REQUIRED)
    terms = forms.CharField(label=_("协议内容"), widget=TEXTAREA, required=False, max_length=4000,
                            help_text=_("达成协议时填写：双方同意的具体事项、金额和履行方式"))
    performance_due = DateField(label=_("履行期限"), required=False, initial=None)
    note = forms.CharField(label=_("结案情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class PerformanceForm(forms.Form):
    performed = forms.TypedChoiceField(label=_("履行情况"), coerce=lambda v: v == "yes", error_messages=REQUIRED,
                                       choices=[("yes", _("已履行")), ("no", _("未履行"))])
    day = DateField(label=_("日期"), error_messages=REQUIRED)
    note = forms.CharField(label=_("说明"), max_length=1000, required=False)


class FiguresForm(forms.Form):
    start = DateField(label=_("开始日期"), required=False)
    end = DateField(label=_("结束日期"), required=False)
