"""Organisation scope: the one place that decides which rows a user may see or change.

The models it reads (roles, organisations) are looked up by name and the member behind a login comes from
the roster's resolver (``resolve_members_with``), so the layers above (``orgs``, ``accounts``, ``members``)
import this module and it imports none of their models (only the capability table).

Every list, detail, export, search and API path gets its rows through ``visible_to`` (a queryset
method from ``ScopedQuerySet``) or checks one object with ``can``. A role held in an organisation
reaches that organisation's whole subtree; superusers reach everything. Members who hold no role see
only their own record (models name the field that links a row to its member in ``scope_self``).
"""
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _

from gonghui.core.capabilities import CAPABILITIES, VIEW

from .tree import ancestor_paths

_CACHE_ATTR = "_gonghui_scope"


def _load(user):
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    Role = apps.get_model("accounts", "Role")
    FEDERATION_KINDS = apps.get_model("orgs", "Organisation").FEDERATION_KINDS

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
    for attr in (_CACHE_ATTR, "_gonghui_own_rows", "_gonghui_broad", "_gonghui_member"):
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


class CapabilityDenied(PermissionDenied):
    """Refused for want of a capability; the 403 page names it and the roles that carry it."""

    def __init__(self, message, capabilities):
        super().__init__(message)
        self.capabilities = tuple(capabilities)


def require(user, cap, org):
    if not can(user, cap, org):
        raise CapabilityDenied(_("无权在该组织执行此操作"), [cap])


def require_any(user, caps, org):
    """Like ``require`` for an action more than one capability allows."""
    if not any(can(user, cap, org) for cap in caps):
        raise CapabilityDenied(_("无权在该组织执行此操作"), caps)


def _roots(user, cap):
    """(the user's subtree roots for ``cap``, None), or (None, the whole answer): everything or nothing."""
    roots = prefixes(user, cap)
    if roots is None:
        return None, Q()
    if not roots:
        return None, Q(pk__in=[])
    return roots, None


def org_condition(user, cap, org_field):
    """A Q object limiting rows whose ``org_field`` lies in the user's subtrees for ``cap``."""
    Organisation = apps.get_model("orgs", "Organisation")
    roots, answer = _roots(user, cap)
    if answer is not None:
        return answer
    if org_field == "":  # the Organisation model itself
        cond = Q(pk__in=[])
        for p in roots:
            cond |= Q(path__gte=p, path__lt=p + "~")
        return cond
    # all_objects: rows of a deleted organisation (its audit history) stay visible within scope.
    return Q(**{f"{org_field}__in": Organisation.all_objects.under_any(roots).values("id")})


def below_condition(user, cap, org_field):
    """A Q object limiting rows whose ``org_field`` lies strictly below the user's subtree roots for ``cap``:
    the organisations the user is an upper union of (a county officer's unions, not the county itself; a
    union chair: only the union's branches). What a federation approves or chases is found with it."""
    Organisation = apps.get_model("orgs", "Organisation")
    roots, answer = _roots(user, cap)
    if answer is not None:
        return answer
    below = Q(pk__in=[])
    for p in roots:
        below |= Q(path__gt=p, path__lt=p + "~")
    if org_field == "":
        return below
    return Q(**{f"{org_field}__in": Organisation.all_objects.filter(below).values("id")})


# ---- declared scope policies ----
#
# What a member (or an officer beyond their subtree) may see is declared on the queryset in
# ``scope_policy`` and implemented here, once:
OWN_RECORDS = "own records"
"""The default: officers see their subtrees; anyone also sees their own rows (``scope_self``, in
``visible_to`` for ``VIEW`` and in ``readable_by`` for any capability)."""
MY_UNION = "shown to my union's members"
"""Officers see their subtrees; a member (``members.queries.member_for``: terminated members are not)
also sees the rows of their own union that ``member_shown(member)`` admits (published, not drafts …).
``readable_by(user)`` applies it; ``for_member(member)`` is the member part alone."""
HERE_OR_ABOVE = "owned by my subtree or an ancestor"
"""Rows owned (``scope_owner``) by an organisation in the user's subtrees or by any federation above
them: a county's rule or category is read by its unions. With ``scope_presets`` rows without an owner
are presets everyone holding the capability somewhere reads. ``visible_to`` applies it."""
POLICIES = (OWN_RECORDS, MY_UNION, HERE_OR_ABOVE)

# The member behind a login is the roster's answer (``members.queries.member_for``); the roster plugs it
# in when it loads (``members.apps``), so the scope layer never imports the app above it.
_member_resolver = None


def resolve_members_with(func):
    global _member_resolver
    _member_resolver = func


def member_of(user):
    """The member record behind ``user`` for self-service (None when there is none), as the roster decides."""
    if _member_resolver is None:
        raise RuntimeError("members app not loaded: no member resolver")
    return _member_resolver(user)


def here_or_above(user, cap, owner_field="owner", *, presets=False):
    """Q for ``HERE_OR_ABOVE``: owned in the user's subtrees for ``cap`` or by an ancestor of them."""
    Organisation = apps.get_model("orgs", "Organisation")
    roots, answer = _roots(user, cap)
    if answer is not None:
        return answer
    above = {p for root in roots for p in ancestor_paths(root)}
    cond = (Q(**{f"{owner_field}__in": Organisation.all_objects.under_any(roots).values("id")})
            | Q(**{f"{owner_field}__path__in": sorted(above)}))
    if presets:
        cond |= Q(**{f"{owner_field}__isnull": True})
    return cond


def applying_to(org, owner_field="owner", *, presets=False):
    """Q for rows owned by ``org`` or a federation above it (the rules that apply at ``org``)."""
    cond = Q(**{f"{owner_field}__path__in": org.ancestor_paths()})
    if presets:
        cond |= Q(**{f"{owner_field}__isnull": True})
    return cond


class ScopedQuerySet(models.QuerySet):
    """Mixin for querysets of organisation-owned rows.

    A model sets ``scope_org`` (lookup to its organisation, "" for Organisation itself) and may set
    ``scope_self`` (lookup to the user a row belongs to, for self-service). The queryset names its
    member-scope policy in ``scope_policy`` (see ``POLICIES`` above).
    """

    scope_policy = OWN_RECORDS
    scope_union = "union"      # MY_UNION: lookup to the union whose members see the row
    scope_owner = "owner"      # HERE_OR_ABOVE: lookup to the owning organisation
    scope_presets = False      # HERE_OR_ABOVE: rows without an owner are presets for everyone
    readable_cap = VIEW        # the officers' capability ``readable_by`` uses when given none

    def member_shown(self, member):
        """MY_UNION: which of the member's union's rows a member sees (a Q); all of them by default."""
        return Q()

    def for_member(self, member):
        """MY_UNION: the rows ``member`` sees as a member (none for ``None``)."""
        if member is None or self.scope_policy != MY_UNION:
            return self.none()
        return self.filter(Q(**{f"{self.scope_union}_id": member.union_id}) & self.member_shown(member))

    def readable_by(self, user, cap=None):
        """Rows ``user`` may read: their officer scope for ``cap`` (``readable_cap`` by default) and,
        under MY_UNION, what their own union shows its members."""
        if not user or not user.is_authenticated:
            return self.none()
        cap = cap or self.readable_cap
        if self.scope_policy == HERE_OR_ABOVE:
            return self.visible_to(user, cap)
        if self.scope_policy == OWN_RECORDS:
            cond = org_condition(user, cap, self.model.scope_org)
            if getattr(self.model, "scope_self", None):
                cond |= Q(**{self.model.scope_self: user})
            return self.filter(cond)
        cond = org_condition(user, cap, self.model.scope_org)
        member = member_of(user)
        if member is not None:
            cond |= Q(**{f"{self.scope_union}_id": member.union_id}) & self.member_shown(member)
        return self.filter(cond)

    def visible_to(self, user, cap=VIEW, *, org_index=True):
        """Rows ``user`` may see with ``cap``.

        ``org_index=False`` states the organisation condition on an expression so the database cannot
        drive the query from the organisation index — right when the scope covers most of the table
        (a federation) and another index (a search key, the primary key order) finds a page faster.
        Under HERE_OR_ABOVE the rows owned by the user's subtrees or the federations above them.
        """
        if not user or not user.is_authenticated:
            return self.none()
        if self.scope_policy == HERE_OR_ABOVE:
            return self.filter(here_or_above(user, cap, self.scope_owner, presets=self.scope_presets))
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
