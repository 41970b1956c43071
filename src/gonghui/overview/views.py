"""The home page (an officer's dashboard of the organisation they work at) and the audit pages (an
organisation's whole trail, one object's history). They read every layer below: the tree, the roster,
the logins. Their URLs keep the ``core`` namespace (``core:home``, ``core:audit``, ``core:audit_object``).
"""
import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core import audit_labels, charts, scope
from gonghui.core.capabilities import VIEW, VIEW_AUDIT
from gonghui.core.models import AuditEntry
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.federation.models import OrgCount
from gonghui.members.counts import in_subtree, member_breakdown
from gonghui.members.models import Transfer
from gonghui.orgs.models import STEP, Kind, Organisation
from gonghui.orgs.rollup import in_subtree as org_range

# ---- dashboard ----
# The headline figures read the maintained per-organisation counts (``federation.OrgCount``: a few rows per
# organisation), never member rows, so a county of a million members opens as fast as a union. The detailed
# breakdowns (every status, age bands, each employment form) walk member rows: they are drawn when the
# subtree holds at most ``DETAIL_LIMIT`` current members (a union, a town); above it the charts come from the
# counts and each child links to its own, smaller dashboard.

DETAIL_LIMIT = 50000


def grassroots_counts(org):
    """Grassroots unions inside each direct child of a federation (one GROUP BY)."""
    rows = (Organisation.objects.subtree(org, include_self=False).filter(kind=Kind.GRASSROOTS)
            .annotate(branch=Substr("path", 1, len(org.path) + STEP)).values("branch")
            .annotate(n=Count("id")).order_by())
    return {r["branch"]: r["n"] for r in rows}


COUNTED = ("members", "women", "migrant", "dispatched", "retained")


def counted_branches(org, year):
    """``{path: {members, women, migrant, dispatched, retained, new}}`` per direct child of ``org`` (members
    registered at ``org`` itself under ``org.path``), from ``OrgCount`` in one GROUP BY."""
    sums = {f"s_{c}": Sum(c) for c in COUNTED} | {"s_new": Sum("members", filter=Q(join_year=year))}
    rows = (OrgCount.objects.filter(org_range(org, "org"))
            .annotate(branch=Substr("org__path", 1, len(org.path) + STEP)).values("branch")
            .annotate(**sums).order_by())
    return {r["branch"]: {k.removeprefix("s_"): v or 0 for k, v in r.items() if k != "branch"} for r in rows}


def _percent(part, whole):
    return round(part * 100 / whole, 1) if whole else 0.0


def _total(branches, key):
    return sum(b[key] for b in branches.values())


def _counted_charts(branches, group_items, current):
    """The charts the counts can draw (a large subtree)."""
    women, retained = _total(branches, "women"), _total(branches, "retained")
    migrant, dispatched = _total(branches, "migrant"), _total(branches, "dispatched")
    return [
        charts.bars(_("按会籍状态"), [(_("在籍（含转出中）"), current - retained), (_("保留会籍"), retained)]),
        charts.donut(_("按性别"), [(_("男"), current - women), (_("女"), women)]),
        charts.bars(_("按下级组织"), group_items, total=current, wide=True),
        charts.bars(_("按用工形式"), [(_("农民工"), migrant), (_("劳务派遣"), dispatched),
                                    (_("其他用工形式"), current - migrant - dispatched)]),
    ]


@login_required
def home(request):
    user = request.user
    if not scope.is_officer(user):
        return redirect("accounts:me")
    if user.is_superuser and not request.GET.get("org") and not Organisation.objects.exists():
        return redirect("orgs:tree")  # a fresh installation: the tree page explains how to start
    org = scoped_org(request, VIEW)
    year = timezone.localdate().year
    branches = counted_branches(org, year)
    children = list(Organisation.objects.filter(parent=org).order_by("path"))
    current = _total(branches, "members")
    women = _total(branches, "women")
    empty = dict.fromkeys((*COUNTED, "new"), 0)

    group_items = [(c.name, branches.get(c.path, empty)["members"], f"?org={c.code}") for c in children]
    direct = branches.get(org.path, empty)["members"]
    if direct or not children:
        group_items.insert(0, (_("本级直属"), direct, ""))

    federation_rows = []
    if org.is_federation:
        unions = grassroots_counts(org)
        for c in children:
            row = branches.get(c.path, empty)
            federation_rows.append({"org": c, "members": row["members"], "women": row["women"],
                                    "women_share": _percent(row["women"], row["members"]),
                                    "new": row["new"], "unions": unions.get(c.path, 0)})

    pending_in = Transfer.objects.visible_to(user).filter(
        state=Transfer.State.PENDING, to_org__in=Organisation.objects.subtree(org).values("id")).count()

    detailed = current <= DETAIL_LIMIT
    if detailed:
        breakdown = member_breakdown(in_subtree(user, org))
        all_members = sum(v for _l, v in breakdown["status"])
        chart_list = [
            charts.bars(_("按会籍状态"), breakdown["status"]),
            charts.donut(_("按性别"), breakdown["sex"]),
            charts.bars(_("按下级组织"), group_items, total=current, wide=True),
            charts.bars(_("按年龄段"), breakdown["age"]),
            charts.bars(_("按用工形式"), [i for i in breakdown["employment"] if i[1]] or breakdown["employment"]),
        ]
    else:
        all_members = None
        chart_list = _counted_charts(branches, group_items, current)

    context = {
        "org": org,
        "picker": scope_picker(user, VIEW, org),
        "current": current,
        "women": women,
        "women_share": _percent(women, current),
        "all_members": all_members,
        "new_members": _total(branches, "new"),
        "year": year,
        "detailed": detailed,
        "detail_limit": DETAIL_LIMIT,
        "pending_in": pending_in,
        "federation_rows": federation_rows,
        "charts": chart_list,
    }
    return render(request, "overview/home.html", context)


# ---- audit ----
# Labels come from the registry each app fills (``core.audit_labels``); this module only pages and scopes.

PAGE_SIZE = 50


def present(entry):
    return audit_labels.present(entry)


def _parse_day(raw):
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


class AuditFilters:
    """Filters of the audit pages, parsed from the query string (bad values are ignored)."""

    def __init__(self, params):
        action = params.get("action") or ""
        self.action = action if action in audit_labels.declared_codes() else ""
        self.actor = (params.get("actor") or "").strip()[:150]
        object_type = params.get("type") or ""
        self.object_type = object_type if object_type in audit_labels.registry().history else ""
        self.since = _parse_day(params.get("since"))
        self.until = _parse_day(params.get("until"))
        before = params.get("before") or ""
        self.before = int(before) if before.isdigit() else None

    @property
    def active(self):
        """Whether any filter (other than the page position) narrows the list."""
        return bool(self.action or self.actor or self.object_type or self.since or self.until)

    def apply(self, qs):
        if self.action:
            qs = qs.filter(action=self.action)
        if self.actor:
            qs = qs.filter(actor__username=self.actor)
        if self.object_type:
            qs = qs.filter(object_type=self.object_type)
        tz = timezone.get_current_timezone()
        if self.since:
            qs = qs.filter(at__gte=datetime.datetime.combine(self.since, datetime.time.min, tz))
        if self.until:
            qs = qs.filter(at__lt=datetime.datetime.combine(self.until + datetime.timedelta(days=1),
                                                            datetime.time.min, tz))
        if self.before:
            qs = qs.filter(id__lt=self.before)
        return qs


def audit_page(qs, filters):
    """One keyset page (newest first) and the id to continue from."""
    rows = list(filters.apply(qs).select_related("actor", "org").order_by("-id")[: PAGE_SIZE + 1])
    next_before = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    return [present(e) for e in rows[:PAGE_SIZE]], next_before


@login_required
def audit_org(request):
    """Every audit entry of an organisation's whole subtree (deleted organisations included)."""
    org = scoped_org(request, VIEW_AUDIT)
    filters = AuditFilters(request.GET)
    subtree = Organisation.all_objects.subtree(org).values("id")
    entries, next_before = audit_page(AuditEntry.objects.filter(org__in=subtree), filters)
    return render(request, "overview/audit_org.html", {
        "org": org, "picker": scope_picker(request.user, VIEW_AUDIT, org), "entries": entries,
        "next_before": next_before, "filters": filters, "actions": audit_labels.action_choices(),
        "object_types": audit_labels.history_types(),
    })


def _audited_user(user, object_id):
    """A login's history: superusers see any; others the users holding a role inside their audit scope."""
    roots = scope.prefixes(user, VIEW_AUDIT)
    if roots is None:
        return User.objects.filter(pk=object_id).first()
    holds_role_in_scope = Role.objects.filter(
        user_id=object_id, org__in=Organisation.objects.under_any(roots).values("id"))
    return User.objects.filter(pk=object_id).filter(Q(pk__in=holds_role_in_scope.values("user_id"))).first()


def _audited_object(user, object_type, object_id):
    """The object if ``user`` may read its history, else None (the page is then a 404).

    Any object type an app lists in its ``audit_labels.HISTORY``: the object must be visible to the user
    (``visible_to``, deleted ones included) with ``VIEW_AUDIT`` or one of the capabilities the app names.
    """
    if object_type == "accounts.user":
        return _audited_user(user, object_id)
    visible = audit_labels.visible(user, object_type)
    if visible is None:
        return None
    return visible.filter(pk=object_id).first()


@login_required
def audit_object(request, object_type, object_id):
    """One object's history, newest first, paged by id."""
    user = request.user
    obj = _audited_object(user, object_type, object_id)
    if obj is None:
        raise Http404(_("找不到该对象"))
    qs = AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
    roots = scope.prefixes(user, VIEW_AUDIT)
    if object_type == "accounts.user" and roots is not None:
        # A user's trail also tells of roles elsewhere: show only entries inside the viewer's scope.
        qs = qs.filter(org__in=Organisation.all_objects.under_any(roots).values("id"))
    filters = AuditFilters(request.GET)
    filters.object_type = ""
    entries, next_before = audit_page(qs, filters)
    return render(request, "overview/audit_object.html", {
        "obj": obj, "type_label": audit_labels.type_label(object_type), "object_type": object_type,
        "entries": entries, "next_before": next_before, "filters": filters,
        "detail_url": _detail_url(obj), "may_audit": roots != [],
    })


def _detail_url(obj):
    return audit_labels.detail_url(obj)
