"""Forms of the push-down pages (raw values; ``pushdown_actions`` checks them and names the field)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import UnionType

from .models import PushKind


class PushDownForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[(v, _(label)) for v, label in PushKind.choices])
    title = forms.CharField(label=_("标题"), max_length=120)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    plan = forms.ChoiceField(label=_("下发的工作计划"), required=False, help_text=_("类型为工作计划时选择本级计划"))
    due_on = forms.CharField(label=_("回复期限"), help_text=_("如 2026-12-31"))
    union_types = forms.MultipleChoiceField(label=_("工会类型"), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            choices=[(v, _(label)) for v, label in UnionType.choices],
                                            help_text=_("不选：所有类型"))
    units = forms.MultipleChoiceField(label=_("下发单位"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("不选：本级以下全部基层工会"))
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, plans=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "—")] + [(str(p.pk), f"{p.year} {p.title}") for p in plans]
        self.fields["units"].choices = [(u.code, u.name) for u in units]


class RespondForm(forms.Form):
    how = forms.ChoiceField(label=_("回复方式"), widget=forms.RadioSelect)
    response = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    plan = forms.ChoiceField(label=_("本单位的工作计划"), required=False, help_text=_("报送本单位计划时选择"))
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, is_plan=False, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        hows = [("acknowledge", _("已阅知")), ("reply", _("回复"))]
        if is_plan:
            hows += [("adopt", _("采用为本单位计划草稿")), ("report", _("报送本单位计划及目标"))]
        self.fields["how"].choices = hows
        self.fields["plan"].choices = [("", "—")] + [(str(p.pk), f"{p.year} {p.title}") for p in plans]
        if not is_plan:
            del self.fields["plan"]
