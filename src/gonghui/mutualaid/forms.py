"""Web forms for mutual aid and health checks.

Forms collect raw text; amounts, dates, eligibility and limits are validated by ``mutualaid.actions``,
whose ``ActionError`` messages go back onto the fields.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EligibleSex, Payer, PlanKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
REQUIRED = {"required": _("不能为空")}


def text(label, *, required=True, max_length=200, **kwargs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           error_messages=REQUIRED if required else None, **kwargs)


class PlanForm(forms.Form):
    owner = forms.ChoiceField(label=_("制定组织"), choices=())
    name = text(_("名称"), max_length=80, help_text=_("如：职工医疗互助、女职工特种疾病互助"))
    provider = text(_("承办机构"), required=False, max_length=80, help_text=_("如：省职工保障互助会"))
    kind = forms.ChoiceField(label=_("类别"), choices=PlanKind.choices)
    year = text(_("年度"), max_length=4)
    coverage_start = text(_("保障起始日"), max_length=20, widget=DATE_WIDGET)
    coverage_end = text(_("保障终止日"), max_length=20, widget=DATE_WIDGET)
    premium = text(_("每人保费（元）"), max_length=20)
    payer = forms.ChoiceField(label=_("缴费方式"), choices=Payer.choices)
    union_share = text(_("工会每人承担（元）"), required=False, max_length=20, help_text=_("仅“工会与个人分担”时填写"))
    per_claim_limit = text(_("单次给付上限（元）"), max_length=20)
    yearly_limit = text(_("年度累计给付上限（元）"), max_length=20)
    eligible_sex = forms.ChoiceField(label=_("性别限制"), choices=EligibleSex.choices, required=False)
    include_retained = forms.BooleanField(label=_("保留会籍会员（退休等）可参加"), required=False)
    min_age = text(_("最低年龄"), required=False, max_length=3)
    max_age = text(_("最高年龄"), required=False, max_length=3)
    note = text(_("说明"), required=False, max_length=300)

    def __init__(self, *args, owners=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(o.code, o.name) for o in owners]
        if editing:
            self.fields["owner"].disabled = True
            self.fields["owner"].required = False


class EnrolForm(forms.Form):
    org = forms.ChoiceField(label=_("参保范围"), choices=(), help_text=_("整个工会、某个分工会或工会小组"))
    member_nos = text(_("指定会员（会员编号）"), required=False, max_length=4000,
                      widget=forms.Textarea(attrs={"rows": 2}),
                      help_text=_("留空：范围内符合条件的会员全部参保；填写：只登记这些会员，逐一检查条件"))
    draft_voucher = forms.BooleanField(label=_("同时生成保费记账凭证草稿"), required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.label) for o in orgs]


class RenewForm(forms.Form):
    org = forms.ChoiceField(label=_("续保范围"), choices=())
    draft_voucher = forms.BooleanField(label=_("同时生成保费记账凭证草稿"), required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.label) for o in orgs]


class ClaimForm(forms.Form):
    enrolment = forms.ChoiceField(label=_("参保计划"), choices=())
    incident_date = text(_("就医（出险）日期"), max_length=20, widget=DATE_WIDGET)
    amount = text(_("申请金额（元）"), max_length=20)
    diagnosis = text(_("病情及就医说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                     help_text=_("仅工会经办人和您本人可见，加密保存"))

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [(str(e.pk), label) for e, label in enrolments]


class ApproveForm(forms.Form):
    amount_approved = text(_("核准金额（元）"), required=False, max_length=20, help_text=_("留空：按申请金额核准"))
    decision_note = text(_("审核意见"), required=False, max_length=200)


class RejectForm(forms.Form):
    decision_note = text(_("不予核准的原因"), max_length=200)


class PayForm(forms.Form):
    paid_on = text(_("给付日期"), required=False, max_length=20, widget=DATE_WIDGET)


class RoundForm(forms.Form):
    name = text(_("名称"), max_length=80)
    provider = text(_("体检机构"), max_length=80)
    place = text(_("地点"), required=False, max_length=120)
    start_date = text(_("开始日期"), max_length=20, widget=DATE_WIDGET)
    end_date = text(_("结束日期"), max_length=20, widget=DATE_WIDGET)
    note = text(_("说明"), required=False, max_length=300)


class SlotForm(forms.Form):
    org = forms.ChoiceField(label=_("分组"), choices=())
    date = text(_("日期"), max_length=20, widget=DATE_WIDGET)
    start_time = text(_("开始时间"), max_length=8, widget=TIME_WIDGET)
    end_time = text(_("结束时间"), required=False, max_length=8, widget=TIME_WIDGET)
    note = text(_("说明"), required=False, max_length=200)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.label) for o in orgs]
