"""Web forms for star ratings. They collect text; ``ratings.actions`` validates and gives the Chinese messages.
The per-indicator score inputs of the self-assessment and review pages are read by ``views._scores``."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import metrics
from gonghui.core.forms import DateField

REQUIRED = {"required": _("不能为空")}


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("方案名称"), max_length=100, error_messages=REQUIRED)
    year = forms.CharField(label=_("年度"), max_length=4, error_messages=REQUIRED)
    deadline = DateField(label=_("自评截止日期"), error_messages=REQUIRED)


class PresetForm(forms.Form):
    federation = forms.CharField(label=_("总工会"), max_length=32, error_messages=REQUIRED)
    year = forms.CharField(label=_("年度"), max_length=4, error_messages=REQUIRED)
    deadline = DateField(label=_("自评截止日期"), error_messages=REQUIRED)


def _metric_choices():
    return [("", _("—（人工评分）"))] + [(m.code, f"{m.label}（{m.unit_label}）")
                                       for m in metrics.all_metrics() if m.available]


class IndicatorForm(forms.Form):
    area = forms.CharField(label=_("评定方面"), max_length=50, required=False)
    name = forms.CharField(label=_("指标"), max_length=200, required=False)
    max_points = forms.CharField(label=_("分值"), max_length=10, required=False)
    weight = forms.CharField(label=_("权重"), max_length=10, required=False)
    metric = forms.ChoiceField(label=_("数据指标"), choices=_metric_choices, required=False)
    threshold = forms.CharField(label=_("达标值"), max_length=16, required=False)


class BandForm(forms.Form):
    stars = forms.CharField(label=_("星级"), max_length=2, required=False)
    min_score = forms.CharField(label=_("最低分（含）"), max_length=10, required=False)
    max_score = forms.CharField(label=_("最高分（不含，100分除外）"), max_length=10, required=False)


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=3, max_num=200)
BandFormSet = forms.formset_factory(BandForm, extra=1, max_num=5)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=1000)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED,
                             max_length=500)
    due = DateField(label=_("修改期限"), required=False, help_text=_("不填：截止日期未到按截止日期，已过则为七天后"))
