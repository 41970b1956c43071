"""Readable references: a stored key ("dues:QL-YZ:1", "expense:33", "mutualaid:1", "reversal:5") shown as
what it names — a title and a link — never as the key.

Each app registers how to describe its own prefix in its ``references`` module (discovered like
``pickers`` and ``jobs``)::

    references.register("expense", describe_expenses)   # describe_expenses(ids) -> {id: (text, url)}

``describe_many(keys)`` reads each prefix's objects in one query; ``describe(key)`` does one. A key whose
prefix nobody registered, or whose object is gone, reads as "其他来源" (other source): the key itself
is never shown.
"""
import dataclasses

from django.utils.translation import gettext as _

_describers = {}


@dataclasses.dataclass(frozen=True)
class Reference:
    text: str
    url: str = ""

    def __str__(self):
        return self.text


def register(prefix, describe):
    """``describe(keys: list of (id part, rest)) -> {id part: (text, url)}`` for the keys of ``prefix``."""
    _describers[prefix] = describe


def autodiscover():
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("references")


def split(key):
    """"dues:QL-YZ:1" → ("dues", "1", "QL-YZ"): prefix, the object's id (the last numeric part), the rest."""
    parts = (key or "").split(":")
    prefix = parts[0]
    rest = parts[1:]
    ident = next((p for p in rest if p.isdigit()), "")
    return prefix, ident, ":".join(p for p in rest if p != ident)


def describe_many(keys):
    """{key: Reference} for every key, one query per prefix."""
    if not _describers:
        autodiscover()
    by_prefix = {}
    for key in {k for k in keys if k}:
        prefix, ident, rest = split(key)
        by_prefix.setdefault(prefix, []).append((key, ident, rest))
    out = {}
    for prefix, items in by_prefix.items():
        found = {}
        describer = _describers.get(prefix)
        ids = [int(i) for _k, i, _r in items if i]
        if describer is not None and ids:
            found = describer(ids)
        for key, ident, _rest in items:
            text_url = found.get(int(ident)) if ident else None
            out[key] = Reference(*text_url) if text_url else Reference(_("其他来源"))
    return out


def describe(key):
    return describe_many([key]).get(key) if key else None
