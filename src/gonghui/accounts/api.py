"""REST endpoints for signing in with a token, the current user, and managing users and roles.

Tokens are issued only through ``django.contrib.auth.authenticate`` with the request, so django-axes
counts failures and locks the username after repeated ones, as on the web login page. A user whose role requires
two-factor sign-in (``accounts.twofactor``) also sends the code of their authenticator or a recovery code; wrong
codes count as failed sign-ins too. Such a user can enrol over the API (``/api/auth/2fa/``, proving who they are
with the password) and, signed in, read their status and make new recovery codes (``/api/me/2fa/``). Users are
visible to an officer who may manage roles where the user holds a role or is a member; every change
is an ``accounts.actions`` call, limited to the officer's own subtree and audited.
"""
from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import scope
from gonghui.core.api import DetailSerializer, get_or_404
from gonghui.core.errors import ActionError
from gonghui.orgs.lookups import find_org
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from . import actions, tokens, twofactor
from gonghui.core.capabilities import MANAGE_ROLES
from .models import Role, User
from .serializers import (GrantRoleSerializer, MeSerializer, PasswordChangeSerializer, RecoveryCodesSerializer,
                          RoleSerializer, TokenRequestSerializer, TokenSerializer, TwoFactorCodeSerializer,
                          TwoFactorConfirmSerializer, TwoFactorEnrolledSerializer, TwoFactorStartSerializer,
                          TwoFactorStatusSerializer, UserCreateSerializer, UserSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def lockout_message():
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _("登录失败次数过多，该账号已被锁定%(minutes)s分钟，请稍后再试") % {"minutes": minutes}


def _password_user(request, body):
    """The user whose username and password ``body`` carries, checked through django-axes (failures counted, a
    locked username refused): ``(user, None)``, or ``(None, 429 response)``."""
    http_request = request._request  # axes flags the Django request, not DRF's wrapper
    user = authenticate(request=http_request, username=body["username"], password=body["password"])
    if getattr(http_request, "axes_locked_out", False):
        # Answer in JSON here; left set, the flag makes AxesMiddleware swap in the web lockout page.
        http_request.axes_locked_out = False
        return None, Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if user is None:
        raise ActionError(_("用户名或密码不正确"))
    return user, None


def _second_factor(request, user, code):
    """The second step for a user whose role requires it: None when ``code`` (authenticator or recovery code)
    is right, a 429 response when the username is locked. A wrong code counts as a failed sign-in for django-axes,
    as on the web (``accounts.views.otp_verify``), and the authenticator throttles itself."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth.signals import user_login_failed

    if not twofactor.enrolled(user):
        raise ActionError(_("您的角色须使用两步验证：请先用 POST /api/auth/2fa/ 绑定身份验证器（或在网页上开启两步验证）"),
                          field="code")
    if not (code or "").strip():
        raise ActionError(_("请填写两步验证码：身份验证器上的6位数字，或一个恢复码"), field="code")
    http_request = request._request
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(http_request, credentials):
        return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    try:
        actions.verify_second_factor(user, code=code)
    except ActionError:
        user_login_failed.send(sender=__name__, credentials=credentials, request=http_request)
        if getattr(http_request, "axes_locked_out", False):
            http_request.axes_locked_out = False
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        raise
    return None


def _token_body(user, token, **extra):
    return {"token": token.key, "expires": token.created + tokens.lifetime(),
            "user": {"id": user.pk, "username": user.username, "name": user.name}, **extra}


class TokenView(APIView):
    """POST: a token for username and password (and the two-factor code, for the roles that require it).
    DELETE: revoke the caller's token."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(summary="用用户名和密码换取 API 令牌（须两步验证的角色另填验证码 code）", request=TokenRequestSerializer,
                   responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        body = _valid(TokenRequestSerializer, request)
        user, refused = _password_user(request, body)
        if refused is None and twofactor.required(user):
            refused = _second_factor(request, user, body.get("code"))
        if refused is not None:
            return refused
        return Response(_token_body(user, tokens.issue(user)))

    @extend_schema(summary="注销当前 API 令牌", request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TwoFactorStartView(APIView):
    """Enrolment over the API, for a user without a browser: the password proves who it is (counted by axes)."""

    permission_classes = [AllowAny]

    @extend_schema(summary="开始绑定身份验证器：返回密钥与 otpauth 地址（用户名和密码验证身份）",
                   request=TokenRequestSerializer, responses={200: TwoFactorStartSerializer}, auth=[])
    def post(self, request):
        from base64 import b32encode

        user, refused = _password_user(request, _valid(TokenRequestSerializer, request))
        if refused is not None:
            return refused
        device = actions.start_two_factor(user)
        return Response({"secret": b32encode(device.bin_key).decode().rstrip("="), "otpauth_url": device.config_url})


class TwoFactorConfirmView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="确认绑定：填身份验证器上的第一个验证码，开启两步验证，返回恢复码（只显示一次）和 API 令牌",
                   request=TwoFactorConfirmSerializer, responses={201: TwoFactorEnrolledSerializer}, auth=[])
    def post(self, request):
        body = _valid(TwoFactorConfirmSerializer, request)
        user, refused = _password_user(request, body)
        if refused is not None:
            return refused
        _device, codes = actions.confirm_two_factor(user, code=body["code"])
        return Response(_token_body(user, tokens.issue(user), recovery_codes=codes), status=status.HTTP_201_CREATED)


class MyTwoFactorView(APIView):
    @extend_schema(summary="本人的两步验证状态", responses=TwoFactorStatusSerializer)
    def get(self, request):
        from .models import RecoveryCode

        user = request.user
        left = RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()
        return Response({"required": twofactor.required(user), "enabled": twofactor.enrolled(user),
                         "recovery_codes_left": left})


class MyRecoveryCodesView(APIView):
    @extend_schema(summary="生成新的恢复码（旧的作废），须填身份验证器上的验证码", request=TwoFactorCodeSerializer,
                   responses={201: RecoveryCodesSerializer})
    def post(self, request):
        body = _valid(TwoFactorCodeSerializer, request)
        codes = actions.regenerate_recovery_codes(request.user, code=body["code"])
        return Response({"recovery_codes": codes}, status=status.HTTP_201_CREATED)


class MeView(APIView):
    @extend_schema(summary="当前用户：角色与本人的会员记录", responses=MeSerializer)
    def get(self, request):
        user = request.user
        user.role_list = list(Role.objects.filter(user=user, org__deleted_at__isnull=True).select_related("org")
                              .order_by("org__path", "kind"))
        user.member_record = Member.objects.filter(user=user).select_related("org", "union").first()
        return Response(MeSerializer(user, context={"request": request}).data)


class PasswordView(APIView):
    @extend_schema(summary="修改本人密码（同时作废本人的 API 令牌）", request=PasswordChangeSerializer,
                   responses=DetailSerializer)
    def post(self, request):
        body = _valid(PasswordChangeSerializer, request)
        user = actions.change_password(request.user, request.user, old_password=body["old_password"],
                                       new_password=body["new_password"])
        # The password's save has revoked the user's API tokens (accounts.models.User.save).
        update_session_auth_hash(request._request, user)
        return Response({"detail": _("密码已修改；API 令牌已作废，请重新获取")})


def manageable_orgs(actor):
    """Organisations where ``actor`` may grant and revoke roles (None: everywhere)."""
    roots = scope.prefixes(actor, MANAGE_ROLES)
    return None if roots is None else Organisation.objects.under_any(roots)


def users_visible_to(actor):
    """Users holding a role, or a member record, where ``actor`` may manage roles; each carries
    ``roles_in_scope`` (their roles there, and no others: roles elsewhere are out of scope)."""
    orgs = manageable_orgs(actor)
    roles = Role.objects.filter(org__deleted_at__isnull=True).select_related("org").order_by("org__path", "kind")
    if orgs is None:
        users = User.objects.all()
    else:
        org_ids = orgs.values("id")
        roles = roles.filter(org__in=org_ids)
        users = User.objects.filter(Q(pk__in=Role.objects.filter(org__in=org_ids).values("user_id"))
                                    | Q(pk__in=Member.objects.filter(org__in=org_ids, user__isnull=False)
                                        .values("user_id")))
    return users.prefetch_related(Prefetch("roles", queryset=roles, to_attr="roles_in_scope"))


@extend_schema_view(
    list=extend_schema(summary="用户（在您可管理角色的范围内）",
                       parameters=[OpenApiParameter("q", str, description="登录名或姓名开头")]),
    retrieve=extend_schema(summary="用户详情"),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        users = users_visible_to(self.request.user)
        q = (self.request.query_params.get("q") or "").strip()[:50]
        if self.action == "list" and q:
            users = users.filter(Q(username__startswith=q) | Q(name__startswith=q))
        return users

    @extend_schema(summary="建立干部账号并授予第一个角色", request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request):
        body = _valid(UserCreateSerializer, request)
        org = find_org(request.user, body["org"], field="org")
        # Checked before anything else so a caller who may not manage roles learns nothing (such as
        # which usernames exist); the grant below checks it again, as every action does.
        scope.require(request.user, MANAGE_ROLES, org)
        with transaction.atomic():
            user = actions.create_user(request.user, username=body["username"], name=body["name"],
                                       password=body["password"])
            actions.grant_role(request.user, user=user, org=org, kind=body["role"])
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="授予角色", request=GrantRoleSerializer, responses={201: RoleSerializer})
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        user = self.get_object()
        body = _valid(GrantRoleSerializer, request)
        org = find_org(request.user, body["org"], field="org")
        role = actions.grant_role(request.user, user=user, org=org, kind=body["role"])
        return Response(RoleSerializer(role).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="撤销角色", request=None, responses={204: None},
                   parameters=[OpenApiParameter("role_pk", int, OpenApiParameter.PATH, description="角色编号")])
    @action(detail=True, methods=["delete"], url_path=r"roles/(?P<role_pk>\d+)", url_name="revoke-role")
    def revoke_role(self, request, pk=None, role_pk=None):
        user = self.get_object()
        orgs = manageable_orgs(request.user)
        roles = Role.objects.filter(user=user).select_related("org", "user")
        if orgs is not None:
            roles = roles.filter(org__in=orgs.values("id"))
        actions.revoke_role(request.user, get_or_404(roles, pk=role_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
urlpatterns = router.urls
