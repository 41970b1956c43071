"""Web forms for suggestions. They collect text; ``suggestions.actions`` validates and gives the Chinese
messages (naming the field)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField

from .models import Kind

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=[("", "—")] + Kind.choices, required=False)
    title = forms.CharField(label=_("题目"), max_length=200, required=False)
    problem = forms.CharField(label=_("存在问题"), widget=TEXTAREA, required=False)
    proposal = forms.CharField(label=_("建议内容"), widget=TEXTAREA, required=False)
    expected_benefit = forms.CharField(label=_("预期效益"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    coauthors = forms.CharField(label=_("共同提出人"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                help_text=_("集体建议填写：每行一位本工会会员的会员编号"))


class OfficerSubmitForm(SubmitForm):
    lead = forms.CharField(label=_("第一提出人会员编号"), max_length=32, required=False)
    submitted_on = DateField(label=_("提出日期"), required=False)

    field_order = ["lead", "submitted_on", "kind", "title", "problem", "proposal", "expected_benefit", "coauthors"]


class EvaluateForm(forms.Form):
    grade = forms.ChoiceField(label=_("评审等级"), choices=[], required=False)
    score = forms.CharField(label=_("评分（0—100）"), max_length=5, required=False)
    comment = forms.CharField(label=_("评审意见"), max_length=500, required=False)

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "—")] + [(g.name, g.name) for g in grades]


class DecideForm(forms.Form):
    adopted = forms.TypedChoiceField(label=_("评定结果"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("采纳")), ("no", _("不采纳"))])
    grade = forms.ChoiceField(label=_("评定等级"), choices=[], required=False)
    reason = forms.CharField(label=_("评定意见（不采纳须写明理由）"), max_length=500, required=False)
    decided_on = DateField(label=_("评定日期"), required=False)

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "—")] + [(g.name, g.name) for g in grades if g.adopts]


class AssignForm(forms.Form):
    implementer = forms.CharField(label=_("实施责任人（部门）"), max_length=100, required=False)
    assigned_on = DateField(label=_("落实日期"), required=False)
    implement_by = DateField(label=_("计划完成日期"), required=False)


class CompleteForm(forms.Form):
    implemented_on = DateField(label=_("实施完成日期"), required=False)


class BenefitForm(forms.Form):
    amount = forms.CharField(label=_("实测效益（元）"), max_length=20, required=False)
    evidence = forms.CharField(label=_("效益测算依据"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reference = forms.CharField(label=_("证明材料（文件名或编号）"), max_length=200, required=False)
    measured_on = DateField(label=_("效益测算日期"), required=False)


class RewardForm(forms.Form):
    amount_per_person = forms.CharField(label=_("每人奖励金额（元）"), max_length=20, required=False)
    paid_on = DateField(label=_("奖励日期"), required=False)
    form = forms.ChoiceField(label=_("发放形式"), choices=[("cash", _("现金")), ("goods", _("实物"))])
    override_reason = forms.CharField(label=_("突破开支标准的理由（仅工会主席签批时填写）"), max_length=500,
                                      required=False)


class TargetForm(forms.Form):
    year = forms.CharField(label=_("年度"), max_length=4, required=False)
    per_person = forms.CharField(label=_("每人每年（条）"), max_length=4, required=False)
    per_group = forms.CharField(label=_("每个班组每年（条）"), max_length=4, required=False)
    per_branch = forms.CharField(label=_("每个车间（分会）每年（条）"), max_length=4, required=False)


class GradeForm(forms.Form):
    name = forms.CharField(label=_("等级"), max_length=40, required=False)
    adopts = forms.BooleanField(label=_("采纳"), required=False)


GradeFormSet = forms.formset_factory(GradeForm, extra=0, min_num=8, max_num=12)
