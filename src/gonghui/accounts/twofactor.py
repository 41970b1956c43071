"""Two-factor sign-in (TOTP through django-otp, plus ten one-time recovery codes).

Who must use it is ``settings.GONGHUI_2FA_ROLES``: role kinds (``chair``, ``finance`` …) and ``admin`` for a
system administrator (superuser). Such a user signs in with the password as before, and then every page sends
them to the second step until the session is verified: the code page when they have an authenticator, the
enrolment page when they have none yet (``TwoFactorMiddleware``). Over the API the token endpoint asks such a user
for the code too (``accounts.api``: a 400 naming ``code`` without it; enrolment at ``/api/auth/2fa/``); tokens
expire and are revoked (``accounts.tokens``); a session that has not passed the second step gets a 403 from the
API.

The authenticator's secret is stored encrypted with the personal-data key (``accounts.models.Authenticator``).

Recovery codes are stored as scrypt hashes with a short clear prefix to find the one hash to check; each works
once. Failed codes count as failed sign-ins for django-axes (the same lockout as wrong passwords) and the
authenticator device throttles itself (django-otp: a growing wait after each failure, kept across sign-ins).
"""
import hashlib
import hmac
import secrets

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

RECOVERY_CODES = 10
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10
LOOKUP = 3
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


def required_roles():
    return set(getattr(settings, "GONGHUI_2FA_ROLES", ()) or ())


def required(user):
    """Whether ``user`` must sign in with a second factor (one query at most)."""
    roles = required_roles()
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    if "admin" in roles and user.is_superuser:
        return True
    kinds = roles - {"admin"}
    return bool(kinds) and user.roles.filter(kind__in=kinds).exists()


def authenticator(user, *, confirmed=True):
    from .models import Authenticator

    return Authenticator.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def enrolled(user):
    return authenticator(user) is not None


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def shown(code):
    """A code as printed for the user: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def digest(code, salt=None):
    salt = salt or secrets.token_hex(8)
    value = hashlib.scrypt(code.encode(), salt=salt.encode(), **_SCRYPT).hex()
    return f"scrypt${salt}${value}"


def matches(code, stored):
    try:
        _algo, salt, _value = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(digest(code, salt), stored)


def use_recovery_code(device, token):
    """Mark the matching unused code of ``device`` used and say whether there was one (called inside the
    verifying action's transaction, so two sign-ins cannot spend one code twice)."""
    code = normalise(token)
    if len(code) != CODE_LENGTH:
        return False
    candidates = device.codes.select_for_update().filter(lookup=code[:LOOKUP], used_at__isnull=True)
    for row in candidates:
        if matches(code, row.digest):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return True
    return False


def looks_like_recovery_code(token):
    code = normalise(token)
    return len(code) == CODE_LENGTH and not code.isdigit()


class TwoFactorMiddleware:
    """Send a signed-in user who must use two-factor sign-in, and has not done it in this session, to the
    second step (or to enrolment). Static files, the language switch and signing out stay open; the API
    answers 403 in JSON to such a session (API tokens are unaffected: they are not a session)."""

    OPEN_NAMES = ("accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "core:set_language",
                  "core:health", "api:token", "api:2fa_start", "api:2fa_confirm")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        if required_roles():
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated and not user.is_verified()
                    and not request.path.startswith("/static/") and request.path not in self.open_paths()
                    and required(user)):
                return self.refuse(request, user)
        return self.get_response(request)

    def open_paths(self):
        if self._open is None:
            self._open = {reverse(name) for name in self.OPEN_NAMES}
        return self._open

    def refuse(self, request, user):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("须先完成两步验证（网页登录后输入验证码），或改用 API 令牌")}, status=403)
        target = "accounts:otp_verify" if enrolled(user) else "accounts:otp_setup"
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{urlencode({'next': next_url})}" if next_url else ""))
