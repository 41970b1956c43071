"""Project middleware: sessions that end after a spell of idleness, the language, and users given a
temporary password, who must choose their own before they can do anything else."""
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class MustChangePasswordMiddleware:
    """Send a logged-in user with ``must_change_password`` to the password page.

    Only the password page itself, logging out, the language switch and static files stay open; API
    requests get the same treatment from the API's own permission check, not from here.
    """

    ALLOWED_NAMES = ("accounts:password_change", "accounts:logout", "core:set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in self.ALLOWED_NAMES}
            path = request.path
            if path not in allowed and not path.startswith(("/static/", "/api/")):
                return redirect("accounts:password_change")
        return self.get_response(request)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language (the language cookie set by the
    switcher). The browser's Accept-Language is not consulted: an officer on an English-language
    phone still gets the Chinese UI the union works in, and can switch."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, where a session ends ``SESSION_COOKIE_AGE`` after the user's last
    request (an idle timeout), but its row is rewritten at most once per ``REFRESH_SECONDS`` when its
    data did not change — not on every request, as ``SESSION_SAVE_EVERY_REQUEST`` would. The idle end is
    therefore exact to within that minute."""

    REFRESH_SECONDS = 60
    KEY = "_refreshed"

    @classmethod
    def on_login(cls, sender, request, user, **kwargs):
        """Signing in saves the session anyway: its first minute needs no further write."""
        session = getattr(request, "session", None)
        if session is not None:
            session[cls.KEY] = int(time.time())

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.modified and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header (settings.GONGHUI_PERMISSIONS_POLICY): Django sets the other security
    headers itself (SecurityMiddleware), django-csp the Content-Security-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = settings.GONGHUI_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
