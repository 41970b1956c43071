"""The organisation tree, one organisation's page, and the forms that change the tree.

Pages find organisations by code through ``visible_to`` only: an unknown or out-of-scope code is a
404. Seeing an organisation is not managing it: the change pages need ``MANAGE_ORGS`` there (403).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.capabilities import MANAGE_ORGS, MANAGE_ROLES, VIEW, VIEW_AUDIT
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error

from . import actions, headcount
from .forms import ConfirmForm, MoveForm, OrgForm
from .models import ALLOWED_CHILDREN, STEP, Kind, Organisation

# ---- finding organisations ----


def _visible(user, code):
    """A live organisation in the user's scope, or 404."""
    org = Organisation.objects.visible_to(user, VIEW).filter(code=code).select_related("parent").first()
    if org is None:
        raise Http404(_("找不到该组织"))
    return org


def _managed(user, code, *, deleted=False):
    """An organisation the user may change (a deleted one for restore); 404 if unseen, 403 if only seen."""
    manager = Organisation.all_objects if deleted else Organisation.objects
    org = manager.visible_to(user, MANAGE_ORGS).filter(code=code).select_related("parent").first()
    if org is None:
        seen = Organisation.objects.visible_to(user, VIEW).filter(code=code).exists()
        if seen:
            raise PermissionDenied(_("您无权修改该组织"))
        raise Http404(_("找不到该组织"))
    return org


def _trail(user, org):
    """The organisation's ancestors that the user may see, top first (for breadcrumbs)."""
    prefixes = [org.path[:i] for i in range(STEP, len(org.path), STEP)]
    return list(Organisation.objects.visible_to(user, VIEW).filter(path__in=prefixes).order_by("path"))


# ---- the tree ----


def build_forest(nodes, own_counts):
    """Nest ``nodes`` (in path order) and give each ``total``: current members in its subtree.

    Pure Python over rows already fetched, so the page costs one query for the nodes and one for the
    counts, whatever the size of the tree.
    """
    by_path, roots = {}, []
    for node in nodes:
        node.kids = []
        parent = by_path.get(node.path[:-STEP])
        (parent.kids if parent else roots).append(node)
        by_path[node.path] = node
    for node in reversed(nodes):
        node.own = own_counts.get(node.pk, 0)
        node.total = node.own + sum(k.total for k in node.kids)
    return roots


WHOLE_TREE = 200     # up to this many organisations in scope, the page shows the whole tree at once
SEARCH_LIMIT = 50


def _top_nodes(user):
    """The organisations at the top of the user's scope (their roles' roots)."""
    roots = scope.prefixes(user, VIEW)
    qs = Organisation.objects.filter(parent__isnull=True) if roots is None else Organisation.objects.filter(
        path__in=[p for p in roots if not any(p != q and p.startswith(q) for q in roots)])
    return list(qs.order_by("path"))


def _with_levels(user, tops):
    """``tops`` each with ``kids`` (their children, not loaded further), and on every node ``total`` (members
    in the subtree) and ``more`` (children not loaded). A fixed handful of queries, whatever the tree."""
    kids = list(Organisation.objects.filter(parent__in=tops).order_by("path"))
    shown = [*tops, *kids]
    totals = headcount.subtree_totals(user, shown)
    below = dict(Organisation.objects.filter(parent__in=kids).values("parent_id").annotate(n=Count("id"))
                 .order_by().values_list("parent_id", "n")) if kids else {}
    by_parent = {}
    for kid in kids:
        by_parent.setdefault(kid.parent_id, []).append(kid)
        kid.kids, kid.more = [], below.get(kid.pk, 0)
    for top in tops:
        top.kids, top.more = by_parent.get(top.pk, []), 0
    for node in shown:
        node.total = totals.get(node.pk, 0)
    return tops


@login_required
def tree(request):
    """The tree in the user's scope: whole when small; otherwise the top organisations and their children,
    each deeper level loaded on demand (``children``, with ``orgtree.js``; ``?under=CODE`` without scripts),
    and a search box (``?q=``)."""
    user = request.user
    if not scope.is_officer(user):
        return redirect("accounts:me")
    visible = Organisation.objects.visible_to(user, VIEW)
    q = (request.GET.get("q") or "").strip()[:50]
    under = (request.GET.get("under") or "").strip()[:50]
    context = {"can_create_root": user.is_superuser, "q": q, "whole": False, "found": None, "anchor": None}
    if q:
        found = list(visible.filter(Q(name__contains=q) | Q(code=q)).select_related("parent")
                     .order_by("path")[:SEARCH_LIMIT + 1])
        totals = headcount.subtree_totals(user, found[:SEARCH_LIMIT])
        for node in found:
            node.total = totals.get(node.pk, 0)
        context.update(found=found[:SEARCH_LIMIT], more_found=len(found) > SEARCH_LIMIT, forest=[], node_count=None)
    elif under:
        anchor = visible.filter(code=under).first()
        if anchor is None:
            raise Http404(_("找不到该组织"))
        context.update(anchor=anchor, trail=_trail(user, anchor), forest=_with_levels(user, [anchor]), node_count=None)
    else:
        node_count = visible.count()
        if node_count <= WHOLE_TREE:
            nodes = list(visible.order_by("path"))
            forest = build_forest(nodes, {})
            totals = headcount.subtree_totals(user, nodes)  # maintained counts: one GROUP BY per depth
            for node in nodes:
                node.total = totals.get(node.pk, 0)
            context["whole"] = True
        else:
            forest = _with_levels(user, _top_nodes(user))
        context.update(forest=forest, node_count=node_count)
    return render(request, "orgs/tree.html", context)


@login_required
def children(request, code):
    """The children of one organisation as list items (the tree page fetches them when a node is opened)."""
    parent = _visible(request.user, code)
    kids = list(Organisation.objects.filter(parent=parent).order_by("path"))
    totals = headcount.subtree_totals(request.user, kids)
    below = dict(Organisation.objects.filter(parent__in=kids).values("parent_id").annotate(n=Count("id"))
                 .order_by().values_list("parent_id", "n")) if kids else {}
    for kid in kids:
        kid.kids, kid.more, kid.total = [], below.get(kid.pk, 0), totals.get(kid.pk, 0)
    return render(request, "orgs/_children.html", {"nodes": kids})


# ---- one organisation ----


@login_required
def detail(request, code):
    user = request.user
    org = Organisation.objects.visible_to(user, VIEW).filter(code=code).select_related("parent", "union").first()
    if org is None:
        # A deleted organisation is shown only to those who may restore it.
        org = Organisation.all_objects.visible_to(user, MANAGE_ORGS).filter(code=code, deleted_at__isnull=False) \
            .select_related("parent", "union").first()
    if org is None:
        raise Http404(_("找不到该组织"))
    can_manage = scope.can(user, MANAGE_ORGS, org)
    by_branch = headcount.per_branch(user, org)
    children = list(Organisation.objects.filter(parent=org).order_by("path"))
    for child in children:
        child.total = by_branch.get(child.path, (0, 0))[0]
    trail = _trail(user, org)
    deleted_children = (list(Organisation.all_objects.filter(parent=org, deleted_at__isnull=False).order_by("path"))
                        if can_manage else [])
    return render(request, "orgs/detail.html", {
        "org": org, "trail": trail, "crumbs": trail + [org], "children": children, "deleted_children": deleted_children,
        "total": sum(n for n, _w in by_branch.values()), "direct": by_branch.get(org.path, (0, 0))[0],
        "can_manage": can_manage, "can_audit": scope.can(user, VIEW_AUDIT, org),
        "can_roles": scope.can(user, MANAGE_ROLES, org),
        "can_add_child": can_manage and bool(ALLOWED_CHILDREN[Kind(org.kind)]) and not org.is_deleted,
    })


# ---- changes ----


@login_required
def create(request, code=None):
    """A child of ``code`` (or, for superusers, a top-level organisation)."""
    user = request.user
    if code is None:
        if not user.is_superuser:
            raise PermissionDenied(_("只有系统管理员可以建立顶级组织"))
        parent, kinds = None, ALLOWED_CHILDREN[None]
    else:
        parent = _managed(user, code)
        kinds = ALLOWED_CHILDREN[Kind(parent.kind)]
        if not kinds:
            raise PermissionDenied(_("%(kind)s下不能再建立组织") % {"kind": parent.get_kind_display()})
    form = OrgForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.create_org(user, parent=parent, kind=form.cleaned_data["kind"], **form.action_data())
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已建立“%(name)s”") % {"name": org.name})
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/form.html", {
        "form": form, "parent": parent, "trail": (_trail(user, parent) + [parent]) if parent else [],
        "heading": _("新建下级组织") if parent else _("新建顶级组织"),
    })


def _initial(org):
    return {f: getattr(org, f) for f in actions.EDITABLE}


@login_required
def edit(request, code):
    user = request.user
    org = _managed(user, code)
    form = OrgForm(request.POST or None, initial=_initial(org), fixed_kind=org.kind)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_org(user, org, **form.action_data())
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", code=form.cleaned_data["code"])
    return render(request, "orgs/form.html", {
        "form": form, "org": org, "trail": _trail(user, org) + [org], "heading": _("编辑组织"),
    })


def move_candidates(user, org, limit=1000):
    """Organisations ``org`` may move under: in the user's scope, of a fitting level, not inside ``org``."""
    parent_kinds = [k for k, allowed in ALLOWED_CHILDREN.items() if k is not None and org.kind in allowed]
    return list(Organisation.objects.visible_to(user, MANAGE_ORGS).filter(kind__in=parent_kinds)
                .exclude(path__startswith=org.path).exclude(pk=org.parent_id).order_by("path")[:limit])


@login_required
def move(request, code):
    user = request.user
    org = _managed(user, code)
    candidates = move_candidates(user, org)
    form = MoveForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        new_parent = Organisation.objects.visible_to(user, MANAGE_ORGS).filter(code=form.cleaned_data["parent"]).first()
        try:
            if new_parent is None:
                raise ActionError(_("找不到该组织，或不在您的管理范围内"), field="parent")
            actions.move_org(user, org, new_parent)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已把“%(org)s”移动到“%(parent)s”之下") % {
                "org": org.name, "parent": new_parent.name})
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/move.html", {
        "form": form, "org": org, "trail": _trail(user, org) + [org], "has_candidates": bool(candidates),
    })


@login_required
def delete(request, code):
    user = request.user
    org = _managed(user, code)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            actions.delete_org(user, org)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已删除“%(name)s”，可在上级组织页面恢复") % {"name": org.name})
            if org.parent and scope.can(user, VIEW, org.parent):
                return redirect("orgs:detail", code=org.parent.code)
            return redirect("orgs:tree")
    return render(request, "orgs/delete.html", {"form": form, "org": org, "trail": _trail(user, org) + [org]})


@login_required
def restore(request, code):
    user = request.user
    org = _managed(user, code, deleted=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            actions.restore_org(user, org)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已恢复“%(name)s”") % {"name": org.name})
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/restore.html", {"form": form, "org": org, "trail": _trail(user, org) + [org]})
