"""How members and transfers look in the API, and what the member endpoints accept.

Output goes through ``members.privacy.shown``: ID number and phone are masked by default (a role that
may see personal data gets ``can_reveal`` and calls ``POST …/reveal/``, which is audited), the wage base (and the dues computed from it, which would give it away) unless the role
may see wages. Input is taken as raw text and handed to the actions, whose ``members.validation``
gives the same Chinese messages as the web form and the Excel import.
"""
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core import crypto
from gonghui.core.api import DateField

from . import privacy
from .actions import EDITABLE
from .models import Member, TerminationReason, Transfer
from .validation import FIELD_LABELS as LABELS


class MemberSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True, label=gettext_lazy("所在组织代码"))
    org_name = serializers.CharField(source="org.name", read_only=True, label=gettext_lazy("所在组织"))
    union = serializers.CharField(source="union.code", read_only=True, label=gettext_lazy("基层工会代码"))
    union_name = serializers.CharField(source="union.name", read_only=True, label=gettext_lazy("基层工会"))
    sex_label = serializers.CharField(source="get_sex_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    employment_form_label = serializers.CharField(source="get_employment_form_display", read_only=True)
    political_status_label = serializers.CharField(source="get_political_status_display", read_only=True)
    education_label = serializers.CharField(source="get_education_display", read_only=True)
    termination_reason_label = serializers.CharField(source="get_termination_reason_display", read_only=True)
    id_number = serializers.CharField(read_only=True, label=gettext_lazy("身份证号（默认脱敏，完整号码用 reveal 查看）"))
    phone = serializers.CharField(read_only=True, label=gettext_lazy("手机号（默认脱敏，完整号码用 reveal 查看）"))
    wage_base = serializers.CharField(read_only=True, allow_null=True,
                                      label=gettext_lazy("会费缴纳基数（元，两位小数；无权查看时为****）"))
    dues_monthly = serializers.CharField(read_only=True, label=gettext_lazy("月应缴会费（元；无权查看工资时为****）"))
    pii_masked = serializers.BooleanField(read_only=True, default=True)
    wage_masked = serializers.BooleanField(read_only=True, default=True)
    can_reveal = serializers.BooleanField(read_only=True, default=False,
                                          label=gettext_lazy("可查看完整身份证号和手机号"))
    age = serializers.IntegerField(read_only=True, label=gettext_lazy("年龄"))
    has_account = serializers.SerializerMethodField(label=gettext_lazy("已开通自助登录"))

    class Meta:
        model = Member
        fields = ["id", "member_no", "card_no", "name", "sex", "sex_label", "birth_date", "age", "id_number",
                  "phone", "ethnicity", "political_status", "political_status_label", "education",
                  "education_label", "employment_form", "employment_form_label", "post", "hire_date",
                  "wage_base", "dues_monthly", "join_date", "status", "status_label", "status_date",
                  "termination_reason", "termination_reason_label", "status_note", "org", "org_name", "union",
                  "union_name", "pii_masked", "wage_masked", "can_reveal", "has_account", "created_at", "updated_at",
                  "deleted_at"]
        read_only_fields = fields

    @extend_schema_field(bool)
    def get_has_account(self, member):
        return member.user_id is not None

    def to_representation(self, member):
        data = super().to_representation(member)
        shown = privacy.shown(self.context["request"].user, member, masked_by_default=True)
        data["id_number"] = shown["id_number"]
        data["phone"] = shown["phone"]
        wage = shown["wage_base"]
        data["wage_base"] = None if wage is None else str(wage)
        data["dues_monthly"] = crypto.mask_money(member.dues_monthly) if shown["wage_masked"] \
            else str(member.dues_monthly)
        data["pii_masked"], data["wage_masked"] = shown["pii_masked"], shown["wage_masked"]
        data["can_reveal"] = shown["can_reveal"]
        return data


class RevealSerializer(serializers.Serializer):
    """One member's ID number and phone in clear (``POST /api/members/<id>/reveal/``; audited)."""
    id = serializers.IntegerField(read_only=True)
    id_number = serializers.CharField(read_only=True, label=gettext_lazy("身份证号"))
    phone = serializers.CharField(read_only=True, label=gettext_lazy("手机号"))


def _text(field, **kwargs):
    return serializers.CharField(label=LABELS.get(field, field), required=False, allow_blank=True,
                                 allow_null=True, trim_whitespace=True, **kwargs)


class MemberInputSerializer(serializers.Serializer):
    """Member fields as text (choices by Chinese label or code, dates as 2024-01-31, money in yuan).

    On create ``org`` (the organisation's code) is required; on update any subset of the other fields
    may be sent, and the organisation is changed with ``POST …/move/``.
    """

    org = serializers.CharField(label=gettext_lazy("所在组织代码"), required=False, allow_blank=True)
    confirm_warnings = serializers.BooleanField(label=gettext_lazy("确认警告（如身份证号地区码不在代码表中）"), required=False,
                                                default=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in EDITABLE:
            fields[name] = _text(name)
        return fields


class MoveMemberSerializer(serializers.Serializer):
    org = serializers.CharField(label=gettext_lazy("本基层工会内的新组织代码"))


class TransferOutSerializer(serializers.Serializer):
    to_org = serializers.CharField(label=gettext_lazy("转入组织代码（对方基层工会、分工会或小组）"))
    reason = serializers.CharField(label=gettext_lazy("转出原因"), required=False, allow_blank=True, max_length=200, default="")


class RetireSerializer(serializers.Serializer):
    when = DateField(label=gettext_lazy("保留会籍日期（默认今天）"), required=False, allow_null=True, default=None)
    status_note = serializers.CharField(label=gettext_lazy("说明"), required=False, allow_blank=True, max_length=200, default="")


class TerminateSerializer(serializers.Serializer):
    termination_reason = serializers.ChoiceField(label=gettext_lazy("终止原因"), choices=TerminationReason.choices,
                                                 error_messages={"invalid_choice": gettext_lazy("请选择终止原因"),
                                                                 "required": gettext_lazy("请选择终止原因")})
    when = DateField(label=gettext_lazy("终止日期（默认今天）"), required=False, allow_null=True, default=None)
    status_note = serializers.CharField(label=gettext_lazy("说明"), required=False, allow_blank=True, max_length=200, default="")


class StatusNoteSerializer(serializers.Serializer):
    status_note = serializers.CharField(label=gettext_lazy("说明"), required=False, allow_blank=True, max_length=200, default="")


class LinkAccountSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("登录名"), max_length=150)
    password = serializers.CharField(label=gettext_lazy("初始密码"), style={"input_type": "password"}, write_only=True)


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class TransferSerializer(serializers.ModelSerializer):
    member_id = serializers.IntegerField(source="member.id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True, label=gettext_lazy("会员"))
    member_no = serializers.CharField(source="member.member_no", read_only=True, label=gettext_lazy("会员编号"))
    from_org = serializers.CharField(source="from_org.code", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True)
    to_org = serializers.CharField(source="to_org.code", read_only=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True)
    new_org = serializers.CharField(source="new_org.code", read_only=True, default=None)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    requested_by = serializers.CharField(source="requested_by.__str__", read_only=True, label=gettext_lazy("经办人"))
    decided_by = serializers.CharField(source="decided_by.__str__", read_only=True, default=None,
                                       label=gettext_lazy("接收经办人"))

    class Meta:
        model = Transfer
        fields = ["id", "member_id", "member_name", "member_no", "from_org", "from_org_name", "to_org",
                  "to_org_name", "new_org", "state", "state_label", "reason", "requested_by", "requested_at",
                  "decided_by", "decided_at", "decision_note"]
        read_only_fields = fields


class AcceptTransferSerializer(serializers.Serializer):
    org = serializers.CharField(label=gettext_lazy("接收到的组织代码（默认为申请转入的组织）"), required=False, allow_blank=True)
    decision_note = serializers.CharField(label=gettext_lazy("办理意见"), required=False, allow_blank=True, max_length=200,
                                          default="")


class DecisionNoteSerializer(serializers.Serializer):
    decision_note = serializers.CharField(label=gettext_lazy("办理意见"), required=False, allow_blank=True, max_length=200,
                                          default="")


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(label=gettext_lazy("名册文件（.xlsx 或 .csv）"),
                                 error_messages={"required": gettext_lazy("请选择要上传的文件")})
    org = serializers.CharField(label=gettext_lazy("导入到的组织代码"))
    update = serializers.BooleanField(label=gettext_lazy("按身份证号更新已有会员"), required=False, default=False)
    dry_run = serializers.BooleanField(label=gettext_lazy("只校验，不写入"), required=False, default=False)


class ImportStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    status_url = serializers.URLField()
