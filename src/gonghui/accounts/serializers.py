"""How users, roles and the current user look in the API, and what the account endpoints accept."""
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.members.serializers import MemberSerializer

from .models import Role, RoleKind, User


class RoleSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True, label=gettext_lazy("组织代码"))
    org_name = serializers.CharField(source="org.name", read_only=True, label=gettext_lazy("组织"))
    role = serializers.ChoiceField(source="kind", choices=RoleKind.choices, read_only=True, label=gettext_lazy("角色"))
    role_label = serializers.CharField(source="get_kind_display", read_only=True, label=gettext_lazy("角色（中文）"))

    class Meta:
        model = Role
        fields = ["id", "org", "org_name", "role", "role_label", "created_at"]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    """A user as an officer managing roles sees them: only the roles held inside the officer's scope."""

    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "is_active", "is_superuser", "roles"]
        read_only_fields = fields

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, user):
        return RoleSerializer(getattr(user, "roles_in_scope", []), many=True).data


class MeSerializer(serializers.ModelSerializer):
    roles = RoleSerializer(many=True, read_only=True, source="role_list")
    member = serializers.SerializerMethodField(label=gettext_lazy("本人的会员记录（如有）"))

    class Meta:
        model = User
        fields = ["id", "username", "name", "is_superuser", "must_change_password", "roles", "member"]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(allow_null=True))
    def get_member(self, user):
        member = getattr(user, "member_record", None)
        return MemberSerializer(member, context=self.context).data if member else None


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("用户名"), error_messages={
        "required": gettext_lazy("请输入用户名"), "blank": gettext_lazy("请输入用户名")})
    password = serializers.CharField(label=gettext_lazy("密码"), style={"input_type": "password"}, trim_whitespace=False,
                                     error_messages={"required": gettext_lazy("请输入密码"), "blank": gettext_lazy("请输入密码")})
    code = serializers.CharField(label=gettext_lazy("两步验证码：身份验证器上的6位数字，或一个恢复码（须两步验证的角色必填）"),
                                 required=False, allow_blank=True, max_length=20)


class TokenUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label=gettext_lazy("令牌：请求头写 Authorization: Token <令牌>"))
    expires = serializers.DateTimeField(label=gettext_lazy("到期时间（修改密码或退出登录时提前作废）"))
    user = TokenUserSerializer()


class TwoFactorStartSerializer(serializers.Serializer):
    secret = serializers.CharField(label=gettext_lazy("密钥（手动输入身份验证器时用）"))
    otpauth_url = serializers.CharField(label=gettext_lazy("otpauth:// 地址（生成二维码用）"))


class TwoFactorCodeSerializer(serializers.Serializer):
    code = serializers.CharField(label=gettext_lazy("验证码"), max_length=20, error_messages={
        "required": gettext_lazy("请输入身份验证器上的6位验证码"), "blank": gettext_lazy("请输入身份验证器上的6位验证码")})


class TwoFactorConfirmSerializer(TokenRequestSerializer):
    code = serializers.CharField(label=gettext_lazy("身份验证器上的6位验证码"), max_length=20, error_messages={
        "required": gettext_lazy("请输入身份验证器上的6位验证码"), "blank": gettext_lazy("请输入身份验证器上的6位验证码")})


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(child=serializers.CharField(), label=gettext_lazy("恢复码（只显示这一次）"))


class TwoFactorEnrolledSerializer(TokenSerializer):
    recovery_codes = serializers.ListField(child=serializers.CharField(), label=gettext_lazy("恢复码（只显示这一次）"))


class TwoFactorStatusSerializer(serializers.Serializer):
    required = serializers.BooleanField(label=gettext_lazy("本人角色须两步验证"))
    enabled = serializers.BooleanField(label=gettext_lazy("已开启两步验证"))
    recovery_codes_left = serializers.IntegerField(label=gettext_lazy("剩余恢复码"))


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(label=gettext_lazy("原密码"), trim_whitespace=False)
    new_password = serializers.CharField(label=gettext_lazy("新密码"), trim_whitespace=False)


class GrantRoleSerializer(serializers.Serializer):
    org = serializers.CharField(label=gettext_lazy("组织代码"))
    role = serializers.ChoiceField(label=gettext_lazy("角色"), choices=RoleKind.choices,
                                   error_messages={"invalid_choice": gettext_lazy("请选择角色"),
                                                   "required": gettext_lazy("请选择角色")})


class UserCreateSerializer(GrantRoleSerializer):
    """A new officer: the account and its first role in one step, so no account is left without a
    role (and so invisible to everyone who manages roles)."""

    username = serializers.CharField(label=gettext_lazy("登录名"), max_length=150)
    name = serializers.CharField(label=gettext_lazy("姓名"), max_length=50)
    password = serializers.CharField(label=gettext_lazy("初始密码（首次登录须修改）"), trim_whitespace=False)
