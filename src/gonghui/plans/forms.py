"""Forms of the plan pages: they only parse; the actions validate and write."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, today
from gonghui.core.metrics import all_metrics

from .labels import MONTHS as MONTH_NAMES
from .labels import unit_name
from .models import Capability, Comparator, PlanKind, SummaryKind, TargetPeriod, TaskStatus
from .templates_data import TEMPLATES

MONTHS = [("", _("未定月份"))] + [(str(m), MONTH_NAMES[m]) for m in range(1, 13)]


def metric_option(metric, *, availability=True):
    """"会员总数（人）", "人均合理化建议（条），暂无数据" in the current language."""
    names = {"label": metric.label, "unit": unit_name(metric.unit)}
    if availability and not metric.available:
        return _("%(label)s（%(unit)s），暂无数据") % names
    return _("%(label)s（%(unit)s）") % names


def metric_choices():
    return [(m.code, metric_option(m)) for m in all_metrics()]


class PlanForm(forms.Form):
    union = forms.ChoiceField(label=_("工会"))
    kind = forms.ChoiceField(label=_("计划类型"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("年度"))
    part = forms.ChoiceField(label=_("半年/学期"), required=False,
                             choices=[("", "—"), ("1", _("上半年 / 春季学期")), ("2", _("下半年 / 秋季学期"))])
    title = forms.CharField(label=_("标题"), max_length=120)
    start = forms.ChoiceField(label=_("起点"), required=False)
    guiding_thought = forms.CharField(label=_("指导思想"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, unions=(), previous=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [(u.code, u.name) for u in unions]
        self.fields["start"].choices = ([("", _("空白计划"))]
                                        + [(f"template:{k}", _("模板：%(name)s") % {"name": v["name"]})
                                           for k, v in TEMPLATES.items()]
                                        + [(f"copy:{p.pk}", _("复制：%(title)s（%(union)s）")
                                            % {"title": p.title, "union": p.union.name}) for p in previous])


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    guiding_thought = forms.CharField(label=_("指导思想"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class SectionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    body = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.ChoiceField(label=_("上级条目"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("（顶层）"))] + [
            (str(s.pk), "　" * max(s.level - 1, 0) + f"{s.label}{s.title}"[:40]) for s in sections if s.level < 5]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务"), max_length=300)
    month = forms.CharField(label=_("月份"), required=False, widget=forms.Select(choices=MONTHS))
    owner = forms.CharField(label=_("负责人"), required=False, max_length=60)
    capability = forms.ChoiceField(label=_("承担模块"), choices=Capability.choices, initial=Capability.OTHER)
    section = forms.ChoiceField(label=_("所属条目"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "—")] + [(str(s.pk), f"{s.label}{s.title}"[:40]) for s in sections]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=TaskStatus.choices)
    done_at = forms.DateField(label=_("完成日期"), required=False, widget=DateInput, initial=today)


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("指标"))
    comparator = forms.ChoiceField(label=_("比较"), choices=Comparator.choices)
    threshold = forms.CharField(label=_("目标值"), max_length=20)
    period = forms.ChoiceField(label=_("考核期间"), choices=TargetPeriod.choices)
    label = forms.CharField(label=_("目标名称"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metric_choices()


class LinkForm(forms.Form):
    record = forms.CharField(label=_("记录"), help_text=_("格式：应用.模型:编号"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("计划文件（.docx 或 .txt）"))


class ImportConfirmForm(forms.Form):
    union = forms.ChoiceField(label=_("工会"))
    kind = forms.ChoiceField(label=_("计划类型"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("年度"))
    part = forms.ChoiceField(label=_("半年/学期"), required=False,
                             choices=[("", "—"), ("1", _("上半年 / 春季学期")), ("2", _("下半年 / 秋季学期"))])
    title = forms.CharField(label=_("标题"), max_length=120)
    part_index = forms.ChoiceField(label=_("导入哪一篇"), required=False)

    def __init__(self, *args, unions=(), parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [(u.code, u.name) for u in unions]
        self.fields["part_index"].choices = [("", _("全部内容"))] + [
            (str(p["index"]), f"{p['label']} {p['title']}") for p in parts]


class SummaryForm(forms.Form):
    kind = forms.ChoiceField(label=_("总结类型"), choices=SummaryKind.choices)


class ReportForm(forms.Form):
    org = forms.ChoiceField(label=_("组织"))
    year = forms.IntegerField(label=_("年度"))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]
