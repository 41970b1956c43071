"""The audit trail: every action function calls ``record`` inside its transaction."""
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.db import models, transaction

from .models import AuditEntry

# Fields whose values never go into the audit trail in clear: only the fact that they changed.
SENSITIVE_FIELDS = {"id_number", "phone", "wage_base"}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj, fields):
    """The audited values of ``fields`` on ``obj`` (FKs by their str, money as strings)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.is_relation and value is not None:
            value = str(value)
        data[name] = _plain(value)
    return data


def creation_changes(obj, fields) -> dict:
    """``diff({}, snapshot(obj, fields))`` for a new object, fast enough for bulk paths."""
    changes = {}
    values = obj.__dict__
    for name, attname, is_relation in _field_plan(type(obj), tuple(fields)):
        value = values.get(attname)
        if value is None or value == "":
            continue
        if name in SENSITIVE_FIELDS:
            changes[name] = [None, "（已加密，已修改）"]
        elif is_relation:
            changes[name] = [None, str(getattr(obj, name))]
        else:
            changes[name] = [None, _plain(value)]
    return changes


@lru_cache(maxsize=64)
def _field_plan(model, fields):
    return [(name, model._meta.get_field(name).attname, model._meta.get_field(name).is_relation) for name in fields]


def diff(before: dict, after: dict) -> dict:
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            if key in SENSITIVE_FIELDS:
                changes[key] = ["（已加密）" if old not in (None, "") else None,
                                "（已加密，已修改）" if new not in (None, "") else None]
            else:
                changes[key] = [old, new]
    return changes


def entry(actor, action, obj, *, org=None, before=None, after=None, note=""):
    """Build an unsaved entry (for bulk paths that ``bulk_create`` many at once)."""
    return AuditEntry(
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        org=org,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        changes=diff(before or {}, after or {}),
        note=note[:500],
    )


def record(actor, action, obj, *, org=None, before=None, after=None, note=""):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("审计记录必须与变更在同一事务中写入")
    e = entry(actor, action, obj, org=org, before=before, after=after, note=note)
    e.save()
    return e
