"""Users given a temporary password must choose their own before they can do anything else."""
from django.conf import settings
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
