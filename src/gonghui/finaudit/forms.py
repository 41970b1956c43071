"""Web forms for 经审 and disclosure. They collect raw values; the rules live in ``finaudit.actions``,
whose ``ActionError`` messages are put back next to the fields they name (``add_action_error``)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import forms as core_forms

from . import periods
from .models import Area, DisclosureSetting, Finding

LABELS = {
    "union": _("基层工会"), "start": _("开始月份"), "end": _("结束月份"), "areas": _("审查范围"),
    "auditors": _("审查人员"), "area": _("所属方面"), "description": _("问题描述"), "severity": _("严重程度"),
    "amount": _("涉及金额"), "rectification_required": _("需要整改"), "rectification_note": _("整改情况"),
    "opinion": _("审查意见"), "with_reservations": _("保留意见"), "reservation_reason": _("保留意见理由"),
    "title": _("标题"), "note": _("说明"), "interval_months": _("公开周期"),
}
REQUIRED = {"required": _("不能为空")}


class MonthField(core_forms.MonthField):
    """A month as 2026-01 (the shared month picker), 2026/1 or 2026年1月 → (year, month).

    A period's start and end have no sensible default, so the picker starts empty unless the view says."""

    def __init__(self, *, initial=None, **kwargs):
        super().__init__(max_length=10, error_messages=REQUIRED, initial=initial, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return periods.parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None



class PeriodForm(forms.Form):
    """Start and end months; ``cleaned_data`` gets ``start_date`` and ``end_date``."""

    start = MonthField(label=LABELS["start"])
    end = MonthField(label=LABELS["end"])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            data["start_date"], data["end_date"] = periods.bounds(data["start"], data["end"])
        return data


class ReviewForm(PeriodForm):
    areas = forms.MultipleChoiceField(label=LABELS["areas"], choices=Area.choices,
                                      widget=forms.CheckboxSelectMultiple, error_messages=REQUIRED,
                                      initial=Area.values)
    auditors = forms.MultipleChoiceField(label=LABELS["auditors"], widget=forms.CheckboxSelectMultiple,
                                         error_messages=REQUIRED)

    def __init__(self, *args, auditor_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditors"].choices = [(str(u.pk), str(u)) for u in auditor_choices]


class FindingForm(forms.Form):
    area = forms.ChoiceField(label=LABELS["area"], choices=Area.choices, error_messages=REQUIRED)
    description = forms.CharField(label=LABELS["description"], widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages=REQUIRED)
    severity = forms.ChoiceField(label=LABELS["severity"], choices=Finding.Severity.choices,
                                 initial=Finding.Severity.MINOR)
    amount = forms.CharField(label=LABELS["amount"], required=False, max_length=20,
                             help_text=_("元；没有金额可留空"), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    rectification_required = forms.BooleanField(label=LABELS["rectification_required"], required=False,
                                                initial=True)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas:
            self.fields["area"].choices = [(v, label) for v, label in Area.choices if v in areas]


class RectifyForm(forms.Form):
    rectification_note = forms.CharField(label=LABELS["rectification_note"], error_messages=REQUIRED,
                                         widget=forms.Textarea(attrs={"rows": 2}))


class SignOffForm(forms.Form):
    opinion = forms.CharField(label=LABELS["opinion"], widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages=REQUIRED)
    with_reservations = forms.BooleanField(label=_("签署保留意见（尚有问题未整改完毕时）"), required=False)
    reservation_reason = forms.CharField(label=LABELS["reservation_reason"], required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))


class DisclosureForm(PeriodForm):
    title = forms.CharField(label=LABELS["title"], max_length=100, required=False,
                            help_text=_("留空则按工会名称和期间自动生成"))
    note = forms.CharField(label=LABELS["note"], required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("向会员说明的事项，如重大支出的用途"))


class DisclosureSettingForm(forms.Form):
    interval_months = forms.TypedChoiceField(label=LABELS["interval_months"], coerce=int,
                                             choices=DisclosureSetting.Interval.choices, error_messages=REQUIRED,
                                             widget=forms.RadioSelect)


def add_action_error(form, exc):
    """Show an ``ActionError``'s messages next to the fields they name (others above the form)."""
    for field, messages in exc.message_dict.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field == "__all__":
                form.add_error(None, message)
            else:
                form.add_error(None, _("%(field)s：%(message)s") % {"field": LABELS.get(field, field), "message": message})
