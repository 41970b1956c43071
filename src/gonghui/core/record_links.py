"""Links from one record's page to what upper apps hold about it — a member's honours on the member's
record — without the lower app importing the upper one (``tests/test_layering.py``).

An upper app registers a link for a model in its ``AppConfig.ready``::

    record_links.register("members.member", _("荣誉记录"), "honours:member", capability=VIEW)

and the lower app's page shows them with ``{% record_links obj %}`` (``core/templatetags/record_links.py``):
each link whose capability the user holds at the object's organisation (``scope.can``; the object's
``scope_org`` names it) and whose ``when(obj)`` holds (e.g. maternity records: women only), in the order
registered. The URL is ``reverse(url_name, args=[obj.pk])``.
"""
from dataclasses import dataclass
from typing import Callable

from django.urls import reverse

from .capabilities import VIEW


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    capability: str = VIEW
    when: Callable | None = None


_LINKS: dict[str, list[Link]] = {}


def register(model_label: str, label, url_name: str, *, capability: str = VIEW, when=None) -> Link:
    link = Link(label, url_name, capability, when)
    rows = _LINKS.setdefault(model_label.lower(), [])
    if all(r.url_name != url_name for r in rows):
        rows.append(link)
    return link


def _org(obj):
    value = obj
    for part in getattr(type(obj), "scope_org", "").split("__"):
        value = getattr(value, part, None) if part else None
    return value


def for_object(user, obj) -> list[tuple[str, str]]:
    """(label, url) of the links registered for ``obj``'s model that ``user`` may follow."""
    from . import scope

    rows = _LINKS.get(obj._meta.label_lower, [])
    if not rows or user is None or not user.is_authenticated:
        return []
    org = _org(obj)
    return [(str(r.label), reverse(r.url_name, args=[obj.pk])) for r in rows
            if org is not None and (r.when is None or r.when(obj)) and scope.can(user, r.capability, org)]
