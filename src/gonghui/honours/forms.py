"""Web forms for honours. They collect text; ``honours.actions`` validates and gives the Chinese messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField

from .models import Level, Method, Nomination

REQUIRED = {"required": _("不能为空")}
TEXTAREA = forms.Textarea(attrs={"rows": 4})
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "size": 6})


class KindForm(forms.Form):
    owner = forms.CharField(label=_("制定组织代码"), max_length=32, error_messages=REQUIRED,
                            help_text=_("本组织及下级组织可使用"))
    name = forms.CharField(label=_("荣誉名称"), max_length=60, error_messages=REQUIRED)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    collective = forms.BooleanField(label=_("集体荣誉"), required=False)
    women_only = forms.BooleanField(label=_("限女职工"), required=False)
    no_sanction = forms.BooleanField(label=_("受处分期间不得参评"), required=False, initial=True)
    min_member_years = forms.CharField(label=_("最低会龄（年）"), required=False, widget=NUMBER, initial="0")
    notice_days = forms.CharField(label=_("公示期（工作日）"), required=False, widget=NUMBER, initial="5")
    quota = forms.CharField(label=_("名额"), required=False, widget=NUMBER, initial="1")
    endorsements_required = forms.CharField(label=_("自荐所需会员附议人数"), required=False, widget=NUMBER, initial="3")


class RoundForm(forms.Form):
    org = forms.CharField(label=_("评选组织代码"), max_length=32, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("荣誉类别"), choices=())
    year = forms.CharField(label=_("年度"), widget=NUMBER, error_messages=REQUIRED)
    quota = forms.CharField(label=_("名额"), required=False, widget=NUMBER, help_text=_("留空按荣誉类别的名额"))
    method = forms.ChoiceField(label=_("评选方式"), choices=Method.choices, widget=forms.RadioSelect)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + [(k.pk, _("%(label)s（%(level)s）") % {"label": k.label, "level": k.get_level_display()})
                                                      for k in kinds]


class NominateForm(forms.Form):
    by = forms.ChoiceField(label=_("推荐方式"), choices=[c for c in Nomination.By.choices if c[0] != "self"])
    member_no = forms.CharField(label=_("被推荐会员编号"), max_length=32, required=False,
                                help_text=_("个人荣誉填写"))
    nominee_org = forms.CharField(label=_("被推荐集体代码"), max_length=32, required=False,
                                  help_text=_("集体荣誉填写"))
    nominator_org = forms.CharField(label=_("推荐单位代码"), max_length=32, required=False,
                                    help_text=_("小组或分工会推荐时填写"))
    deeds = forms.CharField(label=_("主要事迹"), widget=TEXTAREA, required=False, max_length=4000)


class EvaluatorsForm(forms.Form):
    member_nos = forms.CharField(label=_("评审委员会员编号"), widget=forms.Textarea(attrs={"rows": 5}),
                                 error_messages=REQUIRED, help_text=_("每行一个会员编号"))


class ScoresForm(forms.Form):
    evaluator = forms.ChoiceField(label=_("评审委员"), choices=())

    def __init__(self, *args, evaluators=(), candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].choices = [(e.pk, e.member.name) for e in evaluators]
        self.candidates = list(candidates)
        for n in self.candidates:
            self.fields[f"n{n.pk}"] = forms.CharField(label=n.nominee_name, required=False, max_length=8,
                                                      widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))

    def points(self):
        return {n.pk: self.cleaned_data.get(f"n{n.pk}") for n in self.candidates}


class PublishForm(forms.Form):
    posted_on = DateField(label=_("公示日期"), required=False)
    chosen = forms.MultipleChoiceField(label=_("拟表彰名单（由评审委员会确定时勾选；留空按名次和名额）"), required=False,
                                       widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(n.pk, n.nominee_name) for n in candidates]


class ObjectionForm(forms.Form):
    nomination = forms.ChoiceField(label=_("被异议人"), choices=())
    received_on = DateField(label=_("收到日期"), error_messages=REQUIRED)
    text = forms.CharField(label=_("异议内容"), widget=TEXTAREA, error_messages=REQUIRED, max_length=4000)

    def __init__(self, *args, shortlist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [(n.pk, n.nominee_name) for n in shortlist]


class MemberObjectionForm(ObjectionForm):
    received_on = None


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("调查结论"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=[("no", _("异议不成立，维持公示名单")), ("yes", _("异议成立，取消表彰资格"))])
    answer = forms.CharField(label=_("答复"), widget=TEXTAREA, error_messages=REQUIRED, max_length=4000)
    answered_on = DateField(label=_("答复日期"), required=False)


class FinalForm(forms.Form):
    final_on = DateField(label=_("确定日期"), required=False)


class SanctionForm(forms.Form):
    union = forms.CharField(label=_("基层工会代码"), max_length=32, error_messages=REQUIRED)
    member_no = forms.CharField(label=_("会员编号"), max_length=32, error_messages=REQUIRED)
    starts_on = DateField(label=_("处分日期"), error_messages=REQUIRED)
    ends_on = DateField(label=_("处分期满"), required=False)
    reason = forms.CharField(label=_("处分事由"), widget=TEXTAREA, required=False, max_length=1000)


class VoteForm(forms.Form):
    choices = forms.MultipleChoiceField(label=_("同意表彰的候选人"), required=False, widget=forms.CheckboxSelectMultiple,
                                        choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(n.pk, n.nominee_name) for n in candidates]


class SelfNominateForm(forms.Form):
    deeds = forms.CharField(label=_("主要事迹"), widget=TEXTAREA, error_messages=REQUIRED, max_length=4000)
