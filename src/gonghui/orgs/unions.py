"""Which grassroots union a page or API call works at: one answer for every app.

A page names its union with ``?org=<code>`` (``PARAM``; the older ``?union=`` still works). The code is
looked up inside ``Organisation.objects.visible_to(user, cap)``; a branch or group code means its union,
a federation's code the first union under it.
Without a code the page works at the user's own union: the first union in scope in tree order (the union
their role is held at), or, for a federation officer whose scope holds many unions, the union of their own
member record when it is in scope. A code out of scope is a 404, never a 403 that
confirms it exists; holding ``cap`` nowhere is a 403. The picker is ``core/_union_picker.html`` (needs
``union`` and ``unions`` from ``union_options``).
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core.capabilities import VIEW
from gonghui.core import scope
from gonghui.core.errors import ActionError

from .lookups import by_code_or_name, find_org
from .models import FEDERATION_KINDS, PATH_END, Kind, Organisation

PARAM = "org"
LEGACY_PARAMS = ("union",)  # old links (?union=CODE) keep working
PICKER_LIMIT = 300


def unions_for(user, cap=VIEW):
    """Grassroots unions where ``user`` holds ``cap``, in tree order (a queryset)."""
    return Organisation.objects.visible_to(user, cap).filter(kind=Kind.GRASSROOTS).order_by("path")


def union_options(user, cap=VIEW, limit=PICKER_LIMIT):
    """Unions for the picker, or ``None`` when there are more than ``limit`` (the picker asks for a code)."""
    rows = list(unions_for(user, cap).only("id", "code", "name", "depth", "path")[: limit + 1])
    return None if len(rows) > limit else rows


def requested_code(request, *, post=True):
    """The union code a request names: ``?org=`` (or the older ``?union=``), then the same form fields."""
    sources = [getattr(request, "query_params", None) or request.GET]
    if post and request.method == "POST":
        try:
            sources.append(request.POST)
        except Exception:  # a DRF request whose body is not a form
            pass
    for source in sources:
        for name in (PARAM, *LEGACY_PARAMS):
            code = (source.get(name) or "").strip()
            if code:
                return code
    return ""


def union_by_code(user, code, cap=VIEW):
    """The grassroots union named by ``code`` inside the user's scope for ``cap``, or ``None``. A branch
    or group code means its union; a federation's code the first union under it in scope."""
    code = (code or "").strip()
    if not code:
        return None
    visible = Organisation.objects.visible_to(user, cap)
    org = by_code_or_name(visible, code)  # a code, or what the picker box holds ("名称（代码）")
    if org is None or org.kind == Kind.GRASSROOTS:
        return org
    if org.kind in FEDERATION_KINDS:
        return unions_for(user, cap).filter(path__gte=org.path, path__lt=org.path + PATH_END).first()
    return visible.filter(pk=org.union_id, kind=Kind.GRASSROOTS).first() if org.union_id else None


def default_union(user, cap=VIEW):
    """The union a page works at without a code (see the module doc), or ``None``."""
    unions = unions_for(user, cap)
    if scope.is_broad(user, cap):
        me = scope.member_of(user)
        own = unions.filter(pk=me.union_id).first() if me is not None and me.union_id else None
        if own is not None:
            return own
    return unions.first()


def current_union(request, cap=VIEW, *, code=None, post=True, deny=True):
    """The grassroots union this request works at (see the module doc).

    ``code`` overrides the request's own ``?org=``; ``post=False`` ignores form fields. Raises
    ``PermissionDenied`` when the user holds ``cap`` nowhere (with ``deny=False``, as the API does, the
    same ``Http404`` as for a code out of scope) and ``Http404`` for a code out of scope or a scope
    without unions.
    """
    user = request.user
    if deny and scope.prefixes(user, cap) == []:
        raise PermissionDenied(_("您没有这项权限"))
    code = requested_code(request, post=post) if code is None else (code or "").strip()
    if code:
        union = union_by_code(user, code, cap)
        if union is None:
            raise Http404(_("找不到该基层工会，或不在您的权限范围内"))
        return union
    union = default_union(user, cap)
    if union is None:
        raise Http404(_("您的范围内还没有基层工会"))
    return union


def picker_context(request, cap=VIEW, union=None):
    """``union`` and ``unions`` for ``core/_union_picker.html``."""
    union = union or current_union(request, cap)
    return {"union": union, "unions": union_options(request.user, cap)}


def union_field(user, code, cap=VIEW, *, field="org", message=None):
    """The grassroots union named in a request body (API input): an ``ActionError`` on ``field`` when the
    code is empty, unknown or out of scope (the same message, so it confirms nothing), or names another
    kind of organisation (``message``, which may name it with ``%(name)s`` and ``%(kind)s``)."""
    org = find_org(user, code, field=field, cap=cap)
    if org.kind != Kind.GRASSROOTS:
        raise ActionError((message or _("请选择基层工会")) % {"name": org.name, "kind": org.get_kind_display()},
                          field=field)
    return org
