"""Web forms for elections and terms: they collect raw input; ``elections.actions`` validates it and
its ``ActionError`` messages go back onto the fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField

from .models import Assembly, Basis, Body, Kind, Post, RemovalChoice

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": _("不能为空")}


class ElectionForm(forms.Form):
    union = forms.ChoiceField(label=_("基层工会"), error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("选举事项"), choices=Kind.choices)
    seats = forms.IntegerField(label=_("应选人数"), min_value=1, max_value=99, error_messages={
        **REQUIRED, "invalid": _("应为正整数"), "min_value": _("至少1人"), "max_value": _("不超过99人")})
    title = forms.CharField(label=_("名称"), max_length=100, required=False, help_text=_("留空则按工会和选举事项命名"))
    assembly = forms.ChoiceField(label=_("会议形式"), required=False,
                                 choices=[("", _("按会员人数（100人及以上用会员代表大会）"))] + list(Assembly.choices))
    threshold_basis = forms.ChoiceField(label=_("当选票数基数"), choices=Basis.choices,
                                        help_text=_("默认：超过应到会选举人半数方可当选"))
    term_years = forms.TypedChoiceField(label=_("任期"), coerce=int, choices=[(5, _("5年")), (3, _("3年"))])
    committee_election = forms.ChoiceField(label=_("所依据的委员选举"), required=False,
                                           help_text=_("选举主席、副主席时选择新一届委员会的选举"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, unions=(), committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [(u.code, u.name) for u in unions]
        self.fields["committee_election"].choices = [("", "—")] + [(str(e.pk), f"{e.union.name} · {e.title}")
                                                                   for e in committees]


class NominateForm(forms.Form):
    member_no = PickerField("member", label=_("候选人"), error_messages=REQUIRED,
                            help_text=_("输入姓名、拼音或会员编号，从建议中选择"))
    nominated_by = forms.CharField(label=_("提名方式"), max_length=100, required=False,
                                   help_text=_("如：会员小组推荐、十人以上联名"))


class MemberListForm(forms.Form):
    member_nos = forms.CharField(label=_("会员"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED,
                                 help_text=_("姓名或会员编号，每行一个，或用逗号、空格分隔；同名时写成“姓名（会员编号）”"))


class PresentForm(forms.Form):
    present = forms.IntegerField(label=_("实到会人数"), min_value=0, error_messages={
        **REQUIRED, "invalid": _("应为整数"), "min_value": _("不能为负数")})


class BallotForm(forms.Form):
    """A ballot: the round's candidates as check boxes, and write-ins (另选他人) one per line."""

    marks = forms.MultipleChoiceField(label=_("候选人"), required=False, widget=forms.CheckboxSelectMultiple)
    write_ins = forms.CharField(label=_("另选他人"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("填写姓名，每行一人"))

    def __init__(self, *args, candidates=(), allow_write_ins=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marks"].choices = [(str(c.pk), c.name) for c in candidates]
        if not allow_write_ins:
            del self.fields["write_ins"]

    def names(self):
        raw = self.cleaned_data.get("write_ins") or ""
        return [line.strip() for line in raw.replace("，", "\n").replace(",", "\n").splitlines() if line.strip()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("缺额处理"), widget=forms.RadioSelect, choices=[
        ("further", _("在未当选的候选人中另行选举")), ("empty", _("缺额暂不补选"))], error_messages=REQUIRED)


class TermForm(forms.Form):
    org = PickerField("org", label=_("基层工会"), error_messages=REQUIRED, params={"kinds": "union"},
                      help_text=_("输入工会名称、拼音或代码"))
    body = forms.ChoiceField(label=_("机构"), choices=Body.choices)
    elected_on = forms.DateField(label=_("选举日期"), widget=DATE_WIDGET, error_messages={
        **REQUIRED, "invalid": _("日期格式应为2024-01-31")})
    years = forms.TypedChoiceField(label=_("任期"), coerce=int, choices=[(5, _("5年")), (3, _("3年"))])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


# Field names of ``ActionError`` messages shown as page messages (not on a form field), in Chinese.
FIELD_LABELS = {
    "status": _("状态"), "state": _("状态"), "round": _("投票轮次"), "removal": _("表决"), "members": _("会员编号"),
    "member_nos": _("会员编号"), "member": _("会员"), "candidates": _("候选人"), "present": _("实到会人数"),
    "further_round": _("缺额处理"), "office": _("被罢免职务"), "choice": _("表决意见"), "union": _("基层工会"),
}


class OfficeForm(forms.Form):
    org = PickerField("org", label=_("基层工会"), error_messages=REQUIRED, params={"kinds": "union"},
                      help_text=_("输入工会名称、拼音或代码"))
    post = forms.ChoiceField(label=_("职务"), choices=Post.choices)
    member_no = PickerField("member", label=_("任职人"), error_messages=REQUIRED,
                            help_text=_("输入姓名、拼音或会员编号"))
    started_on = forms.DateField(label=_("任职日期"), widget=DATE_WIDGET, error_messages={
        **REQUIRED, "invalid": _("日期格式应为2024-01-31")})


class RemovalForm(forms.Form):
    office = forms.ChoiceField(label=_("被罢免职务"), error_messages=REQUIRED)
    reason = forms.CharField(label=_("罢免理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages=REQUIRED)
    motion_on = forms.DateField(label=_("动议日期"), widget=DATE_WIDGET, error_messages={
        **REQUIRED, "invalid": _("日期格式应为2024-01-31")})
    assembly = forms.ChoiceField(label=_("会议形式"), required=False,
                                 choices=[("", _("按会员人数（100人及以上用会员代表大会）"))] + list(Assembly.choices))

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "—")] + [
            (str(o.pk), f"{o.union.name} · {o.get_post_display()} · {o.name}") for o in offices]


COUNT_ERRORS = {"invalid": _("应为整数"), "min_value": _("不能为负数")}


class RemovalPaperForm(forms.Form):
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0, required=False, error_messages=COUNT_ERRORS)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0, required=False, error_messages=COUNT_ERRORS)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0, required=False, error_messages=COUNT_ERRORS)
    invalid = forms.IntegerField(label=_("无效票"), min_value=0, required=False, error_messages=COUNT_ERRORS)


class RemovalVoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), widget=forms.RadioSelect, choices=RemovalChoice.choices,
                               error_messages=REQUIRED)


def split_numbers(text):
    import re

    return [p for p in re.split(r"[\s,，、;；]+", text or "") if p]
