"""Organisation scope: the one place that decides which rows a user may see or change.

Every list, detail, export, search and API path gets its rows through ``visible_to`` (a queryset
method from ``ScopedQuerySet``) or checks one object with ``can``. A role held in an organisation
reaches that organisation's whole subtree; superusers reach everything. Members who hold no role see
only their own record (models name the field that links a row to its member in ``scope_self``).
"""
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q

from gonghui.accounts.capabilities import CAPABILITIES, VIEW

_CACHE_ATTR = "_gonghui_scope"


def _load(user):
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from gonghui.accounts.models import Role

    from gonghui.orgs.models import FEDERATION_KINDS

    by_cap: dict[str, set[str]] = {}
    broad: set[str] = set()
    rows = Role.objects.filter(user=user, org__deleted_at__isnull=True).values_list("kind", "org__path", "org__kind")
    for kind, path, org_kind in rows:
        for cap in CAPABILITIES.get(kind, ()):
            by_cap.setdefault(cap, set()).add(path)
            if org_kind in FEDERATION_KINDS:
                broad.add(cap)
    scope = {cap: _outermost(paths) for cap, paths in by_cap.items()}
    setattr(user, _CACHE_ATTR, scope)
    user.__dict__["_gonghui_broad"] = broad
    return scope


def _outermost(paths):
    """Drop paths that lie inside another path of the set."""
    kept = []
    for p in sorted(paths):
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return kept


def forget(user):
    for attr in (_CACHE_ATTR, "_gonghui_own_rows", "_gonghui_broad"):
        user.__dict__.pop(attr, None)


def prefixes(user, cap=VIEW):
    """Subtree roots where ``user`` has ``cap``; ``None`` means everywhere (superuser)."""
    if not user or not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    return _load(user).get(cap, [])


def is_broad(user, cap=VIEW) -> bool:
    """Whether the user's scope for ``cap`` includes a federation (many unions, most of the rows)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    _load(user)
    return cap in user.__dict__.get("_gonghui_broad", set())


def is_officer(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or _load(user)))


def can(user, cap, org) -> bool:
    """Whether ``user`` has ``cap`` at ``org`` (a role at it or any ancestor)."""
    if org is None:
        return bool(user and user.is_authenticated and user.is_superuser)
    roots = prefixes(user, cap)
    return roots is None or any(org.path.startswith(p) for p in roots)


def require(user, cap, org):
    if not can(user, cap, org):
        raise PermissionDenied("无权在该组织执行此操作")


def require_any(user, caps, org):
    """Like ``require`` for an action more than one capability allows."""
    if not any(can(user, cap, org) for cap in caps):
        raise PermissionDenied("无权在该组织执行此操作")


def org_condition(user, cap, org_field):
    """A Q object limiting rows whose ``org_field`` lies in the user's subtrees for ``cap``."""
    from gonghui.orgs.models import Organisation

    roots = prefixes(user, cap)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    if org_field == "":  # the Organisation model itself
        cond = Q(pk__in=[])
        for p in roots:
            cond |= Q(path__gte=p, path__lt=p + "~")
        return cond
    # all_objects: rows of a deleted organisation (its audit history) stay visible within scope.
    return Q(**{f"{org_field}__in": Organisation.all_objects.under_any(roots).values("id")})


class ScopedQuerySet(models.QuerySet):
    """Mixin for querysets of organisation-owned rows.

    A model sets ``scope_org`` (lookup to its organisation, "" for Organisation itself) and may set
    ``scope_self`` (lookup to the user a row belongs to, for self-service).
    """

    def visible_to(self, user, cap=VIEW, *, org_index=True):
        """Rows ``user`` may see with ``cap``.

        ``org_index=False`` states the organisation condition on an expression so the database cannot
        drive the query from the organisation index — right when the scope covers most of the table
        (a federation) and another index (a search key, the primary key order) finds a page faster.
        """
        if not user or not user.is_authenticated:
            return self.none()
        model = self.model
        qs = self
        field = model.scope_org
        if not org_index and field:
            qs = qs.alias(_scope_org_id=F(f"{field}_id") + 0)
            field = "_scope_org_id"
        cond = org_condition(user, cap, field)
        if cap == VIEW and getattr(model, "scope_self", None) and prefixes(user, cap) is not None:
            own = _own_outside(user, model, cap)
            if own:
                cond |= Q(pk__in=own)
        return qs.filter(cond)


def _own_outside(user, model, cap):
    """The user's own rows that their roles do not already reach.

    Adding ``OR user_id = me`` to every officer's query would hide the organisation condition from the
    planner (PostgreSQL then scans the whole table); naming the few own rows by pk keeps it indexed.
    """
    cache = user.__dict__.setdefault("_gonghui_own_rows", {})
    key = (model._meta.label_lower, cap)
    if key not in cache:
        roots = prefixes(user, cap) or []
        rows = model._base_manager.filter(**{model.scope_self: user}).values_list("pk", f"{model.scope_org}__path")
        cache[key] = [pk for pk, path in rows if not any(path.startswith(r) for r in roots)]
    return cache[key]
