"""Finance home, 经审 (reviews, findings, sign-off, annual report), disclosure and reports.

Views parse input and call ``finaudit.actions``. A union comes from ``?org=<code>`` looked up inside
the user's scope for the capability the page needs (``orgs.unions.current_union``); a review or disclosure id
comes from ``visible_to``/``readable_by``, so anything out of scope is a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, KEEP_BOOKS, VIEW_FINANCE, kinds_with
from gonghui.accounts.models import User
from gonghui.core import charts, documents, scope
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import current_union, requested_code, union_options
from gonghui.orgs.models import Organisation

from . import actions, figures, periods, reports
from .forms import (DisclosureForm, DisclosureSettingForm, FindingForm, RectifyForm, ReviewForm, SignOffForm,
                    add_action_error)
from .models import UNSETTLED, AuditReview, Disclosure, DisclosureSetting, Finding

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


# ---- helpers ----

def _can_anywhere(user, cap):
    return scope.prefixes(user, cap) != []


def _can_any(user, caps, org):
    return any(scope.can(user, cap, org) for cap in caps)


def _year(request):
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _period(request, year):
    """``?from=2026-01&to=2026-06`` (default: the whole ``year``); bad values fall back to the year."""
    try:
        start, end = periods.bounds(periods.parse_month(request.GET["from"]), periods.parse_month(request.GET["to"]))
        if start <= end:
            return start, end
    except (KeyError, ValueError):
        pass
    return figures.year_bounds(year)


def _download(content, filename, content_type):
    """Send a document built in the request. Every finaudit document (review report, disclosure, annual,
    monthly and category reports) is one union's for one period, read in grouped queries: bounded, so not
    a job (federation-wide documents are: ``core.exports``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _with_org(url_name, union, *args, **params):
    return f"{reverse(url_name, args=args)}?{urlencode({'org': union.code, **params})}"


# ---- finance home ----

@login_required
def home(request):
    """This year's income and spending, spending by category, budget and dues, links to every page."""
    user = request.user
    if not _can_anywhere(user, VIEW_FINANCE):
        return redirect("finaudit:disclosures")
    union = current_union(request, VIEW_FINANCE, post=False)
    year = _year(request)
    months = figures.monthly(union, year)
    start, end = figures.year_bounds(year)
    statement = figures.statement(union, start, end)
    categories = [(f"{line.code} {line.name}", line.amount) for line in statement.expense if line.level == 0]
    today = timezone.localdate()
    dues_month = (today.year, today.month) if year == today.year else (year, 12)
    context = {
        "union": union, "year": year, "years": range(timezone.localdate().year, 2019, -1),
        "unions": union_options(user, VIEW_FINANCE), "statement": statement,
        "charts": [
            charts.bars(_("%(y)d年各月收入（元）") % {"y": year},
                        [(figures.month_label(m), income) for m, income, _e in months]),
            charts.bars(_("%(y)d年各月支出（元）") % {"y": year},
                        [(figures.month_label(m), expense) for m, _i, expense in months]),
            charts.bars(_("%(y)d年支出按类别（元）") % {"y": year}, categories, wide=True),
        ],
        "budget": figures.budget_execution(union, year),
        "dues": figures.dues_collection(union, *dues_month),
        "dues_month": dues_month,
        "open_reviews": AuditReview.objects.filter(union=union).exclude(status=AuditReview.Status.SIGNED).count(),
        "overview": figures.overview(union, year, today),
        "links": _finance_links(union),
    }
    return render(request, "finaudit/home.html", context)


FINANCE_PAGES = [
    # (url name, label, how the page takes the union: "query" for ?org=, "path" for a code in the URL)
    ("ledger:home", _lazy("账簿"), "query"), ("ledger:vouchers", _lazy("记账凭证"), "query"),
    ("ledger:trial_balance", _lazy("科目余额表"), "query"), ("ledger:income_statement", _lazy("收入支出表"), "query"),
    ("ledger:balance_sheet", _lazy("资产负债表"), "query"), ("dues:home", _lazy("会费"), "query"),
    ("funds:index", _lazy("工会经费"), "query"), ("funds:budgets", _lazy("预算"), "query"),
    ("spending:effective", _lazy("开支标准"), "path"), ("spending:expenses", _lazy("支出登记"), "query"),
    ("finaudit:reviews", _lazy("经费审查"), "query"), ("finaudit:disclosures", _lazy("财务公开"), "query"),
]


def _finance_links(union):
    """Every finance page for the union at hand (a page another app has not built yet is left out)."""
    links = []
    for name, label, style in FINANCE_PAGES:
        try:
            if style == "path":
                url = reverse(name, args=[union.code])
            else:
                url = f"{reverse(name)}?{urlencode({'org': union.code})}"
        except NoReverseMatch:
            continue
        links.append({"label": label, "url": url})
    return links


# ---- 经审 ----

def _review(user, pk):
    qs = AuditReview.objects.visible_to(user, VIEW_FINANCE).select_related("union", "opened_by", "signed_by")
    return get_object_or_404(qs, pk=pk)


def _finding(user, pk):
    qs = Finding.objects.visible_to(user, VIEW_FINANCE).select_related("review__union")
    return get_object_or_404(qs, pk=pk)


def auditor_choices(union):
    """Users who hold a role carrying AUDIT_BOOKS at the union or above it (one query)."""
    ancestors = union.ancestor_paths()
    return list(User.objects.filter(roles__kind__in=kinds_with(AUDIT_BOOKS), roles__org__path__in=ancestors,
                                    is_active=True).distinct().order_by("username"))


@login_required
def review_list(request):
    user = request.user
    union = current_union(request, VIEW_FINANCE, post=False)
    reviews = list(AuditReview.objects.filter(union=union).select_related("signed_by").prefetch_related("auditors"))
    year = _year(request)
    return render(request, "finaudit/reviews.html", {
        "union": union, "reviews": reviews, "unions": union_options(user, VIEW_FINANCE), "year": year,
        "years": range(timezone.localdate().year, 2019, -1),
        "may_open": scope.can(user, AUDIT_BOOKS, union),
    })


@login_required
def review_create(request):
    user = request.user
    union = current_union(request, AUDIT_BOOKS, post=False)
    choices = auditor_choices(union)
    form = ReviewForm(request.POST or None, auditor_choices=choices, initial={"auditors": [str(user.pk)]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        picked = {int(pk) for pk in data["auditors"]}
        try:
            review = actions.open_review(user, union=union, start=data["start_date"], end=data["end_date"],
                                         areas=data["areas"], auditors=[u for u in choices if u.pk in picked])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已发起经费审查"))
            return redirect("finaudit:review", review.pk)
    return render(request, "finaudit/review_form.html", {"union": union, "form": form})


def _review_context(request, review, **forms):
    user = request.user
    findings = list(review.findings.select_related("recorded_by", "rectified_by", "verified_by"))
    union = review.union
    may_audit = scope.can(user, AUDIT_BOOKS, union) and not review.signed
    may_rectify = _can_any(user, (KEEP_BOOKS, APPROVE_SPENDING, AUDIT_BOOKS), union) and not review.signed
    for f in findings:
        f.may_rectify = may_rectify and f.rectification_required
        f.may_verify = may_audit and f.rectified_at and not f.verified_at and f.rectified_by_id != user.pk
    return {
        "review": review, "union": union, "findings": findings, "auditors": list(review.auditors.all()),
        "may_audit": may_audit, "may_rectify": may_rectify,
        "unsettled": sum(1 for f in findings if not f.settled),
        "finding_form": forms.get("finding_form") or FindingForm(areas=review.areas),
        "rectify_form": forms.get("rectify_form") or RectifyForm(),
        "rectify_errors_for": forms.get("rectify_errors_for"),
    }


@login_required
def review_detail(request, pk):
    review = _review(request.user, pk)
    return render(request, "finaudit/review.html", _review_context(request, review))


@login_required
@require_POST
def finding_create(request, pk):
    user = request.user
    review = _review(user, pk)
    scope.require(user, AUDIT_BOOKS, review.union)
    form = FindingForm(request.POST, areas=review.areas)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_finding(user, review, area=d["area"], description=d["description"], severity=d["severity"],
                                   amount=d["amount"], rectification_required=d["rectification_required"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已记录问题"))
            return redirect("finaudit:review", review.pk)
    return render(request, "finaudit/review.html", _review_context(request, review, finding_form=form),
                  status=400)


@login_required
@require_POST
def finding_rectify(request, pk):
    user = request.user
    finding = _finding(user, pk)
    review = finding.review
    if not _can_any(user, (KEEP_BOOKS, APPROVE_SPENDING, AUDIT_BOOKS), review.union):
        raise PermissionDenied(_("您没有这项权限"))
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            actions.rectify_finding(user, finding, note=form.cleaned_data["rectification_note"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已登记整改情况"))
            return redirect("finaudit:review", review.pk)
    context = _review_context(request, review, rectify_form=form, rectify_errors_for=finding.pk)
    return render(request, "finaudit/review.html", context, status=400)


@login_required
@require_POST
def finding_verify(request, pk):
    user = request.user
    finding = _finding(user, pk)
    try:
        actions.verify_finding(user, finding)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("已核实整改情况"))
    return redirect("finaudit:review", finding.review_id)


@login_required
def review_sign(request, pk):
    user = request.user
    review = _review(user, pk)
    scope.require(user, AUDIT_BOOKS, review.union)
    if review.signed:
        messages.info(request, _("该经费审查已签署"))
        return redirect("finaudit:review", review.pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.sign_off(user, review, opinion=d["opinion"], with_reservations=d["with_reservations"],
                             reason=d["reservation_reason"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已签署，审查期间的账目已结账"))
            return redirect("finaudit:review", review.pk)
    unsettled = review.findings.filter(UNSETTLED).count()
    return render(request, "finaudit/review_sign.html", {
        "review": review, "union": review.union, "form": form, "unsettled": unsettled,
        "months": periods.months(review.start, review.end),
    })


def _annual_report(request):
    union = current_union(request, VIEW_FINANCE, post=False)
    year = _year(request)
    return union, year, reports.annual_report(union, year)


@login_required
def annual_report_docx(request):
    union, year, report = _annual_report(request)
    return _download(reports.to_docx(report), f"{report.title}.docx", DOCX)


@login_required
def annual_report_pdf(request):
    union, year, report = _annual_report(request)
    return _download(reports.to_pdf(report), f"{report.title}.pdf", PDF)


# ---- disclosure ----

def _disclosure(user, pk):
    qs = Disclosure.objects.readable_by(user).select_related("union", "created_by", "published_by")
    return get_object_or_404(qs, pk=pk)


def _may_prepare(user, union):
    return _can_any(user, (KEEP_BOOKS, APPROVE_SPENDING), union)


@login_required
def disclosure_list(request):
    """Officers: every notice (drafts too) of the union picked. Members: the published notices of
    their own union, which is also shown to officers who are members of another union."""
    user = request.user
    readable = Disclosure.objects.readable_by(user).select_related("union").order_by("-start", "-id")
    union = current_union(request, VIEW_FINANCE, post=False) if _can_anywhere(user, VIEW_FINANCE) else None
    rows = list(readable.filter(union=union)[:200]) if union else []
    own = finance_publications(user)
    # published before disclosures were posted on the notice board: still shown, after the board's rows
    earlier = readable.filter(status=Disclosure.Status.PUBLISHED, notice__isnull=True)
    if union is not None:
        own = own.exclude(union__in=_finance_unions(user))
        earlier = earlier.exclude(union__in=_finance_unions(user))
    return render(request, "finaudit/disclosures.html", {
        "union": union, "rows": rows, "own_rows": list(own[:200]), "earlier_rows": list(earlier[:200]),
        "unions": union_options(user, VIEW_FINANCE) if union else None,
        "may_prepare": union is not None and _may_prepare(user, union),
        "may_configure": union is not None and scope.can(user, APPROVE_SPENDING, union),
        "interval_label": DisclosureSetting.Interval(actions.interval_of(union)).label if union else "",
    })


def finance_publications(user):
    """The finance publications a member reads: the published notices of category 财务 addressed to the
    member — the notice board's own query narrowed to that category, so this page and the notices list
    show the same ones — each with its disclosure (figures) when it came from one. One query."""
    from gonghui.members.queries import member_for
    from gonghui.notices.models import Notice, addressed_to

    member = member_for(user)
    if member is None:
        return Notice.objects.none()
    return (Notice.objects.public().filter(pk__in=addressed_to(member), category__code=actions.FINANCE_CATEGORY)
            .select_related("finance_disclosure").order_by("-disclosed_on", "-id"))


def _finance_unions(user):
    return Organisation.objects.visible_to(user, VIEW_FINANCE).values("id")


@login_required
def disclosure_create(request):
    user = request.user
    union = _union_for_prepare(request)
    start, end = periods.last_completed(actions.interval_of(union), timezone.localdate())
    form = DisclosureForm(request.POST or None, initial={"start": (start.year, start.month),
                                                         "end": (end.year, end.month)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            disclosure = actions.create_disclosure(user, union=union, start=d["start_date"], end=d["end_date"],
                                                   title=d["title"], note=d["note"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已保存草稿，核对数据后即可公开"))
            return redirect("finaudit:disclosure", disclosure.pk)
    return render(request, "finaudit/disclosure_form.html", {"union": union, "form": form, "disclosure": None})


def _union_for_prepare(request):
    """The union for a new disclosure: in scope for KEEP_BOOKS or APPROVE_SPENDING."""
    user = request.user
    for cap in (KEEP_BOOKS, APPROVE_SPENDING):
        if _can_anywhere(user, cap):
            try:
                return current_union(request, cap, post=False)
            except Http404:
                continue
    if requested_code(request, post=False):
        raise Http404(_("找不到该基层工会，或不在您的权限范围内"))
    raise PermissionDenied(_("您没有这项权限"))


@login_required
def disclosure_detail(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    data = disclosure.figures if disclosure.published else \
        figures.disclosure_figures(disclosure.union, disclosure.start, disclosure.end)
    officer = scope.can(user, VIEW_FINANCE, disclosure.union)
    return render(request, "finaudit/disclosure.html", {
        "d": disclosure, "data": data, "member_view": not officer,
        "may_edit": not disclosure.published and _may_prepare(user, disclosure.union),
        "may_publish": not disclosure.published and scope.can(user, APPROVE_SPENDING, disclosure.union),
    })


@login_required
def disclosure_edit(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    if not _may_prepare(user, disclosure.union):
        raise PermissionDenied(_("您没有这项权限"))
    if disclosure.published:
        messages.error(request, _("已公开的内容不能修改；如需更正，请另行编制一份财务公开"))
        return redirect("finaudit:disclosure", disclosure.pk)
    initial = {"start": (disclosure.start.year, disclosure.start.month),
               "end": (disclosure.end.year, disclosure.end.month), "title": disclosure.title, "note": disclosure.note}
    form = DisclosureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.update_disclosure(user, disclosure, start=d["start_date"], end=d["end_date"], title=d["title"],
                                      note=d["note"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("finaudit:disclosure", disclosure.pk)
    return render(request, "finaudit/disclosure_form.html",
                  {"union": disclosure.union, "form": form, "disclosure": disclosure})


@login_required
@require_POST
def disclosure_publish(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    try:
        actions.publish_disclosure(user, disclosure)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("已公开，本工会会员可以查看"))
    return redirect("finaudit:disclosure", disclosure.pk)


@login_required
@require_POST
def disclosure_delete(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    try:
        actions.delete_disclosure(user, disclosure)
    except ActionError as exc:
        messages.error(request, exc.as_text())
        return redirect("finaudit:disclosure", disclosure.pk)
    messages.success(request, _("已删除草稿"))
    return redirect(_with_org("finaudit:disclosures", disclosure.union))


@login_required
def disclosure_pdf(request, pk):
    disclosure = _disclosure(request.user, pk)
    data = disclosure.figures if disclosure.published else \
        figures.disclosure_figures(disclosure.union, disclosure.start, disclosure.end)
    pdf = documents.to_pdf(reports.disclosure_report(disclosure, data))
    return _download(pdf, f"{disclosure.title}.pdf", PDF)


@login_required
def disclosure_settings(request):
    user = request.user
    union = current_union(request, APPROVE_SPENDING, post=False)
    form = DisclosureSettingForm(request.POST or None, initial={"interval_months": actions.interval_of(union)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_disclosure_interval(user, union, form.cleaned_data["interval_months"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已保存财务公开周期"))
            return redirect(_with_org("finaudit:disclosures", union))
    return render(request, "finaudit/disclosure_settings.html", {"union": union, "form": form})


# ---- reports ----

def _monthly(request):
    union = current_union(request, VIEW_FINANCE, post=False)
    year = _year(request)
    return reports.monthly_report(union, year), _("%(union)s%(year)s年收入支出月度表") % {"union": union.name, "year": year}


def _categories(request):
    union = current_union(request, VIEW_FINANCE, post=False)
    start, end = _period(request, _year(request))
    return reports.category_report(union, start, end), (_("%(union)s%(period)s收入支出分类表")
                                                        % {"union": union.name, "period": periods.describe(start, end)})


@login_required
def report_monthly_xlsx(request):
    report, name = _monthly(request)
    return _download(documents.to_xlsx(report), f"{name}.xlsx", XLSX)


@login_required
def report_monthly_pdf(request):
    report, name = _monthly(request)
    return _download(documents.to_pdf(report), f"{name}.pdf", PDF)


@login_required
def report_categories_xlsx(request):
    report, name = _categories(request)
    return _download(documents.to_xlsx(report), f"{name}.xlsx", XLSX)


@login_required
def report_categories_pdf(request):
    report, name = _categories(request)
    return _download(documents.to_pdf(report), f"{name}.pdf", PDF)

