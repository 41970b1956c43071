"""Template context shared by every page."""
from gonghui.core import scope


def navigation(request):
    user = getattr(request, "user", None)
    return {"is_officer": scope.is_officer(user) if user and user.is_authenticated else False}
