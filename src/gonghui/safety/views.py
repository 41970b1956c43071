"""Safety pages: the union's work page, members' hazard reports from the phone (and their own list), the hazard
list and its steps (triage, assignment, rectification, verification, closing), photos through a scoped view,
monitors and their coverage, the 安康杯 (indicators, score sheet, ranking, published results), trainings linked
to activities, and the figures for a union or a federation.

Views parse input and call ``safety.actions``. Every row comes through ``visible_to``; an id out of scope is a
404. Officers act with SAFETY; anyone else in scope (VIEW) reads; a member reads their own reports and the
hazards assigned to them, and records the rectification of those.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.activities.models import Event
from gonghui.core import charts, jobs, metrics, scope, uploads
from gonghui.core.capabilities import SAFETY, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.figures import labelled
from gonghui.core.figures import read as figures_of
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post, show_action_error
from gonghui.members import pickers as member_pickers
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.models import Kind, Organisation
from gonghui.orgs.unions import current_union, union_options

from . import actions, queries
from .forms import (AssignForm, CloseForm, CompetitionForm, EndMonitorForm, MonitorForm, PublishForm, RectifyForm,
                    ReportForm, TrainingForm, TriageForm, VerifyForm, indicator_rows)
from .models import (WARN_DAYS, Competition, CompetitionStatus, Hazard, HazardPhoto, Monitor, Stage, Status,
                     Training)
from .scoring import standings

PAGE = 50


def _may_act(user):
    return scope.prefixes(user, SAFETY) != []


@login_required
def home(request):
    user = request.user
    if not _may_act(user):
        if scope.prefixes(user, VIEW) != []:
            return redirect("safety:figures")
        return redirect("safety:my")
    unions = union_options(user, SAFETY)
    union = current_union(request, SAFETY, post=False)
    today = timezone.localdate()
    hazards = Hazard.objects.visible_to(user, SAFETY).filter(union=union)
    counts = dict(hazards.order_by().values_list("status").annotate(n=Count("id")))
    overdue = queries.overdue(hazards, today).select_related("union", "assignee").order_by("deadline", "id")[:PAGE]
    trainings = (Training.objects.visible_to(user, SAFETY).filter(union=union).select_related("event")
                 .annotate(attended=Count("event__attendances"))[:20])
    linked = Training.objects.filter(union=union).values("event_id")
    events = (Event.objects.filter(union=union).exclude(pk__in=linked).order_by("-starts_at")[:50])
    return render(request, "safety/home.html", {
        "union": union, "unions": unions, "today": today, "counts": counts, "overdue": list(overdue),
        "statuses": Status, "coverage": queries.coverage(union, today), "trainings": list(trainings),
        "training_form": TrainingForm(events=events),
        "competition": Competition.objects.visible_to(user, SAFETY).filter(organiser=union).first(),
        "warn_days": WARN_DAYS})


# ---- reports ----

@login_required
def my(request):
    """A member's own reports (anonymous ones included: only they see them as theirs) and the hazards assigned
    to them to rectify."""
    rows = (Hazard.objects.filter(reporter_user=request.user).select_related("union").order_by("-id")[:PAGE])
    assigned = queries.assigned_to(request.user).select_related("union").order_by("-id")[:PAGE]
    return render(request, "safety/my.html", {"rows": list(rows), "assigned": list(assigned),
                                              "member": member_for(request.user), "may_act": _may_act(request.user),
                                              "today": timezone.localdate()})


@login_required
def report(request):
    user = request.user
    member = member_for(user)
    union = None
    if _may_act(user) and (member is None or request.GET.get("org") or request.POST.get("org")):
        union = current_union(request, SAFETY)
    elif member is None:
        raise PermissionDenied(_("只有会员或安全生产监督工作人员可以报告隐患"))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazard = actions.report(user, union=union, description=data["description"], location=data["location"],
                                    latitude=data["latitude"], longitude=data["longitude"], level=data["level"],
                                    anonymous=data["anonymous"], photos=request.FILES.getlist("photos"))
        except ActionError as exc:
            show_action_error(form, exc)
            form.photo_errors = exc.message_dict.get("photos", [])
        else:
            messages.success(request, _("已报告隐患 %(number)s，感谢您的监督") % {"number": hazard.number})
            return redirect("safety:hazard", pk=hazard.pk)
    response = render(request, "safety/report.html", {
        "form": form, "union": union or (member.union if member else None),
        "photo_errors": getattr(form, "photo_errors", [])},
        status=400 if form.errors or getattr(form, "photo_errors", None) else 200)
    # This page alone may ask the phone for its position (report.js); the site's policy keeps it off elsewhere.
    response["Permissions-Policy"] = settings.GONGHUI_PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")
    return response


def _filters(request):
    return {k: request.GET.get(k) for k in ("org", "status", "overdue") if request.GET.get(k)}


@login_required
def hazards(request):
    user = request.user
    today = timezone.localdate()
    qs = Hazard.objects.visible_to(user, VIEW).select_related("union")
    if request.GET.get("org"):
        qs = qs.filter(queries.in_subtree(scoped_org(request)))
    status = request.GET.get("status") or ""
    if status in Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue"):
        qs = queries.overdue(qs, today)
    rows, token = keyset_page(qs, sort="-id", after=request.GET.get("after"), size=PAGE)
    more = f"?{urlencode({**_filters(request), 'after': token})}" if token else ""
    return render(request, "safety/hazards.html", {
        "rows": rows, "more": more, "statuses": Status.choices, "status": status, "today": today,
        "overdue_only": bool(request.GET.get("overdue")), "may_act": _may_act(user)})


def _hazard(user, pk, cap=VIEW):
    """The hazard ``pk`` if ``user`` may read it (VIEW in scope, their own report, or assigned to them) or act on
    it (``cap``); else a 404."""
    rows = queries.readable(user) if cap == VIEW else Hazard.objects.visible_to(user, cap)
    hazard = (rows.select_related("union", "workshop", "reporter", "duplicate_of", "assignee")
              .filter(pk=pk).first())
    if hazard is None:
        raise Http404(_("找不到该隐患报告"))
    return hazard


def _detail(request, hazard, **forms):
    user = request.user
    act = scope.can(user, SAFETY, hazard.union)
    today = timezone.localdate()
    photos = list(hazard.photos.all())
    member = member_for(user) if hazard.assignee_id else None
    assigned = member is not None and member.pk == hazard.assignee_id
    context = {"hazard": hazard, "act": act, "today": today, "overdue": hazard.is_overdue(today),
               "report_photos": [p for p in photos if p.stage == Stage.REPORT],
               "after_photos": [p for p in photos if p.stage == Stage.RECTIFIED],
               "show_reporter": act and not hazard.anonymous, "own": hazard.reporter_user_id == user.pk,
               "assigned": assigned}
    if assigned and not act:
        context["rectify_form"] = forms.get("rectify") or (RectifyForm() if hazard.status == Status.RECTIFYING
                                                           else None)
    if act:
        s = hazard.status
        context.update({
            "triage_form": forms.get("triage") or (TriageForm() if s == Status.REPORTED else None),
            "assign_form": forms.get("assign") or (_assign_form(hazard) if s in (Status.ACCEPTED, Status.RECTIFYING)
                                                   else None),
            "rectify_form": forms.get("rectify") or (RectifyForm() if s == Status.RECTIFYING else None),
            "verify_form": forms.get("verify") or (VerifyForm(initial={"deadline": None})
                                                   if s == Status.RECTIFIED else None),
            "close_form": forms.get("close") or (CloseForm() if s == Status.VERIFIED else None),
        })
    return render(request, "safety/hazard.html", context, status=400 if forms else 200)


@login_required
def hazard_detail(request, pk):
    return _detail(request, _hazard(request.user, pk))


def _assign_form(hazard, data=None):
    initial = {"deadline": None, "responsible": hazard.responsible}
    if hazard.assignee_id:
        initial["assignee"] = member_pickers.value(hazard.assignee)
    return AssignForm(data, initial=initial, within=hazard.union.code)


def _step(request, pk, form_class, key, call, done, cap=SAFETY):
    hazard = _hazard(request.user, pk, cap)
    return form_post(request, form_class(request.POST), lambda data: call(hazard, data), success=done,
                     done=lambda _result: redirect("safety:hazard", pk=hazard.pk),
                     page=lambda form: _detail(request, hazard, **{key: form}))


@login_required
@require_POST
def hazard_triage(request, pk):
    return _step(request, pk, TriageForm, "triage",
                 lambda h, d: actions.triage(request.user, h, **d), _("已分拣"))


@login_required
@require_POST
def hazard_assign(request, pk):
    """Assign to a member of the hazard's union, picked with the member picker (typed text resolved here)."""
    user = request.user
    hazard = _hazard(user, pk, SAFETY)

    def act(data):
        assignee = data.pop("assignee")
        if not assignee:
            raise ActionError(_("整改责任人：请选择本工会的一名会员"), field="assignee")
        member = member_pickers.resolve(user, assignee, pk=getattr(assignee, "pk", None), field="assignee",
                                        cap=SAFETY, union=hazard.union, exclude_terminated=True)
        return actions.assign(user, hazard, assignee=member, **data)

    return form_post(request, _assign_form(hazard, request.POST), act, success=_("已交办整改"),
                     done=lambda _result: redirect("safety:hazard", pk=hazard.pk),
                     page=lambda form: _detail(request, hazard, assign=form))


@login_required
@require_POST
def hazard_rectify(request, pk):
    """Recorded by the safety officer, or by the member the hazard is assigned to (the action checks which)."""
    return _step(request, pk, RectifyForm, "rectify",
                 lambda h, d: actions.rectify(request.user, h, **d, photos=request.FILES.getlist("photos")),
                 _("已登记整改完成"), cap=VIEW)


@login_required
@require_POST
def hazard_verify(request, pk):
    return _step(request, pk, VerifyForm, "verify",
                 lambda h, d: actions.verify(request.user, h, **d), _("已登记验收"))


@login_required
@require_POST
def hazard_close(request, pk):
    return _step(request, pk, CloseForm, "close",
                 lambda h, d: actions.close(request.user, h, **d), _("已销号"))


@login_required
@require_POST
def hazard_delete(request, pk):
    hazard = _hazard(request.user, pk, SAFETY)
    actions.delete_hazard(request.user, hazard)
    messages.success(request, _("已删除该隐患报告（可在审计记录中恢复）"))
    return redirect("safety:hazards")


@login_required
def photo(request, pk):
    """A hazard photo, to whoever may read the hazard; never through a public media URL."""
    row = HazardPhoto.objects.filter(hazard__in=queries.readable(request.user).values("pk"), pk=pk).first()
    if row is None:
        raise Http404(_("找不到该照片"))
    try:
        handle = open(jobs.media_path(row.path), "rb")
    except OSError:
        raise Http404(_("找不到该照片")) from None
    response = FileResponse(handle, content_type=uploads.CONTENT_TYPES.get(row.kind, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ---- monitors ----

def _workshops(union):
    return list(Organisation.objects.filter(path__gte=union.path, path__lt=union.path + "~",
                                            kind__in=[Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP]).order_by("path"))


@login_required
def monitors(request):
    user = request.user
    unions = union_options(user, SAFETY)
    union = current_union(request, SAFETY, post=False)
    today = timezone.localdate()
    workshops = _workshops(union)
    form = MonitorForm(request.POST or None, workshops=workshops)

    def act(data):
        workshop = next(o for o in workshops if o.code == data["workshop"])
        member = (Member.objects.visible_to(user, SAFETY).filter(union=union, member_no=data["member_no"].strip())
                  .first())
        if member is None:
            raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": data["member_no"]}, field="member_no")
        return actions.appoint_monitor(user, workshop, member=member, appointed_on=data["appointed_on"],
                                       term_ends=data["term_ends"])

    def page(form):
        rows = (Monitor.objects.visible_to(user, SAFETY).filter(union=union).select_related("member", "workshop")
                .order_by("workshop__path", "-appointed_on"))
        return render(request, "safety/monitors.html", {
            "union": union, "unions": unions, "today": today, "form": form, "end_form": EndMonitorForm(),
            "rows": list(rows), "branches": list(queries.branches_with_monitor(union, today).order_by("path")),
            "coverage": queries.coverage(union, today)}, status=400 if form.errors else 200)

    return form_post(request, form, act, success=_("已聘任监督员"), page=page,
                     done=lambda m: redirect(f"{request.path}?org={union.code}"))


@login_required
@require_POST
def monitor_end(request, pk):
    monitor = Monitor.objects.visible_to(request.user, SAFETY).select_related("union").filter(pk=pk).first()
    if monitor is None:
        raise Http404(_("找不到该监督员"))
    form = EndMonitorForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("解聘日期不能为空"), field="ended_on")
        actions.end_monitor(request.user, monitor, **form.cleaned_data)
    except ActionError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已解聘"))
    return redirect(f"{_url('safety:monitors')}?org={monitor.union.code}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# ---- 安康杯 ----

@login_required
def competitions(request):
    user = request.user
    rows = Competition.objects.visible_to(user, VIEW).select_related("organiser").order_by("-year", "organiser__path")
    org = None
    form = None
    if _may_act(user):
        org = scoped_org(request, SAFETY)
        if org.kind in (Kind.BRANCH, Kind.GROUP):
            raise Http404(_("安康杯竞赛由基层工会或总工会组织"))
        units = list(actions.entrant_units(org).order_by("path")[:300])
        form = CompetitionForm(request.POST or None, units=units,
                               initial={"year": timezone.localdate().year, "entrants": [o.code for o in units]})

        def act(data):
            chosen = [o for o in units if o.code in set(data["entrants"])]
            return actions.create_competition(user, org, year=data["year"], title=data["title"],
                                              indicators=indicator_rows(data["indicators"]), entrants=chosen)

        return form_post(request, form, act, success=_("已设立安康杯竞赛"),
                         done=lambda c: redirect("safety:competition", pk=c.pk),
                         page=lambda form: render(request, "safety/competitions.html", {
                             "rows": list(rows[:100]), "form": form, "org": org,
                             "picker": scope_picker(user, SAFETY, org)}, status=400 if form.errors else 200))
    if request.method == "POST":
        raise PermissionDenied(_("您没有这项权限"))
    return render(request, "safety/competitions.html", {"rows": list(rows[:100]), "form": None, "org": None})


def _competition(user, pk, cap=VIEW):
    competition = Competition.objects.visible_to(user, cap).select_related("organiser").filter(pk=pk).first()
    if competition is None:
        raise Http404(_("找不到该竞赛"))
    return competition


@login_required
def competition_detail(request, pk, errors=None):
    user = request.user
    competition = _competition(user, pk)
    act = scope.can(user, SAFETY, competition.organiser)
    indicators = list(competition.indicators.all())
    table = standings(competition)
    published = competition.status == CompetitionStatus.PUBLISHED
    if not published and not act:
        table = []  # scores in progress are the organiser's
    sheet = [(row, [(i, row.scores.get(i.pk)) for i in indicators]) for row in table]
    return render(request, "safety/competition.html", {
        "competition": competition, "indicators": indicators, "sheet": sheet, "act": act and not published,
        "published": published, "errors": errors or [], "publish_form": PublishForm()},
        status=400 if errors else 200)


@login_required
@require_POST
def competition_scores(request, pk):
    user = request.user
    competition = _competition(user, pk, SAFETY)
    rows = []
    for key, value in request.POST.items():
        if key.startswith("s-"):
            parts = key.split("-")
            if len(parts) == 3:
                rows.append({"entrant": parts[1], "indicator": parts[2], "value": value})
    try:
        n = actions.save_scores(user, competition, rows)
    except ActionError as exc:
        return competition_detail(request, pk, errors=exc.messages)
    messages.success(request, _("已保存%(n)s项得分") % {"n": n})
    return redirect("safety:competition", pk=competition.pk)


@login_required
@require_POST
def competition_publish(request, pk):
    user = request.user
    competition = _competition(user, pk, SAFETY)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        actions.publish(user, competition, published_on=form.cleaned_data.get("published_on"))
    except ActionError as exc:
        return competition_detail(request, pk, errors=exc.messages)
    messages.success(request, _("已公布竞赛结果"))
    return redirect("safety:competition", pk=competition.pk)


# ---- trainings ----

@login_required
@require_POST
def training_new(request):
    user = request.user
    union = current_union(request, SAFETY)
    form = TrainingForm(request.POST, events=Event.objects.filter(union=union).order_by("-starts_at")[:200])
    try:
        if not form.is_valid():
            raise ActionError(_("请选择活动"), field="event")
        event = Event.objects.visible_to(user, SAFETY).filter(union=union, pk=form.cleaned_data["event"]).first()
        if event is None:
            raise ActionError(_("请选择活动"), field="event")
        actions.link_training(user, event, topic=form.cleaned_data["topic"] or event.title)
    except ActionError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已登记为安全培训"))
    return redirect(f"{_url('safety:home')}?org={union.code}")


# ---- figures ----

@login_required
def figures(request):
    f = figures_of(request, scoped_org(request, VIEW))
    stats = queries.statistics(f.org, f.start, f.end, f.today)
    metric = metrics.get("safety.hazards_rectified")
    return render(request, "safety/figures.html", f.context(
        scope_picker(request.user, VIEW, f.org), stats,
        metric=metric, rectified=metric.read(f.org, f.start, f.end), coverage=queries.coverage(f.org, f.today),
        by_month=charts.bars(_("隐患报告（按月）"), [(m, n) for m, n, _c in stats.by_month]),
        by_status=charts.donut(_("隐患报告（按状态）"), labelled(stats.by_status, nonzero=True))))
