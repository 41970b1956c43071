"""Federation pages: the dashboard of a town/street, county or city federation, the employer registry (list,
entry, edit, link to a union, found a union, delete/restore, import as a job, export as a job) and the
unionisation setting.

Views parse input and call ``federation.actions``; figures come from ``federation.dashboard`` and
``federation.rates``. Every row comes through ``visible_to(user, FEDERATION)``; an id or code out of scope is
a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, exports, pickers, scope
from gonghui.core import jobs as core_jobs
from gonghui.core.capabilities import FEDERATION, KEEP_BOOKS
from gonghui.core.documents import Report, to_xlsx
from gonghui.core.errors import ActionError
from gonghui.core.models import Job
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post, show_action_error
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, dashboard, importing, jobs, queries, rates
from .forms import EmployerForm, FoundForm, ImportForm, LinkForm, NoteForm, SettingForm
from .models import Employer, Industry, Setting

PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _area(request):
    """The federation a page works at (``?org=``): in scope for FEDERATION, and a federation."""
    org = scoped_org(request, FEDERATION)
    if org.kind not in FEDERATION_KINDS:
        raise Http404(_("请选择总工会"))
    return org


def _employer(request, pk, *, deleted=False):
    manager = Employer.all_objects if deleted else Employer.objects
    return get_object_or_404(manager.visible_to(request.user, FEDERATION).select_related("area", "union"), pk=pk)


def _base(request, org, **extra):
    return {"org": org, "picker": scope_picker(request.user, FEDERATION, org), **extra}


@login_required
def home(request):
    org = scoped_org(request, FEDERATION)
    if org.kind not in FEDERATION_KINDS:
        return redirect(f"{_home_url()}?org={org.code}")
    board = dashboard.build(org)
    chart_list = [
        charts.bars(_("会员按下级组织"), [(c["org"].name, c["members"], f"?org={c['org'].code}")
                                      for c in board.children], wide=True),
        charts.bars(_("会员按工会类型"), [(_(label), sums["members"]) for _v, label, sums in board.by_type]),
        charts.bars(_("应建会单位按行业（已建会）"), [(_(label) or _("未填行业"), covered, "")
                                             for _c, label, covered, _s, _n in board.by_industry]),
        charts.donut(_("会员用工形式"), [(_("农民工"), board.totals["migrant"]),
                                         (_("劳务派遣"), board.totals["dispatched"]),
                                         (_("其他"), board.totals["members"] - board.totals["migrant"]
                                          - board.totals["dispatched"])]),
    ]
    return render(request, "federation/home.html", _base(request, org, board=board, charts=chart_list,
                                                         statuses=queries.STATUSES))


def _home_url():
    from django.urls import reverse

    return reverse("core:home")


@login_required
def employers(request):
    org = _area(request)
    status = request.GET.get("status") or ""
    status = status if status in queries.STATUSES else ""
    industry = request.GET.get("industry") or ""
    industry = industry if industry in Industry.values else ""
    q = (request.GET.get("q") or "").strip()[:100]
    qs = queries.employers(request.user, org, status=status, q=q, industry=industry)
    rows, next_token = keyset_page(qs, sort="name", after=request.GET.get("after"), size=PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    more = f"?{query.urlencode()}&after={next_token}" if next_token else ""
    limit, _setting = rates.threshold(org)
    return render(request, "federation/employers.html", _base(
        request, org, rows=rows, more=more, status=status, q=q, industry=industry, statuses=queries.STATUSES,
        industries=[(c, _(label)) for c, label in Industry.choices], limit=limit))


@login_required
def employer_new(request):
    org = _area(request)
    form = EmployerForm(request.POST or None)
    return form_post(request, form, lambda data: actions.create_employer(request.user, area=org, data=data),
                     done=lambda e: redirect("federation:employer", e.pk), success=_("已登记单位"),
                     page=lambda f: render(request, "federation/form.html", _base(
                         request, org, form=f, title=_("登记单位"), button=_("登记")), status=400 if f.errors else 200))


def _link_form(employer):
    """The union box, holding the linked union as the picker shows it (名称（代码）), suggesting the area's unions."""
    union = employer.union if employer.union_id else None
    form = LinkForm(initial={"union": f"{union.name}（{union.code}）" if union else ""})
    form.fields["union"].set_params(within=employer.area.code)
    return form


@login_required
def employer_detail(request, pk):
    employer = _employer(request, pk, deleted=True)
    reserves = list(actions.held_reserves(employer)) if employer.uscc else []
    return render(request, "federation/employer.html", _base(
        request, employer.area, employer=employer, reserves=reserves, link_form=_link_form(employer),
        limit=rates.threshold(employer.area)[0], note_form=NoteForm()))


@login_required
def employer_edit(request, pk):
    employer = _employer(request, pk)
    initial = {name: getattr(employer, name) for name in actions.EDITABLE}
    initial = {k: ("" if v is None else v) for k, v in initial.items()}
    form = EmployerForm(request.POST or None, initial=initial)
    return form_post(request, form, lambda data: actions.update_employer(request.user, employer, data),
                     done=lambda e: redirect("federation:employer", e.pk), success=_("已保存"),
                     page=lambda f: render(request, "federation/form.html", _base(
                         request, employer.area, form=f, employer=employer, title=_("修改单位信息"), button=_("保存")),
                         status=400 if f.errors else 200))


@login_required
@require_POST
def employer_link(request, pk):
    employer = _employer(request, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["union"]
        union = None
        try:
            if text:  # a name, pinyin, "名称（代码）" or the code; several unions of that name are listed
                union = pickers.resolve("org", request.user, text, field="union")
            actions.link_union(request.user, employer, union)
        except ActionError as exc:
            messages.error(request, exc.as_text(actions.LABELS))
        else:
            messages.success(request, _("已关联工会") if union else _("已解除工会关联"))
    return redirect("federation:employer", employer.pk)


@login_required
def employer_found(request, pk):
    employer = _employer(request, pk)
    form = FoundForm(request.POST or None)

    def act(data):
        return actions.found_union(request.user, employer, code=data["code"], name=data["name"],
                                   union_type=data["union_type"], founded_on=data["founded_on"],
                                   chair_name=data["chair_name"], refund=data["refund"])

    def done(result):
        union, returned, pending = result
        if pending:
            messages.info(request, _("有%(n)d笔建会筹备金待总工会经费会计返还") % {"n": len(pending)})
        return redirect("federation:employer", employer.pk)

    reserves = list(actions.held_reserves(employer))
    return form_post(request, form, act, done=done, success=_("已建会并关联"),
                     page=lambda f: render(request, "federation/form.html", _base(
                         request, employer.area, form=f, employer=employer, reserves=reserves,
                         title=_("建会：%(name)s") % {"name": employer.name}, button=_("建会")),
                         status=400 if f.errors else 200))


@login_required
@require_POST
def employer_delete(request, pk):
    employer = _employer(request, pk)
    try:
        actions.delete_employer(request.user, employer, note=request.POST.get("note", "")[:200])
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已删除，可在本页恢复"))
    return redirect("federation:employer", employer.pk)


@login_required
@require_POST
def employer_restore(request, pk):
    employer = _employer(request, pk, deleted=True)
    try:
        actions.restore_employer(request.user, employer, note=request.POST.get("note", "")[:200])
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已恢复"))
    return redirect("federation:employer", employer.pk)


@login_required
def employers_export(request):
    org = _area(request)
    status = request.GET.get("status") or ""
    job = exports.start(jobs.EXPORT, user=request.user, org=org,
                        params={"status": status if status in queries.STATUSES else "",
                                "q": (request.GET.get("q") or "")[:100]},
                        title=_("%(org)s单位名录") % {"org": org.name})
    return redirect(exports.page_url(job))


def template_bytes():
    from django.utils.translation import gettext

    return to_xlsx(Report(title=gettext("单位名录导入模板"), headers=[gettext(c) for c in importing.COLUMNS], rows=[],
                          money_unit="人"))


@login_required
def import_template(request):
    """The registry template (.xlsx): the columns only, no data."""
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="employers-template.xlsx"'
    return response


@login_required
def import_employers(request):
    org = _area(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        scope.require(request.user, FEDERATION, org)
        job = jobs.start_import(request.user, org, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        return _after_job(request, org, job, form)
    return render(request, "federation/import.html", _base(request, org, form=form),
                  status=400 if form.errors else 200)


@login_required
def import_job(request, pk):
    user = request.user
    qs = Job.objects.filter(kind=jobs.IMPORT, org__in=Organisation.objects.visible_to(user, FEDERATION))
    if not user.is_superuser:
        qs = qs.filter(created_by=user)
    job = core_jobs.with_live_progress(get_object_or_404(qs.select_related("org"), pk=pk))
    return _after_job(request, job.org, job, ImportForm())


def _after_job(request, org, job, form):
    if not job.finished and request.method == "POST":
        return redirect("federation:import_job", job.pk)
    if not job.finished:
        return render(request, "federation/import.html", _base(request, org, form=form, job=job))
    result = job.result or {}
    if job.status == Job.Status.DONE and result.get("ok") and not result.get("dry_run"):
        messages.success(request, _("已导入%(n)d家单位") % {"n": result["created"]})
        return redirect(f"{_url('federation:employers')}?org={org.code}")
    if job.status == Job.Status.FAILED:
        result = {"ok": False, "problems": [{"row": 0, "column": "", "message": job.error}]}
    return render(request, "federation/import.html", _base(request, org, form=form, result=result),
                  status=200 if result.get("ok") else 400)


def _url(name):
    from django.urls import reverse

    return reverse(name)


@login_required
def settings_page(request):
    org = _area(request)
    limit, current = rates.threshold(org)
    form = SettingForm(request.POST or None, initial={"min_employees": limit})
    rows = list(Setting.objects.visible_to(request.user, FEDERATION).filter(org__path__in=org.ancestor_paths())
                .select_related("org").order_by("-effective_from", "-id")[:50])
    return form_post(request, form, lambda data: actions.save_setting(request.user, org, **data),
                     done=lambda s: redirect(f"{_url('federation:settings')}?org={org.code}"), success=_("已保存建会标准"),
                     page=lambda f: render(request, "federation/settings.html", _base(
                         request, org, form=f, rows=rows, limit=limit, current=current),
                         status=400 if f.errors else 200))


