"""Sign-in, sign-out, password change, the roles page and “我的” (self-service)."""
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.members import privacy
from gonghui.members.models import Member, Transfer
from gonghui.orgs import pickers as org_pickers
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, twofactor
from gonghui.core.capabilities import MANAGE_ROLES
from .forms import DisableTwoFactorForm, EnrolForm, GrantRoleForm, LoginForm, OTPForm, PasswordChangeForm
from .models import Role, RoleKind, User


class Login(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        if self.request.user.must_change_password:
            return reverse("accounts:password_change")
        return super().get_success_url()


class Logout(LogoutView):
    """POST only (Django refuses GET): a link cannot sign anyone out."""


@login_required
def password_change(request):
    user = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(user, user, old_password=form.cleaned_data["old_password"],
                                    new_password=form.cleaned_data["new_password"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": user.must_change_password})


@login_required
def me(request):
    """The signed-in person's own membership: profile, status, union and transfer history."""
    user = request.user
    member = (Member.objects.visible_to(user).filter(user=user)
              .select_related("org", "union", "org__parent").first())
    context = {"member": member, "roles": user.roles.select_related("org").order_by("org__path", "kind")}
    if member is not None:
        context["personal"] = privacy.shown(user, member)
        context["transfers"] = (Transfer.objects.filter(member=member)
                                .select_related("from_org", "to_org", "new_org").order_by("-id"))
    return render(request, "accounts/me.html", context)


def _grant(actor, form):
    """Create the user when asked, then grant the role; all or nothing."""
    data = form.cleaned_data
    org = org_pickers.resolve(actor, data["org"], pk=data["org"].pk, field="org", cap=MANAGE_ROLES)
    if data["kind"] == RoleKind.FEDERATION_OFFICER and org.kind not in FEDERATION_KINDS:
        raise ActionError(_("总工会干部只能在总工会授予"), field="kind")
    with transaction.atomic():
        if data["mode"] == GrantRoleForm.NEW:
            holder = actions.create_user(actor, username=data["username"], name=data["name"],
                                         password=data["password"], must_change_password=True)
        else:
            holder = User.objects.filter(username=data["username"].strip(), is_active=True).first()
            if holder is None:
                raise ActionError(_("没有这个用户名的用户；要新建用户请选择“新建用户”"), field="username")
        return actions.grant_role(actor, user=holder, org=org, kind=data["kind"])


@login_required
def roles(request):
    """Who holds which role in an organisation's subtree; grant and revoke."""
    actor = request.user
    org = scoped_org(request, MANAGE_ROLES)
    form = GrantRoleForm(request.POST or None, initial={"org": org.code})
    form.fields["org"].set_params(within=org.code)
    if request.method == "POST" and form.is_valid():
        try:
            role = _grant(actor, form)
        except ActionError as exc:
            show_action_error(form, exc)
        except PermissionDenied:
            form.add_error("org", _("您无权在该组织授予角色"))
        else:
            messages.success(request, _("已授予 %(user)s “%(org)s · %(role)s”") % {
                "user": role.user, "org": role.org.name, "role": _(role.get_kind_display())})
            return redirect(f"{reverse('accounts:roles')}?{urlencode({'org': org.code})}")
    holders = (Role.objects.filter(org__in=Organisation.objects.subtree(org).values("id"))
               .select_related("user", "org").order_by("org__path", "user__username", "kind"))
    suggestions = Organisation.objects.subtree(org).order_by("path").only("code", "name")[:300]
    return render(request, "accounts/roles.html", {
        "org": org, "picker": scope_picker(actor, MANAGE_ROLES, org), "form": form, "holders": holders,
        "suggestions": suggestions,
    })


@login_required
@require_POST
def revoke_role(request, pk):
    actor = request.user
    role = (Role.objects.filter(pk=pk, org__in=Organisation.objects.visible_to(actor, MANAGE_ROLES).values("id"))
            .select_related("user", "org").first())
    if role is None:
        raise Http404(_("找不到该角色"))
    back = request.POST.get("org") or role.org.code
    actions.revoke_role(actor, role)
    messages.success(request, _("已撤销 %(user)s 的“%(org)s · %(role)s”") % {
        "user": role.user, "org": role.org.name, "role": _(role.get_kind_display())})
    return redirect(f"{reverse('accounts:roles')}?{urlencode({'org': back})}")


# ---- two-factor sign-in (accounts.twofactor) ----

def _next_url(request, default="inbox:home"):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)


@login_required
def otp_verify(request):
    """The second sign-in step: a code from the authenticator or a recovery code. Failures count towards
    django-axes' lockout of the username, as wrong passwords do."""
    import django_otp
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth import logout

    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not twofactor.enrolled(user):
        return redirect("accounts:otp_setup")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            logout(request)
            request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
            return redirect("accounts:login")
        try:
            device = actions.verify_second_factor(user, code=form.cleaned_data["code"])
        except ActionError as exc:
            from django.contrib.auth.signals import user_login_failed

            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return redirect("accounts:login")
            show_action_error(form, exc)
        else:
            django_otp.login(request, device)
            request.session.cycle_key()
            if device.__class__.__name__ == "RecoveryDevice":
                messages.warning(request, _("您用了一个恢复码登录。每个恢复码只能用一次；请尽快在“两步验证”页面查看剩余数量或生成新的恢复码。"))
            return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


def _qr_data_uri(device):
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _secret_text(device):
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


@login_required
def otp_setup(request):
    """Enrolment (a QR code for the authenticator app, then its first code) and, once enrolled, the page that
    shows how many recovery codes are left, makes new ones and turns two-factor sign-in off."""
    import django_otp

    user = request.user
    device = twofactor.authenticator(user)
    if device is not None:
        if not user.is_verified():
            return redirect("accounts:otp_verify")
        from .models import RecoveryCode

        left = RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()
        return render(request, "accounts/otp_manage.html", {
            "left": left, "required": twofactor.required(user), "codes_form": EnrolForm(prefix="codes"),
            "disable_form": DisableTwoFactorForm(prefix="off")})
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = actions.confirm_two_factor(user, code=form.cleaned_data["code"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            django_otp.login(request, device)
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next_url(request),
                                                                "enrolled": True})
    device = actions.start_two_factor(user)
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": _qr_data_uri(device), "secret": _secret_text(device),
        "required": twofactor.required(user), "next": request.GET.get("next", "")})


@login_required
@require_POST
def otp_codes(request):
    """Ten new recovery codes, confirmed with a code from the authenticator; shown once."""
    user = request.user
    if not user.is_verified():
        return redirect("accounts:otp_verify")
    form = EnrolForm(request.POST, prefix="codes")
    if form.is_valid():
        try:
            codes = actions.regenerate_recovery_codes(user, code=form.cleaned_data["code"])
        except ActionError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        else:
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": reverse("accounts:otp_setup")})
    return redirect("accounts:otp_setup")


@login_required
@require_POST
def otp_disable(request):
    user = request.user
    if not user.is_verified():
        return redirect("accounts:otp_verify")
    form = DisableTwoFactorForm(request.POST, prefix="off")
    if form.is_valid():
        try:
            actions.disable_two_factor(user, user, password=form.cleaned_data["password"])
        except ActionError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
            return redirect("accounts:otp_setup")
        messages.success(request, _("已关闭两步验证。"))
    return redirect("accounts:me")
