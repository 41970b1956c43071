"""厂务/校务公开 pages: coverage overview, the notice list and its workflow, the disclosure calendar,
objections, the calendar's requirements and events, and the member's own pages (phone first).

Views parse input and call ``notices.actions``. Organisations come from ``?org=<code>`` inside the
user's scope; notices from ``Notice.objects.readable_by``; objections, requirements and events from
``visible_to`` — an out-of-scope id or code is a 404.
"""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import MANAGE_ORGS, PUBLISH_NOTICES, VIEW
from gonghui.core import charts, documents, metrics, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import parse_date
from gonghui.core.views import show_action_error
from gonghui.orgs.lookups import by_code_or_name
from gonghui.orgs.unions import current_union, union_options
from gonghui.members.forms import ORG_PICKER_LIMIT
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind, Organisation

from . import actions, calendar, exports
from .forms import AnswerForm, CategoryForm, EventForm, NoticeForm, ObjectionForm, RequirementForm, WithdrawForm
from .metrics import coverage_parts, unions_under
from .models import (OBJECTION_DAYS, Category, DisclosureEvent, DisclosureRequirement, Notice, Objection, Read,
                     addressed_to)

PAGE = 50
FORMULA = gettext_lazy("公开覆盖面 = 按期公开的事项数 ÷ 应公开事项数 × 100%。应公开事项：统计区间内截止日期已到的事项，"
            "以及尚未到期但已经公开的事项；按期公开：该类别的公开事项在规定的时间窗口内开始公开。")


# ---- picking the organisation and the period ----

def _anywhere(user, cap):
    return scope.prefixes(user, cap) != []


def _org(request, cap=VIEW):
    """Any organisation in scope (``?org=``; a branch or group means its union), else the top one."""
    user = request.user
    code = (request.GET.get("org") or "").strip()
    visible = Organisation.objects.visible_to(user, cap)
    if code:
        org = by_code_or_name(visible, code)
        if org is not None and org.kind in (Kind.BRANCH, Kind.GROUP):
            org = visible.filter(pk=org.union_id).first()
        if org is None:
            raise Http404(_("找不到该组织，或不在您的权限范围内"))
        return org
    roots = scope.prefixes(user, cap)
    if roots == []:
        raise PermissionDenied(_("您没有这项权限"))
    top = Organisation.objects.order_by("path")
    org = (top.filter(depth=1) if roots is None else top.filter(path__in=roots)).first()
    if org is not None and org.kind in (Kind.BRANCH, Kind.GROUP):
        org = Organisation.objects.filter(pk=org.union_id).first()
    if org is None:
        raise Http404(_("还没有任何组织"))
    return org


def _union(request, cap=PUBLISH_NOTICES):
    """The grassroots union a page works at, inside the scope for ``cap`` (``orgs.unions``)."""
    return current_union(request, cap, post=False)


def _org_options(user, cap):
    rows = list(Organisation.objects.visible_to(user, cap)
                .filter(kind__in=[Kind.GRASSROOTS, Kind.TOWN, Kind.COUNTY, Kind.CITY, Kind.PROVINCE, Kind.NATIONAL])
                .order_by("path").only("id", "code", "name", "depth")[:ORG_PICKER_LIMIT + 1])
    return None if len(rows) > ORG_PICKER_LIMIT else rows


def _period(request):
    """``?start=&end=`` (dates) or ``?year=`` (default this year)."""
    today = timezone.localdate()
    try:
        start, end = parse_date(request.GET.get("start")), parse_date(request.GET.get("end"))
    except ValueError:
        start = end = None
    if start and end and start <= end and (end - start).days <= 3660:
        return start, end, None
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), year


def _years():
    this = timezone.localdate().year
    return list(range(this + 1, this - 5, -1))


# ---- overview and coverage ----

@login_required
def overview(request):
    """Coverage of the organisation picked (a union, or every union under a federation), per category
    and per union, with the period's notices, read rate and objections."""
    user = request.user
    if not _anywhere(user, VIEW):
        return redirect("notices:mine")
    org = _org(request, VIEW)
    start, end, year = _period(request)
    unions = list(unions_under(org))
    # The headline figures are the registered metrics' (one definition: plan targets and summaries agree).
    shown = {code: metrics.get(f"notices.{code}") for code in ("coverage_rate", "published", "read_rate")}
    coverage = shown["coverage_rate"].read(org, start, end)
    items, total = coverage.detail if coverage else coverage_parts(org, start, end, unions)
    read_rate = shown["read_rate"].read(org, start, end)
    did, should = read_rate.detail if read_rate else (0, 0)
    union_ids = [u.pk for u in unions]
    objections = Objection.objects.filter(union_id__in=union_ids).aggregate(
        open=Count("id", filter=Q(answered_on__isnull=True)),
        overdue=Count("id", filter=Q(answered_on__isnull=True, due_on__lt=timezone.localdate())))
    by_category = sorted(total.by_category.items(), key=lambda kv: (kv[1].rate is None, kv[1].rate or 0))
    per_union = []
    chart = None
    if org.kind != Kind.GRASSROOTS:
        cov = calendar.coverage_by_union(items)
        names = {u.pk: u for u in Organisation.objects.filter(pk__in=union_ids).only("id", "code", "name")}
        per_union = sorted(((names[pk], c) for pk, c in cov.items()),
                           key=lambda row: (row[1].rate is None, row[1].rate or 0, row[0].code))
        chart = charts.bars(_("各基层工会公开覆盖面（%）"),
                            [(u.name, int(c.rate or 0), f"?{urlencode({'org': u.code, 'year': year or start.year})}")
                             for u, c in per_union[:40]], total=100 * max(len(per_union[:40]), 1), wide=True)
    cat_chart = charts.bars(_("分类别公开覆盖面（%）"), [(name, int(c.rate or 0)) for name, c in by_category],
                            total=100 * max(len(by_category), 1))
    return render(request, "notices/overview.html", {
        "org": org, "orgs": _org_options(user, VIEW), "year": year, "years": _years(), "start": start, "end": end,
        "total": total, "by_category": by_category, "per_union": per_union[:300], "union_count": len(per_union),
        "chart": chart, "cat_chart": cat_chart, "formula": FORMULA, "published_count": shown["published"].read(org, start, end).value,
        "read_rate": read_rate.value if read_rate else None, "m": shown, "coverage": coverage, "reads": did, "should_read": should, "objections": objections,
        "may_publish": scope.can(user, PUBLISH_NOTICES, org) if org.kind == Kind.GRASSROOTS else False,
        "is_union": org.kind == Kind.GRASSROOTS, "member": member_for(user),
    })


# ---- the notice list and export ----

def _filtered(request, union):
    qs = Notice.objects.readable_by(request.user).filter(union=union).select_related("category", "union")
    status = request.GET.get("status") or ""
    today = timezone.localdate()
    if status == "current":
        qs = qs.filter(status=Notice.Status.PUBLISHED, period_end__gte=today)
    elif status == "expired":
        qs = qs.filter(Q(status=Notice.Status.EXPIRED) | Q(status=Notice.Status.PUBLISHED, period_end__lt=today))
    elif status in (Notice.Status.DRAFT, Notice.Status.WITHDRAWN):
        qs = qs.filter(status=status)
    category = request.GET.get("category") or ""
    if category.isdigit():
        qs = qs.filter(category_id=int(category))
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(title__icontains=q)
    try:
        start, end = parse_date(request.GET.get("start")), parse_date(request.GET.get("end"))
    except ValueError:
        start = end = None
    if start and end:
        qs = qs.filter(disclosed_on__gte=start, disclosed_on__lte=end)
    return qs


STATUS_FILTERS = [("", gettext_lazy("全部")), ("current", gettext_lazy("公开中")), ("draft", gettext_lazy("草稿")),
                  ("expired", gettext_lazy("已到期")), ("withdrawn", gettext_lazy("已撤回"))]


@login_required
def notice_list(request):
    user = request.user
    union = _union(request, VIEW)
    qs = _filtered(request, union).annotate(read_count=Count("reads"))
    before, after = request.GET.get("before", ""), request.GET.get("after", "")
    if after.isdigit():
        rows = list(qs.filter(id__gt=int(after)).order_by("id")[:PAGE + 1])
        newer = len(rows) > PAGE
        rows = list(reversed(rows[:PAGE]))
        older = bool(rows) and qs.filter(id__lt=rows[-1].pk).exists()
    else:
        if before.isdigit():
            qs = qs.filter(id__lt=int(before))
        rows = list(qs.order_by("-id")[:PAGE + 1])
        older = len(rows) > PAGE
        rows = rows[:PAGE]
        newer = before.isdigit() and bool(rows)
    keep = {k: v for k, v in request.GET.items() if k not in ("before", "after")}
    return render(request, "notices/list.html", {
        "union": union, "unions": union_options(user, VIEW), "rows": rows, "statuses": STATUS_FILTERS,
        "status": request.GET.get("status", ""), "categories": Category.objects.applying_to(union),
        "category": request.GET.get("category", ""), "q": request.GET.get("q", ""),
        "older": f"?{urlencode({**keep, 'before': rows[-1].pk})}" if older and rows else "",
        "newer": f"?{urlencode({**keep, 'after': rows[0].pk})}" if newer and rows else "",
        "export": f"?{urlencode(keep)}", "may_publish": scope.can(user, PUBLISH_NOTICES, union),
        "today": timezone.localdate(),
    })


@login_required
def notice_export(request):
    """One union's notices as .xlsx, capped at 10,000 rows and read in one query: bounded, so built in the
    request rather than as a job (``core.exports``)."""
    union = _union(request, VIEW)
    rows = list(_filtered(request, union).annotate(read_count=Count("reads")).order_by("-id")[:10000])
    content = documents.to_xlsx(exports.notice_list_report(union, rows))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(union)s公开事项.xlsx") % {"union": union.name})
    return response


# ---- one notice ----

def _notice(user, pk):
    return get_object_or_404(Notice.objects.readable_by(user).select_related(
        "union", "category", "published_by", "created_by"), pk=pk)


def _notice_form(union, data=None, files=None, initial=None):
    return NoticeForm(data, files, initial=initial, categories=Category.objects.applying_to(union),
                      branches=actions.branch_choices(union))


def _notice_args(union, form):
    d = form.cleaned_data
    category = Category.objects.applying_to(union).filter(pk=d["category"]).first() if d["category"] else None
    branches = list(actions.branch_choices(union).filter(pk__in=[int(b) for b in d["branches"]]))
    return dict(category=category, title=d["title"], body=d["body"], period_start=d["period_start"],
                period_end=d["period_end"], whole_union=d["whole_union"], branches=branches,
                attachment=d.get("attachment"))


@login_required
def notice_new(request):
    user = request.user
    union = _union(request)
    today = timezone.localdate()
    if request.method == "POST":
        form = _notice_form(union, request.POST, request.FILES)
        if form.is_valid():
            try:
                notice = actions.create_notice(user, union, **_notice_args(union, form))
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存草稿，确认无误后请发布"))
                return redirect("notices:notice", pk=notice.pk)
    else:
        category = request.GET.get("category", "")
        form = _notice_form(union, initial={"period_start": today, "period_end": today + datetime.timedelta(days=14),
                                            "whole_union": True, "category": category})
    return render(request, "notices/form.html", {"union": union, "form": form, "notice": None},
                  status=400 if form.errors else 200)


@login_required
def notice_edit(request, pk):
    user = request.user
    notice = _notice(user, pk)
    if not scope.can(user, PUBLISH_NOTICES, notice.union):
        raise Http404(_("找不到该公开事项"))
    union = notice.union
    if request.method == "POST":
        form = _notice_form(union, request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.update_notice(user, notice, **_notice_args(union, form))
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("notices:notice", pk=notice.pk)
    else:
        form = _notice_form(union, initial={
            "category": str(notice.category_id), "title": notice.title, "body": notice.body,
            "period_start": notice.period_start, "period_end": notice.period_end, "whole_union": notice.whole_union,
            "branches": [str(b) for b in notice.branches.values_list("pk", flat=True)]})
    return render(request, "notices/form.html", {"union": union, "form": form, "notice": notice},
                  status=400 if form.errors else 200)


@login_required
def notice_detail(request, pk):
    user = request.user
    notice = _notice(user, pk)
    publisher = scope.can(user, PUBLISH_NOTICES, notice.union)
    member = member_for(user)
    addressed = (member is not None and notice.is_public
                 and Notice.objects.public().filter(pk=notice.pk).filter(pk__in=addressed_to(member)).exists())
    branches = list(notice.branches.all())
    context = {"notice": notice, "publisher": publisher, "addressed": addressed, "today": timezone.localdate(),
               "branches": branches, "branch_names": words(b.name for b in branches),
               "objection_days": OBJECTION_DAYS}
    if addressed:
        context["has_read"] = Read.objects.filter(notice=notice, member=member).exists()
        context["my_objections"] = list(Objection.objects.filter(notice=notice, member=member))
        context["objection_form"] = ObjectionForm()
    if publisher or scope.can(user, VIEW, notice.union):
        context["read_count"] = notice.reads.count()
    if publisher:
        context["objections"] = list(notice.objections.select_related("member"))
        context["withdraw_form"] = WithdrawForm()
        if notice.is_public:
            unread = actions.audience(notice).exclude(pk__in=notice.reads.values("member_id"))
            context["unread"] = list(unread.select_related("org").order_by("org__path", "id")[:200])
            context["unread_count"] = unread.count() if len(context["unread"]) == 200 else len(context["unread"])
    return render(request, "notices/detail.html", context)


def _publisher_notice(user, pk):
    notice = _notice(user, pk)
    if not scope.can(user, PUBLISH_NOTICES, notice.union):
        raise Http404(_("找不到该公开事项"))
    return notice


def _act(request, pk, fn, ok, **kwargs):
    notice = _publisher_notice(request.user, pk)
    try:
        fn(request.user, notice, **kwargs)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, ok)
    return notice


@login_required
@require_POST
def notice_publish(request, pk):
    _act(request, pk, actions.publish_notice, _("已发布，会员可以在手机上查看"))
    return redirect("notices:notice", pk=pk)


@login_required
@require_POST
def notice_withdraw(request, pk):
    _act(request, pk, actions.withdraw_notice, _("已撤回"), reason=request.POST.get("reason", ""))
    return redirect("notices:notice", pk=pk)


@login_required
@require_POST
def notice_delete(request, pk):
    notice = _act(request, pk, actions.delete_notice, _("已删除草稿"))
    if notice.pk and Notice.objects.filter(pk=notice.pk).exists():
        return redirect("notices:notice", pk=pk)
    return redirect(reverse("notices:list") + f"?org={notice.union.code}")


@login_required
def notice_pdf(request, pk):
    notice = _notice(request.user, pk)
    content = exports.notice_pdf(notice)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{notice.title}.pdf")
    return response


@login_required
def notice_attachment(request, pk):
    notice = _notice(request.user, pk)
    if not notice.attachment:
        raise Http404(_("该公开事项没有附件"))
    try:
        handle = notice.attachment.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件不存在")) from None
    from django.http import FileResponse

    return FileResponse(handle, as_attachment=True, filename=notice.attachment.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def notice_sign(request, pk):
    """The officer records paper sign-offs (签阅) of members ticked in the unread list."""
    notice = _publisher_notice(request.user, pk)
    ids = [int(v) for v in request.POST.getlist("members") if v.isdigit()]
    members = list(actions.audience(notice).filter(pk__in=ids))
    try:
        n = actions.record_reads(request.user, notice, members)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已登记%(n)s人签阅") % {"n": n})
    return redirect("notices:notice", pk=pk)


@login_required
@require_POST
def notice_read(request, pk):
    notice = _notice(request.user, pk)
    try:
        created = actions.mark_read(request.user, notice)
    except PermissionDenied:
        raise Http404(_("找不到该公开事项")) from None
    if created:
        messages.success(request, _("已确认阅读"))
    return redirect("notices:notice", pk=pk)


@login_required
@require_POST
def notice_object(request, pk):
    notice = _notice(request.user, pk)
    form = ObjectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(form.errors.get("text", [_("请写明异议内容")])[0], field="text")
        actions.file_objection(request.user, notice, text=form.cleaned_data["text"])
    except PermissionDenied:
        raise Http404(_("找不到该公开事项")) from None
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("异议已提交，工会将在30天内答复"))
    return redirect("notices:notice", pk=pk)


# ---- the member's own pages ----

@login_required
def mine(request):
    """Notices addressed to the signed-in member (newest first, unread marked) and their objections."""
    user = request.user
    member = member_for(user)
    rows, objections = [], []
    if member is not None:
        reads = Read.objects.filter(notice=OuterRef("pk"), member=member)
        rows = list(Notice.objects.public().filter(pk__in=addressed_to(member)).select_related("category")
                    .annotate(has_read=Exists(reads)).order_by("-disclosed_on", "-id")[:100])
        objections = list(Objection.objects.filter(member=member).select_related("notice")[:50])
    return render(request, "notices/mine.html", {"member": member, "rows": rows, "objections": objections,
                                                 "today": timezone.localdate(),
                                                 "unread": sum(1 for r in rows if not r.has_read)})


# ---- objections ----

@login_required
def objections(request):
    user = request.user
    union = _union(request)
    qs = Objection.objects.visible_to(user, PUBLISH_NOTICES).filter(union=union).select_related("notice", "member")
    state = request.GET.get("state", "open")
    today = timezone.localdate()
    if state == "open":
        qs = qs.filter(answered_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(answered_on__isnull=True, due_on__lt=today)
    elif state == "answered":
        qs = qs.filter(answered_on__isnull=False)
    return render(request, "notices/objections.html", {
        "union": union, "unions": union_options(user, PUBLISH_NOTICES), "rows": list(qs[:200]), "state": state,
        "today": today,
        "states": [("open", _("待答复")), ("overdue", _("已超期未答复")), ("answered", _("已答复")), ("all", _("全部"))],
    })


@login_required
def objection_detail(request, pk):
    user = request.user
    objection = get_object_or_404(Objection.objects.readable_by(user).select_related(
        "notice", "member", "union", "answered_by"), pk=pk)
    may_answer = scope.can(user, PUBLISH_NOTICES, objection.union) and not objection.answered
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied(_("无权答复该异议"))
        if form.is_valid():
            try:
                actions.answer_objection(user, objection, answer=form.cleaned_data["answer"])
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已答复"))
                return redirect("notices:objection", pk=objection.pk)
    return render(request, "notices/objection.html", {"objection": objection, "form": form,
                                                      "today": timezone.localdate()},
                  status=400 if form is not None and form.errors else 200)


# ---- the disclosure calendar ----

def _month(request):
    raw = (request.GET.get("month") or "").strip()
    today = timezone.localdate()
    try:
        y, m = (int(x) for x in raw.split("-"))
        return datetime.date(y, m, 1) if 2000 <= y <= 2100 and 1 <= m <= 12 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
def calendar_page(request):
    """Month view (a grid on wide screens, a list on phones) of a union's due items, and the year list."""
    import calendar as pycal

    user = request.user
    union = _union(request, VIEW)
    first = _month(request)
    last = first.replace(day=pycal.monthrange(first.year, first.month)[1])
    year_items = calendar.due_items([union], datetime.date(first.year, 1, 1), datetime.date(first.year, 12, 31))
    month_items = [i for i in year_items if first <= i.due <= last]
    by_day = {}
    for item in month_items:
        by_day.setdefault(item.due, []).append(item)
    weeks = []
    for week in pycal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([{"day": d, "in_month": d.month == first.month, "items": by_day.get(d, [])} for d in week])
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    return render(request, "notices/calendar.html", {
        "union": union, "unions": union_options(user, VIEW), "first": first, "weeks": weeks,
        "month_items": month_items, "year_items": year_items, "coverage": calendar.coverage(year_items),
        "prev": prev_month.strftime("%Y-%m"), "next": next_month.strftime("%Y-%m"), "today": timezone.localdate(),
        "weekdays": [pgettext("星期", "一"), pgettext("星期", "二"), pgettext("星期", "三"), pgettext("星期", "四"),
                     pgettext("星期", "五"), pgettext("星期", "六"), pgettext("星期", "日")],
        "may_publish": scope.can(user, PUBLISH_NOTICES, union),
    })


# ---- requirements and events ----

def _owner_for(user, org):
    """Who may add calendar rows at ``org``: PUBLISH_NOTICES at a union, MANAGE_ORGS at a federation."""
    if org.is_federation:
        return scope.can(user, MANAGE_ORGS, org)
    return org.kind == Kind.GRASSROOTS and scope.can(user, PUBLISH_NOTICES, org)


@login_required
def requirements(request):
    user = request.user
    org = _org(request, VIEW)
    may_add = _owner_for(user, org)
    categories = list(Category.objects.applying_to(org)) if org.kind == Kind.GRASSROOTS else list(
        Category.objects.filter(Q(owner__isnull=True) | Q(owner=org)))
    if request.method == "POST" and not may_add:
        raise PermissionDenied(_("无权制定本组织的公开要求"))
    adding_category = request.method == "POST" and "category_name" in request.POST
    category_form = CategoryForm(request.POST if adding_category else None) if may_add else None
    form = RequirementForm(None if adding_category else (request.POST or None), categories=categories) \
        if may_add else None
    if adding_category and category_form is not None and category_form.is_valid():
        d = category_form.cleaned_data
        try:
            actions.create_category(user, org, name=d["category_name"], description=d["category_description"],
                                    union_types=d["category_union_types"])
        except ActionError as exc:
            show_action_error(category_form, exc)
        else:
            messages.success(request, _("已增加类别"))
            return redirect(reverse("notices:requirements") + f"?org={org.code}")
    elif request.method == "POST" and not adding_category:
        if form.is_valid():
            d = form.cleaned_data
            category = next((c for c in categories if str(c.pk) == d["category"]), None)
            try:
                actions.create_requirement(user, org, category=category, what=d["what"], frequency=d["frequency"],
                                           due_month=d["due_month"], due_day=d["due_day"], due_date=d["due_date"],
                                           lead_days=d["lead_days"], event_kind=d["event_kind"], source=d["source"])
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已添加公开要求"))
                return redirect(reverse("notices:requirements") + f"?org={org.code}")
    rows = DisclosureRequirement.objects.visible_to(user, VIEW).applying_to(org).select_related("category", "owner")
    if org.kind == Kind.GRASSROOTS:
        rows = [r for r in rows if r.category.required_for(org.union_type)]
    return render(request, "notices/requirements.html", {
        "org": org, "orgs": _org_options(user, VIEW), "rows": list(rows), "form": form,
        "categories": categories, "may_add": may_add, "category_form": category_form,
    }, status=400 if any(f is not None and f.errors for f in (form, category_form)) else 200)


@login_required
@require_POST
def requirement_delete(request, pk):
    user = request.user
    req = get_object_or_404(DisclosureRequirement.objects.visible_to(user, VIEW).filter(owner__isnull=False)
                            .select_related("owner"), pk=pk)
    if not _owner_for(user, req.owner):
        raise Http404(_("找不到该公开要求"))
    actions.delete_requirement(user, req)
    messages.success(request, _("已删除公开要求"))
    return redirect(reverse("notices:requirements") + f"?org={req.owner.code}")


@login_required
def events(request):
    user = request.user
    union = _union(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.create_event(user, union, kind=d["kind"], title=d["title"], date=d["date"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已添加"))
            return redirect(reverse("notices:events") + f"?org={union.code}")
    rows = DisclosureEvent.objects.visible_to(user, PUBLISH_NOTICES).filter(union=union)[:200]
    return render(request, "notices/events.html", {"union": union, "unions": union_options(user, PUBLISH_NOTICES),
                                                   "rows": list(rows), "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def event_delete(request, pk):
    user = request.user
    event = get_object_or_404(DisclosureEvent.objects.visible_to(user, PUBLISH_NOTICES).select_related("union"), pk=pk)
    actions.delete_event(user, event)
    messages.success(request, _("已删除"))
    return redirect(reverse("notices:events") + f"?org={event.union.code}")
