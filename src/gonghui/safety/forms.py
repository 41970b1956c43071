"""Web forms for safety supervision. They collect text; ``safety.actions`` validates and gives the Chinese
messages. Photos are read from ``request.FILES`` by the views and checked by the actions."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.pickers import PickerField, PickerFormMixin

from .models import Level

REQUIRED = {"required": _("不能为空")}


class ReportForm(forms.Form):
    description = forms.CharField(label=_("隐患描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                                  required=False, help_text=_("发现了什么问题，可能造成什么后果"))
    location = forms.CharField(label=_("位置"), max_length=200, required=False,
                               help_text=_("如：二号车间冲压线东侧配电箱"))
    latitude = forms.CharField(label=_("纬度"), max_length=20, required=False)
    longitude = forms.CharField(label=_("经度"), max_length=20, required=False)
    level = forms.ChoiceField(label=_("隐患等级"), choices=Level.choices, initial=Level.GENERAL)
    anonymous = forms.BooleanField(label=_("匿名报告（处理人员看不到报告人）"), required=False)


class TriageForm(forms.Form):
    decision = forms.ChoiceField(label=_("分拣结果"), error_messages=REQUIRED, choices=[
        ("accept", _("受理")), ("reject", _("不予受理")), ("duplicate", _("重复报告"))])
    level = forms.ChoiceField(label=_("隐患等级"), choices=[("", "—")] + Level.choices, required=False)
    reason = forms.CharField(label=_("不予受理理由"), max_length=300, required=False)
    duplicate_of = forms.CharField(label=_("重复的隐患编号"), max_length=20, required=False)
    day = DateField(label=_("分拣日期"), required=False)


class AssignForm(PickerFormMixin, forms.Form):
    assignee = PickerField("member", label=_("整改责任人"), required=False,
                           help_text=_("输入姓名、拼音或会员编号，从建议中选择；责任人会在待办中收到提醒，并可自行登记整改"))
    responsible = forms.CharField(label=_("整改责任部门"), max_length=100, required=False)
    assigned_on = DateField(label=_("交办日期"), required=False)
    deadline = DateField(label=_("整改期限"), required=False,
                         help_text=_("不填：一般隐患交办后15日、重大隐患30日（最后一日为节假日的顺延至下一工作日）"))


class RectifyForm(forms.Form):
    rectified_on = DateField(label=_("整改完成日期"), error_messages=REQUIRED)
    note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("验收结论"), coerce=lambda v: v == "yes", error_messages=REQUIRED,
                                    choices=[("yes", _("合格")), ("no", _("不合格，重新整改"))])
    verified_on = DateField(label=_("验收日期"), error_messages=REQUIRED)
    opinion = forms.CharField(label=_("验收意见"), max_length=500, required=False)
    deadline = DateField(label=_("新的整改期限"), required=False)


class CloseForm(forms.Form):
    closed_on = DateField(label=_("销号日期"), required=False)


class MonitorForm(forms.Form):
    workshop = forms.ChoiceField(label=_("车间（分会、小组）"), error_messages=REQUIRED)
    member_no = forms.CharField(label=_("会员编号"), max_length=32, error_messages=REQUIRED)
    appointed_on = DateField(label=_("聘任日期"), error_messages=REQUIRED)
    term_ends = DateField(label=_("任期届满"), error_messages=REQUIRED)

    def __init__(self, *args, workshops=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].choices = [(o.code, o.name) for o in workshops]


class EndMonitorForm(forms.Form):
    ended_on = DateField(label=_("解聘日期"), error_messages=REQUIRED)
    reason = forms.CharField(label=_("解聘原因"), max_length=200, required=False)


class CompetitionForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), error_messages=REQUIRED)
    title = forms.CharField(label=_("名称"), max_length=100, required=False)
    indicators = forms.CharField(
        label=_("考核指标"), widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED,
        help_text=_("每行一项：指标名称 权重% 满分，如“隐患排查治理 30 100”；权重之和应为100"))
    entrants = forms.MultipleChoiceField(label=_("参赛单位"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrants"].choices = [(o.code, o.name) for o in units]


class PublishForm(forms.Form):
    published_on = DateField(label=_("公布日期"), required=False)


class TrainingForm(forms.Form):
    event = forms.ChoiceField(label=_("活动（讲座培训、知识竞赛等）"), error_messages=REQUIRED)
    topic = forms.CharField(label=_("培训主题"), max_length=100, required=False)

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "—")] + [(str(e.pk), f"{e.starts_at:%Y-%m-%d} {e.title}") for e in events]


def indicator_rows(textarea):
    """"名称 权重 满分" lines → rows for ``actions.create_competition`` (the action checks the numbers)."""
    rows = []
    for line in (textarea or "").splitlines():
        parts = line.replace("，", " ").replace(",", " ").replace("%", " ").replace("％", " ").split()
        if not parts:
            continue
        rows.append({"name": parts[0], "weight": parts[1] if len(parts) > 1 else "",
                     "max_score": parts[2] if len(parts) > 2 else "100"})
    return rows
