"""Web forms for supervision. They collect text; ``supervision.actions`` validates and gives the Chinese messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.pickers import PickerField

from .models import Inspection, Recommendation

REQUIRED = {"required": _("不能为空")}
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, error_messages=REQUIRED)
    established_on = DateField(label=_("成立日期"), error_messages=REQUIRED)


class SupervisorForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    member_no = PickerField("member", label=_("会员"), required=False,
                            help_text=_("监督员是会员时填写：输入姓名、拼音或会员编号，从建议中选择"))
    certificate_no = forms.CharField(label=_("监督员证号"), max_length=40, error_messages=REQUIRED)
    issued_on = DateField(label=_("发证日期"), error_messages=REQUIRED)
    expires_on = DateField(label=_("有效期至"), error_messages=REQUIRED, initial=None)


class InspectionForm(forms.Form):
    employer = forms.CharField(label=_("被检查单位"), max_length=200, error_messages=REQUIRED)
    inspected_on = DateField(label=_("检查日期"), error_messages=REQUIRED)
    subject = forms.CharField(label=_("检查事项"), max_length=200, error_messages=REQUIRED)
    findings = forms.CharField(label=_("检查发现的问题"), widget=TEXTAREA, max_length=8000, error_messages=REQUIRED)
    supervisors = forms.MultipleChoiceField(label=_("检查的监督员"), widget=forms.CheckboxSelectMultiple,
                                            required=False, help_text=_("至少两名"))
    signature = forms.ChoiceField(label=_("用人单位签字"), choices=[("", "—")] + Inspection.Signature.choices,
                                  error_messages=REQUIRED)
    signer = forms.CharField(label=_("签字人或拒签情况"), max_length=100, error_messages=REQUIRED)
    evidence = MultipleFileField(label=_("证据材料"), required=False)

    def __init__(self, *args, supervisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].choices = [(str(s.pk), f"{s.name} {s.certificate_no}") for s in supervisors]


class OpinionForm(forms.Form):
    number = forms.CharField(label=_("文号"), max_length=40, error_messages=REQUIRED)
    issued_on = DateField(label=_("发出日期"), error_messages=REQUIRED)
    received_on = DateField(label=_("用人单位收到日期"), error_messages=REQUIRED)
    requirements = forms.CharField(label=_("整改意见"), widget=TEXTAREA, max_length=8000, error_messages=REQUIRED)


class AnswerForm(forms.Form):
    answered_on = DateField(label=_("答复日期"), error_messages=REQUIRED)
    answer = forms.CharField(label=_("答复内容"), widget=TEXTAREA, max_length=8000, error_messages=REQUIRED)


class FollowUpForm(forms.Form):
    day = DateField(label=_("日期"), error_messages=REQUIRED)
    note = forms.CharField(label=_("跟踪情况"), max_length=2000, error_messages=REQUIRED)
    rectified = forms.TypedChoiceField(label=_("结果"), coerce=lambda v: v == "yes", error_messages=REQUIRED,
                                       choices=[("yes", _("已整改")), ("no", _("拒不整改"))])


class RecommendationForm(forms.Form):
    federation = PickerField("org", label=_("发出的总工会"), params={"kinds": "federation"}, error_messages=REQUIRED,
                             placeholder=_("输入总工会名称、拼音或代码"))
    number = forms.CharField(label=_("文号"), max_length=40, error_messages=REQUIRED)
    department = forms.CharField(label=_("劳动保障行政部门"), max_length=100, error_messages=REQUIRED)
    sent_on = DateField(label=_("送达日期"), error_messages=REQUIRED)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("处理结果"), error_messages=REQUIRED, choices=[("", "—")] + [
        c for c in Recommendation.Decision.choices if c[0]])
    decided_on = DateField(label=_("决定日期"), error_messages=REQUIRED)
