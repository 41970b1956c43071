"""Scope-walk extension for the history page of any object (``/audit/<app.model>/<pk>/``): besides the members
and organisations the walk names already, objects of other apps that the acting user may not see, one per type
for a few types the other extensions populate (the walk tries at most 12 values per route, and keeps room for
the in-scope member it looks at)."""
from gonghui.core import audit_labels

TYPES = ("care.visit", "care.hardshipfile", "congress.term", "elections.election", "mutualaid.claim",
         "plans.plan")


def extend(user, scope):
    extra = []
    for object_type in TYPES:
        model = audit_labels.model_of(object_type)
        if model is None:
            continue
        manager = getattr(model, "all_objects", None) or model._base_manager
        visible = audit_labels.visible(user, object_type)
        hidden = manager.exclude(pk__in=visible.values("pk")).order_by("pk").values_list("pk", flat=True).first()
        if hidden is not None:
            extra.append((object_type, hidden))
    scope.strict["audit_object"] = scope.strict.get("audit_object", []) + extra
