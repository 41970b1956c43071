"""Work-plan pages: the dashboard (targets against live readings, this month's and overdue tasks), plans
with their outline, tasks, targets and linked records, plan import, summaries, and reports upward.

Views parse input and call ``plans.actions``; every object comes through ``visible_to`` (an out-of-scope
id is a 404) and every change is refused (403) without MANAGE_PLANS at the plan's union.
"""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import MANAGE_PLANS, VIEW
from gonghui.core import exports, metrics, scope
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.orgs.models import FEDERATION_KINDS, Kind, Organisation

from . import actions, documents, jobs
from .forms import (ImportConfirmForm, ImportForm, LinkForm, PlanEditForm, PlanForm, ReportForm, SectionForm,
                    StatusForm, SummaryForm, TargetForm, TaskForm, metric_option)
from .models import Plan, PlanSection, PlanStatus, Summary, Target, Task, TaskLink
from .parsing import parse_file, title_with_year
from .progress import evaluate, open_tasks

PAGE = 50
SESSION_KEY = "plans_import"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_plans_somewhere(user):
    if scope.prefixes(user, VIEW) == []:
        raise PermissionDenied(_("您没有查看工作计划的权限"))


def _plans(user):
    return Plan.objects.visible_to(user, VIEW).select_related("union")


def _plan(user, plan_id, *, deleted=False):
    manager = Plan.all_objects if deleted else Plan.objects
    return get_object_or_404(manager.visible_to(user, VIEW).select_related("union"), pk=plan_id)


def _may_manage(user, plan):
    return scope.can(user, MANAGE_PLANS, plan.union)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def home(request):
    user = request.user
    _require_plans_somewhere(user)
    today = timezone.localdate()
    plans = _plans(user)
    chosen = None
    if request.GET.get("plan"):
        chosen = plans.filter(pk=_int(request.GET["plan"]) or 0).first()
        if chosen is None:
            raise Http404(_("找不到该计划"))
    if chosen is None:
        chosen = (plans.filter(year=today.year).exclude(status=PlanStatus.ARCHIVED)
                  .order_by("status", "-id").first()) or plans.first()
    rows = evaluate(chosen, today=today) if chosen else []
    current = plans.filter(year__in=[today.year, today.year - 1]).exclude(status=PlanStatus.ARCHIVED)
    this_month, overdue = open_tasks(current, today=today)
    before = _int(request.GET.get("before"))
    listed = plans.order_by("-id")
    if before:
        listed = listed.filter(pk__lt=before)
    listed = list(listed[:PAGE + 1])
    older = listed[PAGE - 1].pk if len(listed) > PAGE else None
    return render(request, "plans/home.html", {
        "plan": chosen, "rows": rows, "this_month": this_month[:50], "overdue": overdue[:50], "today": today,
        "plans": listed[:PAGE], "older": older, "newer": bool(before),
        "may_create": scope.prefixes(user, MANAGE_PLANS) != [],
        "may_manage": chosen is not None and _may_manage(user, chosen),
    })


def _plan_unions(user):
    """The unions the user may draw up plans for (at most 300); 403 if none."""
    unions = list(actions.plan_orgs_for(user)[:300])
    if not unions:
        raise PermissionDenied(_("您没有制定工作计划的权限"))
    return unions


def _previous_plans(user):
    return Plan.objects.visible_to(user, MANAGE_PLANS).select_related("union").order_by("-year", "-id")[:30]


@login_required
def plan_new(request):
    user = request.user
    unions = _plan_unions(user)
    previous = list(_previous_plans(user))
    today = timezone.localdate()
    if request.method == "POST":
        form = PlanForm(request.POST, unions=unions, previous=previous)
        if form.is_valid():
            data = form.cleaned_data
            union = next(u for u in unions if u.code == data["union"])
            start = data["start"] or ""
            template = start.split(":", 1)[1] if start.startswith("template:") else None
            copy_from = None
            if start.startswith("copy:"):
                copy_from = next((p for p in previous if str(p.pk) == start.split(":", 1)[1]), None)
            try:
                plan = actions.create_plan(user, union, kind=data["kind"], year=data["year"], part=data["part"],
                                           title=data["title"], guiding_thought=data["guiding_thought"],
                                           template=template, copy_from=copy_from)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已创建工作计划"))
                return redirect("plans:plan", plan_id=plan.pk)
    else:
        form = PlanForm(unions=unions, previous=previous,
                        initial={"year": today.year + (1 if today.month >= 11 else 0),
                                 "title": _("%(year)s年工会工作计划") % {"year": today.year + (1 if today.month >= 11 else 0)}})
    return render(request, "plans/plan_new.html", {"form": form}, status=400 if form.errors else 200)


def _tree(sections):
    """Sections in outline order with their depth (for indenting)."""
    children = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    ids = {s.pk for s in sections}
    out = []

    def walk(nodes, depth):
        for s in nodes:
            out.append((s, depth))
            walk(children.get(s.pk, []), depth + 1)

    walk([s for s in sections if s.parent_id not in ids], 0)
    return out


@login_required
def plan_detail(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id, deleted=True)
    sections = list(plan.sections.all())
    tasks = list(plan.tasks.select_related("section", "owner_org").prefetch_related("links"))
    by_month = {}
    for t in tasks:
        by_month.setdefault(t.month, []).append(t)
    months = [(m, by_month[m]) for m in sorted(by_month, key=lambda m: (m is None, plan.month_bounds(m)[0] if m else 0))]
    may = _may_manage(user, plan) and not plan.deleted_at
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "outline": _tree(sections), "months": months, "task_count": len(tasks),
        "rows": evaluate(plan, today=timezone.localdate(), trend=False),
        "summaries": plan.summaries.all(), "may_manage": may,
        "section_form": SectionForm(sections=sections) if may else None,
        "task_form": TaskForm(sections=sections) if may else None,
        "target_form": TargetForm() if may else None,
        "summary_form": SummaryForm() if may else None,
    })


def _manage(user, plan):
    if not _may_manage(user, plan):
        raise PermissionDenied(_("无权修改该工会的工作计划"))


def _plan_form(request, form, act, *, title, plan, done=None):
    """A form of the plan's own page (edit the plan, add or edit a section, task or target): a valid POST →
    ``act(cleaned_data)``, ``done`` as the message if given, and back to the plan; bad input or a refused
    action → the form page again with the errors (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            if done:
                messages.success(request, done)
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": title, "plan": plan, "back": plan},
                  status=400 if form.errors else 200)


def _button(request, act, back, *, done=None, labels=None):
    """A button's POST (status, restore, link…): ``act()``, then ``done`` as the message if given, or the
    refused action's message as an error; either way the response ``back``."""
    try:
        act()
    except ActionError as exc:
        messages.error(request, exc.as_text(labels))
    else:
        if done:
            messages.success(request, done)
    return back


@login_required
def plan_edit(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    _manage(user, plan)
    form = PlanEditForm(request.POST or None, initial={"title": plan.title, "guiding_thought": plan.guiding_thought})
    return _plan_form(request, form, lambda data: actions.update_plan(user, plan, **data),
                      title=_("修改计划"), plan=plan, done=_("已保存"))


@require_POST
@login_required
def plan_status(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    return _button(request, lambda: actions.set_plan_status(user, plan, request.POST.get("status", "")),
                   redirect("plans:plan", plan_id=plan.pk), done=_("计划状态已更新"))


@require_POST
@login_required
def plan_delete(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    actions.delete_plan(user, plan)
    messages.success(request, _("已删除计划，可在计划页面恢复"))
    return redirect("plans:plan", plan_id=plan.pk)


@require_POST
@login_required
def plan_restore(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id, deleted=True)
    return _button(request, lambda: actions.restore_plan(user, plan), redirect("plans:plan", plan_id=plan.pk))


def target_dicts(plan):
    out = []
    for t in plan.targets.all():
        metric = metrics.get(t.metric)
        out.append({"label": t.display_label, "comparator": t.get_comparator_display(),
                    "threshold": f"{t.threshold.normalize():f}", "unit": metric.unit if metric else t.unit,
                    "source": t.source_text})
    return out


def plan_docx_response(plan):
    with translation.override(settings.LANGUAGE_CODE):  # the plan as the union files it: in Chinese
        data = documents.plan_docx(plan, list(plan.sections.all()), target_dicts(plan),
                                   list(plan.tasks.select_related("owner_org")))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=plan-{plan.pk}.docx"
    return response


@login_required
def plan_docx(request, plan_id):
    return plan_docx_response(_plan(request.user, plan_id))


# ---- sections ----

@require_POST
@login_required
def section_new(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    sections = list(plan.sections.all())
    form = SectionForm(request.POST, sections=sections)
    if form.is_valid():
        parent = next((s for s in sections if str(s.pk) == form.cleaned_data["parent"]), None)
        try:
            actions.add_section(user, plan, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                parent=parent)
        except ActionError as exc:
            messages.error(request, exc.as_text())
        else:
            messages.success(request, _("已添加条目"))
    else:
        messages.error(request, _("请填写条目标题"))
    return redirect("plans:plan", plan_id=plan.pk)


def _section(user, section_id):
    return get_object_or_404(PlanSection.objects.filter(plan__in=Plan.objects.visible_to(user, VIEW).values("id"))
                             .select_related("plan", "plan__union"), pk=section_id)


@login_required
def section_edit(request, plan_section_id):
    user = request.user
    section = _section(user, plan_section_id)
    plan = section.plan
    _manage(user, plan)
    form = SectionForm(request.POST or None, initial={"title": section.title, "body": section.body})
    del form.fields["parent"]
    return _plan_form(request, form, lambda data: actions.update_section(user, section, title=data["title"],
                                                                         body=data["body"]),
                      title=_("修改条目"), plan=plan)


@require_POST
@login_required
def section_delete(request, plan_section_id):
    user = request.user
    section = _section(user, plan_section_id)
    return _button(request, lambda: actions.delete_section(user, section),
                   redirect("plans:plan", plan_id=section.plan.pk))


# ---- tasks ----

def _task_args(plan, data, sections):
    return dict(title=data["title"], month=data["month"], owner=data["owner"], capability=data["capability"],
                section=next((s for s in sections if str(s.pk) == data["section"]), None))


@require_POST
@login_required
def task_new(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    sections = list(plan.sections.all())
    form = TaskForm(request.POST, sections=sections)
    return _plan_form(request, form, lambda data: actions.add_task(user, plan, **_task_args(plan, data, sections)),
                      title=_("添加任务"), plan=plan, done=_("已添加任务"))


def _task(user, task_id):
    return get_object_or_404(Task.objects.visible_to(user, VIEW).filter(plan__deleted_at__isnull=True)
                             .select_related("plan", "plan__union", "section"), pk=task_id)


def resolve_links(links):
    """Each link with its record resolved lazily: one query per record type, types of apps not
    installed skipped; (link, record or None, url)."""
    by_type = {}
    for link in links:
        by_type.setdefault(link.content_type_id, []).append(link)
    out = []
    for ct_id, group in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        records = {}
        if model is not None:
            records = model._base_manager.in_bulk([link.object_id for link in group])
        for link in group:
            record = records.get(link.object_id)
            url = record.get_absolute_url() if record is not None and hasattr(record, "get_absolute_url") else ""
            out.append({"link": link, "record": record, "url": url,
                        "kind": model._meta.verbose_name if model else _("（模块未安装）"),
                        "text": str(record) if record is not None else link.label})
    return out


def recent_records(user, plan, limit=10):
    """Recent records of the plan's union the user sees, per linkable model (one query per model)."""
    subtree = Organisation.objects.subtree(plan.union).values("id")
    out = []
    for model in actions.linkable_models():
        qs = model._default_manager.visible_to(user, VIEW).filter(**{f"{model.scope_org}__in": subtree})
        for record in qs.order_by("-pk")[:limit]:
            out.append({"value": f"{model._meta.label_lower}:{record.pk}",
                        "text": _("%(kind)s：%(record)s") % {"kind": model._meta.verbose_name, "record": record}})
    return out


@login_required
def task_detail(request, plan_task_id):
    user = request.user
    task = _task(user, plan_task_id)
    plan = task.plan
    may = _may_manage(user, plan)
    sections = list(plan.sections.all())
    form = TaskForm(request.POST or None, sections=sections, initial={
        "title": task.title, "month": task.month or "", "owner": task.owner, "capability": task.capability,
        "section": task.section_id or ""})
    if request.method == "POST":
        _manage(user, plan)
        if form.is_valid():
            try:
                actions.update_task(user, task, **_task_args(plan, form.cleaned_data, sections))
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("plans:task", plan_task_id=task.pk)
    return render(request, "plans/task_detail.html", {
        "task": task, "plan": plan, "form": form, "may_manage": may,
        "status_form": StatusForm(initial={"status": task.status, "done_at": task.done_at}),
        "links": resolve_links(list(task.links.all())),
        "choices": recent_records(user, plan) if may else [], "link_form": LinkForm(),
    }, status=400 if form.errors else 200)


@require_POST
@login_required
def task_status(request, plan_task_id):
    user = request.user
    task = _task(user, plan_task_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("状态或日期不正确"))
    else:
        try:
            actions.set_task_status(user, task, form.cleaned_data["status"], done_at=form.cleaned_data["done_at"])
        except ActionError as exc:
            messages.error(request, exc.as_text())
    return redirect("plans:task", plan_task_id=task.pk)


@require_POST
@login_required
def task_delete(request, plan_task_id):
    user = request.user
    task = _task(user, plan_task_id)
    actions.delete_task(user, task)
    messages.success(request, _("已删除任务"))
    return redirect("plans:plan", plan_id=task.plan_id)


@require_POST
@login_required
def task_link(request, plan_task_id):
    user = request.user
    task = _task(user, plan_task_id)
    value = request.POST.get("record", "")
    label, _sep, pk = value.rpartition(":")
    return _button(request, lambda: actions.link_record(user, task, label, pk),
                   redirect("plans:task", plan_task_id=task.pk), done=_("已关联记录"), labels={"record": _("记录")})


@require_POST
@login_required
def link_delete(request, plan_link_id):
    user = request.user
    link = get_object_or_404(TaskLink.objects.filter(task__in=Task.objects.visible_to(user, VIEW).values("id"))
                             .select_related("task", "task__plan", "task__plan__union"), pk=plan_link_id)
    task = link.task
    actions.unlink_record(user, link)
    return redirect("plans:task", plan_task_id=task.pk)


# ---- targets ----

def _target(user, target_id):
    return get_object_or_404(Target.objects.visible_to(user, VIEW).filter(plan__deleted_at__isnull=True)
                             .select_related("plan", "plan__union"), pk=target_id)


@login_required
def target_new(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    _manage(user, plan)
    form = TargetForm(request.POST or None)
    return _plan_form(request, form, lambda data: actions.add_target(user, plan, **data),
                      title=_("添加目标"), plan=plan, done=_("已添加目标"))


@login_required
def target_edit(request, plan_target_id):
    user = request.user
    target = _target(user, plan_target_id)
    plan = target.plan
    _manage(user, plan)
    form = TargetForm(request.POST or None, initial={
        "metric": target.metric, "comparator": target.comparator, "threshold": target.threshold,
        "period": target.period, "label": target.label})
    return _plan_form(request, form, lambda data: actions.update_target(user, target, **data),
                      title=_("修改目标"), plan=plan)


@require_POST
@login_required
def target_delete(request, plan_target_id):
    user = request.user
    target = _target(user, plan_target_id)
    actions.delete_target(user, target)
    return redirect("plans:plan", plan_id=target.plan_id)


# ---- import ----

@login_required
def import_plan(request):
    """Upload → preview (outline, tasks by month, target candidates, what was not understood) → confirm."""
    user = request.user
    _plan_unions(user)  # 403 for someone with no union to plan for
    today = timezone.localdate()
    upload = ImportForm()
    if request.method == "POST" and "file" in request.FILES:
        upload = ImportForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                parsed = parse_file(f.name, f.read()).as_dict()
            except ActionError as exc:
                show_action_error(upload, exc)
            else:
                request.session[SESSION_KEY] = {"name": f.name[:200], "parsed": parsed}
                return redirect("plans:import_preview")
    return render(request, "plans/import.html", {"form": upload, "today": today},
                  status=400 if upload.errors else 200)


@login_required
def import_preview(request):
    user = request.user
    unions = _plan_unions(user)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, _("请先上传计划文件"))
        return redirect("plans:import")
    parsed = stored["parsed"]
    today = timezone.localdate()
    form = ImportConfirmForm(request.POST or None, unions=unions, parts=parsed["parts"], initial={
        "year": today.year, "title": title_with_year(parsed["title"] or stored["name"].rsplit(".", 1)[0], today.year)})
    chosen = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for i, _cand in enumerate(parsed["targets"]):
            if request.POST.get(f"target_{i}"):
                chosen.append({"index": i, "metric": request.POST.get(f"metric_{i}", ""),
                               "threshold": request.POST.get(f"threshold_{i}", _cand["number"])})
        union = next(u for u in unions if u.code == data["union"])
        try:
            plan = actions.import_plan(user, union, parsed, kind=data["kind"], year=data["year"], part=data["part"],
                                       title=data["title"], part_index=_int(data["part_index"]), targets=chosen,
                                       source_name=stored["name"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("已导入工作计划"))
            return redirect("plans:plan", plan_id=plan.pk)
    months = {}
    for t in parsed["tasks"]:
        months.setdefault(t["month"], []).append(t)
    return render(request, "plans/import_preview.html", {
        "form": form, "name": stored["name"], "parsed": parsed, "months": sorted(months.items()),
        "outline": _flatten(parsed["outline"]),
        "metric_options": [(m.code, metric_option(m, availability=False)) for m in metrics.all_metrics()],
    }, status=400 if form.errors else 200)


def _flatten(nodes, depth=0):
    out = []
    for n in nodes:
        out.append({**n, "depth": depth})
        out.extend(_flatten(n["children"], depth + 1))
    return out


# ---- summaries ----

@require_POST
@login_required
def summary_new(request, plan_id):
    user = request.user
    plan = _plan(user, plan_id)
    try:
        summary = actions.draft_summary(user, plan, request.POST.get("kind", ""))
    except ActionError as exc:
        messages.error(request, exc.as_text())
        return redirect("plans:plan", plan_id=plan.pk)
    messages.success(request, _("已根据记录起草工作总结，请修改完善"))
    return redirect("plans:summary", plan_summary_id=summary.pk)


def _summary(user, summary_id):
    return get_object_or_404(Summary.objects.visible_to(user, VIEW).select_related("plan", "union"),
                             pk=summary_id)


def _iso(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def summary_sections(summary):
    """The summary's sections with each figure's metric (for its "计算依据") and query period as dates."""
    out = []
    for section in summary.sections:
        figures = [{**f, "metric_obj": metrics.get(f.get("metric") or ""), "start_date": _iso(f.get("start")),
                    "end_date": _iso(f.get("end"))} for f in section.get("figures", [])]
        out.append({**section, "figures": figures})
    return out


@login_required
def summary_detail(request, plan_summary_id):
    user = request.user
    summary = _summary(user, plan_summary_id)
    may = scope.can(user, MANAGE_PLANS, summary.union)
    errors = {}
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("无权修改该工会的工作总结"))
        bodies = {s["key"]: request.POST.get(f"body_{s['key']}", s["body"]) for s in summary.sections}
        try:
            actions.update_summary(user, summary, title=request.POST.get("title"), bodies=bodies)
        except ActionError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("已保存"))
            return redirect("plans:summary", plan_summary_id=summary.pk)
    return render(request, "plans/summary_detail.html", {"summary": summary, "sections": summary_sections(summary),
                                                         "may_manage": may, "errors": errors},
                  status=400 if errors else 200)


@require_POST
@login_required
def summary_finalize(request, plan_summary_id):
    user = request.user
    summary = _summary(user, plan_summary_id)
    return _button(request, lambda: actions.finalize_summary(user, summary),
                   redirect("plans:summary", plan_summary_id=summary.pk))


@login_required
def summary_docx(request, plan_summary_id):
    summary = _summary(request.user, plan_summary_id)
    response = HttpResponse(documents.summary_docx(summary), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=summary-{summary.pk}.docx"
    return response


# ---- reports upward and the metric catalogue ----

def report_orgs(user):
    return Organisation.objects.visible_to(user, VIEW).filter(
        kind__in=[Kind.GRASSROOTS, *FEDERATION_KINDS]).order_by("path")


@login_required
def report(request):
    """The report upward: chosen here, built in the job worker (it spans every union under a federation),
    followed on ``core:export_job`` and downloaded from there."""
    user = request.user
    _require_plans_somewhere(user)
    orgs = list(report_orgs(user)[:300])
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ReportForm(data, orgs=orgs, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if year not in jobs.YEARS:
            form.add_error("year", _("年度应在2000至2100之间"))
        else:
            org = next(o for o in orgs if o.code == form.cleaned_data["org"])
            return redirect(exports.page_url(jobs.start_report(user, org, year)))
    return render(request, "plans/report.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def metric_list(request):
    _require_plans_somewhere(request.user)
    return render(request, "plans/metrics.html", {"metrics": metrics.all_metrics()})


