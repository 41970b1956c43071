"""Forms of the requests pages: plain input handed to ``appeals.actions``."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.pickers import PickerField

from .models import Category, LegalAid, Rating


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class SubmitForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    text = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("匿名提交"), required=False,
                                   help_text=_("匿名提交不保存与您的任何关联，只能凭查询码查看答复"))
    attachments = MultipleFileField(label=_("附件"), required=False,
                                    help_text=_("最多3个，每个不超过5MB：图片、PDF、Word或文本"))


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("满意度"), choices=Rating.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("评价意见"), max_length=300, required=False)


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = DateField(label=_("答复日期"))


class AssignForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("承办人"), coerce=int)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [(u.pk, u.name or u.username) for u in officers]


class LegalAidForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LegalAid.Kind.choices)
    date = DateField(label=_("日期"))
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    member_no = PickerField("member", label=_("会员"), required=False,
                            help_text=_("可不填：输入姓名、拼音或会员编号，从建议中选择"))
    provider = forms.CharField(label=_("承办律师或机构"), max_length=100, required=False)
    summary = forms.CharField(label=_("情况摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("结果"), max_length=200, required=False)


class RoutingForm(forms.Form):
    """The answer period and, per category, the officer new requests go to (blank: assigned by hand)."""
    answer_working_days = forms.CharField(label=_("答复期限（工作日）"), max_length=3,
                                          help_text=_("自提交次日起按国家法定工作日计算，逾期未答复的诉求转上级工会"))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（不指定，由干部分派）"))] + [(u.pk, u.name or u.username) for u in officers]
        for value, label in Category.choices:
            self.fields[f"route_{value}"] = forms.TypedChoiceField(label=label, choices=choices, coerce=int,
                                                                   required=False, empty_value=None)
