"""Web forms for care. They collect text; ``care.actions`` validates and gives the Chinese messages."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField
from gonghui.spending.catalogue import EXPENSE_KIND_CHOICES, Form

from .models import Answer, Distribution, HardshipHelp

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": _("不能为空")}
FORMS = Form.CHOICES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class VisitForm(forms.Form):
    member_no = PickerField("member", label=_("会员"), error_messages=REQUIRED,
                            help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    occasion = forms.ChoiceField(label=_("事由"), error_messages=REQUIRED)
    date = forms.DateField(label=_("走访日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    visitors = forms.CharField(label=_("走访人"), max_length=100, error_messages=REQUIRED)
    gift = forms.CharField(label=_("慰问品或慰问金"), max_length=200, required=False)
    amount = forms.CharField(label=_("金额（元）"), max_length=20, required=False,
                             help_text=_("有金额时按开支规则检查，并生成记账凭证草稿"))
    form = forms.ChoiceField(label=_("发放形式"), choices=FORMS, initial=Form.CASH, required=False)
    note = forms.CharField(label=_("情况记录"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(label=_("突破规则的理由"), max_length=300, required=False,
                                      help_text=_("仅工会主席可填写"))

    def __init__(self, *args, occasions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].choices = [("", "—")] + [
            (c.code, gettext("%(name)s（五必访）") % {"name": c.label} if c.must_visit else c.label)
            for c in occasions]


class OccasionForm(forms.Form):
    code = forms.CharField(label=_("代码"), max_length=30, required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("名称"), max_length=30, error_messages=REQUIRED)
    expense_kind = forms.ChoiceField(label=_("开支类型"), choices=[("", "—")] + EXPENSE_KIND_CHOICES,
                                     error_messages=REQUIRED)
    must_visit = forms.BooleanField(label=_("五必访"), required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class FiguresForm(forms.Form):
    household_size = forms.CharField(label=_("家庭人口"), max_length=3, error_messages=REQUIRED)
    household = forms.CharField(label=_("家庭成员情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    household_income = forms.CharField(label=_("家庭年可支配收入（元）"), max_length=20, error_messages=REQUIRED)
    essential_spending = forms.CharField(label=_("年刚性支出（元）"), max_length=20, error_messages=REQUIRED,
                                         help_text=_("医疗、教育等必需支出"))
    crisis_costs = forms.CharField(label=_("年突发支出（元）"), max_length=20, required=False,
                                   help_text=_("超过家庭年收入80%的属意外致困"))
    disaster = forms.BooleanField(label=_("遭遇灾害或因公致困"), required=False)
    cause = forms.CharField(label=_("致困原因"), error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.CharField(label=_("帮扶计划"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("一人一档一策：提交建档时必填"))


class FileForm(FiguresForm):
    member_no = PickerField("member", label=_("会员"), error_messages=REQUIRED,
                            help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    evidence = MultipleFileField(label=_("证明材料（收入证明等）"), required=False,
                                 help_text=_("PDF、OFD或图片，每个不超过10MB；提交建档至少一份"))
    field_order = ["member_no"]


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("证明材料"), error_messages={"required": _("请选择要上传的文件")})


class ReverifyForm(FiguresForm):
    verified_on = forms.DateField(label=_("核实日期"), widget=DATE_WIDGET, error_messages=REQUIRED)


class HelpForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    help_kind = forms.ChoiceField(label=_("帮扶方式"), choices=HardshipHelp.Kind.choices)
    description = forms.CharField(label=_("帮扶内容"), max_length=200, error_messages=REQUIRED)
    amount = forms.CharField(label=_("金额（元）"), max_length=20, required=False)
    override_reason = forms.CharField(label=_("突破规则的理由"), max_length=300, required=False)


class ExitForm(forms.Form):
    exit_reason = forms.CharField(label=_("退出原因"), max_length=200, error_messages=REQUIRED)
    exited_on = forms.DateField(label=_("退出日期"), widget=DATE_WIDGET, error_messages=REQUIRED)


class FestivalForm(forms.Form):
    festival = forms.CharField(label=_("节日"), max_length=20, error_messages=REQUIRED, help_text=_("如春节、端午节、中秋节"))
    date = forms.DateField(label=_("发放日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    description = forms.CharField(label=_("物品"), max_length=200, error_messages=REQUIRED)
    amount_per_person = forms.CharField(label=_("每人金额（元）"), max_length=20, error_messages=REQUIRED)
    group = PickerField("org", label=_("发放范围"), required=False,
                        help_text=_("输入组织名称、拼音或代码：该组织及下级的全部在籍会员；留空则填写会员"))
    member_nos = forms.CharField(label=_("会员"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("姓名或会员编号，多人用空格、逗号或换行分开；同名时写成“姓名（会员编号）”"))
    override_reason = forms.CharField(label=_("突破规则的理由"), max_length=300, required=False)


class BirthdayForm(forms.Form):
    date = forms.DateField(label=_("发放日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    description = forms.CharField(label=_("物品"), max_length=200, error_messages=REQUIRED)
    amount_per_person = forms.CharField(label=_("每人金额（元）"), max_length=20, error_messages=REQUIRED)
    form = forms.ChoiceField(label=_("发放形式"), choices=FORMS, initial=Form.GOODS, required=False)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("满意度"), choices=Answer.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择：满意、基本满意或不满意")})
    comment = forms.CharField(label=_("意见建议"), max_length=300, required=False)


class PovertyLineForm(forms.Form):
    amount = forms.CharField(label=_("低保标准（元/人·月）"), max_length=20, error_messages=REQUIRED)
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE_WIDGET, error_messages=REQUIRED)
    source = forms.CharField(label=_("依据文件"), max_length=200, required=False)


KIND_CHOICES = Distribution.Kind.choices
