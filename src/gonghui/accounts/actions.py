"""Users and roles: every change audited, every grant limited to the granter's own subtree."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.errors import ActionError, unique_or

from gonghui.core.capabilities import MANAGE_ROLES
from .models import Role, RoleKind, User


def _check_password(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(errors={"password": exc.messages}) from None


@transaction.atomic
def create_user(actor, *, username, name, password, is_superuser=False, must_change_password=True):
    """Create a login. Only superusers and those who may manage roles somewhere can do it
    (``actor`` None is the system itself: the demo loader and migrations)."""
    if not (actor is None or actor.is_superuser or scope.prefixes(actor, MANAGE_ROLES)):
        raise PermissionDenied(_("无权建立用户"))
    return _create_user(actor, username=username, name=name, password=password, is_superuser=is_superuser,
                        must_change_password=must_change_password)


def _create_user(actor, *, username, name, password, is_superuser=False, must_change_password=True):
    username = (username or "").strip()
    if not username:
        raise ActionError(_("不能为空"), field="username")
    if User.objects.filter(username=username).exists():
        raise ActionError(_("用户名“%(name)s”已被使用") % {"name": username}, field="username")
    if is_superuser and not (actor and actor.is_superuser):
        raise ActionError(_("只有系统管理员可以建立系统管理员"))
    user = User(username=username, name=name, is_superuser=is_superuser, is_staff=is_superuser,
                must_change_password=must_change_password)
    _check_password(password, user)
    user.set_password(password)
    with unique_or(_("用户名“%(name)s”已被使用") % {"name": username}, field="username"):
        user.save()
    audit.record(actor, "create", user, after={"username": username, "name": name, "is_superuser": is_superuser})
    return user


@transaction.atomic
def grant_role(actor, *, user, org, kind):
    if kind not in RoleKind.values:
        raise ActionError(_("请选择角色"), field="kind")
    scope.require(actor, MANAGE_ROLES, org)
    role, created = Role.objects.get_or_create(user=user, org=org, kind=kind)
    if created:
        audit.record(actor, "grant_role", user, org=org, after={"role": f"{org.name}·{role.get_kind_display()}"})
    scope.forget(user)
    return role


@transaction.atomic
def revoke_role(actor, role):
    scope.require(actor, MANAGE_ROLES, role.org)
    audit.record(actor, "revoke_role", role.user, org=role.org,
                 before={"role": f"{role.org.name}·{role.get_kind_display()}"})
    role.delete()
    scope.forget(role.user)


@transaction.atomic
def change_password(actor, user, *, old_password, new_password):
    if actor.pk != user.pk:
        raise ActionError(_("只能修改自己的密码"))
    if not user.check_password(old_password):
        raise ActionError(_("原密码不正确"), field="old_password")
    if old_password == new_password:
        raise ActionError(_("新密码不能与原密码相同"), field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ActionError(errors={"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor, "change_password", user)
    return user


@transaction.atomic
def link_member_account(actor, member, *, username, password):
    """Give a member a self-service login (own profile, own records, public notices)."""
    from gonghui.core.capabilities import EDIT_MEMBERS

    scope.require(actor, EDIT_MEMBERS, member.org)
    if member.user_id:
        raise ActionError(_("该会员已有登录账号"), field="username")
    user = _create_user(actor, username=username, name=member.name, password=password)
    member.user = user
    member.save(update_fields=["user"])
    audit.record(actor, "link_account", member, org=member.org, after={"user": username})
    return user


# ---- two-factor sign-in (accounts.twofactor) ----

def start_two_factor(user):
    """The unconfirmed authenticator the enrolment page shows as a QR code (made once, kept until confirmed).
    Not audited: nothing is in force until ``confirm_two_factor``."""
    from . import twofactor
    from .models import Authenticator

    if twofactor.enrolled(user):
        raise ActionError(_("已开启两步验证"))
    device = twofactor.authenticator(user, confirmed=False)
    if device is None:
        device = Authenticator.make(user, _("身份验证器"))
    return device


def _new_recovery_codes(user):
    from . import twofactor
    from .models import RecoveryCode, RecoveryDevice

    RecoveryDevice.objects.filter(user=user).delete()
    device = RecoveryDevice.objects.create(user=user, name=_("恢复码"), confirmed=True)
    codes = [twofactor.new_code() for _i in range(twofactor.RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, lookup=c[:twofactor.LOOKUP],
                                                   digest=twofactor.digest(c)) for c in codes])
    return [twofactor.shown(c) for c in codes]


@transaction.atomic
def confirm_two_factor(user, *, code):
    """Turn two-factor sign-in on with the first code from the authenticator; returns the ten recovery codes
    (shown once, stored hashed) and the confirmed device."""
    from . import twofactor

    device = twofactor.authenticator(user, confirmed=False)
    if device is None:
        raise ActionError(_("请先打开两步验证设置页面扫描二维码"), field="code")
    if not (code or "").strip().isdigit() or not device.verify_token(code.strip()):
        raise ActionError(_("验证码不正确，请输入身份验证器上当前显示的6位数字"), field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(user, "enable_2fa", user)
    return device, codes


def verify_second_factor(user, *, code):
    """The second sign-in step: a code from the authenticator, or one recovery code (used up, audited).
    Returns the device that verified the session. Not one transaction on purpose: a failed authenticator code
    must stay counted (django-otp's throttle) although the step answers with an error."""
    from . import twofactor
    from .models import RecoveryDevice

    token = (code or "").strip()
    if twofactor.looks_like_recovery_code(token):
        with transaction.atomic():
            device = RecoveryDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if device is not None and device.verify_token(token):
                left = device.codes.filter(used_at__isnull=True).count()
                audit.record(user, "use_recovery_code", user, after={"recovery_codes_left": left})
                return device
    else:
        device = twofactor.authenticator(user)
        if device is not None and token.isdigit():
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                raise ActionError(_("验证码错误次数过多，请稍候再试"), field="code")
            if device.verify_token(token):
                return device
    raise ActionError(_("验证码不正确"), field="code")


@transaction.atomic
def regenerate_recovery_codes(user, *, code):
    """Ten new recovery codes (the old ones stop working), confirmed with a code from the authenticator."""
    from . import twofactor

    device = twofactor.authenticator(user)
    if device is None:
        raise ActionError(_("尚未开启两步验证"))
    if not (code or "").strip().isdigit() or not device.verify_token(code.strip()):
        raise ActionError(_("验证码不正确"), field="code")
    codes = _new_recovery_codes(user)
    audit.record(user, "regenerate_recovery_codes", user)
    return codes


@transaction.atomic
def disable_two_factor(actor, user, *, password=None):
    """Turn two-factor sign-in off: the user with their password, or a system administrator for someone who
    lost their phone (``gonghui reset-2fa USERNAME``). A user whose role requires it enrols again at the next
    page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RecoveryDevice

    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise ActionError(_("只有系统管理员可以重置他人的两步验证"))
    if actor is not None and actor.pk == user.pk and not user.check_password(password or ""):
        raise ActionError(_("密码不正确"), field="password")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    RecoveryDevice.objects.filter(user=user).delete()
    if removed:
        audit.record(actor, "disable_2fa", user)
    return removed
