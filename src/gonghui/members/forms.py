"""Web forms for members.

The forms only collect raw text: every rule (required fields, ID checksum, dates, choices) lives in
``members.validation`` and is applied by the action functions, whose ``ActionError`` messages are put
back onto the form next to the field they name (``add_action_error``).
"""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.pickers import PickerField
from gonghui.orgs.models import MEMBER_HOLDING_KINDS, Organisation

from .models import ETHNICITIES, Education, EmploymentForm, PoliticalStatus, Sex, TerminationReason
from .validation import FIELD_LABELS as LABELS

# Above this many organisations a <select> becomes unwieldy (a county federation has thousands):
# the picker turns into a text box for the organisation code.
ORG_PICKER_LIMIT = 300

REQUIRED_MESSAGE = {"required": _("不能为空")}  # the same words as members.validation
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _translated(choices):
    """Choices whose labels are plain Chinese on the model, shown in the current language."""
    return [(value, _(label)) for value, label in choices]


def _blank(choices):
    return [("", "—")] + _translated(choices)


def org_options(user, cap, *, holding_only=True, within=None):
    """Organisations ``user`` may pick for ``cap``, in tree order, or ``None`` when too many to list.

    ``within`` limits the list to one subtree (e.g. the member's own union when moving).
    """
    qs = Organisation.objects.visible_to(user, cap)
    if holding_only:
        qs = qs.filter(kind__in=MEMBER_HOLDING_KINDS)
    if within is not None:
        qs = qs.subtree(within)
    rows = list(qs.tree_order().only("id", "code", "name", "depth", "kind", "union")[: ORG_PICKER_LIMIT + 1])
    if len(rows) > ORG_PICKER_LIMIT:
        return None
    return indent(rows)


def indent(orgs):
    """Give each organisation a ``label``: its name indented by depth, so a select shows the tree."""
    top = min((o.depth for o in orgs), default=0)
    for o in orgs:
        o.label = "\u3000" * (o.depth - top) + o.name
    return orgs


def org_field(options, *, label):
    """A select of organisation codes when ``options`` is a list, a code text box when it is ``None``.

    Either way the view resolves the code again inside the user's scope before using it."""
    if options is None:
        return forms.CharField(label=label, max_length=32, help_text=_("请输入组织代码"))
    return forms.ChoiceField(label=label, choices=[(o.code, getattr(o, "label", o.name)) for o in options])


def add_action_error(form, exc, labels=LABELS):
    """Show an ``ActionError``'s messages next to the fields they name (others above the form)."""
    for field, messages in exc.message_dict.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field == "__all__":
                form.add_error(None, message)
            else:
                label = labels.get(field, field)
                label = gettext(label) if isinstance(label, str) else label  # plain Chinese labels too
                form.add_error(None, gettext("%(label)s：%(message)s") % {"label": label, "message": message})


class MemberForm(forms.Form):
    """Every editable member field, labelled in Chinese; choices are selects of Chinese labels."""

    name = forms.CharField(label=LABELS["name"], max_length=50, error_messages=REQUIRED_MESSAGE)
    id_number = forms.CharField(label=LABELS["id_number"], max_length=18, error_messages=REQUIRED_MESSAGE,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    sex = forms.ChoiceField(label=LABELS["sex"], choices=_blank(Sex.choices), required=False,
                            help_text=_("可不填，按身份证号确定"))
    birth_date = forms.CharField(label=LABELS["birth_date"], required=False, widget=DATE_WIDGET,
                                 help_text=_("可不填，按身份证号确定"))
    phone = forms.CharField(label=LABELS["phone"], max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    ethnicity = forms.ChoiceField(label=LABELS["ethnicity"], choices=[(e, _(e)) for e in ETHNICITIES],
                                  required=False, initial="汉族")
    political_status = forms.ChoiceField(label=LABELS["political_status"], choices=_translated(PoliticalStatus.choices),
                                         required=False, initial=PoliticalStatus.MASSES)
    education = forms.ChoiceField(label=LABELS["education"], choices=_blank(Education.choices), required=False)
    employment_form = forms.ChoiceField(label=LABELS["employment_form"], choices=_translated(EmploymentForm.choices),
                                        required=False, initial=EmploymentForm.CONTRACT)
    post = forms.CharField(label=LABELS["post"], max_length=50, required=False)
    hire_date = forms.CharField(label=LABELS["hire_date"], required=False, widget=DATE_WIDGET)
    wage_base = forms.CharField(label=LABELS["wage_base"], max_length=20, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                help_text=_("元，保留两位小数"))
    join_date = forms.CharField(label=LABELS["join_date"], required=False, widget=DATE_WIDGET,
                                help_text=_("不填为今天"))
    member_no = forms.CharField(label=LABELS["member_no"], max_length=32, required=False,
                                help_text=_("不填自动编号"))
    card_no = forms.CharField(label=LABELS["card_no"], max_length=32, required=False)
    # The record's last change as the editor loaded it: a concurrent edit is refused, not overwritten.
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_warnings = forms.BooleanField(label=_("确认警告：核对无误，仍然保存"), required=False)

    MEMBER_FIELDS = ["name", "id_number", "sex", "birth_date", "phone", "ethnicity", "political_status",
                     "education", "employment_form", "post", "hire_date", "wage_base", "join_date",
                     "member_no", "card_no"]

    def __init__(self, *args, org_options=None, masked=(), show_org=False, **kwargs):
        """``masked`` names fields this user may not read: left empty, sent only when typed anew."""
        super().__init__(*args, **kwargs)
        self.masked = set(masked)
        self.show_confirm = False
        if show_org:
            self.fields = {"org": org_field(org_options, label=LABELS["org"]), **self.fields}
        for name in self.masked:
            field = self.fields[name]
            field.required = False
            field.help_text = _("无权查看，留空表示不修改")
            field.widget.attrs["placeholder"] = "****"

    def member_data(self, *, only_changed=False):
        """The raw values to hand to the action (an edit sends only what was changed)."""
        data = {}
        for name in self.MEMBER_FIELDS:
            value = self.cleaned_data.get(name, "")
            if only_changed and name not in self.changed_data:
                continue
            if name in self.masked and value in ("", None):
                continue
            data[name] = value
        if not only_changed:
            # Blank sex and birth date mean "as the ID number says".
            for derived in ("sex", "birth_date"):
                if not data.get(derived):
                    data.pop(derived, None)
        return data


class MoveForm(forms.Form):
    def __init__(self, *args, org_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field(org_options, label=_("调整到"))


class TransferOutForm(forms.Form):
    to_org = PickerField("org", label=_("转入组织"),
                         help_text=_("接收方基层工会（或其分工会、小组）：输入名称、拼音或组织代码；本县以外的组织请填写组织代码"))
    reason = forms.CharField(label=_("转出原因"), max_length=200, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(label=_("终止原因"), choices=_blank(TerminationReason.choices), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class DeleteForm(forms.Form):
    note = forms.CharField(label=_("删除原因"), max_length=200, required=False)
    confirm = forms.BooleanField(label=_("确认删除（可在“已删除”中恢复）"), required=True)


class AccountForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False),
                               help_text=_("至少8位；会员首次登录须修改"))


class AcceptForm(forms.Form):
    def __init__(self, *args, org_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field(org_options, label=_("接收到"))
        self.fields["note"] = forms.CharField(label=_("说明"), max_length=200, required=False)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("退回原因"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("会员名册文件（.xlsx 或 .csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False)
    update = forms.BooleanField(label=_("按身份证号更新已有会员"), required=False)

    def __init__(self, *args, org_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"org": org_field(org_options, label=_("导入到组织")), **self.fields}
