"""Soft deletion and restore, written once. Each app keeps its own action functions (``delete_visit``,
``restore_plan``...) as the public entry points; they call these::

    @transaction.atomic
    def delete_visit(actor, visit, *, note=""):
        def check(visit):                       # the locked row, once it is known to be live
            if visit.expense_id:
                raise ActionError(_("..."), field="visit")
        return soft_delete(visit, actor=actor, org=lambda v: v.org, note=note, check=check,
                           allow=lambda v: scope.require(actor, CARE, v.org))

In one transaction: lock the row (``select_for_update`` through ``manager``, by default one that also
sees deleted rows, locking the tables ``of`` names; or the app's own ``locker(obj)``), let ``allow(row)`` refuse who may not (scope: before anything about the row is told),
refuse a row already deleted (``soft_delete``) or not deleted (``restore``) with the app's message on its
field, let ``check(row)`` refuse (the app's rules), stamp or clear ``deleted_at`` (and
``updated_at`` with ``touch``), save only those fields, and write the audit record ``code`` with the
app's ``before``/``after``/``note``. Returns the locked, changed row; the caller's instance gets the same
``deleted_at``.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import audit
from .errors import ActionError

ALREADY_DELETED = gettext_lazy("该记录已删除")
NOT_DELETED = gettext_lazy("该记录未被删除")


def lock(obj, manager=None, of=("self",)):
    """``obj``'s row again, locked for this transaction (deleted rows included unless ``manager`` hides
    them). ``of``: the tables locked when ``manager`` joins others (``None``: all of them)."""
    manager = manager if manager is not None else type(obj)._base_manager
    return manager.select_for_update(**({"of": of} if of else {})).get(pk=obj.pk)


def _value(value, row):
    return value(row) if callable(value) else value


def _stamp(obj, row, when, actor, code, *, org, note, before, after, touch):
    row.deleted_at = when
    fields = ["deleted_at"]
    if touch:
        row.updated_at = timezone.now()
        fields.append("updated_at")
    row.save(update_fields=fields)
    audit.record(actor, code, row, org=_value(org, row), note=note, before=_value(before, row),
                 after=_value(after, row))
    for name in fields:  # the caller's instance tells the same as the row
        setattr(obj, name, getattr(row, name))
    return row


@transaction.atomic
def soft_delete(obj, *, actor, org=None, code="delete", allow=None, check=None, note="", before=None, after=None,
                already=ALREADY_DELETED, field="__all__", manager=None, of=("self",), locker=None, touch=False):
    """Mark ``obj`` deleted (see the module doc). ``org``, ``before`` and ``after`` may be values or
    functions of the locked row; ``already`` is the message for a row deleted before, on ``field``."""
    row = locker(obj) if locker is not None else lock(obj, manager, of)
    if allow is not None:
        allow(row)
    if row.deleted_at is not None:
        raise ActionError(already, field=field)
    if check is not None:
        check(row)
    return _stamp(obj, row, timezone.now(), actor, code, org=org, note=note, before=before, after=after, touch=touch)


@transaction.atomic
def restore(obj, *, actor, org=None, code="restore", allow=None, check=None, note="", before=None, after=None,
            not_deleted=NOT_DELETED, field="__all__", manager=None, of=("self",), locker=None, touch=False):
    """Bring ``obj`` back (see the module doc); ``not_deleted`` is the message for a live row, on ``field``."""
    row = locker(obj) if locker is not None else lock(obj, manager, of)
    if allow is not None:
        allow(row)
    if row.deleted_at is None:
        raise ActionError(not_deleted, field=field)
    if check is not None:
        check(row)
    return _stamp(obj, row, None, actor, code, org=org, note=note, before=before, after=after, touch=touch)
