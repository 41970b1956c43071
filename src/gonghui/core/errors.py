"""The error every action raises for bad input: field-keyed Chinese messages."""
from django.core.exceptions import ValidationError


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
