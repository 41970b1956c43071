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
