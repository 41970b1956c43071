"""How the audit trail reads: the label of each action code, object type and audited field.

Each app declares the labels of what it writes in its own ``<app>/audit_labels.py`` (found through the
installed apps, like ``metrics.py``; no shared file to edit). Such a module may define:

``ACTIONS``        ``{code: label}`` — every action code the app writes. For the app's own object types this
                   is the label; for other apps' objects it is the fallback when they do not label the code.
``MODEL_ACTIONS``  ``{"app.model": {code: label}}`` — where one code means something else for one object type
                   ("create" of a member is 登记入会).
``FIELDS``         ``{"app.model": {key: label}}`` — audited keys that are not model fields, or whose verbose
                   name reads badly in a history; other keys are shown by the model field's ``verbose_name``.
``CHOICES``        ``{"app.model": {key: choices}}`` — display labels for an audited key that is not a field of
                   the model but carries another model's choice codes.
``HISTORY``        ``{"app.model": (capability, …)}`` — object types with a history page, and the capabilities
                   that let someone read it besides ``VIEW_AUDIT`` (usually the one the object is managed with).
``DETAIL``         ``{"app.model": "namespace:url_name"}`` — the object's own page (reversed with its pk), linked
                   from the history page.
``SCOPE``          ``{"app.model": "lookup__to__organisation"}`` — for a history type whose model has neither
                   ``visible_to`` nor ``scope_org``.

``FIELDS["*"]`` labels keys any object type may carry (core's own: "note", "reason" …).

Labels are lazy strings, their English in the app's catalogue: action labels ``pgettext_lazy("审计动作", …)``
(the context keeps 确认 "Confirmed" apart from the 确认 "Confirm" of a button), field names ``gettext_lazy``.
How a label is found for
(object type, code): ``MODEL_ACTIONS`` of any app, then ``ACTIONS`` of the object's own app, then the core
labels below, then ``ACTIONS`` of any app (the first in ``INSTALLED_APPS`` order). Never the raw code unless
nobody declared it (``tests/test_audit_labels.py`` fails first).
"""
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .i18n import clauses, words

# ---- the core app's own labels: the codes every app shares, and the base objects ----

ACTIONS = {
    "create": pgettext_lazy("审计动作", "新建"),
    "update": pgettext_lazy("审计动作", "修改"),
    "delete": pgettext_lazy("审计动作", "删除"),
    "restore": pgettext_lazy("审计动作", "恢复"),
    "import": pgettext_lazy("审计动作", "导入"),
    # Codes several apps write, each with its own words for its objects; these are the filter's words.
    "move": pgettext_lazy("审计动作", "移动"),
    "publish": pgettext_lazy("审计动作", "发布"),
    "cancel": pgettext_lazy("审计动作", "取消"),
    "withdraw": pgettext_lazy("审计动作", "撤回"),
    "answer": pgettext_lazy("审计动作", "答复"),
}
FIELDS = {"*": {
    "note": gettext_lazy("说明"), "reason": gettext_lazy("原因"), "status": gettext_lazy("状态"),
    "deleted": gettext_lazy("已删除"), "members": gettext_lazy("会员"), "lines": gettext_lazy("明细"),
    "title": gettext_lazy("标题"), "name": gettext_lazy("名称"),
}}
HISTORY = {}

MODULE = "audit_labels"
ENCRYPTED_MARKERS = ("（已加密）", "（已加密，已修改）")


def _shown(label):
    """A label in the current language: lazy labels translate themselves; a plain Chinese one (a model's
    ``verbose_name`` or choice label written without ``gettext_lazy``) is looked up in the catalogues."""
    return _(label) if isinstance(label, str) and label else str(label)


@dataclass
class Registry:
    actions: dict = field(default_factory=dict)          # code -> label (first app to declare it)
    by_app: dict = field(default_factory=dict)           # app_label -> {code: label}
    by_model: dict = field(default_factory=dict)         # "app.model" -> {code: label}
    fields: dict = field(default_factory=dict)           # "app.model" -> {key: label}
    choices: dict = field(default_factory=dict)          # "app.model" -> {key: {value: label}}
    history: dict = field(default_factory=dict)          # "app.model" -> (capability, ...)
    scope: dict = field(default_factory=dict)            # "app.model" -> org lookup
    detail: dict = field(default_factory=dict)           # "app.model" -> URL name of the object's page
    modules: list = field(default_factory=list)


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every installed app's labels, read once."""
    reg = Registry()
    core = None
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        reg.modules.append(module)
        own = dict(getattr(module, "ACTIONS", {}))
        reg.by_app[config.label] = own
        if config.label == "core":
            core = own
        for code, label in own.items():
            reg.actions.setdefault(code, label)
        for model, labels in getattr(module, "MODEL_ACTIONS", {}).items():
            reg.by_model.setdefault(model, {}).update(labels)
        for model, labels in getattr(module, "FIELDS", {}).items():
            reg.fields.setdefault(model, {}).update(labels)
        for model, keys in getattr(module, "CHOICES", {}).items():
            reg.choices.setdefault(model, {}).update({k: dict(c) for k, c in keys.items()})
        reg.history.update({m: tuple(c) for m, c in getattr(module, "HISTORY", {}).items()})
        reg.scope.update(getattr(module, "SCOPE", {}))
        reg.detail.update(getattr(module, "DETAIL", {}))
    if core:
        reg.actions.update(core)  # the shared codes read the same everywhere unless an app says otherwise
    return reg


def declared_codes() -> set:
    """Every action code some app has labelled (for any object type)."""
    reg = registry()
    return set(reg.actions) | {code for labels in reg.by_model.values() for code in labels}


def action_label(object_type, action):
    reg = registry()
    label = reg.by_model.get(object_type, {}).get(action)
    if label is None:
        label = reg.by_app.get(object_type.partition(".")[0], {}).get(action)
    if label is None:
        label = reg.actions.get(action, action)
    return label


def model_of(object_type):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type):
    """The object type as people know it: the model's verbose name."""
    model = model_of(object_type)
    return _shown(model._meta.verbose_name) if model is not None else object_type


def action_choices():
    """(code, label) of every declared code, for the audit page's filter, in label order."""
    return sorted(((code, str(label)) for code, label in registry().actions.items()), key=lambda p: (p[1], p[0]))


def history_types():
    """{"app.model": label} of the object types with a history page, in label order."""
    types = {t: str(type_label(t)) for t in registry().history}
    return dict(sorted(types.items(), key=lambda p: (p[1], p[0])))


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(object_type, name):
    """An audited key by its label: the registry first, then the model field's verbose name."""
    declared = registry().fields.get(object_type, {}).get(name)
    if declared is not None:
        return str(declared)
    found = _model_field(model_of(object_type), name)
    if found is not None and hasattr(found, "verbose_name"):
        return _shown(found.verbose_name)
    if found is not None and found.related_model is not None:  # a reverse relation: the rows it holds
        return _shown(found.related_model._meta.verbose_name)
    return _shown(registry().fields.get("*", {}).get(name, name))


def field_value(object_type, name, value):
    """An audited value as people read it: choice labels, 是/否, “—” for empty."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value in ENCRYPTED_MARKERS:  # what the trail stores instead of personal data (core.audit.diff)
        return _(value)
    if isinstance(value, (list, tuple)):
        return words(field_value(object_type, name, v) for v in value) or "—"
    if isinstance(value, dict):
        return clauses(f"{field_label(object_type, k)}: {field_value(object_type, k, v)}"
                       for k, v in value.items()) or "—"
    choices = registry().choices.get(object_type, {}).get(name)
    if choices is None:
        choices = getattr(_model_field(model_of(object_type), name), "flatchoices", None) or ()
    try:
        label = dict(choices).get(value)
    except TypeError:  # an unhashable value
        label = None
    return _shown(label) if label is not None else str(value)


def present(entry):
    """Decorate an audit entry with labels and a list of (field, before, after) for the templates."""
    object_type = entry.object_type
    entry.action_label = action_label(object_type, entry.action)
    entry.type_label = type_label(object_type)
    entry.has_history = object_type in registry().history
    entry.rows = [
        (field_label(object_type, f), field_value(object_type, f, pair[0]), field_value(object_type, f, pair[1]))
        for f, pair in (entry.changes or {}).items()
        if isinstance(pair, (list, tuple)) and len(pair) == 2
    ]
    return entry


def detail_url(obj):
    """The object's own page, if its app names one (``DETAIL``)."""
    from django.urls import NoReverseMatch, reverse

    name = registry().detail.get(obj._meta.label_lower)
    if name is None:
        return None
    try:
        return reverse(name, args=[obj.code if name == "orgs:detail" else obj.pk])
    except NoReverseMatch:
        return None


# ---- who may read one object's history ----

def history_caps(object_type):
    """The capabilities that open an object's history: VIEW_AUDIT, and those its app declares."""
    from gonghui.core.capabilities import VIEW_AUDIT

    return (VIEW_AUDIT, *registry().history.get(object_type, ()))


def visible(user, object_type, queryset=None):
    """The objects of ``object_type`` whose history ``user`` may read (deleted ones too), or None when the
    type has no history page. One query when evaluated."""
    from gonghui.core import scope

    if object_type not in registry().history:
        return None
    model = model_of(object_type)
    if model is None:
        return None
    manager = getattr(model, "all_objects", None) or model._base_manager
    qs = manager.all() if queryset is None else queryset
    caps = history_caps(object_type)
    if hasattr(qs, "visible_to"):
        combined = None
        for cap in caps:
            part = qs.visible_to(user, cap)
            combined = part if combined is None else combined | part
        return combined
    lookup = registry().scope.get(object_type, getattr(model, "scope_org", None))
    if lookup is None:
        return qs.none()
    from django.db.models import Q

    cond = Q(pk__in=[])
    for cap in caps:
        cond |= scope.org_condition(user, cap, lookup)
    return qs.filter(cond)


def may_open_history(user, obj):
    """Whether a detail page should offer the link to ``obj``'s history, without a query where the object's
    organisation is already loaded (else: whether the user holds one of the capabilities anywhere)."""
    from gonghui.core import scope

    object_type = obj._meta.label_lower
    if object_type not in registry().history:
        return False
    caps = history_caps(object_type)
    org = _loaded_org(obj, registry().scope.get(object_type, getattr(type(obj), "scope_org", None)))
    if org is not None:
        return any(scope.can(user, cap, org) for cap in caps)
    return any(scope.prefixes(user, cap) != [] for cap in caps)


def _loaded_org(obj, lookup):
    """The organisation at the end of ``lookup`` if every step is already loaded, else None."""
    if lookup is None:
        return None
    if lookup == "":
        return obj
    current = obj
    for step in lookup.split("__"):
        descriptor = _model_field(type(current), step)
        if descriptor is None or not descriptor.is_relation or not descriptor.is_cached(current):
            return None
        current = getattr(current, step)
        if current is None:
            return None
    return current
