from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField
from gonghui.orgs.models import UnionType

from .models import Industry, Size


def _choices(choices):
    return [("", "—")] + [(code, _(label)) for code, label in choices]


class EmployerForm(forms.Form):
    """Raw values for ``actions.clean`` (which checks them and names the field in its messages)."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30, help_text=_("18位，末位为校验码"))
    name = forms.CharField(label=_("单位名称"), max_length=100)
    industry = forms.ChoiceField(label=_("行业"), required=False, choices=_choices(Industry.choices))
    size = forms.ChoiceField(label=_("规模"), required=False, choices=_choices(Size.choices))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    employees = forms.CharField(label=_("职工总数"), required=False)
    migrant = forms.CharField(label=_("农民工"), required=False)
    dispatched = forms.CharField(label=_("劳务派遣"), required=False)
    counted_on = forms.CharField(label=_("人数统计日期"), required=False, help_text=_("如 2026-11-30"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class FoundForm(forms.Form):
    code = forms.CharField(label=_("组织代码"), max_length=32, help_text=_("2–32位字母、数字、下划线或连字符，全系统唯一"))
    name = forms.CharField(label=_("工会名称"), max_length=100, required=False,
                           help_text=_("不填则为“单位名称+工会委员会”"))
    union_type = forms.ChoiceField(label=_("基层工会类型"), initial=UnionType.ENTERPRISE, choices=[
        (k, _(v)) for k, v in UnionType.choices if k not in (UnionType.JOINT, UnionType.INDUSTRY)])
    founded_on = forms.DateField(label=_("成立日期"), required=False)
    chair_name = forms.CharField(label=_("主席"), max_length=50, required=False)
    refund = forms.BooleanField(label=_("同时返还建会筹备金（须为总工会经费会计）"), required=False)


class LinkForm(forms.Form):
    union = PickerField("org", label=_("工会"), required=False, params={"kinds": "union"},
                        placeholder=_("输入工会名称、拼音或代码"),
                        help_text=_("本单位的基层工会，或覆盖本单位的联合工会、行业工会；留空则解除关联"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("单位名录文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=_("只校验，不写入"), required=False)


class SettingForm(forms.Form):
    min_employees = forms.CharField(label=_("应建会职工人数下限"), initial=25)
    effective_from = forms.CharField(label=_("生效日期"), required=False)
    source = forms.CharField(label=_("依据文件"), max_length=200, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
