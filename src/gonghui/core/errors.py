"""The error every action raises for bad input: field-keyed Chinese messages; and the last guard of a
uniqueness rule, which turns a row another request wrote meanwhile into that rule's message."""
import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class ActionError(ValidationError):
    """Bad input or a refused state change; ``message_dict`` maps field names to Chinese messages.

    Views show it on the form, the API returns it as 400, the CLI prints it.
    """

    def __init__(self, message=None, *, field="__all__", errors=None):
        if errors is None:
            errors = {field: [message]}
        super().__init__({k: (v if isinstance(v, list) else [v]) for k, v in errors.items()})

    def as_text(self, labels=None):
        """Every message on one line, each but the general ones led by its field's label."""
        from django.utils.translation import gettext

        from .i18n import clauses

        labels = labels or {}
        parts = []
        for field, messages in self.message_dict.items():
            label = labels.get(field, field)
            label = gettext(label) if isinstance(label, str) else label  # plain Chinese labels too
            prefix = "" if field == "__all__" else f"{label}: "
            parts.extend(prefix + str(m) for m in messages)
        return clauses(parts)


@contextlib.contextmanager
def unique_or(message, field="__all__"):
    """Write inside a savepoint; a unique constraint violated meanwhile by another request (the database's
    constraint is the last guard behind the action's check and locks) ends as the rule's own
    ``ActionError`` — the message the check itself gives — never a 500, and the savepoint keeps the
    caller's transaction usable::

        with unique_or(_("组织代码“%(code)s”已被使用") % {"code": code}, field="code"):
            org.save()
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ActionError(message, field=field) from None
