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
        labels = labels or {}
        parts = []
        for field, messages in self.message_dict.items():
            label = "" if field == "__all__" else f"{labels.get(field, field)}: "
            parts.extend(label + m for m in messages)
        return "；".join(parts)
