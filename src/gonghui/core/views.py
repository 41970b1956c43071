"""Home (dashboard), audit pages and job status.

The helpers at the top (``scoped_org``, ``scope_picker``, ``show_action_error``) are shared with the
accounts and orgs views: every page that works "at an organisation" picks it the same way.
"""
import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import VIEW, VIEW_AUDIT
from gonghui.core import audit_labels, jobs, scope
from gonghui.core.models import AuditEntry, Job
from gonghui.members.models import EmploymentForm, Member, Sex, Status, Transfer
from gonghui.members.queries import AGE_BANDS, age_band_q
from gonghui.orgs.models import STEP, Kind, Organisation

from . import charts

# ---- shared helpers ----


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


def show_action_error(form, error):
    """Put an ``ActionError``'s messages on the form fields they name (others at the top)."""
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def form_post(request, form, act, *, done, page, success=None):
    """The shape of a form page's post: a valid form goes to ``act(cleaned_data)`` (the action); then the
    ``success`` message and ``done(result)`` — usually a redirect. A refused action puts its messages on
    the form fields it names; an invalid form, a refusal or a GET shows ``page(form)``."""
    from django.contrib import messages

    from gonghui.core.errors import ActionError

    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ActionError as error:
            show_action_error(form, error)
        else:
            if success:
                messages.success(request, success)
            return done(result)
    return page(form)


# ---- dashboard ----

CURRENT = ~Q(status=Status.TERMINATED)


def _subtree_ids(org):
    return Organisation.objects.subtree(org).values("id")


def member_breakdown(members, today=None):
    """Counts by status (all members) and by sex, age band and employment form (current members).

    One aggregate query with conditional counts, whatever the number of members.
    """
    today = today or timezone.localdate()
    bands = list(AGE_BANDS)
    aggregates = {f"st{i}": Count("id", filter=Q(status=s)) for i, s in enumerate(Status.values)}
    aggregates |= {f"sx{i}": Count("id", filter=CURRENT & Q(sex=s)) for i, s in enumerate(Sex.values)}
    aggregates |= {f"ag{i}": Count("id", filter=CURRENT & age_band_q(b, today)) for i, b in enumerate(bands)}
    aggregates |= {f"em{i}": Count("id", filter=CURRENT & Q(employment_form=e))
                   for i, e in enumerate(EmploymentForm.values)}
    row = members.aggregate(**aggregates)
    return {
        "status": [(s.label, row[f"st{i}"]) for i, s in enumerate(Status)],
        "sex": [(s.label, row[f"sx{i}"]) for i, s in enumerate(Sex)],
        "age": [(AGE_BANDS[b][0], row[f"ag{i}"]) for i, b in enumerate(bands)],
        "employment": [(e.label, row[f"em{i}"]) for i, e in enumerate(EmploymentForm)],
    }


def branch_counts(members, org):
    """Current members and women per direct child of ``org`` (one GROUP BY on the path prefix).

    The key is the child's path; members registered at ``org`` itself come under ``org.path``.
    """
    rows = (members.filter(CURRENT).annotate(branch=Substr("org__path", 1, len(org.path) + STEP))
            .values("branch").annotate(n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)))
            .order_by())
    return {r["branch"]: (r["n"], r["women"]) for r in rows}


def grassroots_counts(org):
    """Grassroots unions inside each direct child of a federation (one GROUP BY)."""
    rows = (Organisation.objects.subtree(org, include_self=False).filter(kind=Kind.GRASSROOTS)
            .annotate(branch=Substr("path", 1, len(org.path) + STEP)).values("branch")
            .annotate(n=Count("id")).order_by())
    return {r["branch"]: r["n"] for r in rows}


def _percent(part, whole):
    return round(part * 100 / whole, 1) if whole else 0.0


@login_required
def home(request):
    user = request.user
    if not scope.is_officer(user):
        return redirect("accounts:me")
    if user.is_superuser and not request.GET.get("org") and not Organisation.objects.exists():
        return redirect("orgs:tree")  # a fresh installation: the tree page explains how to start
    org = scoped_org(request, VIEW)
    members = Member.objects.visible_to(user).filter(org__in=_subtree_ids(org))
    breakdown = member_breakdown(members)
    by_branch = branch_counts(members, org)
    children = list(Organisation.objects.filter(parent=org).order_by("path"))
    current = sum(n for n, _w in by_branch.values())
    women = sum(w for _n, w in by_branch.values())

    group_items = [(c.name, by_branch.get(c.path, (0, 0))[0], f"?org={c.code}") for c in children]
    direct = by_branch.get(org.path, (0, 0))[0]
    if direct or not children:
        group_items.insert(0, (_("本级直属"), direct, ""))

    federation_rows = []
    if org.is_federation:
        unions = grassroots_counts(org)
        for c in children:
            n, w = by_branch.get(c.path, (0, 0))
            federation_rows.append({"org": c, "members": n, "women": w, "women_share": _percent(w, n),
                                    "unions": unions.get(c.path, 0)})

    pending_in = Transfer.objects.visible_to(user).filter(
        state=Transfer.State.PENDING, to_org__in=_subtree_ids(org)).count()

    context = {
        "org": org,
        "picker": scope_picker(user, VIEW, org),
        "current": current,
        "women": women,
        "women_share": _percent(women, current),
        "all_members": sum(v for _l, v in breakdown["status"]),
        "pending_in": pending_in,
        "federation_rows": federation_rows,
        "charts": [
            charts.bars(_("按会籍状态"), breakdown["status"]),
            charts.donut(_("按性别"), breakdown["sex"]),
            charts.bars(_("按下级组织"), group_items, total=current, wide=True),
            charts.bars(_("按年龄段"), breakdown["age"]),
            charts.bars(_("按用工形式"), [i for i in breakdown["employment"] if i[1]] or breakdown["employment"]),
        ],
    }
    return render(request, "core/home.html", context)


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
    return render(request, "core/audit_org.html", {
        "org": org, "picker": scope_picker(request.user, VIEW_AUDIT, org), "entries": entries,
        "next_before": next_before, "filters": filters, "actions": audit_labels.action_choices(),
        "object_types": audit_labels.history_types(),
    })


def _audited_user(user, object_id):
    """A login's history: superusers see any; others the users holding a role inside their audit scope."""
    from gonghui.accounts.models import Role, User

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
    return render(request, "core/audit_object.html", {
        "obj": obj, "type_label": audit_labels.type_label(object_type), "object_type": object_type,
        "entries": entries, "next_before": next_before, "filters": filters,
        "detail_url": _detail_url(obj), "may_audit": roots != [],
    })


def _detail_url(obj):
    return audit_labels.detail_url(obj)


# ---- jobs ----

def _own_job(request, pk):
    job = Job.objects.filter(pk=pk).first()
    user = request.user
    if job is None or not (user.is_superuser or job.created_by_id == user.pk):
        raise Http404(_("找不到该任务"))
    return job


@login_required
def job_status(request, pk):
    """Progress of a background job as JSON, for its creator only (polled by the import page)."""
    job = jobs.with_live_progress(_own_job(request, pk))
    download = reverse("core:job_download", args=[job.pk]) if job.status == Job.Status.DONE and job.output_file \
        else None
    percent = 100 if job.status == Job.Status.DONE else (int(job.done * 100 / job.total) if job.total else 0)
    return JsonResponse({
        "status": job.status, "status_label": _(job.get_status_display()), "percent": min(percent, 100),
        "done": job.done, "total": job.total, "phase": job.phase, "phase_label": _(job.phase) if job.phase else "",
        "count_label": _("（%(done)s/%(total)s）") % {"done": job.done, "total": job.total} if job.total else "",
        "result": job.result, "error": job.error,
        "download_url": download,
    })


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if not job.output_file:
        raise Http404(_("该任务没有可下载的文件"))
    path = jobs.media_path(job.output_file).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.is_file():
        raise Http404(_("文件不存在或已过期"))
    name = (job.result or {}).get("filename") or path.name
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
