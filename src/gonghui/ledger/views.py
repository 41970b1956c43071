"""Ledger pages: the books' home with periods, the voucher list, entry form and detail with its
workflow buttons, attachments, and the statements (each a page, .xlsx and PDF).

Views parse input and call ``ledger.actions``; a union comes from ``?org=<code>`` and a voucher or
attachment from ``visible_to`` (``ledger.lookups``), so anything out of scope is a 404.
"""
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, KEEP_BOOKS, VIEW_FINANCE
from gonghui.core import references
from gonghui.core import audit_labels, documents, scope
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.core.paging import keyset_page
from gonghui.core.pickers import PickerInput
from gonghui.orgs.unions import PICKER_LIMIT, current_union, union_options
from gonghui.orgs.models import Organisation

from . import actions, lookups, queries, statements
from .forms import AttachmentForm, PeriodForm, ReasonForm, ReverseForm, VoucherForm, add_action_error
from .models import AccountKind, Period, Voucher, VoucherStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
PAGE_SIZE = 50
BLANK_ROWS = 4
SOURCES = {"manual": gettext_lazy("手工录入"), "dues": gettext_lazy("会费"), "funds": gettext_lazy("工会经费"),
           "expense": gettext_lazy("报销"), "care": gettext_lazy("送温暖"), "reversal": gettext_lazy("红字冲销"),
           "opening": gettext_lazy("期初余额")}


# ---- helpers ----

def _union(request, cap=VIEW_FINANCE):
    return current_union(request, cap)


def _with_org(name, union, *args, **params):
    return f"{reverse(name, args=args)}?{urlencode({'org': union.code, **params})}"


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _may(user, caps, union):
    return any(scope.can(user, cap, union) for cap in caps)


def _base(request, union, **extra):
    return {"union": union, "unions": union_options(request.user, VIEW_FINANCE),
            "may_keep": scope.can(request.user, KEEP_BOOKS, union), **extra}


# ---- home: periods ----

@login_required
def home(request):
    """The union's books: this year's months with their status, and links to every ledger page."""
    user = request.user
    union = _union(request)
    year, _m = lookups.year_month(request.GET)
    periods = {p.month: p for p in Period.objects.filter(union=union, year=year).select_related("closed_by")}
    counts = {}
    for month, status in (Voucher.objects.filter(union=union, year=year).values_list("date__month", "status")
                          .order_by()):
        counts.setdefault(month, {"posted": 0, "pending": 0})["posted" if status == "posted" else "pending"] += 1
    months = [{"month": m, "period": periods.get(m), "counts": counts.get(m, {"posted": 0, "pending": 0}),
               "closed": bool(periods.get(m) and periods[m].is_closed)} for m in range(1, 13)]
    context = _base(request, union, year=year, months=months, years=range(timezone.localdate().year + 1, 2019, -1),
                    may_close=_may(user, (KEEP_BOOKS, AUDIT_BOOKS), union), may_reopen=user.is_superuser,
                    period_form=PeriodForm())
    return render(request, "ledger/home.html", context)


@login_required
@require_POST
def period_close(request):
    union = _union(request)
    form = PeriodForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("请填写月份"), field="period")
        year, month = lookups.parse_month(form.cleaned_data["month"])
        actions.close_period(request.user, union, year, month)
    except (ActionError, ValueError) as exc:
        messages.error(request, exc.as_text(actions.LABELS) if isinstance(exc, ActionError) else str(exc))
    else:
        messages.success(request, _("%(y)d年%(m)d月已结账") % {"y": year, "m": month})
    return redirect(_with_org("ledger:home", union))


@login_required
@require_POST
def period_reopen(request):
    union = _union(request)
    form = PeriodForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("请填写月份"), field="period")
        year, month = lookups.parse_month(form.cleaned_data["month"])
        actions.reopen_period(request.user, union, year, month, reason=form.cleaned_data["reason"])
    except (ActionError, ValueError) as exc:
        messages.error(request, exc.as_text(actions.LABELS) if isinstance(exc, ActionError) else str(exc))
    else:
        messages.success(request, _("%(y)d年%(m)d月已反结账") % {"y": year, "m": month})
    return redirect(_with_org("ledger:home", union))


# ---- vouchers ----

@login_required
def voucher_list(request):
    """Vouchers of a union, newest first, keyset-paged, filtered by status, month, account, source."""
    union = _union(request)
    filters = lookups.VoucherFilters.from_params(request.GET)
    qs = filters.apply(Voucher.objects.filter(union=union).select_related("prepared_by"))
    rows, next_token = keyset_page(qs, sort="-date", after=request.GET.get("after"), size=PAGE_SIZE)
    params = {"org": union.code, **filters.as_params()}
    context = _base(request, union, rows=rows, filters=filters, statuses=VoucherStatus.choices,
                    sources=list(SOURCES.items()),
                    next_url=f"?{urlencode({**params, 'after': next_token})}" if next_token else "",
                    first_url=f"?{urlencode(params)}" if request.GET.get("after") else "",
                    month_value=filters.as_params().get("month", ""),
                    account_picker=PickerInput("account", attrs={
                        "placeholder": _("输入科目名称、拼音或代码")}).render(
                        "account", filters.account))
    return render(request, "ledger/vouchers.html", context)


def _entry_rows(request=None, voucher=None):
    """Rows for the entry form: as posted (after an error), the voucher's lines, or blank rows."""
    if request is not None and request.method == "POST":
        p = request.POST
        cols = [p.getlist(k) for k in ("account", "debit", "credit", "memo", "member", "unit")]
        n = max(len(c) for c in cols)
        return [dict(zip(("account", "debit", "credit", "memo", "member", "unit"),
                         (c[i] if i < len(c) else "" for c in cols))) for i in range(n)]
    if voucher is not None:
        return [{"account": ln.account.code, "debit": ln.debit or "", "credit": ln.credit or "", "memo": ln.memo,
                 "member": ln.member.member_no if ln.member else "", "unit": ln.org.code if ln.org else ""}
                for ln in voucher.lines.select_related("account", "member", "org").order_by("line_no")]
    return [{"account": "", "debit": "", "credit": "", "memo": "", "member": "", "unit": ""}
            for _i in range(BLANK_ROWS)]


def _entry_context(request, union, form, rows, voucher=None):
    accounts = lookups.accounts(union)
    units = list(Organisation.objects.visible_to(request.user, VIEW_FINANCE).filter(union=union)
                 .order_by("path").only("code", "name")[:PICKER_LIMIT])
    return _base(request, union, form=form, rows=rows, voucher=voucher,
                 accounts=[a for a in accounts if a.leaf], all_accounts=accounts, units=units)


def _posted_lines(request, union):
    p = request.POST
    return lookups.lines_from_lists(request.user, union, p.getlist("account"), p.getlist("debit"),
                                    p.getlist("credit"), p.getlist("memo"), p.getlist("member"), p.getlist("unit"))


def _expense_accounts(union):
    return [a for a in lookups.accounts(union) if a.kind == AccountKind.EXPENSE]


@login_required
def voucher_create(request):
    user = request.user
    union = _union(request, KEEP_BOOKS)
    form = VoucherForm(request.POST or None, expense_accounts=_expense_accounts(union))
    if request.method == "POST" and form.is_valid():
        lines, errors = _posted_lines(request, union)
        d = form.cleaned_data
        try:
            if errors:
                raise ActionError(errors={"lines": errors})
            voucher = actions.create_voucher(user, union=union, date=d["date"], summary=d["summary"], lines=lines,
                                             category=d["category"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已保存凭证%(label)s，等待审核") % {"label": voucher.label})
            return redirect("ledger:voucher", voucher.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ledger/voucher_form.html", _entry_context(request, union, form, _entry_rows(request)),
                  status=status)


@login_required
def voucher_edit(request, pk):
    user = request.user
    voucher = lookups.voucher_for(user, pk)
    union = voucher.union
    scope.require(user, KEEP_BOOKS, union)
    if not voucher.is_draft:
        messages.error(request, actions.EDIT_REFUSED)
        return redirect("ledger:voucher", voucher.pk)
    form = VoucherForm(request.POST or None, expense_accounts=_expense_accounts(union), initial={
        "date": voucher.date.isoformat(), "summary": voucher.summary, "category": voucher.category})
    if request.method == "POST" and form.is_valid():
        lines, errors = _posted_lines(request, union)
        d = form.cleaned_data
        try:
            if errors:
                raise ActionError(errors={"lines": errors})
            actions.update_voucher(user, voucher, date=d["date"], summary=d["summary"], lines=lines,
                                   category=d["category"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("ledger:voucher", voucher.pk)
    rows = _entry_rows(request, voucher)
    return render(request, "ledger/voucher_form.html", _entry_context(request, union, form, rows, voucher),
                  status=400 if request.method == "POST" else 200)


def _voucher_context(request, voucher, **forms):
    user = request.user
    union = voucher.union
    lines = list(voucher.lines.select_related("account", "member", "org").order_by("line_no"))
    keep = scope.can(user, KEEP_BOOKS, union)
    status = voucher.status
    not_preparer = voucher.prepared_by_id != user.pk
    trail = list(AuditEntry.objects.filter(object_type="ledger.voucher", object_id=voucher.pk)
                 .select_related("actor").order_by("id"))
    for entry in trail:
        entry.label = audit_labels.action_label("ledger.voucher", entry.action)
    reversal = voucher.reversals.filter(deleted_at__isnull=True).first()
    return {
        "v": voucher, "union": union, "lines": lines, "attachments": list(voucher.attachments.all()),
        "trail": trail, "reversal": reversal, "source_label": SOURCES.get(voucher.source, voucher.source),
        "source": references.describe(voucher.source_ref),
        "may_edit": keep and status == VoucherStatus.DRAFT,
        "may_review": status == VoucherStatus.DRAFT and not_preparer and _may(user, (KEEP_BOOKS, AUDIT_BOOKS), union),
        "may_approve": (status == VoucherStatus.REVIEWED and not_preparer and voucher.reviewed_by_id != user.pk
                        and scope.can(user, APPROVE_SPENDING, union)),
        "may_post": status == VoucherStatus.APPROVED and keep,
        "may_return": status in (VoucherStatus.REVIEWED, VoucherStatus.APPROVED)
        and _may(user, (KEEP_BOOKS, AUDIT_BOOKS, APPROVE_SPENDING), union),
        "may_reverse": status == VoucherStatus.POSTED and keep and reversal is None,
        "may_attach": keep,
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "reverse_form": forms.get("reverse_form") or ReverseForm(),
        "return_form": forms.get("return_form") or ReasonForm(),
    }


@login_required
def voucher_detail(request, pk):
    voucher = lookups.voucher_for(request.user, pk)
    return render(request, "ledger/voucher.html", _voucher_context(request, voucher))


def _step(request, pk, action, done):
    voucher = lookups.voucher_for(request.user, pk)
    try:
        action(request.user, voucher)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, done % {"label": voucher.label})
    return redirect("ledger:voucher", voucher.pk)


@login_required
@require_POST
def voucher_review(request, pk):
    return _step(request, pk, actions.review_voucher, _("凭证%(label)s已审核"))


@login_required
@require_POST
def voucher_approve(request, pk):
    return _step(request, pk, actions.approve_voucher, _("凭证%(label)s已批准"))


@login_required
@require_POST
def voucher_post(request, pk):
    return _step(request, pk, actions.post_voucher, _("凭证%(label)s已记账"))


@login_required
@require_POST
def voucher_return(request, pk):
    voucher = lookups.voucher_for(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            actions.return_voucher(request.user, voucher, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("凭证%(label)s已退回制单人") % {"label": voucher.label})
            return redirect("ledger:voucher", voucher.pk)
    return render(request, "ledger/voucher.html", _voucher_context(request, voucher, return_form=form), status=400)


@login_required
@require_POST
def voucher_reverse(request, pk):
    voucher = lookups.voucher_for(request.user, pk)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = actions.reverse_voucher(request.user, voucher, date=form.cleaned_data["date"],
                                               reason=form.cleaned_data["reason"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已生成冲销凭证%(label)s，审核记账后生效") % {"label": reversal.label})
            return redirect("ledger:voucher", reversal.pk)
    return render(request, "ledger/voucher.html", _voucher_context(request, voucher, reverse_form=form), status=400)


@login_required
@require_POST
def voucher_delete(request, pk):
    voucher = lookups.voucher_for(request.user, pk)
    try:
        actions.delete_voucher(request.user, voucher)
    except ActionError as exc:
        messages.error(request, exc.as_text())
        return redirect("ledger:voucher", voucher.pk)
    messages.success(request, _("已删除凭证%(label)s") % {"label": voucher.label})
    return redirect(_with_org("ledger:vouchers", voucher.union))


# ---- attachments ----

@login_required
@require_POST
def attachment_upload(request, pk):
    voucher = lookups.voucher_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_attachment(request.user, voucher, form.cleaned_data["file"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("已上传附件"))
            return redirect("ledger:voucher", voucher.pk)
    return render(request, "ledger/voucher.html", _voucher_context(request, voucher, attachment_form=form),
                  status=400)


@login_required
def attachment_download(request, pk):
    attachment = lookups.attachment_for(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件已丢失")) from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = lookups.attachment_for(request.user, pk)
    try:
        actions.delete_attachment(request.user, attachment)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("已删除附件"))
    return redirect("ledger:voucher", attachment.voucher_id)


# ---- statements ----

def _cell(value):
    if value is None:
        return {"text": "", "num": False}
    if isinstance(value, Decimal):
        return {"text": f"{value:,.2f}", "num": True}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"text": str(value), "num": True}
    if isinstance(value, datetime.date):
        return {"text": value.isoformat(), "num": False}
    return {"text": str(value), "num": False}


def _statement(request, union, report, *, kind, filename, landscape=False, links=None, **extra):
    """Render a ``Report`` as a page, or download it with ``?format=xlsx|pdf``.

    The download is built in the request, not as a job (``core.exports``): a statement is one union's books
    for one period — a trial balance or balance sheet has a row per account (a hundred or so), a ledger a
    row per voucher line of one account — read in a few grouped queries, bounded whatever the federation's
    size. The federation-wide reports are jobs."""
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _download(documents.to_xlsx(report), f"{filename}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(documents.to_pdf(report, landscape_page=landscape), f"{filename}.pdf", PDF)
    links = links or {}
    rows = [{"cells": [{**_cell(v), "label": h} for v, h in zip(row, report.headers)], "bold": i in report.bold_rows,
             "link": links.get(i)} for i, row in enumerate(report.rows)]
    query = request.GET.copy()
    query.pop("format", None)
    query["org"] = union.code
    context = _base(request, union, report=report, rows=rows, kind=kind, query=query.urlencode(), **extra)
    return render(request, "ledger/statement.html", context)


@login_required
def trial_balance(request):
    union = _union(request)
    year, month = lookups.year_month(request.GET)
    tb = queries.trial_balance(union, year, month)
    report = statements.trial_balance_report(union, tb)
    return _statement(request, union, report, kind="month", year=year, month=month, balanced=tb.balanced,
                      filename=_("%(union)s%(period)s科目余额表") % {"union": union.name,
                                                                 "period": statements.period_label(year, month)},
                      landscape=True)


@login_required
def income_statement(request):
    union = _union(request)
    year, month = lookups.year_month(request.GET)
    report = statements.income_statement_report(statements.income_statement(union, year, month))
    return _statement(request, union, report, kind="month", year=year, month=month,
                      filename=_("%(union)s%(period)s收入支出表") % {"union": union.name,
                                                                 "period": statements.period_label(year, month)})


@login_required
def balance_sheet(request):
    union = _union(request)
    year, month = lookups.year_month(request.GET)
    bs = statements.balance_sheet(union, year, month)
    return _statement(request, union, statements.balance_sheet_report(bs), kind="month", year=year, month=month,
                      balanced=bs.balanced, landscape=True,
                      filename=_("%(union)s%(period)s资产负债表") % {"union": union.name,
                                                                 "period": statements.period_label(year, month)})


def _account(request, union):
    return lookups.account_by_code(union, request.GET.get("account") or "102")


@login_required
def general_ledger(request):
    union = _union(request)
    year, _m = lookups.year_month(request.GET)
    account = _account(request, union)
    ledger = statements.general_ledger(union, account, year)
    report = statements.ledger_report(ledger, with_voucher=False)
    return _statement(request, union, report, kind="general", year=year, account=account,
                      accounts=lookups.accounts(union), filename=_("%(union)s%(year)s年总账%(code)s") % {"union": union.name, "year": year,
                                                                   "code": account.code})


@login_required
def subsidiary_ledger(request):
    user = request.user
    union = _union(request)
    account = _account(request, union)
    today = timezone.localdate()
    start = lookups.date_param(request.GET, "from", datetime.date(today.year, 1, 1))
    end = lookups.date_param(request.GET, "to", datetime.date(today.year, 12, 31))
    if end < start:
        start, end = end, start
    member = lookups.member_in_union(user, union, request.GET.get("member")) if request.GET.get("member") else None
    unit = lookups.unit_in_union(user, union, request.GET.get("unit"))
    if (request.GET.get("member") and member is None) or (request.GET.get("unit") and unit is None):
        raise Http404(_("找不到该会员或组织，或不在您的权限范围内"))
    ledger = statements.subsidiary_ledger(union, account, start, end, member=member, org=unit)
    report = statements.ledger_report(ledger)
    links = {i: reverse("ledger:voucher", args=[r.voucher.pk]) for i, r in enumerate(ledger.rows) if r.voucher}
    units = list(Organisation.objects.visible_to(user, VIEW_FINANCE).filter(union=union).order_by("path")
                 .only("code", "name")[:PICKER_LIMIT])
    return _statement(request, union, report, kind="subsidiary", account=account, accounts=lookups.accounts(union),
                      start=start, end=end, member=member, unit=unit, units=units, links=links,
                      filename=_("%(union)s明细账%(code)s") % {"union": union.name, "code": account.code})


@login_required
def chart(request):
    """The chart of accounts the union keeps its books on."""
    union = _union(request)
    return render(request, "ledger/accounts.html", _base(request, union, accounts=lookups.accounts(union),
                                                         kinds=dict(AccountKind.choices)))

