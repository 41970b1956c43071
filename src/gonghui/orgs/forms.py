"""Forms of the organisation pages. They parse and check input; orgs.actions does the change."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Kind, UnionType
from .validators import validate_uscc


class OrgForm(forms.Form):
    """The fields of an organisation; ``kinds`` limits the level choice when creating a child."""

    code = forms.CharField(label=_("组织代码"), max_length=32,
                           help_text=_("2–32位字母、数字、下划线或连字符，全系统唯一"))
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("层级"))
    union_type = forms.ChoiceField(label=_("基层工会类型"), required=False,
                                   choices=[("", "—")] + [(k, _(v)) for k, v in UnionType.choices],
                                   help_text=_("只有基层工会填写"))
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False,
                           help_text=_("18位，末位为校验码"))
    founded_on = forms.DateField(label=_("成立日期"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    chair_name = forms.CharField(label=_("主席"), max_length=50, required=False)
    legal_cert_no = forms.CharField(label=_("法人资格证书号"), max_length=50, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    employee_count = forms.IntegerField(label=_("职工人数"), min_value=0, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args, kinds=None, fixed_kind=None, **kwargs):
        """Creating: ``kinds`` are the levels allowed under the parent. Editing: ``fixed_kind`` is the
        organisation's level, which never changes."""
        super().__init__(*args, **kwargs)
        self.fixed_kind = fixed_kind
        if kinds is None:
            del self.fields["kind"]
            kinds = {fixed_kind}
        else:
            self.fields["kind"].choices = [(k.value, _(k.label)) for k in Kind if k in kinds]
            if len(self.fields["kind"].choices) == 1:
                self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        if Kind.GRASSROOTS not in kinds:
            del self.fields["union_type"]

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip().upper()
        if not value:
            return ""
        try:
            return validate_uscc(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or self.fixed_kind
        if kind == Kind.GRASSROOTS and "union_type" in self.fields and not data.get("union_type"):
            self.add_error("union_type", _("请选择基层工会类型"))
        elif kind and kind != Kind.GRASSROOTS:
            data["union_type"] = ""
        return data

    def action_data(self):
        """cleaned_data in the shape orgs.actions expects (without the level)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "kind"}


class MoveForm(forms.Form):
    parent = forms.ChoiceField(label=_("新的上级组织"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + [
            (o.code, "　" * max(o.depth - 1, 0) + _("%(name)s（%(code)s）") % {"name": o.name, "code": o.code})
            for o in candidates]


class ConfirmForm(forms.Form):
    """Delete and restore: a POST with nothing to fill in; errors from the action show on it."""
