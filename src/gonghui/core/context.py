"""Template context shared by every page: who is looking, and which menu entries they get."""
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from gonghui.core.capabilities import MANAGE_ROLES, VIEW_AUDIT, VIEW_FINANCE
from gonghui.core import scope


def _app_entries(user, *, officer):
    """Entries the domain apps declare on their AppConfig, in INSTALLED_APPS order.

    ``menu = (label, url_name, path_prefix, capability)`` for officers holding ``capability``;
    ``member_menu = (label, url_name, path_prefix)`` for members without a role (self-service).
    """
    from django.apps import apps

    entries = []
    for config in apps.get_app_configs():
        if officer and getattr(config, "menu", None):
            label, url_name, prefix, cap = config.menu
            if scope.prefixes(user, cap) != []:
                entries.append((label, reverse(url_name), prefix))
        elif not officer and getattr(config, "member_menu", None):
            label, url_name, prefix = config.member_menu
            entries.append((label, reverse(url_name), prefix))
    return entries


def _menu(user):
    """(label, url, url-prefix for the active mark) for each entry this user may open."""
    items = [(pgettext_lazy("菜单", "待办"), reverse("inbox:home"), "/inbox/")]  # everyone's landing page
    officer = scope.is_officer(user)
    if officer:
        items += [
            (pgettext_lazy("菜单", "概览"), reverse("core:home"), None),
            (pgettext_lazy("菜单", "组织"), reverse("orgs:tree"), "/orgs/"),
            (pgettext_lazy("菜单", "会员"), reverse("members:list"), "/members/"),
        ]
        if scope.prefixes(user, VIEW_FINANCE) != []:
            items.append((pgettext_lazy("菜单", "经费"), reverse("finaudit:home"), "/finance/"))
        items += _app_entries(user, officer=True)
        if scope.prefixes(user, VIEW_AUDIT) != []:
            items.append((pgettext_lazy("菜单", "审计"), reverse("core:audit"), "/audit/"))
        if scope.prefixes(user, MANAGE_ROLES) != []:
            items.append((pgettext_lazy("菜单", "角色"), reverse("accounts:roles"), "/roles/"))
    if not officer:
        items += _app_entries(user, officer=False)
    items.append((pgettext_lazy("菜单", "我的"), reverse("accounts:me"), "/me/"))
    return officer, items


# The top menu groups its entries by area: (key, label, the url prefixes of the entries it holds). An entry
# whose prefix no group names stays on its own, in place; a group with one visible entry is a plain link.
GROUPS = (
    ("members", pgettext_lazy("菜单", "会员"), ("/orgs/", "/members/")),
    ("finance", pgettext_lazy("菜单", "经费"), ("/finance/",)),
    ("care", pgettext_lazy("菜单", "活动与关怀"), ("/activities/", "/contests/", "/care/", "/mutual-aid/")),
    ("democracy", pgettext_lazy("菜单", "民主管理"), ("/congress/", "/elections/", "/notices/")),
    ("rights", pgettext_lazy("菜单", "权益与建功"), ("/mediation/", "/supervision/", "/bargaining/", "/appeals/",
                                                  "/women/", "/safety/", "/suggestions/", "/honours/")),
    ("plans", pgettext_lazy("菜单", "计划考核"), ("/plans/", "/ratings/")),
    ("admin", pgettext_lazy("菜单", "管理"), ("/audit/", "/roles/")),
)


def _grouped(menu):
    """The flat menu folded into groups, in the order of their first entry."""
    by_prefix = {prefix: (key, label) for key, label, prefixes in GROUPS for prefix in prefixes}
    groups, index = [], {}
    for item in menu:
        key, label = by_prefix.get(item["prefix"], (None, None))
        if key is None:
            groups.append({"key": None, "label": item["label"], "items": [item], "active": item["active"]})
            continue
        if key not in index:
            index[key] = len(groups)
            groups.append({"key": key, "label": label, "items": [], "active": False})
        group = groups[index[key]]
        group["items"].append(item)
        group["active"] = group["active"] or item["active"]
    for group in groups:
        group["single"] = len(group["items"]) == 1
    return groups


def _badge(request, menu):
    """The inbox entry's count: shown at once where the page has counted the inbox already (the inbox and
    the hub, ``core.inbox.for_request``); elsewhere the menu script (``gonghui/nav.js``) fills it from ``inbox:badge`` after
    the page has loaded, so no page pays the inbox's queries for its menu."""
    counted = getattr(request, "_gonghui_inbox_counts", None)
    for item in menu:
        if item["prefix"] == "/inbox/":
            item["badge"] = sum(counted.values()) if counted is not None else None
            item["badge_url"] = reverse("inbox:badge")


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"is_officer": False, "menu": [], "menu_groups": []}
    officer, items = _menu(user)
    path = request.path
    menu = []
    for label, url, prefix in items:
        active = path.startswith(prefix) if prefix else path == url
        menu.append({"label": label, "url": url, "active": active, "prefix": prefix})
    _badge(request, menu)
    return {"is_officer": officer, "menu": menu, "menu_groups": _grouped(menu)}
