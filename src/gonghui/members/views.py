"""Member pages: list, detail, create/edit, lifecycle actions, transfers, import and export.

Views parse input and call ``members.actions`` (or ``accounts.actions``); they never save domain
objects themselves. Every member comes from ``Member.objects.visible_to(user)`` (or ``all_objects``
for deleted ones), so an id outside the user's scope is a 404. Personal data is shown through
``members.privacy.shown``.
"""
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import EDIT_MEMBERS, VIEW
from gonghui.core import audit_labels, jobs, scope
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry, Job
from gonghui.core.paging import keyset_page
from gonghui.core.pickers import Picked, PickerInput, resolve as pick
from gonghui.orgs import pickers as org_pickers
from gonghui.orgs.models import Organisation

from . import actions, exporting, importing, logins, privacy, queries
from .forms import (AcceptForm, AccountForm, DeclineForm, DeleteForm, ImportForm, MemberForm, MoveForm,
                    NoteForm, TerminateForm, TransferOutForm, add_action_error, indent, org_options)
from .models import EmploymentForm, Member, Sex, Status, Transfer
from .validation import FIELD_LABELS, clean

PAGE_SIZE = 50
COUNT_CAP = 1000  # counting stops here: a bounded query, never COUNT(*) over a million rows
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERROR_LABELS = {**FIELD_LABELS, "to_org": gettext_lazy("转入组织"), "termination_reason": gettext_lazy("终止原因"),
                "status_note": gettext_lazy("说明"), "decision_note": gettext_lazy("退回原因"),
                "username": gettext_lazy("登录名"), "password": gettext_lazy("密码")}


def _can_edit_somewhere(user):
    roots = scope.prefixes(user, EDIT_MEMBERS)
    return roots is None or bool(roots)


def _member(user, pk, *, with_deleted=False):
    """The member ``pk`` as ``user`` may see it, or 404 (deleted ones only for those who may restore)."""
    manager = Member.all_objects if with_deleted else Member.objects
    member = get_object_or_404(manager.visible_to(user).select_related("org", "union", "user"), pk=pk)
    if member.deleted_at and not scope.can(user, EDIT_MEMBERS, member.org):
        raise Http404
    return member


def _editable_member(user, pk, *, with_deleted=False):
    """A member the user may change: out of scope → 404; visible but read-only (finance, leader) → 403."""
    member = _member(user, pk, with_deleted=with_deleted)
    if not scope.can(user, EDIT_MEMBERS, member.org):
        raise PermissionDenied(_("无权修改该会员"))
    return member


def _resolve_org(user, code, cap):
    """An organisation code from a form, looked up only inside the user's scope for ``cap``."""
    code = (code or "").strip()
    return Organisation.objects.visible_to(user, cap).filter(code=code).first() if code else None


# ---- list and export ----

def _display_rows(user, members):
    return [{"m": m, "shown": privacy.shown(user, m, masked_by_default=True)} for m in members]


def _capped_count(qs):
    """How many rows match, counting at most COUNT_CAP + 1 of them (``None`` means more than the cap)."""
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return None if n > COUNT_CAP else n


@login_required
def member_list(request):
    user = request.user
    filters = queries.Filters(request.GET, user)
    may_edit = _can_edit_somewhere(user)
    if filters.include_deleted and not may_edit:
        filters.include_deleted = False
    cap = EDIT_MEMBERS if filters.include_deleted else VIEW
    qs = queries.member_queryset(user, filters, cap=cap).select_related("org")
    after = request.GET.get("after") or None
    rows, next_token = keyset_page(qs, filters.order, after=after, size=PAGE_SIZE)
    params = filters.as_params()
    if filters.include_deleted:
        params["deleted"] = "1"
    count = len(rows) if (not after and next_token is None) else _capped_count(qs)
    options = org_options(user, VIEW, holding_only=False)
    org_picker = None
    if options is None:  # too many organisations for a list: pick one by name, pinyin or code
        shown = org_pickers.value(filters.org) if filters.org else (request.GET.get("org") or "")
        org_picker = PickerInput("org", attrs={"placeholder": _("输入组织名称、拼音或代码")}).render(
            "org", Picked(shown, filters.org.pk if filters.org else None))
    return render(request, "members/list.html", {
        "org_picker": org_picker,
        "filters": filters,
        "rows": _display_rows(user, rows),
        "count": count,
        "count_cap": COUNT_CAP,
        "next_url": f"?{urlencode({**params, 'after': next_token})}" if next_token else "",
        "first_url": f"?{urlencode(params)}" if after else "",
        "query": urlencode(params),
        "org_options": options,
        "filters_open": bool(set(params) - {"q"}),
        "statuses": Status.choices, "sexes": Sex.choices, "employment_forms": EmploymentForm.choices,
        "age_bands": [(k, v[0]) for k, v in queries.AGE_BANDS.items()],
        "sorts": list(queries.SORTS.items()),
        "may_edit": may_edit,
    })


@login_required
def member_export(request):
    """The filtered list as .xlsx, personal data masked as ``members.privacy`` decides per row. A large
    roster (``exporting.in_request``) is built by the job worker: the page follows its progress, then offers
    the file."""
    filters = queries.Filters(request.GET, request.user)
    filters.include_deleted = False
    if not exporting.in_request(request.user, filters):
        params = request.GET.copy()
        params.pop("deleted", None)
        job = exporting.start_export_job(request.user, params)
        return redirect("core:export_job", job.pk)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    exporting.export_members(request.user, filters, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=exporting.filename(), content_type=XLSX)


# ---- detail and actions ----

def _history(member):
    """The member's status history: one query on the audit trail."""
    entries = (AuditEntry.objects.filter(object_type="members.member", object_id=member.pk)
               .select_related("actor").order_by("-id")[:200])
    return [{"e": e, "label": audit_labels.action_label("members.member", e.action),
             "status": _status_labels(e.changes.get("status")), "org": e.changes.get("org")} for e in entries]


def _status_labels(change):
    """An audited [before, after] pair of status codes as their Chinese labels."""
    if not change:
        return None
    labels = dict(Status.choices)
    return [labels.get(value, value or "") for value in change]


def _detail_context(request, member, revealed=None, **forms):
    user = request.user
    can_edit = scope.can(user, EDIT_MEMBERS, member.org)
    shown = privacy.shown(user, member, masked_by_default=True)
    if revealed:  # from actions.reveal_pii, audited
        shown.update(revealed, pii_masked=False, can_reveal=False)
    context = {
        "member": member,
        "shown": shown,
        "revealed": bool(revealed),
        "can_edit": can_edit,
        "history": _history(member),
        "transfers": list(member.transfers.select_related("from_org", "to_org", "new_org").order_by("-id")),
        "Status": Status,
    }
    if can_edit and not member.deleted_at:
        context.update(
            move_form=forms.get("move_form") or MoveForm(org_options=_move_options(user, member)),
            transfer_form=forms.get("transfer_form") or TransferOutForm(),
            retire_form=NoteForm(prefix="retire"),
            terminate_form=forms.get("terminate_form") or TerminateForm(),
            reinstate_form=NoteForm(prefix="reinstate"),
            delete_form=forms.get("delete_form") or DeleteForm(),
            account_form=forms.get("account_form") or AccountForm(),
        )
    elif can_edit:
        context["restore_form"] = NoteForm(prefix="restore")
    return context


def _move_options(user, member):
    return org_options(user, EDIT_MEMBERS, within=member.union)


@login_required
def member_detail(request, pk):
    member = _member(request.user, pk, with_deleted=True)
    return render(request, "members/detail.html", _detail_context(request, member))


@require_POST
@login_required
def member_reveal(request, pk):
    """Show this member's ID number and phone in clear, once, to a role that may see them (audited)."""
    member = _member(request.user, pk)
    try:
        revealed = actions.reveal_pii(request.user, member)
    except ActionError as exc:
        messages.error(request, exc.as_text(ERROR_LABELS))
        return redirect("members:detail", pk=member.pk)
    response = render(request, "members/detail.html", _detail_context(request, member, revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response


def _run_action(request, member, form, call, success, form_name):
    """Validate ``form`` and run ``call(form.cleaned_data)``: redirect with ``success`` (text, or a function
    of the call's result), or show the detail page again with the errors next to the form's fields."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc, ERROR_LABELS)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect("members:detail", pk=member.pk)
    messages.error(request, _("未能办理，请查看下方说明"))
    return render(request, "members/detail.html", _detail_context(request, member, **{form_name: form}),
                  status=400)


def _simple_action(request, member, call, success):
    """Actions with only a note: errors come back as a message on the detail page."""
    try:
        call()
    except ActionError as exc:
        messages.error(request, exc.as_text(ERROR_LABELS))
    else:
        messages.success(request, success)
    return redirect("members:detail", pk=member.pk)


@require_POST
@login_required
def member_move(request, pk):
    member = _editable_member(request.user, pk)
    form = MoveForm(request.POST, org_options=_move_options(request.user, member))

    def call(data):
        org = _resolve_org(request.user, data["org"], EDIT_MEMBERS)
        if org is None:
            raise ActionError(_("组织不存在"), field="org")
        actions.move_member(request.user, member, org)

    return _run_action(request, member, form, call, _("已调整所在组织"), "move_form")


@require_POST
@login_required
def member_transfer(request, pk):
    """转出. The receiving union is often in another county: the picker suggests the organisations in the
    user's scope by name, and the typed text (a name, a pinyin or a code) is resolved among all live
    organisations; the page then shows only its name."""
    member = _editable_member(request.user, pk)
    form = TransferOutForm(request.POST)

    def call(data):
        to_org = pick("org", request.user, data["to_org"], field="to_org",
                      queryset=Organisation.objects.all())
        return actions.transfer_out(request.user, member, to_org=to_org, reason=data["reason"])

    return _run_action(request, member, form, call,
                       lambda t: _("已提出转出，等待“%(org)s”接收") % {"org": t.to_org.name}, "transfer_form")


@require_POST
@login_required
def member_retire(request, pk):
    member = _editable_member(request.user, pk)
    note = NoteForm(request.POST, prefix="retire")
    note.is_valid()
    return _simple_action(request, member,
                          lambda: actions.retire(request.user, member, note=note.cleaned_data.get("note", "")),
                          _("已办理保留会籍"))


@require_POST
@login_required
def member_terminate(request, pk):
    member = _editable_member(request.user, pk)
    form = TerminateForm(request.POST)
    return _run_action(request, member, form,
                       lambda d: actions.terminate(request.user, member, reason=d["reason"], note=d["note"]),
                       _("已终止会籍"), "terminate_form")


@require_POST
@login_required
def member_reinstate(request, pk):
    member = _editable_member(request.user, pk)
    note = NoteForm(request.POST, prefix="reinstate")
    note.is_valid()
    return _simple_action(request, member,
                          lambda: actions.reinstate(request.user, member, note=note.cleaned_data.get("note", "")),
                          _("已恢复在籍"))


@require_POST
@login_required
def member_delete(request, pk):
    member = _editable_member(request.user, pk)
    form = DeleteForm(request.POST)
    if form.is_valid():
        try:
            actions.delete_member(request.user, member, note=form.cleaned_data["note"])
        except ActionError as exc:
            messages.error(request, exc.as_text(ERROR_LABELS))
            return redirect("members:detail", pk=member.pk)
        messages.success(request, _("已删除会员“%(name)s”，可在已删除列表中恢复") % {"name": member.name})
        return redirect("members:list")
    messages.error(request, _("请勾选“确认删除”"))
    return redirect("members:detail", pk=member.pk)


@require_POST
@login_required
def member_restore(request, pk):
    member = _editable_member(request.user, pk, with_deleted=True)
    note = NoteForm(request.POST, prefix="restore")
    note.is_valid()
    return _simple_action(request, member,
                          lambda: actions.restore_member(request.user, member, note=note.cleaned_data.get("note", "")),
                          _("已恢复会员"))


@require_POST
@login_required
def member_account(request, pk):
    member = _editable_member(request.user, pk)
    form = AccountForm(request.POST)
    return _run_action(
        request, member, form,
        lambda d: logins.link_member_account(request.user, member, username=d["username"],
                                             password=d["password"]),
        _("已开通登录账号，请把登录名和初始密码告知会员本人"), "account_form")


# ---- create and edit ----

def _with_warning_confirm(form, data, *, partial):
    """Show the "确认警告" box when what was typed only raised warnings the officer may confirm."""
    _values, _errors, warnings = clean(data, partial=partial)
    form.show_confirm = bool(warnings)


@login_required
def member_create(request):
    user = request.user
    if not _can_edit_somewhere(user):
        raise PermissionDenied(_("无权登记会员"))
    options = org_options(user, EDIT_MEMBERS)
    initial = {"org": request.GET.get("org", "")}
    form = MemberForm(request.POST or None, initial=initial, org_options=options, show_org=True)
    if request.method == "POST" and form.is_valid():
        data = form.member_data()
        org = _resolve_org(user, form.cleaned_data["org"], EDIT_MEMBERS)
        if org is None:
            form.add_error("org", _("请选择所在组织（须在您的管理范围内）"))
        else:
            try:
                member = actions.create_member(user, org=org, data=data,
                                               confirm_warnings=form.cleaned_data["confirm_warnings"])
            except ActionError as exc:
                add_action_error(form, exc, ERROR_LABELS)
                _with_warning_confirm(form, data, partial=False)
            else:
                messages.success(request, _("已登记会员“%(name)s”") % {"name": member.name})
                return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": None},
                  status=400 if form.errors else 200)


def _edit_initial(member, shown):
    initial = {name: getattr(member, name) for name in MemberForm.MEMBER_FIELDS}
    masked = set()
    if shown["pii_masked"]:
        masked |= {"id_number", "phone"}
    if shown["wage_masked"]:
        masked.add("wage_base")
    for name in masked:
        initial[name] = ""
    if initial["wage_base"] is not None and "wage_base" not in masked:
        initial["wage_base"] = f"{initial['wage_base']:.2f}"
    initial = {k: ("" if v is None else v) for k, v in initial.items()}
    return initial, masked


@login_required
def member_edit(request, pk):
    user = request.user
    member = _editable_member(user, pk)
    initial, masked = _edit_initial(member, privacy.shown(user, member))
    initial["updated_at"] = member.updated_at.isoformat() if member.updated_at else ""
    form = MemberForm(request.POST or None, initial=initial, masked=masked)
    if request.method == "POST" and form.is_valid():
        data = form.member_data(only_changed=True)
        try:
            actions.update_member(user, member, data, confirm_warnings=form.cleaned_data["confirm_warnings"],
                                  seen=request.POST.get("updated_at") or None)
        except ActionError as exc:
            add_action_error(form, exc, ERROR_LABELS)
            _with_warning_confirm(form, data, partial=True)
        else:
            messages.success(request, _("已保存"))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member},
                  status=400 if form.errors else 200)


# ---- transfers ----

def _accept_options(user, transfers):
    """For each pending incoming transfer, the receiving union's organisations: one query for all."""
    union_ids = {t.to_org.union_id for t in transfers}
    by_union = {}
    if union_ids:
        qs = (Organisation.objects.visible_to(user, EDIT_MEMBERS).filter(union_id__in=union_ids)
              .order_by("path").only("id", "code", "name", "depth", "kind", "union"))
        for org in qs:
            by_union.setdefault(org.union_id, []).append(org)
    return {union_id: indent(orgs) for union_id, orgs in by_union.items()}


@login_required
def transfers(request):
    user = request.user
    visible = Transfer.objects.visible_to(user).select_related(
        "member", "from_org", "to_org", "new_org", "requested_by", "decided_by")
    pending = visible.filter(state=Transfer.State.PENDING)
    inbox = list(pending.filter(scope.org_condition(user, EDIT_MEMBERS, "to_org")).order_by("id")[:200])
    outbox = list(pending.filter(scope.org_condition(user, VIEW, "from_org")).order_by("id")[:200])
    history = list(visible.exclude(state=Transfer.State.PENDING).order_by("-id")[:100])
    by_union = _accept_options(user, inbox)
    inbox_rows = [{"t": t, "accept": AcceptForm(prefix=f"t{t.pk}", org_options=by_union.get(t.to_org.union_id, []),
                                                initial={"org": t.to_org.code}),
                   "decline": DeclineForm(prefix=f"t{t.pk}")} for t in inbox]
    outbox_rows = [{"t": t, "can_cancel": scope.can(user, EDIT_MEMBERS, t.from_org)} for t in outbox]
    return render(request, "members/transfers.html",
                  {"inbox": inbox_rows, "outbox": outbox_rows, "history": history})


def _pending_transfer(user, pk):
    return get_object_or_404(Transfer.objects.visible_to(user).select_related("member", "from_org", "to_org"),
                             pk=pk)


def _transfer_done(request, call, success):
    try:
        call()
    except ActionError as exc:
        messages.error(request, exc.as_text(ERROR_LABELS))
    else:
        messages.success(request, success)
    return redirect("members:transfers")


@require_POST
@login_required
def transfer_accept(request, pk):
    user = request.user
    transfer = _pending_transfer(user, pk)
    code = request.POST.get(f"t{pk}-org", "")
    note = request.POST.get(f"t{pk}-note", "")[:200]

    def call():
        org = _resolve_org(user, code, EDIT_MEMBERS) if code else None
        if code and org is None:
            raise ActionError(_("组织不存在"), field="org")
        actions.accept_transfer(user, transfer, org=org, note=note)

    return _transfer_done(request, call, _("已接收会员“%(name)s”") % {"name": transfer.member.name})


@require_POST
@login_required
def transfer_decline(request, pk):
    transfer = _pending_transfer(request.user, pk)
    note = request.POST.get(f"t{pk}-note", "")[:200]
    return _transfer_done(request, lambda: actions.decline_transfer(request.user, transfer, note=note),
                          _("已退回转接"))


@require_POST
@login_required
def transfer_cancel(request, pk):
    transfer = _pending_transfer(request.user, pk)
    note = request.POST.get("note", "")[:200]
    return _transfer_done(request, lambda: actions.cancel_transfer(request.user, transfer, note=note),
                          _("已撤销转出"))


# ---- import ----

@login_required
def import_members(request):
    user = request.user
    if not _can_edit_somewhere(user):
        raise PermissionDenied(_("无权导入会员"))
    options = org_options(user, EDIT_MEMBERS)
    form = ImportForm(request.POST or None, request.FILES or None, org_options=options)
    if request.method == "POST" and form.is_valid():
        org = _resolve_org(user, form.cleaned_data["org"], EDIT_MEMBERS)
        if org is None:
            form.add_error("org", _("请选择导入到的组织（须在您的管理范围内）"))
        else:
            # The upload is only saved here; reading and checking it is the job's work (never in the request).
            job = importing.start_import_job(user, org, form.cleaned_data["file"],
                                             update=form.cleaned_data["update"],
                                             dry_run=form.cleaned_data["dry_run"])
            return redirect("members:import_job", pk=job.pk)
    return render(request, "members/import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_template(request):
    response = HttpResponse(exporting.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename=\"members-template.xlsx\""
    return response


def _job_download_url(job):
    return reverse("core:job_download", args=[job.pk]) if job.finished and job.output_file else ""


@login_required
def import_job(request, pk):
    """The progress page of one import: polls ``/jobs/<id>/`` and then shows the summary or the problems.

    ``?fragment=1`` returns only the result part, which the page's script fetches when the job ends.
    """
    user = request.user
    qs = Job.objects.filter(kind="import_members").select_related("org")
    if not user.is_superuser:
        qs = qs.filter(created_by=user)
    job = jobs.with_live_progress(get_object_or_404(qs, pk=pk))
    result = job.result or {}
    problems = result.get("problems") or []
    problem_count = result.get("problem_count") or len(problems)
    context = {
        "job": job,
        "result": result,
        "problems": problems,
        "problem_count": problem_count,
        "more_problems": max(problem_count - len(problems), 0),
        "download_url": _job_download_url(job),
        "status_url": reverse("core:job_status", args=[job.pk]),
    }
    template = "members/_import_result.html" if request.GET.get("fragment") else "members/import_job.html"
    return render(request, template, context)

