"""API tokens that end.

A token lives ``settings.GONGHUI_TOKEN_DAYS`` days from when it was issued (fixed, not sliding: a stolen token
is useful for a bounded time whatever its use); after that it is refused and deleted, and the client asks for a
new one with the password (``POST /api/auth/token/``). Before that, it ends when

* the user's password changes, by any road (web page, API, ``gonghui changepassword``, an administrator):
  ``accounts.models.User.save``;
* the user signs out: the web sign-out (any session) and ``DELETE /api/auth/token/`` delete the user's token
  (one token per user, as in DRF), so signing out on a shared computer also ends scripts run with it.
"""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def lifetime():
    return timedelta(days=settings.GONGHUI_TOKEN_DAYS)


def expired(token, now=None):
    return token.created + lifetime() <= (now or timezone.now())


def issue(user):
    """The user's token: the live one, or a new one when there is none or it has expired."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    if token is not None and expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            token.delete()
            raise AuthenticationFailed(_("API 令牌已过期，请用用户名和密码重新获取"))
        return user, token


def revoke_on_logout(sender, request, user, **kwargs):
    if user is not None and user.pk:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
