"""Users given a temporary password must choose their own before they can do anything else."""
from django.shortcuts import redirect
from django.urls import reverse


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
