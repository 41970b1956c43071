"""Web forms for competitions. They collect raw text; ``contests.actions`` validates it and its
``ActionError`` messages go back onto the fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Aggregate, Basis, Better, Measure, Mode, TeamTotal

REQUIRED = {"required": _("不能为空")}


class ItemForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=60, error_messages=REQUIRED,
                           help_text=_("如：跳绳、踢毽、滚铁环接力"))
    mode = forms.ChoiceField(label=_("赛制"), choices=Mode.choices)
    team_total = forms.ChoiceField(label=_("团体成绩"), choices=TeamTotal.choices, required=False,
                                   help_text=_("团体赛：按队录入（如接力用时）或累加队员成绩"))
    measure = forms.ChoiceField(label=_("计分方式"), choices=Measure.choices)
    unit = forms.CharField(label=_("单位"), max_length=10, required=False, help_text=_("如：个、秒、分"))
    better = forms.ChoiceField(label=_("名次规则"), choices=[("", _("自动（计时越低越好，其余越高越好）"))] + list(Better.choices),
                               required=False)
    rounds = forms.CharField(label=_("轮数"), initial="1", max_length=3)
    aggregate = forms.ChoiceField(label=_("多轮成绩"), choices=Aggregate.choices)
    description = forms.CharField(label=_("规则说明"), max_length=300, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("如：一组6人，1分钟计个数，不限中断次数"))


class PrizeRowForm(forms.Form):
    level = forms.CharField(label=_("奖项"), max_length=20, required=False)
    basis = forms.ChoiceField(label=_("评奖方式"), choices=Basis.choices, required=False)
    count = forms.CharField(label=_("名额"), max_length=5, required=False)
    threshold = forms.CharField(label=_("达标成绩"), max_length=20, required=False)
    amount = forms.CharField(label=_("每人奖品金额（元）"), max_length=20, required=False)
    goods = forms.CharField(label=_("奖品"), max_length=100, required=False)


PrizeFormSet = forms.formset_factory(PrizeRowForm, extra=0)


class CorrectionForm(forms.Form):
    value = forms.CharField(label=_("更正后的成绩"), max_length=30, error_messages=REQUIRED)
    reason = forms.CharField(label=_("更正原因"), max_length=200, error_messages=REQUIRED)


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("成绩录入表（.xlsx）"), error_messages=REQUIRED)


class PublishForm(forms.Form):
    title = forms.CharField(label=_("公告标题"), max_length=120, required=False,
                            help_text=_("留空则为“活动名称+比赛成绩公告”"))


class ConfirmForm(forms.Form):
    override_reason = forms.CharField(label=_("突破规则的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text=_("超出开支规则时，由工会主席写明理由后确认"))
