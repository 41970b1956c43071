"""Which organisation a page or an API call names, looked up inside the user's scope.

A page works at ``?org=<code>`` (``scoped_org``; the picker is ``scope_picker`` with ``core/_picker.html``);
an API body names one by code (``find_org``). An out-of-scope code is answered exactly as an unknown
one, so it confirms nothing. Grassroots unions have their own picker: ``orgs.unions``.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import scope
from gonghui.core.capabilities import VIEW
from gonghui.core.errors import ActionError

from .models import STEP, Organisation

ORG_NOT_FOUND = gettext_lazy("组织不存在或不在您的权限范围内")


def by_code_or_name(qs, text):
    """The organisation of ``qs`` that ``text`` names: its code, what the picker box holds ("名称（代码）"), or
    a name typed in full when only one organisation bears it; else ``None``."""
    text = (text or "").strip()
    org = qs.filter(code=text).first() if text else None
    if org is None and text:
        from gonghui.core.pickers import split_code

        name, bracketed = split_code(text)
        found = list((qs.filter(code=bracketed) if bracketed else qs.filter(name=name))[:2])
        org = found[0] if len(found) == 1 else None
    return org


def scoped_org(request, cap=VIEW, *, manager=None):
    """The organisation a page works at: ``?org=<code>`` inside the user's scope, else their top one.

    A code outside the scope (or unknown) is a 404; a user without ``cap`` anywhere gets a 403.
    """
    user = request.user
    manager = manager or Organisation.objects
    code = (request.GET.get("org") or "").strip()
    if code:
        org = manager.visible_to(user, cap).filter(code=code).first()
        if org is None:
            raise Http404(_("找不到该组织"))
        return org
    roots = scope.prefixes(user, cap)
    if roots == []:
        raise PermissionDenied(_("您没有这项权限"))
    top = Organisation.objects.order_by("path")
    org = (top.filter(depth=1) if roots is None else top.filter(path__in=roots)).first()
    if org is None:
        raise Http404(_("还没有任何组织"))
    return org


def scope_picker(user, cap, org):
    """What the organisation picker offers: the user's scope roots and the chosen org's ancestors.

    Two small queries whatever the size of the tree; deeper organisations are reached by drilling down.
    """
    roots = scope.prefixes(user, cap)
    tops = Organisation.objects.order_by("path")
    tops = list(tops.filter(depth=1) if roots is None else tops.filter(path__in=roots or []))
    prefixes = [org.path[:i] for i in range(STEP, len(org.path) + 1, STEP)]
    trail = list(Organisation.objects.visible_to(user, cap).filter(path__in=prefixes).order_by("path"))
    return {"roots": tops, "trail": trail, "selected": org}


def find_org(user, code, *, field, cap="view", required=True):
    """The organisation with ``code`` among those ``user`` sees, or an ``ActionError`` on ``field``.

    An out-of-scope code gets the same message as a missing one, so it confirms nothing.
    """
    code = (code or "").strip()
    if not code:
        if required:
            raise ActionError(_("不能为空"), field=field)
        return None
    org = Organisation.objects.visible_to(user, cap).filter(code=code).first()
    if org is None:
        raise ActionError(ORG_NOT_FOUND, field=field)
    return org
