"""Template context shared by every page: who is looking, and which menu entries they get."""
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from gonghui.accounts.capabilities import MANAGE_ROLES, VIEW_AUDIT, VIEW_FINANCE
from gonghui.core import scope


def _menu(user):
    """(label, url, url-prefix for the active mark) for each entry this user may open."""
    items = []
    officer = scope.is_officer(user)
    if officer:
        items += [
            (pgettext_lazy("菜单", "概览"), reverse("core:home"), None),
            (pgettext_lazy("菜单", "组织"), reverse("orgs:tree"), "/orgs/"),
            (pgettext_lazy("菜单", "会员"), reverse("members:list"), "/members/"),
        ]
        if scope.prefixes(user, VIEW_FINANCE) != []:
            items.append((pgettext_lazy("菜单", "经费"), reverse("finaudit:home"), "/finance/"))
        if scope.prefixes(user, VIEW_AUDIT) != []:
            items.append((pgettext_lazy("菜单", "审计"), reverse("core:audit"), "/audit/"))
        if scope.prefixes(user, MANAGE_ROLES) != []:
            items.append((pgettext_lazy("菜单", "角色"), reverse("accounts:roles"), "/roles/"))
    items.append((pgettext_lazy("菜单", "我的"), reverse("accounts:me"), "/me/"))
    return officer, items


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"is_officer": False, "menu": []}
    officer, items = _menu(user)
    path = request.path
    menu = []
    for label, url, prefix in items:
        active = path.startswith(prefix) if prefix else path == url
        menu.append({"label": label, "url": url, "active": active})
    return {"is_officer": officer, "menu": menu}
