"""Funds and budget pages: the allocation register, one allocation and its money, rates, split tables,
the set-up reserve, budgets with their execution and warnings, and the .xlsx / PDF exports.

Views parse input and call ``funds.actions``. Every row comes from ``visible_to(user, VIEW_FINANCE)``
(a union, an allocation, a budget, a split table, a reserve), so an id or code out of scope is a 404;
changes are checked again by the actions (KEEP_BOOKS, APPROVE_SPENDING, MANAGE_ORGS).
"""
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, MANAGE_ORGS, VIEW_FINANCE
from gonghui.core import documents, parsing, pickers, scope
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import PICKER_LIMIT, current_union, union_options
from gonghui.members.forms import add_action_error, indent
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, execution, reports, rules
from .forms import (AllocationForm, BudgetForm, EntryForm, RateForm, ReasonForm, ReserveForm, ReturnForm,
                    SplitRuleForm)
from .models import Allocation, AllocationRate, Budget, BudgetStatus, Collection, EntryKind, SetupReserve, SplitRule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- which union, which year ----

def _require_finance(user):
    if scope.prefixes(user, VIEW_FINANCE) == []:
        raise PermissionDenied(_("无权查看经费"))


def _union(request):
    """The union of ``?org=CODE`` (the older ``?union=CODE`` too; 404 when out of scope), else the user's own."""
    return current_union(request, VIEW_FINANCE)


def _year(request):
    this_year = timezone.localdate().year
    return parsing.year_or(request.GET.get("year"), this_year, maximum=this_year + 1)


def _context(request, union, **extra):
    user = request.user
    return {"union": union, "unions": union_options(user, VIEW_FINANCE), "may_keep": scope.can(user, KEEP_BOOKS, union),
            "may_approve": scope.can(user, APPROVE_SPENDING, union), **extra}


def _fail(request, form, exc):
    add_action_error(form, exc, actions.LABELS)
    messages.error(request, _("未能办理，请查看下方说明"))


def _download(content, name, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


# ---- the allocation register ----

def _register(union, year):
    return list(Allocation.objects.filter(union=union, voided_at__isnull=True, period_start__year=year)
                .prefetch_related("entries").order_by("period_start"))


@login_required
def index(request):
    union, year = _union(request), _year(request)
    rows = _register(union, year)
    totals = {key: sum((getattr(a, key) for a in rows), Decimal("0"))
              for key in ("payroll_total", "amount", "grassroots_amount", "upward_amount")}
    pending = [a for a in rows if a.status != "settled"]
    return render(request, "funds/index.html", _context(
        request, union, year=year, years=range(timezone.localdate().year, 2015, -1), rows=rows, totals=totals,
        pending=len(pending), query=urlencode({"org": union.code, "year": year})))


@login_required
def register_xlsx(request):
    return _register_export(request, "xlsx")


@login_required
def register_pdf(request):
    return _register_export(request, "pdf")


def _register_export(request, fmt):
    """One union's allocation register for one year: a row per allocation (at most one a month or so),
    small enough to build in the request (federation-wide documents are jobs: ``core.exports``)."""
    union, year = _union(request), _year(request)
    report = reports.register_report(union, year, _register(union, year))
    name = f"{_('工会经费拨缴登记簿')}-{union.code}-{year}"
    if fmt == "xlsx":
        return _download(documents.to_xlsx(report), f"{name}.xlsx", XLSX)
    return _download(documents.to_pdf(report, landscape_page=True), f"{name}.pdf", "application/pdf")


@login_required
def allocation_new(request):
    union = _union(request)
    if not scope.can(request.user, KEEP_BOOKS, union):
        raise PermissionDenied(_("无权登记经费"))
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = actions.record_allocation(request.user, union, period=data["period"],
                                                   payroll_total=data["payroll_total"],
                                                   collection=data["collection"], note=data["note"])
        except ActionError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("已登记%(period)s的工会经费") % {"period": allocation.period_label})
            return redirect("funds:allocation", pk=allocation.pk)
    rate = rules.rate_for(union, timezone.localdate())
    rule = rules.split_rule_for(union, timezone.localdate())
    return render(request, "funds/allocation_form.html", _context(request, union, form=form, rate=rate, rule=rule))


def _allocation(user, pk):
    return get_object_or_404(Allocation.objects.visible_to(user, VIEW_FINANCE)
                             .select_related("union", "split_rule__federation", "recorded_by"), pk=pk)


def _vouchers(allocation, entries):
    """Each entry's ledger voucher, found by its source_ref in one query."""
    from gonghui.ledger.models import Voucher

    refs = [e.source_ref for e in entries]
    found = {v.source_ref: v for v in Voucher.objects.filter(union=allocation.union, source_ref__in=refs)}
    for e in entries:
        e.voucher = found.get(e.source_ref)
    return entries


def _allocation_page(request, allocation, **forms):
    entries = _vouchers(allocation, list(allocation.entries.select_related("recorded_by")))
    received = sum((e.amount for e in entries if e.kind in (EntryKind.RECEIPT, EntryKind.REFUND)), Decimal("0"))
    remitted = sum((e.amount for e in entries if e.kind == EntryKind.REMITTANCE), Decimal("0"))
    parts = rules.level_parts(allocation.amount, allocation.upward_amount, rules.rule_shares(allocation.split_rule))
    may_keep = scope.can(request.user, KEEP_BOOKS, allocation.union) and not allocation.is_void
    direct = allocation.collection == Collection.DIRECT
    context = _context(request, allocation.union, allocation=allocation, entries=entries, parts=parts,
                       received=received, remitted=remitted, owed=allocation.upward_amount - remitted,
                       refund_left=allocation.grassroots_amount - received, direct=direct)
    context["may_keep"] = may_keep
    if may_keep:
        context.update(
            receive_form=forms.get("receive_form") or EntryForm(prefix="receive"),
            remit_form=forms.get("remit_form") or EntryForm(prefix="remit"),
            refund_form=forms.get("refund_form") or EntryForm(prefix="refund"),
            void_form=forms.get("void_form") or ReasonForm(prefix="void"),
        )
    return render(request, "funds/allocation_detail.html", context)


@login_required
def allocation_detail(request, pk):
    return _allocation_page(request, _allocation(request.user, pk))


def _allocation_action(request, pk, prefix, form_class, call, success):
    allocation = _allocation(request.user, pk)
    if not scope.can(request.user, KEEP_BOOKS, allocation.union):
        raise PermissionDenied(_("无权登记经费"))
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(allocation, form.cleaned_data)
        except ActionError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, success)
            return redirect("funds:allocation", pk=allocation.pk)
    return _allocation_page(request, allocation, **{f"{prefix}_form": form})


@login_required
@require_POST
def allocation_receive(request, pk):
    return _allocation_action(request, pk, "receive", EntryForm, lambda a, d: actions.record_receipt(
        request.user, a, date=d["date"], note=d["note"]), _("已登记到账，并生成待审核凭证"))


@login_required
@require_POST
def allocation_remit(request, pk):
    return _allocation_action(request, pk, "remit", EntryForm, lambda a, d: actions.record_remittance(
        request.user, a, date=d["date"], amount=d["amount"] or None, note=d["note"]),
        _("已登记上解，并生成待审核凭证"))


@login_required
@require_POST
def allocation_refund(request, pk):
    return _allocation_action(request, pk, "refund", EntryForm, lambda a, d: actions.record_refund(
        request.user, a, date=d["date"], amount=d["amount"], note=d["note"]), _("已登记返还，并生成待审核凭证"))


@login_required
@require_POST
def allocation_void(request, pk):
    return _allocation_action(request, pk, "void", ReasonForm, lambda a, d: actions.void_allocation(
        request.user, a, reason=d["reason"]), _("已作废"))


# ---- rates ----

@login_required
def rates(request):
    union = _union(request)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not scope.can(request.user, KEEP_BOOKS, union):
            raise PermissionDenied(_("无权设置拨缴比例"))
        if form.is_valid():
            try:
                actions.set_rate(request.user, union, **form.cleaned_data)
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已设置拨缴比例"))
                return redirect(f"{reverse('funds:rates')}?{urlencode({'org': union.code})}")
    own = AllocationRate.objects.filter(union=union).select_related("created_by")
    default = AllocationRate.objects.filter(union__isnull=True).order_by("-effective_from")
    return render(request, "funds/rates.html", _context(
        request, union, form=form, own=own, default=default, current=rules.rate_for(union, timezone.localdate())))


# ---- split tables ----

def _federations(user, cap):
    qs = Organisation.objects.visible_to(user, cap).filter(kind__in=FEDERATION_KINDS).order_by("path")
    return indent(list(qs.only("id", "code", "name", "depth", "kind")[:PICKER_LIMIT]))


def _split_rules(user):
    _require_finance(user)
    return SplitRule.objects.in_view_of(user).select_related("federation").prefetch_related("shares")


@login_required
def splits(request):
    rules_ = list(_split_rules(request.user).order_by("federation__path", "-effective_from"))
    may_create = request.user.is_superuser or bool(_federations(request.user, MANAGE_ORGS))
    return render(request, "funds/splits.html", {"rules": rules_, "may_create": may_create})


@login_required
def split_new(request):
    federations = _federations(request.user, MANAGE_ORGS)
    if not federations:
        raise PermissionDenied(_("只有总工会可以设置分成表"))
    form = SplitRuleForm(request.POST or None, federations=federations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        federation = next(o for o in federations if o.code == data["federation"])
        try:
            rule = actions.create_split_rule(request.user, federation, effective_from=data["effective_from"],
                                             grassroots_share=data["grassroots_share"], shares=form.shares(),
                                             source=data["source"], note=data["note"])
        except ActionError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("已设置分成表"))
            return redirect("funds:split", pk=rule.pk)
    return render(request, "funds/split_form.html", {"form": form})


def _split(user, pk):
    return get_object_or_404(_split_rules(user), pk=pk)


@login_required
def split_detail(request, pk):
    rule = _split(request.user, pk)
    example = Decimal("25000.00")
    grassroots, upward = rules.split_amount(example, rule.grassroots_share)
    may_delete = (request.user.is_superuser if rule.federation is None
                  else scope.can(request.user, MANAGE_ORGS, rule.federation))
    return render(request, "funds/split_detail.html", {
        "rule": rule, "example": example, "grassroots": grassroots, "upward": upward,
        "parts": rules.level_parts(example, upward, rules.rule_shares(rule)), "may_delete": may_delete,
        "delete_form": ReasonForm(prefix="delete")})


@login_required
@require_POST
def split_delete(request, pk):
    rule = _split(request.user, pk)
    try:
        actions.delete_split_rule(request.user, rule, reason=request.POST.get("delete-reason", ""))
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("funds:split", pk=rule.pk)
    messages.success(request, _("已删除分成表"))
    return redirect("funds:splits")


# ---- set-up reserve (建会筹备金) ----

@login_required
def reserves(request):
    _require_finance(request.user)
    rows = (SetupReserve.objects.visible_to(request.user, VIEW_FINANCE)
            .select_related("federation", "returned_to").order_by("-received_on", "-id")[:500])
    keepers = _federations(request.user, KEEP_BOOKS)
    form = ReserveForm(request.POST or None, federations=keepers)
    if request.method == "POST":
        if not keepers:
            raise PermissionDenied(_("只有总工会的经费会计可以登记建会筹备金"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            federation = next(o for o in keepers if o.code == data.pop("federation"))
            try:
                actions.record_reserve(request.user, federation, **data)
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已登记建会筹备金"))
                return redirect("funds:reserves")
    return render(request, "funds/reserves.html", {"rows": rows, "form": form if keepers else None,
                                                   "return_form": ReturnForm(prefix="return", auto_id=False)})


@login_required
@require_POST
def reserve_return(request, pk):
    reserve = get_object_or_404(SetupReserve.objects.visible_to(request.user, VIEW_FINANCE), pk=pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        data = form.cleaned_data
        try:
            union = pickers.resolve("org", request.user, data["union"], field="union", kinds="union",
                                    within=reserve.federation.code)
            actions.return_reserve(request.user, reserve, union=union, date=data["date"], note=data["note"])
        except ActionError as exc:
            messages.error(request, exc.as_text({**actions.LABELS, "union": _("基层工会")}))
        else:
            messages.success(request, _("已返还建会筹备金"))
    else:
        messages.error(request, _("请填写新成立的基层工会和返还日期"))
    return redirect("funds:reserves")


# ---- budgets ----

@login_required
def budgets(request):
    union = _union(request)
    rows = list(Budget.objects.filter(union=union).select_related("prepared_by", "approved_by").order_by("-year"))
    return render(request, "funds/budgets.html", _context(request, union, rows=rows))


def _budget(user, pk):
    return get_object_or_404(Budget.objects.visible_to(user, VIEW_FINANCE)
                             .select_related("union", "prepared_by", "submitted_by", "approved_by"), pk=pk)


def _chart_accounts():
    from gonghui.ledger.models import DEFAULT_CHART, Account

    return list(Account.objects.filter(chart=DEFAULT_CHART, kind__in=["income", "expense"], active=True)
                .order_by("sort", "code"))


def _budget_form(request, budget=None):
    adjusting = budget is not None and budget.status == BudgetStatus.APPROVED
    initial = {}
    if budget is not None:
        initial = {"year": budget.year, "note": budget.note}
        initial.update({f"acct_{line.account_code}": line.amount for line in budget.lines.all()})
    else:
        initial = {"year": timezone.localdate().year}
    return BudgetForm(request.POST or None, initial=initial, accounts=_chart_accounts(), adjusting=adjusting,
                      fixed_year=budget is not None)


def _budget_errors(request, form, exc):
    """Row errors ("lines.N") go next to the account field of that row."""
    lines = form.lines()
    for key, texts in exc.message_dict.items():
        if key.startswith("lines.") and key[6:].isdigit() and int(key[6:]) <= len(lines):
            for text in texts:
                form.add_error(f"acct_{lines[int(key[6:]) - 1]['account']}", text)
        else:
            add_action_error(form, ActionError(errors={key: texts}), actions.LABELS)
    messages.error(request, _("未能保存，请查看下方说明"))


@login_required
def budget_new(request):
    union = _union(request)
    if not scope.can(request.user, KEEP_BOOKS, union):
        raise PermissionDenied(_("无权编制预算"))
    form = _budget_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            budget = actions.create_budget(request.user, union, year=form.cleaned_data["year"], lines=form.lines(),
                                           note=form.cleaned_data["note"])
        except ActionError as exc:
            _budget_errors(request, form, exc)
        else:
            messages.success(request, _("已保存预算草稿"))
            return redirect("funds:budget", pk=budget.pk)
    return render(request, "funds/budget_form.html", _context(request, union, form=form, budget=None))


@login_required
def budget_edit(request, pk):
    budget = _budget(request.user, pk)
    if not scope.can(request.user, KEEP_BOOKS, budget.union):
        raise PermissionDenied(_("无权编制预算"))
    if budget.status == BudgetStatus.SUBMITTED:
        messages.error(request, _("预算已报送待审批，不能修改；请审批人退回后再修改"))
        return redirect("funds:budget", pk=budget.pk)
    form = _budget_form(request, budget)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if budget.status == BudgetStatus.APPROVED:
                actions.adjust_budget(request.user, budget, lines=form.lines(), reason=data["reason"])
            else:
                actions.update_budget(request.user, budget, lines=form.lines(), note=data["note"])
        except ActionError as exc:
            _budget_errors(request, form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("funds:budget", pk=budget.pk)
    return render(request, "funds/budget_form.html", _context(request, budget.union, form=form, budget=budget))


@login_required
def budget_detail(request, pk):
    budget = _budget(request.user, pk)
    result = execution.execution(budget)
    return render(request, "funds/budget_detail.html", _context(
        request, budget.union, budget=budget, result=result, chart=execution.chart(result),
        revisions=list(budget.revisions.select_related("created_by")), return_form=ReasonForm(prefix="return"),
        is_preparer=request.user.pk in (budget.prepared_by_id, budget.submitted_by_id)))


def _budget_step(request, pk, call, success):
    budget = _budget(request.user, pk)
    try:
        call(budget)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, success)
    return redirect("funds:budget", pk=budget.pk)


@login_required
@require_POST
def budget_submit(request, pk):
    return _budget_step(request, pk, lambda b: actions.submit_budget(request.user, b), _("已报送审批"))


@login_required
@require_POST
def budget_approve(request, pk):
    return _budget_step(request, pk, lambda b: actions.approve_budget(request.user, b), _("已批准预算"))


@login_required
@require_POST
def budget_return(request, pk):
    return _budget_step(request, pk, lambda b: actions.return_budget(
        request.user, b, reason=request.POST.get("return-reason", "")), _("已退回编制人"))


@login_required
def budget_xlsx(request, pk):
    return _budget_export(request, pk, "xlsx")


@login_required
def budget_pdf(request, pk):
    return _budget_export(request, pk, "pdf")


def _budget_export(request, pk, fmt):
    """One union's budget execution table (a row per budget line), built in the request: bounded by one
    budget, never a federation's (those documents are jobs: ``core.exports``)."""
    budget = _budget(request.user, pk)
    report = reports.execution_report(execution.execution(budget))
    name = f"{_('预算执行情况表')}-{budget.union.code}-{budget.year}"
    if fmt == "xlsx":
        return _download(documents.to_xlsx(report), f"{name}.xlsx", XLSX)
    return _download(documents.to_pdf(report), f"{name}.pdf", "application/pdf")

