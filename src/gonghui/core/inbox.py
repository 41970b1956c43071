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
        batch=None,                            # optional (user, pk, params) -> None: handle one row through
                                               # the app's own action; raises ActionError with the Chinese
                                               # reason (e.g. "该凭证已由张三于…审批")
        batch_label="",                        # the batch button's label
        batch_params=(),                       # what the batch asks once for all rows, e.g. ("reason",)
    ))

The inbox counts each source with one query (``rows(...).count()``) and shows the first few rows of each
with one more, so a county officer's inbox costs two queries per source whatever the number of unions
(``summary``; the counts alone: ``counts``, cached on the request by ``for_request``).
Who sees a source: holders of its capability anywhere (``scope.prefixes``), or members for ``MEMBER``;
``rows`` itself restricts to the user's scope (the app's scoped queryset). A batch runs the app's own action
for each row, so approval from the inbox writes the same audit as approval on the row's page; ``run_batch``
runs it per item (each item its own transaction) and reports each item's success or Chinese reason.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import scope
from gonghui.core.errors import ActionError

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
    batch_params: tuple = ()
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


# ---- reading: counts and first items, one query per source each ----

FIRST = 5  # rows shown per source before "all"


@dataclass
class Section:
    source: Source
    count: int
    items: list

    @property
    def batchable(self) -> bool:  # templates call callables: ask here, not ``source.batch``
        return self.source.batch is not None


def counts(user, sources=None, day=None) -> dict[str, int]:
    """{source key: number of waiting rows}: one COUNT query per source."""
    day = day or today()
    sources = sources_for(user) if sources is None else sources
    return {s.key: s.rows(user, day).count() for s in sources}


def summary(user, *, first=FIRST, day=None, keys=None) -> list[Section]:
    """Each applicable source with its count and first rows (one count and one slice query per source;
    the slice is skipped when the count is 0)."""
    day = day or today()
    sections = []
    for source in sources_for(user):
        if keys is not None and source.key not in keys:
            continue
        rows = source.rows(user, day)
        n = rows.count()
        items = [source.item(row) for row in rows[:first]] if n and first else []
        sections.append(Section(source, n, items))
    return sections


def for_request(request) -> dict[str, int]:
    """The counts for the signed-in user, computed once per request (menu badge, hub, inbox page)."""
    cached = getattr(request, "_gonghui_inbox_counts", None)
    if cached is None:
        cached = counts(request.user)
        request._gonghui_inbox_counts = cached
    return cached


def total(request) -> int:
    return sum(for_request(request).values())


# ---- acting: a batch is the app's own action run item by item ----

@dataclass(frozen=True)
class Outcome:
    pk: object
    ok: bool
    message: str = ""


def run_batch(user, source: Source, pks, params=None) -> list[Outcome]:
    """Run ``source.batch`` for each pk; each item in its own transaction (the action's), so one refused
    item leaves the others done. Each outcome carries the Chinese reason when refused."""
    if source.batch is None:
        raise ActionError(_("该类待办不能批量办理"), field="source")
    params = params or {}
    for name in source.batch_params:
        if not str(params.get(name) or "").strip():
            raise ActionError(_("请填写批量办理的说明"), field=name)
    outcomes, seen = [], set()
    for pk in pks:
        if pk in seen:
            continue
        seen.add(pk)
        try:
            source.batch(user, pk, params)
        except ActionError as exc:
            outcomes.append(Outcome(pk, False, "；".join(str(m) for ms in exc.message_dict.values() for m in ms)))
        except ObjectDoesNotExist:
            outcomes.append(Outcome(pk, False, _("找不到该待办事项，或您无权办理")))
        except PermissionDenied as exc:
            outcomes.append(Outcome(pk, False, str(exc) or _("无权办理该事项")))
        else:
            outcomes.append(Outcome(pk, True, ""))
    return outcomes


def handled_by(who, when, verb) -> str:
    """"已由张三于2026-12-07 10:30审批": the reason an item someone else already handled gives."""
    name = (getattr(who, "name", "") or getattr(who, "username", "")) if who else _("他人")
    if when is None:
        return _("已由%(who)s%(verb)s") % {"who": name, "verb": verb}
    if getattr(when, "tzinfo", None) is not None:
        stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    else:
        stamp = when.strftime("%Y-%m-%d")
    return _("已由%(who)s于%(when)s%(verb)s") % {"who": name, "when": stamp, "verb": verb}
