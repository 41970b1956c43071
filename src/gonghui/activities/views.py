"""Activity pages: the officers' list, set-up form, event page, the day's check-in page, teams, brief,
calendar and participation; and the members' own pages (events of their union, sign-up, QR code).

Views parse input and call ``activities.actions`` (reads: ``activities.queries``). Officers get events through
``Event.objects.visible_to(user, RUN_EVENTS)``; members through ``Event.objects.for_member`` (published
events of their own union). Anything else is a 404.
"""
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, RECORD_EXPENSES, RUN_EVENTS, VIEW, VIEW_FINANCE
from gonghui.core import metrics, parsing, pickers, scope
from gonghui.core.errors import ActionError
from gonghui.core.pickers import PickerInput
from gonghui.core.i18n import clauses
from gonghui.core.views import show_action_error
from gonghui.members.forms import indent
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, brief, codes, eligibility, queries
from .metrics import PARTICIPATION
from .forms import COST_ITEMS, CostForm, EventForm, NoticeForm, PhotoForm, SummaryForm, initial_from
from .models import (ACTIVE_STATUSES, Attendance, Event, EventCost, EventStatus, Kind, Message, Photo, Registration,
                     RegStatus, Team)

PAGE_SIZE = 30


# ---- lookups ----

def _officer_events(user):
    return Event.objects.visible_to(user, RUN_EVENTS)


def _event(user, event_id):
    event = _officer_events(user).filter(pk=event_id).select_related("union", "organiser").first()
    if event is None:
        raise Http404(_("找不到该活动"))
    return event


def _member(user):
    return member_for(user)


def _member_event(user, event_id):
    member = _member(user)
    event = Event.objects.for_member(member).filter(pk=event_id).select_related("union", "organiser").first()
    if event is None:
        raise Http404(_("找不到该活动"))
    return member, event


def _require_officer_somewhere(user):
    if scope.prefixes(user, RUN_EVENTS) == []:
        raise PermissionDenied(_("您没有组织活动的权限"))


def _organisers(user):
    """Unions, branches and groups where the user may set up events, indented as a tree."""
    orgs = Organisation.objects.visible_to(user, RUN_EVENTS).filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.BRANCH, OrgKind.GROUP]).order_by("path")
    return indent(list(orgs[:500]))


def _departments(union):
    return indent(list(Organisation.objects.filter(path__startswith=union.path).exclude(pk=union.pk)
                       .order_by("path")[:500])) if union else []


def _find_org(options, code):
    for o in options:
        if o.code == code:
            return o
    return None


def _back(request, event, anchor=""):
    return redirect(event.get_absolute_url() + anchor)


def _error_text(exc):
    return exc.as_text(actions.LABELS)


def _require_officer(user, event):
    if not scope.can(user, RUN_EVENTS, event.organiser):
        raise PermissionDenied(_("无权管理该活动"))


# ---- officers: list and set-up ----

@login_required
def home(request):
    user = request.user
    if scope.prefixes(user, RUN_EVENTS) == []:
        if _member(user):
            return redirect("activities:mine")
        raise PermissionDenied(_("您没有组织活动的权限"))
    qs = _officer_events(user).select_related("union", "organiser")
    status = request.GET.get("status") or ""
    if status in EventStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind") or ""
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(title__contains=q)
    # Keyset pages, newest first: ?before=<starts_at iso>|<id>
    before = request.GET.get("before") or ""
    if "|" in before:
        stamp, _sep, pk = before.partition("|")
        try:
            at = datetime.datetime.fromisoformat(stamp)
            qs = qs.filter(Q(starts_at__lt=at) | Q(starts_at=at, pk__lt=int(pk)))
        except ValueError:
            pass
    rows = list(qs.order_by("-starts_at", "-id").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegStatus.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=RegStatus.WAITING)))[:PAGE_SIZE + 1])
    params = {k: v for k, v in {"status": status, "kind": kind, "q": q}.items() if v}
    next_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        last = rows[-1]
        next_url = "?" + urlencode({**params, "before": f"{last.starts_at.isoformat()}|{last.pk}"})
    return render(request, "activities/list.html", {
        "rows": rows, "next_url": next_url, "first_url": ("?" + urlencode(params)) if before else "",
        "status": status, "kind": kind, "q": q, "statuses": EventStatus.choices, "kinds": Kind.choices,
    })


@login_required
def event_new(request):
    user = request.user
    _require_officer_somewhere(user)
    organisers = _organisers(user)
    union = actions.union_of(organisers[0]) if organisers else None
    picked = _find_org(organisers, request.POST.get("organiser") or request.GET.get("organiser") or "")
    if picked:
        union = actions.union_of(picked)
    form = EventForm(request.POST or None, organisers=organisers, departments=_departments(union),
                     initial={"rule_age_min_inclusive": True, "rule_age_max_inclusive": True, "kind": Kind.SPORT_CULTURE})
    if request.method == "POST" and form.is_valid():
        rules = form.rules(union, user)
        if rules is not None:
            try:
                event = actions.create_event(user, organiser=picked, data=form.data_dict(), rules=rules)
            except ActionError as exc:
                _rules_error(form, exc)
            else:
                messages.success(request, _("活动已创建（草稿）。检查无误后点“发布报名”。"))
                return redirect(event)
    return render(request, "activities/form.html", {"form": form, "event": None})


def _rules_error(form, exc):
    errors = dict(exc.message_dict)
    rules = errors.pop("rules", [])
    show_action_error(form, ActionError(errors=errors) if errors else ActionError(errors={}))
    for m in rules:
        form.add_error(None, m)


@login_required
def event_edit(request, event_id):
    user = request.user
    event = _event(user, event_id)
    _require_officer(user, event)
    organisers = [o for o in _organisers(user) if o.path.startswith(event.union.path)]
    form = EventForm(request.POST or None, organisers=organisers, departments=_departments(event.union),
                     initial=initial_from(event))
    if request.method == "POST" and form.is_valid():
        rules = form.rules(event.union, user)
        if rules is not None:
            try:
                actions.update_event(user, event, data=form.data_dict(), rules=rules,
                                     organiser=_find_org(organisers, form.cleaned_data["organiser"]))
            except ActionError as exc:
                _rules_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(event)
    return render(request, "activities/form.html", {"form": form, "event": event})


# ---- officers: the event page ----

@login_required
def event_detail(request, event_id):
    user = request.user
    event = _event(user, event_id)
    return render(request, "activities/detail.html", _detail_context(user, event))


def _detail_context(user, event, cost_form=None):
    regs = list(event.registrations.exclude(status=RegStatus.CANCELLED).select_related("member__org", "team")
                .order_by("status", "position"))
    attended = set(Attendance.objects.filter(event=event).values_list("member_id", flat=True))
    stats = queries.event_participation(event)
    may_run = scope.can(user, RUN_EVENTS, event.organiser)
    return {
        "event": event, "rules": eligibility.describe(event), "regs": regs, "attended": attended,
        "confirmed": [r for r in regs if r.status == RegStatus.CONFIRMED],
        "waiting": [r for r in regs if r.status == RegStatus.WAITING],
        "stats": stats, "notices": event.notices.all()[:10], "notice_form": NoticeForm(),
        "teams": Team.objects.filter(event=event).select_related("org"),
        "cancelled": event.registrations.filter(status=RegStatus.CANCELLED).count(),
        "may_run": may_run, **_costs_context(user, event, may_run, cost_form),
    }


def _costs_context(user, event, may_run, cost_form=None):
    """The event's costs against its budget (two queries however many costs there are)."""
    from gonghui.spending.models import Expense

    costs = list(EventCost.objects.filter(event=event).select_related("expense__voucher", "recorded_by")
                 .order_by("id"))
    live = [c for c in costs if c.expense.deleted_at is None and c.expense.status != Expense.Status.REJECTED]
    figures = queries.Budget(event.budget, sum((c.total for c in live), queries.ZERO), queries.prize_total(event))
    may_cost = may_run and any(scope.can(user, cap, event.union) for cap in RECORD_EXPENSES)
    return {
        "costs": costs, "budget": figures, "Pending": Expense.Status.PENDING,
        "may_cost": may_cost, "may_approve": scope.can(user, APPROVE_SPENDING, event.union),
        "may_see_finance": scope.can(user, VIEW_FINANCE, event.union),
        "cost_form": cost_form or (CostForm(initial={"date": event.event_date}) if may_cost else None),
        "cost_items": COST_ITEMS,
    }


@login_required
@require_POST
def cost_new(request, event_id):
    """Record a cost of the event; errors go back onto the form on the event page."""
    user = request.user
    event = _event(user, event_id)
    _require_officer(user, event)
    form = CostForm(request.POST)
    if form.is_valid():
        try:
            cost = actions.record_event_cost(user, event, **form.cleaned_data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            if cost.expense.status == cost.expense.Status.PENDING:
                messages.warning(request, _("%(item)s超出开支标准，已提交工会主席审批") % {"item": cost.item})
            else:
                messages.success(request, _("已登记%(item)s %(total)s元，已生成记账凭证草稿")
                                 % {"item": cost.item, "total": cost.total})
            return _back(request, event, "#costs")
    return render(request, "activities/detail.html", _detail_context(user, event, cost_form=form), status=400)


@login_required
@require_POST
def cost_cancel(request, event_id, cost_id):
    user = request.user
    event = _event(user, event_id)
    cost = EventCost.objects.filter(event=event, pk=cost_id).first()
    if cost is None:
        raise Http404(_("找不到该开支"))
    try:
        actions.cancel_event_cost(user, cost, reason=request.POST.get("reason"))
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已撤销%(item)s") % {"item": cost.item})
    return _back(request, event, "#costs")


STATUS_ACTIONS = {
    "publish": (actions.publish_event, gettext_lazy("已发布，会员可以报名")),
    "close": (actions.close_signup, gettext_lazy("已截止报名")),
    "finish": (actions.finish_event, gettext_lazy("活动已结束")),
    "delete": (actions.delete_event, gettext_lazy("活动已删除")),
}


@login_required
@require_POST
def event_status(request, event_id):
    user = request.user
    event = _event(user, event_id)
    verb = request.POST.get("verb") or ""
    try:
        if verb == "cancel":
            actions.cancel_event(user, event, reason=request.POST.get("reason"))
            messages.success(request, _("活动已取消，已通知报名者"))
        elif verb in STATUS_ACTIONS:
            fn, text = STATUS_ACTIONS[verb]
            fn(user, event)
            messages.success(request, text)
            if verb == "delete":
                return redirect("activities:home")
        else:
            raise Http404(_("未知操作"))
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    return _back(request, event)


@login_required
@require_POST
def signup_for(request, event_id):
    """An officer signs a member up, picked with the member picker (name, pinyin or member number; namesakes
    are listed with their group and masked ID to choose from)."""
    user = request.user
    event = _event(user, event_id)
    text = PickerInput("member").value_from_datadict(request.POST, {}, "member")
    try:
        member = pickers.resolve("member", user, text, field="member", union=event.union)
        reg = actions.sign_up(user, event, member)
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(name)s：%(status)s") % {"name": member.name, "status": reg.get_status_display()})
    return _back(request, event, "#roster")


@login_required
@require_POST
def registration_cancel(request, event_id, registration_id):
    user = request.user
    event = _event(user, event_id)
    reg = Registration.objects.filter(event=event, pk=registration_id).first()
    if reg is None:
        raise Http404(_("找不到该报名"))
    try:
        actions.cancel_registration(user, reg, reason=request.POST.get("reason"))
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已取消%(name)s的报名") % {"name": reg.member.name})
    return _back(request, event, "#roster")


@login_required
@require_POST
def notify(request, event_id):
    user = request.user
    event = _event(user, event_id)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice = actions.notify_participants(user, event, **form.cleaned_data)
        except ActionError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已通知%(n)s人") % {"n": notice.recipients})
    else:
        messages.error(request, _("通知的标题和内容不能为空"))
    return _back(request, event, "#notices")


# ---- the day: check-in ----

@login_required
def checkin(request, event_id):
    user = request.user
    event = _event(user, event_id)
    _require_officer(user, event)
    last = None
    if request.method == "POST" and request.POST.get("undo"):
        return _undo_check_in(request, event)
    if request.method == "POST" and request.POST.get("intent") == "late":
        return _record_late(request, event)
    if request.method == "POST":
        try:
            if request.POST.get("code"):
                last = actions.check_in(user, event, code=request.POST["code"],
                                        member=request.POST.get("member") or None)
            elif request.POST.get("member"):
                try:
                    member_id = int(request.POST["member"])
                except ValueError:
                    raise ActionError(_("请选择会员"), field="member") from None
                last = actions.check_in(user, event, member=member_id)
            else:
                raise ActionError(_("请扫码或输入签到码"), field="code")
        except ActionError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("%(name)s 签到成功") % {"name": last.member.name})
        if request.headers.get("Accept", "").startswith("application/json"):
            from django.http import JsonResponse

            return JsonResponse({"ok": last is not None, "name": last.member.name if last else "",
                                 "messages": [str(m) for m in messages.get_messages(request)]},
                                status=200 if last else 400)
        return redirect("activities:checkin", event_id=event.pk)
    confirmed = list(event.registrations.filter(status=RegStatus.CONFIRMED).select_related("member__org", "team")
                     .order_by("member__name"))
    done = {a.member_id: a for a in Attendance.objects.filter(event=event).only(
        "pk", "member_id", "checked_in_at", "method", "late_reason")}
    for r in confirmed:
        r.attendance = done.get(r.member_id)
    window_open, window_why = event.checkin_state()
    return render(request, "activities/checkin.html", {
        "event": event, "confirmed": confirmed, "done": done, "count": len(done),
        "window_open": window_open, "window_why": window_why,
        "window_started": timezone.now() >= event.checkin_opens,
        "absent": [r for r in confirmed if r.attendance is None],
    })


def _record_late(request, event):
    """An officer records a confirmed member who came after check-in closed (迟到补录), with the reason."""
    try:
        att = actions.record_late_attendance(request.user, event, member=request.POST.get("member") or None,
                                             reason=request.POST.get("reason"))
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已补录%(name)s的迟到签到") % {"name": att.member.name})
    return redirect("activities:checkin", event_id=event.pk)


def _undo_check_in(request, event):
    """Take back a check-in ticked or scanned by mistake (误扫), with the reason."""
    att = Attendance.objects.filter(event=event, pk=_int_or_none(request.POST.get("undo"))).select_related(
        "member").first()
    if att is None:
        raise Http404(_("找不到该签到记录"))
    try:
        actions.undo_check_in(request.user, att, reason=request.POST.get("reason"))
    except ActionError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已撤销%(name)s的签到") % {"name": att.member.name})
    return redirect("activities:checkin", event_id=event.pk)


# ---- teams ----

@login_required
def teams(request, event_id):
    user = request.user
    event = _event(user, event_id)
    _require_officer(user, event)
    if request.method == "POST":
        intent = request.POST.get("intent")
        try:
            if intent == "create":
                org = Organisation.objects.filter(path__startswith=event.union.path,
                                                  code=request.POST.get("org") or "").first()
                actions.create_team(user, event, name=request.POST.get("name"), org=org)
                messages.success(request, _("已建队"))
            elif intent == "by_department":
                made = actions.teams_by_department(user, event)
                messages.success(request, _("按部门建队%(n)s支") % {"n": len(made)})
            elif intent == "assign":
                team = None
                if request.POST.get("team"):
                    team = Team.objects.filter(event=event, pk=_int_or_none(request.POST.get("team"))).first()
                    if team is None:
                        raise ActionError(_("请选择参赛队"), field="team")
                ids = [_int_or_none(v) for v in request.POST.getlist("registrations")]
                if not ids or None in ids:
                    raise ActionError(_("请勾选要编入的人"), field="registrations")
                actions.assign_team(user, event, registrations=ids, team=team)
                messages.success(request, _("已编队"))
            elif intent == "delete":
                team = Team.objects.filter(event=event, pk=_int_or_none(request.POST.get("team"))).first()
                if team is None:
                    raise Http404(_("找不到该参赛队"))
                actions.delete_team(user, team)
                messages.success(request, _("已删除参赛队"))
            elif intent == "confirm":
                actions.confirm_teams(user, event)
                messages.success(request, _("各队均符合组队要求，已确认"))
        except ActionError as exc:
            messages.error(request, _error_text(exc))
        return redirect("activities:teams", event_id=event.pk)
    team_list = list(Team.objects.filter(event=event).select_related("org").order_by("name"))
    regs = list(event.registrations.filter(status=RegStatus.CONFIRMED).select_related("member__org", "team")
                .order_by("team__name", "member__org__path", "member__name"))
    by_team = {t.pk: [] for t in team_list}
    free = []
    for r in regs:
        (by_team[r.team_id] if r.team_id in by_team else free).append(r)
    problems = queries.team_problems(event)
    return render(request, "activities/teams.html", {
        "event": event, "teams": [(t, by_team[t.pk], problems.get(t.name, [])) for t in team_list], "free": free,
        "departments": _departments(event.union),
    })


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---- the brief ----

@login_required
def brief_page(request, event_id):
    user = request.user
    event = _event(user, event_id)
    _require_officer(user, event)
    summary_form = SummaryForm(initial={"summary": event.summary or _default_summary(event)})
    photo_form = PhotoForm()
    if request.method == "POST":
        if request.POST.get("intent") == "photo":
            photo_form = PhotoForm(request.POST, request.FILES)
            if photo_form.is_valid():
                try:
                    actions.add_photo(user, event, image=photo_form.cleaned_data["image"],
                                      caption=photo_form.cleaned_data["caption"])
                except ActionError as exc:
                    show_action_error(photo_form, exc)
                else:
                    messages.success(request, _("照片已上传"))
                    return redirect("activities:brief", event_id=event.pk)
        else:
            summary_form = SummaryForm(request.POST)
            if summary_form.is_valid():
                actions.save_summary(user, event, summary=summary_form.cleaned_data["summary"])
                messages.success(request, _("简报已保存"))
                return redirect("activities:brief", event_id=event.pk)
    return render(request, "activities/brief.html", {
        "event": event, "summary_form": summary_form, "photo_form": photo_form, "photos": event.photos.all(),
        "stats": queries.event_participation(event),
    })


def _default_summary(event):
    stats = queries.event_participation(event)
    start = timezone.localtime(event.starts_at)
    return _("%(date)s，%(org)s在%(place)s组织开展“%(title)s”活动，共有%(n)s名会员参加。") % {
        "date": dateformat.format(start, _("Y年m月d日")), "org": event.organiser.name, "place": event.place,
        "title": event.title, "n": stats["attended"] or stats["confirmed"]}


@login_required
@require_POST
def photo_delete(request, event_id, photo_id):
    user = request.user
    event = _event(user, event_id)
    photo = Photo.objects.filter(event=event, pk=photo_id).first()
    if photo is None:
        raise Http404(_("找不到该照片"))
    actions.delete_photo(user, photo)
    messages.success(request, _("照片已删除"))
    return redirect("activities:brief", event_id=event.pk)


@login_required
def photo_file(request, event_id, photo_id):
    """A photo, to officers of the event's union and to members of that union (published events)."""
    user = request.user
    event = _officer_events(user).filter(pk=event_id).first()
    if event is None:
        event = Event.objects.for_member(_member(user)).filter(pk=event_id).first()
    photo = Photo.objects.filter(event=event, pk=photo_id).first() if event else None
    if photo is None:
        raise Http404(_("找不到该照片"))
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("找不到该照片")) from None
    from django.http import FileResponse

    return FileResponse(handle, filename=photo.image.name.rsplit("/", 1)[-1])


@login_required
def brief_docx(request, event_id):
    event = _event(request.user, event_id)
    data = brief.brief_docx(event)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f"attachment; filename=activity-brief-{event.pk}.docx"
    return response


# ---- calendar ----

def _calendar_events(user):
    """Officers: events in their RUN_EVENTS scope; members: published events of their union."""
    if scope.prefixes(user, RUN_EVENTS) != []:
        return _officer_events(user), True
    member = _member(user)
    if member is None:
        raise PermissionDenied(_("您没有查看活动的权限"))
    return Event.objects.for_member(member), False


def _month(value):
    today = timezone.localdate()
    try:
        y, m = (int(x) for x in (value or "").split("-")[:2])
        return datetime.date(y, m, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


WEEKDAYS = [pgettext_lazy("星期", "周一"), pgettext_lazy("星期", "周二"), pgettext_lazy("星期", "周三"),
            pgettext_lazy("星期", "周四"), pgettext_lazy("星期", "周五"), pgettext_lazy("星期", "周六"),
            pgettext_lazy("星期", "周日")]


@login_required
def calendar(request):
    qs, officer = _calendar_events(request.user)
    first = _month(request.GET.get("month"))
    nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    lo, hi = queries._day_bounds(first, nxt - datetime.timedelta(days=1))
    events = list(qs.filter(starts_at__gte=lo, starts_at__lt=hi).exclude(status=EventStatus.CANCELLED)
                  .order_by("starts_at").select_related("union"))
    by_day = {}
    for e in events:
        by_day.setdefault(e.event_date, []).append(e)
    weeks = [[(d, inside, by_day.get(d, [])) for d, inside in week] for week in queries.month_grid(first.year, first.month)]
    prev = (first - datetime.timedelta(days=1)).replace(day=1)
    return render(request, "activities/calendar.html", {
        "first": first, "weeks": weeks, "weekdays": WEEKDAYS, "events": events, "officer": officer, "today": timezone.localdate(),
        "prev": prev.strftime("%Y-%m"), "next": nxt.strftime("%Y-%m"), "year": first.year,
    })


@login_required
def calendar_ics(request):
    qs, _officer = _calendar_events(request.user)
    year = parsing.year_or(request.GET.get("year"), timezone.localdate().year)
    lo, hi = queries._day_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    events = qs.filter(starts_at__gte=lo, starts_at__lt=hi).order_by("starts_at")
    body = brief.ics(events, name=_("%(year)s年工会活动") % {"year": year}, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename=activities-{year}.ics"
    return response


# ---- participation ----

@login_required
def participation(request):
    user = request.user
    orgs = list(Organisation.objects.visible_to(user, VIEW).filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.TOWN, OrgKind.COUNTY, OrgKind.CITY, OrgKind.PROVINCE,
                  OrgKind.NATIONAL]).order_by("path")[:300])
    if not orgs:
        raise PermissionDenied(_("您没有查看统计的权限"))
    code = request.GET.get("org") or ""
    org = next((o for o in orgs if o.code == code), None) or next(
        (o for o in orgs if o.kind == OrgKind.GRASSROOTS), orgs[0])
    today = timezone.localdate()
    from gonghui.core.parsing import parse_date

    try:  # by default the year so far: nothing after today has happened
        start = parse_date(request.GET.get("start")) or today.replace(month=1, day=1)
        end = parse_date(request.GET.get("end")) or today
    except ValueError:
        start, end = today.replace(month=1, day=1), today
    if end < start:
        start, end = end, start
    # The figure is the registered metric's (one definition): the plan targets and summaries show the same.
    metric = metrics.get(PARTICIPATION)
    reading = metric.read(org, start, end)
    p = reading.detail if reading else None
    from gonghui.core.charts import bars

    chart = bars(_("各部门参加人数"), [(r.label, r.participants) for r in p.rows]) if p and p.rows else None
    per_event = list(queries.events_held(org, start, end).order_by("-starts_at").annotate(
        attended=Count("attendances"))[:50])
    return render(request, "activities/participation.html", {
        "org": org, "orgs": indent(orgs), "start": start, "end": end, "p": p, "reading": reading, "metric": metric,
        "chart": chart, "events": per_event,
    })


# ---- members ----

@login_required
def mine(request):
    user = request.user
    member = _member(user)
    if member is None:
        if scope.prefixes(user, RUN_EVENTS) != []:
            return redirect("activities:home")
        raise PermissionDenied(_("您的账号没有关联会员信息"))
    now = timezone.now()
    regs = {r.event_id: r for r in Registration.objects.filter(member=member, status__in=ACTIVE_STATUSES)}
    upcoming = list(Event.objects.for_member(member).filter(queries.not_ended(now)).exclude(status=EventStatus.CANCELLED)
                    .select_related("organiser").order_by("starts_at")[:50])
    for e in upcoming:
        e.my = regs.get(e.pk)
    past = list(Event.objects.filter(attendances__member=member).order_by("-starts_at")[:20])
    msgs = list(Message.objects.filter(member=member).select_related("notice__event").order_by("-id")[:20])
    return render(request, "activities/mine.html", {
        "member": member, "upcoming": upcoming, "past": past, "msgs": msgs,
    })


@login_required
def my_event(request, event_id):
    user = request.user
    member, event = _member_event(user, event_id)
    if request.method == "POST":
        try:
            if request.POST.get("intent") == "cancel":
                reg = Registration.objects.filter(event=event, member=member, status__in=ACTIVE_STATUSES).first()
                if reg is None:
                    raise ActionError(_("您没有报名本活动"))
                actions.cancel_registration(user, reg, reason=request.POST.get("reason"))
                messages.success(request, _("已取消报名"))
            else:
                reg = actions.sign_up(user, event, member)
                messages.success(request, _("报名成功") if reg.status == RegStatus.CONFIRMED
                                 else _("名额已满，您在候补名单第%(n)s位") % {"n": _waiting_rank(reg)})
        except ActionError as exc:
            messages.error(request, _error_text(exc))
        return redirect("activities:my_event", event_id=event.pk)
    reg = Registration.objects.filter(event=event, member=member).order_by("-id").first()
    qr = code = None
    if reg and reg.status == RegStatus.CONFIRMED:
        import segno

        code = codes.short_code(event.pk, member.pk)
        qr = segno.make(codes.checkin_code(reg), error="m").svg_inline(scale=6, title=_("签到二维码"))
    ok, why = event.signup_state()
    reasons = eligibility.reasons_not_eligible(event, member)
    return render(request, "activities/my_event.html", {
        "event": event, "member": member, "reg": reg, "qr": qr, "code": code,
        "attended": Attendance.objects.filter(event=event, member=member).first(),
        "signup_open": ok, "signup_why": why, "reasons": reasons, "reasons_text": clauses(reasons),
        "rules": eligibility.describe(event),
        "rank": _waiting_rank(reg) if reg and reg.status == RegStatus.WAITING else None,
        "msgs": Message.objects.filter(member=member, notice__event=event).select_related("notice"),
    })


def _waiting_rank(reg):
    return Registration.objects.filter(event_id=reg.event_id, status=RegStatus.WAITING,
                                       position__lte=reg.position).count()

