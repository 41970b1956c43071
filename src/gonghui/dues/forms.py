"""Web forms for dues. They collect raw text; the rules and their Chinese messages live in
``dues.actions`` (and ``members.validation`` for wage bases), whose ``ActionError`` is put back on the
field it names (``core.views.show_action_error``)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField
from gonghui.core.forms import DateInput, MonthField, last_month, this_month, today

from .models import Frequency, Source


def _month(label, required=True, help_text="", initial=this_month):
    """A month picker (YYYY-MM), by default on the current month; the actions parse and check it."""
    return MonthField(label=label, required=required, help_text=help_text, initial=initial)


class RunForm(forms.Form):
    # Dues are run for the month just ended, so the picker starts there.
    month = _month(_("月份"), help_text=_("如 2026-03；草稿可重新生成，已缴记录保留"), initial=last_month)


class RunAllForm(forms.Form):
    """Every grassroots union under a federation at once (a background job with progress)."""
    org = forms.ChoiceField(label=_("总工会"), help_text=_("为其下全部基层工会生成；已定稿的会费表保持不变"))
    month = _month(_("月份"), help_text=_("如 2026-03；草稿可重新生成，已缴记录保留"), initial=last_month)

    def __init__(self, *args, federations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(f.code, f.name) for f in federations]


class PolicyForm(forms.Form):
    effective_from = _month(_("生效月份"))
    rate_percent = forms.CharField(label=_("会费比例（%）"), max_length=10, initial="0.5",
                                   help_text=_("月工资收入的百分比，全国标准为0.5"))
    frequency = forms.ChoiceField(label=_("收缴周期"), choices=Frequency.choices, initial=Frequency.MONTHLY)
    group_share = forms.CharField(label=_("留给分工会/小组的比例（%）"), max_length=10, initial="0", required=False,
                                  help_text=_("内部分成，如60表示收缴的60%拨给会员所在的分工会或小组；0为不分成"))
    note = forms.CharField(label=_("依据"), max_length=200, required=False,
                           help_text=_("如：工会委员会2026年第3次会议决定"))


class WageForm(forms.Form):
    member_no = PickerField("member", label=_("会员"), help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    wage_base = forms.CharField(label=_("会费缴纳基数（元）"), max_length=20)
    effective_from = _month(_("生效月份"))
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial=Source.MANUAL)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ExemptionForm(forms.Form):
    member_no = PickerField("member", label=_("会员"), help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    start_month = _month(_("起始月份"))
    end_month = _month(_("截止月份"), required=False, help_text=_("留空：直到撤销"), initial=None)
    reason = forms.CharField(label=_("理由"), max_length=200)
    decision_no = forms.CharField(label=_("决定文号"), max_length=50, help_text=_("工会委员会的减免决定"))


class RevokeForm(forms.Form):
    note = forms.CharField(label=_("撤销原因"), max_length=200)


class BatchForm(forms.Form):
    file = forms.FileField(label=_("代扣名单（.xlsx 或 .csv）"),
                           help_text=_("列：身份证号或会员编号、姓名、扣缴金额、月份"))
    batch_no = forms.CharField(label=_("批次号"), max_length=40, required=False,
                               help_text=_("单位代扣的批次号；同月同批次号只能导入一次"))
    dry_run = forms.BooleanField(label=_("只校验，不写入"), required=False)


class RemindForm(forms.Form):
    min_months = forms.IntegerField(label=_("欠缴月数至少"), min_value=1, max_value=120, initial=1)


class RemittanceForm(forms.Form):
    to_org = forms.ChoiceField(label=_("拨付给"))
    amount = forms.CharField(label=_("金额（元）"), max_length=20)
    paid_at = forms.DateField(label=_("拨付日期"), widget=DateInput, initial=today)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, org_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = list(org_choices)
