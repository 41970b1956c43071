"""The to-do inbox (待办): what needs a user now, declared by each app in its ``inbox.py``.

Every app that makes work for someone registers *sources*, one per kind of waiting item::

    # care/inbox.py
    from gonghui.core import inbox
    from gonghui.core.capabilities import CARE

    inbox.register(inbox.Source(
        key="care.visits_due",                 # "<app>.<name>", stable
        label=_("待走访"),                      # what the item is, as the inbox heads it
        capability=CARE,                       # who it is for: a capability, or inbox.MEMBER (self-service)
        rows=visits_due,                       # (user, today) -> QuerySet, scoped to the user, set-based
        item=lambda visit: inbox.Item(...),    # one row -> what the inbox shows and where it leads
        list_url="care:visits",                # the full list (URL name), optional
        batch=None,                            # optional (user, pks) -> int: approve/handle many at once
        batch_label="",                        # the batch button's label
    ))

The inbox counts each source with one query (``rows(...).count()``) and shows the first few rows of each
with one more, so a county officer's inbox costs two queries per source whatever the number of unions.
Who sees a source: holders of its capability anywhere (``scope.prefixes``), or members for ``MEMBER``;
``rows`` itself restricts to the user's scope (the app's scoped queryset). A batch runs the app's own action
for each row, so approval from the inbox writes the same audit as approval on the row's page.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from django.utils import timezone

from gonghui.core import scope

MEMBER = "member"  # a source for members (self-service), not an officer capability


@dataclass(frozen=True)
class Item:
    title: str                 # what it is, in words: "2026年11月会费凭证 记-12"
    url: str                   # where to act on it
    pk: object = None          # the row, for batch actions
    org: str = ""              # the organisation's name, for users who see several
    due: date | None = None    # the deadline, where the item has one
    detail: str = ""           # one more line: amount, who asked, how overdue


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    capability: str
    rows: Callable
    item: Callable
    list_url: str = ""
    batch: Callable | None = None
    batch_label: str = ""
    order: int = 100           # place in the inbox (lower first)
    notify: bool = True        # whether the item may also go out as a notification (mail, group robot)
    extra: dict = field(default_factory=dict, compare=False)

    def applies_to(self, user) -> bool:
        if self.capability == MEMBER:
            return scope.member_of(user) is not None
        return scope.prefixes(user, self.capability) != []


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.key in _REGISTRY and _REGISTRY[source.key] is not source:
        raise ValueError(f"inbox source {source.key!r} registered twice")
    _REGISTRY[source.key] = source
    return source


def get(key: str) -> Source | None:
    autodiscover()
    return _REGISTRY.get(key)


def all_sources() -> list[Source]:
    autodiscover()
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def sources_for(user) -> list[Source]:
    if not (user and user.is_authenticated):
        return []
    return [s for s in all_sources() if s.applies_to(user)]


_discovered = False


def autodiscover():
    global _discovered
    if _discovered:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("inbox")
    _discovered = True


def today():
    return timezone.localdate()
