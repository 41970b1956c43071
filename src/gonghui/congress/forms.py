"""Web forms for the congress. They collect typed input; the rules are checked by ``congress.actions``,
whose ``ActionError`` messages are put back on the fields they name."""
from django import forms
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from gonghui.core.pickers import PickerField, PickerFormMixin

from .models import Category, Choice, Grade, Kind, Proposal, Resolution
from .rules import RULE_SETS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": _("不能为空"), "invalid": _("格式不正确")}


def _delegate_choice(delegate):
    """A delegate in a picker: the name and their group (代表团)."""
    return gettext("%(name)s（%(note)s）") % {"name": delegate.member.name, "note": delegate.group}


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE_WIDGET, required=required, error_messages=REQUIRED)


def _int(label, required=True, min_value=0):
    return forms.IntegerField(label=label, required=required, min_value=min_value, error_messages={
        **REQUIRED, "min_value": _("不能小于%(limit_value)s")})


class TermForm(forms.Form):
    union = PickerField("org", label=_("基层工会"), error_messages=REQUIRED, params={"kinds": "union"},
                        help_text=_("输入工会名称、拼音或代码"))
    number = _int(_("届次"), min_value=1)
    kind = forms.ChoiceField(label=_("类型"), required=False,
                             choices=[("", _("按单位类型和职工人数自动确定"))] + list(Kind.choices))
    start = _date(_("开始日期"))
    end = _date(_("届满日期"), required=False)
    employee_count = _int(_("职工人数"), min_value=1)
    women_employees = _int(_("女职工人数"))


class DelegateForm(PickerFormMixin, forms.Form):
    member_no = PickerField("member", label=_("会员"), error_messages=REQUIRED,
                            help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    category = forms.ChoiceField(label=_("代表类别"), choices=Category.choices)
    group = forms.CharField(label=_("代表团（组）"), max_length=40, error_messages=REQUIRED)
    elected_on = _date(_("当选日期"), required=False)


class ConfirmForm(forms.Form):
    override_reason = forms.CharField(label=_("未达构成要求仍确认的理由"), required=False, max_length=300,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("免去代表资格的原因"), max_length=200, error_messages=REQUIRED)


class SessionForm(forms.Form):
    meeting = _int(_("次"), min_value=1)
    date = _date(_("会议日期"))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    agenda = forms.CharField(label=_("议程（每行一项）"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    proposals_from = _date(_("提案征集开始"), required=False)
    proposals_until = _date(_("提案征集截止"), required=False)
    special = forms.BooleanField(label=_("临时会议（三分之一以上代表提议召开）"), required=False)


class SignInForm(forms.Form):
    delegate = forms.IntegerField(label=_("代表"), widget=forms.Select, error_messages=REQUIRED)

    def __init__(self, *args, delegates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].widget.choices = [(d.pk, _delegate_choice(d)) for d in delegates]


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("表决事项"), max_length=120, error_messages=REQUIRED)
    text = forms.CharField(label=_("全文"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("代表表决前在手机上阅读的全文"))
    kind = forms.ChoiceField(label=_("类别"), choices=Resolution.ResKind.choices)
    mode = forms.ChoiceField(label=_("表决方式"), choices=Resolution.Mode.choices, initial="secret")


class PaperForm(forms.Form):
    issued = _int(_("发出纸质票"))
    returned = _int(_("收回纸质票"))
    votes_for = _int(_("赞成"))
    votes_against = _int(_("反对"))
    votes_abstain = _int(_("弃权"))
    invalid = _int(_("废票"))

    FIELD_OF = {"paper_issued": "issued", "paper_returned": "returned", "paper_for": "votes_for",
                "paper_against": "votes_against", "paper_abstain": "votes_abstain", "paper_invalid": "invalid"}


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), choices=Choice.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择赞成、反对或弃权")})


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=120, error_messages=REQUIRED)
    topic = forms.ChoiceField(label=_("类别"), choices=Proposal.Topic.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)
    suggestion = forms.CharField(label=_("建议"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)


class PaperProposalForm(ProposalForm):
    proposer = forms.IntegerField(label=_("提案人"), widget=forms.Select, error_messages=REQUIRED)
    cosigners = forms.TypedMultipleChoiceField(label=_("附议代表"), coerce=int, required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    submitted_on = _date(_("提交日期"), required=False)

    def __init__(self, *args, delegates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(d.pk, _delegate_choice(d)) for d in delegates]
        self.fields["proposer"].widget.choices = choices
        self.fields["cosigners"].choices = choices


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审查结论"), widget=forms.RadioSelect, choices=[
        ("accept", _("立案")), ("decline", _("不立案")), ("opinion", _("转为意见建议"))])
    note = forms.CharField(label=_("审查意见（不立案、转意见须填写理由）"), max_length=300, required=False)


class AssignForm(forms.Form):
    department = forms.CharField(label=_("承办部门"), max_length=60, error_messages=REQUIRED)
    deadline = _date(_("答复期限（留空按设置的天数）"), required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)
    answered_on = _date(_("答复日期"), required=False)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("对答复的评价"), widget=forms.RadioSelect, choices=[
        ("satisfied", _("满意")), ("basic", _("基本满意")), ("unsatisfied", _("不满意"))],
        error_messages={"required": _("请选择满意、基本满意或不满意")})


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("评议名称"), max_length=120, error_messages=REQUIRED)
    leaders = forms.CharField(label=_("被评议人（每行：姓名 职务）"), widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages=REQUIRED)

    def leader_rows(self):
        rows = []
        for line in self.cleaned_data["leaders"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if parts:
                rows.append((None, parts[0], " ".join(parts[1:])))
        return rows


class GradesForm(forms.Form):
    """One radio group per leader."""

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        for leader in leaders:
            self.fields[f"leader_{leader.pk}"] = forms.ChoiceField(
                label=str(leader), choices=Grade.choices, widget=forms.RadioSelect,
                error_messages={"required": _("请选择等次")})

    def grades(self):
        return {k.split("_", 1)[1]: v for k, v in self.cleaned_data.items()}


class SettingsForm(forms.Form):
    rule_set = forms.ChoiceField(label=_("代表名额规则"), choices=list(RULE_SETS.items()))
    min_cosigners = _int(_("提案最少附议人数"), min_value=1)
    answer_days = _int(_("提案答复期限（天）"), min_value=1)
    unfit_flag = forms.CharField(label=_("不称职票超过此比例即标记"), max_length=10, error_messages=REQUIRED)


def _category(text):
    """A category typed after a member number: its code, or its name in Chinese or in the current language."""
    names = {str(label): code for code, label in Category.choices}
    with translation.override("zh-hans"):
        names.update({str(label): code for code, label in Category.choices})
    return names.get(text, text)


class ElectionForm(PickerFormMixin, forms.Form):
    org = PickerField("org", label=_("选区所在组织（分工会、工会小组，可不填）"), required=False,
                      help_text=_("输入组织名称、拼音或代码"))
    name = forms.CharField(label=_("选区名称（不填则用组织名称）"), max_length=60, required=False)
    voters = _int(_("选区选民人数（不填则按该组织在籍会员数）"), required=False, min_value=1)
    seats = _int(_("应选代表名额"), min_value=1)
    date = _date(_("选举日期"))
    category = forms.ChoiceField(label=_("候选人默认代表类别"), choices=Category.choices)
    group = forms.CharField(label=_("代表团（组）"), max_length=40, error_messages=REQUIRED)
    candidates = forms.CharField(label=_("候选人（每行：姓名或会员编号，可加代表类别，如 王芳 中层以上管理人员）"),
                                 widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)

    def candidate_rows(self):
        """(member number, category code) per line; a category may be given by its code or Chinese name."""
        rows = []
        default = self.cleaned_data["category"]
        for line in self.cleaned_data["candidates"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if parts:
                cat = parts[1] if len(parts) > 1 else default
                rows.append((parts[0], _category(cat)))
        return rows


class ElectionResultForm(forms.Form):
    """Ballots and one vote field per candidate."""

    ballots_issued = _int(_("发出选票"))
    ballots_returned = _int(_("收回选票"))
    ballots_invalid = _int(_("无效选票（含所选人数多于应选名额的选票）"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in candidates:
            self.fields[f"votes_{c.pk}"] = _int(_("%(name)s得票") % {"name": c.member.name})

    def votes(self):
        return {int(k.split("_", 1)[1]): v for k, v in self.cleaned_data.items() if k.startswith("votes_")}


class ByElectionForm(forms.Form):
    date = _date(_("另行选举日期"))


class SpecialRequestForm(forms.Form):
    reason = forms.CharField(label=_("提议召开临时会议的理由"), widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages=REQUIRED)


class ConveneForm(forms.Form):
    meeting = _int(_("次"), min_value=1)
    date = _date(_("会议日期"))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    agenda = forms.CharField(label=_("议程（每行一项）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("处理结果"), max_length=300, error_messages=REQUIRED)


class PapersForm(forms.Form):
    sent_on = _date(_("发送日期（不填为今天）"), required=False)
