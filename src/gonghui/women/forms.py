"""Web forms for the women workers' work. They collect text; ``women.actions`` validates and gives the
Chinese messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField

from .models import FACILITIES

REQUIRED = {"required": _("不能为空")}
NOTES = forms.Textarea(attrs={"rows": 3})


class CommitteeForm(forms.Form):
    established_on = DateField(label=_("成立日期"), error_messages=REQUIRED)
    term_start = DateField(label=_("任期开始"), error_messages=REQUIRED)
    term_end = DateField(label=_("任期届满"), initial="", error_messages=REQUIRED)


class CommitteeMemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    member_no = forms.CharField(label=_("会员编号"), max_length=32, required=False, help_text=_("本工会会员填写会员编号"))
    post = forms.CharField(label=_("职务"), max_length=30, required=False)
    is_chair = forms.BooleanField(label=_("主任"), required=False)


MemberFormSet = forms.formset_factory(CommitteeMemberForm, extra=0, min_num=5, max_num=21)


class PregnancyForm(forms.Form):
    due_date = DateField(label=_("预产期"), initial="", error_messages=REQUIRED)
    notes = forms.CharField(label=_("孕期情况"), widget=NOTES, required=False, max_length=2000)


class BirthForm(forms.Form):
    birth_date = DateField(label=_("分娩日期"), error_messages=REQUIRED)
    leave_start = DateField(label=_("产假开始日期"), error_messages=REQUIRED, help_text=_("最早为分娩前15天"))
    difficult = forms.BooleanField(label=_("难产"), required=False)
    babies = forms.CharField(label=_("婴儿数"), max_length=2, initial="1")
    province = forms.ChoiceField(label=_("省份（地方增加产假）"), required=False)
    notes = forms.CharField(label=_("孕期情况"), widget=NOTES, required=False, max_length=2000)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("不适用"))] + [(p, p) for p in provinces]


class MiscarriageForm(forms.Form):
    day = DateField(label=_("流产日期"), error_messages=REQUIRED)
    months = forms.CharField(label=_("怀孕月数"), max_length=2, error_messages=REQUIRED,
                             help_text=_("不满4个月：15天；满4个月：42天"))
    notes = forms.CharField(label=_("孕期情况"), widget=NOTES, required=False, max_length=2000)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60, error_messages=REQUIRED, initial=_("爱心妈咪小屋"))
    location = forms.CharField(label=_("位置"), max_length=120, error_messages=REQUIRED)
    opened_on = DateField(label=_("启用日期"), error_messages=REQUIRED)
    hours = forms.CharField(label=_("开放时间"), max_length=60, required=False)
    area = forms.CharField(label=_("面积（平方米）"), max_length=6, required=False)
    facilities = forms.MultipleChoiceField(label=_("设施"), choices=FACILITIES, required=False,
                                           widget=forms.CheckboxSelectMultiple)


class UseForm(forms.Form):
    month = forms.CharField(label=_("月份"), max_length=10, error_messages=REQUIRED, help_text=_("如 2026-03"))
    visits = forms.CharField(label=_("使用人次"), max_length=6, error_messages=REQUIRED)


class DeleteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
