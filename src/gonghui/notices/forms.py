"""Web forms: they only parse input; the rules live in ``notices.actions``."""
from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from gonghui.core.parsing import parse_date

from .models import EventKind, Frequency


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class LenientDateField(forms.Field):
    """A date typed as 2026-12-03, 2026/12/3 or 2026年12月3日 (Chinese message when it is none of them)."""

    widget = DateInput

    def to_python(self, value):
        try:
            return parse_date(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class NoticeForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"))
    title = forms.CharField(label=_("标题"), max_length=120)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("纯文本：空行分段；以“- ”开头的行显示为列表；**文字** 加粗。"))
    period_start = LenientDateField(label=_("公开期起"))
    period_end = LenientDateField(label=_("公开期止"), help_text=_("公开期不少于15天"))
    whole_union = forms.BooleanField(label=_("面向全体会员"), required=False, initial=True)
    branches = forms.MultipleChoiceField(label=_("面向的分工会/小组"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, categories=(), branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [(str(c.pk), c.name) for c in categories]
        self.fields["branches"].choices = [(str(b.pk), b.name) for b in branches]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 5}))


class RequirementForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"))
    what = forms.CharField(label=_("公开内容"), max_length=120)
    frequency = forms.ChoiceField(label=_("频次"), choices=Frequency.choices)
    due_month = forms.IntegerField(label=_("截止月"), required=False, help_text=_("每年：截止的月份和日"))
    due_day = forms.IntegerField(label=_("截止日"), required=False)
    due_date = LenientDateField(label=_("截止日期"), required=False, help_text=_("一次性事项"))
    lead_days = forms.IntegerField(label=_("提前/限期天数"), required=False,
                                   help_text=_("会前：提前几天公开；会后：几天内公开"))
    event_kind = forms.ChoiceField(label=_("会议/事项类型"), required=False,
                                   choices=[("", "—")] + list(EventKind.choices))
    source = forms.CharField(label=_("依据"), max_length=200, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [(str(c.pk), c.name) for c in categories]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=120)
    date = LenientDateField(label=_("日期"))


class CategoryForm(forms.Form):
    """Field names differ from the generic ones (name, code) on purpose: they name this form alone."""

    category_name = forms.CharField(label=_("类别名称"), max_length=40)
    category_description = forms.CharField(label=_("说明"), max_length=200, required=False)
    category_union_types = forms.MultipleChoiceField(label=_("必须公开的单位类型"), required=False,
                                                     widget=forms.CheckboxSelectMultiple,
                                                     help_text=_("不选：所有单位都必须公开"))

    def __init__(self, *args, **kwargs):
        from gonghui.orgs.models import UnionType

        super().__init__(*args, **kwargs)
        self.fields["category_union_types"].choices = [(value, gettext(label)) for value, label in UnionType.choices]
