"""Dues pages: rolls, a roll's groups and lines, payroll batches, arrears and reminders, the six-month
report, exemptions, policy, wage bases, the internal split, collection rates, and a member's own dues.

Views parse input and call ``dues.actions`` (or ``dues.payroll``). The union comes from ``?org=<code>``
looked up among the organisations the user may see for the page's capability (a branch or group code
means its union); a roll, batch or exemption id comes from ``visible_to``, so anything out of scope is
a 404. Per-member amounts give the wage base away (dues are a fixed share of it), so they are shown
only to roles that may see wages; group totals are shown to every finance reader.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, RECORD_WAGES, SEE_WAGE, VIEW, VIEW_FINANCE
from gonghui.core import jobs as core_jobs
from gonghui.core import scope
from gonghui.core.models import Job
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.orgs.unions import current_union, union_options
from gonghui.members.models import Member
from gonghui.members import pickers as member_pickers
from gonghui.members.queries import member_for
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, charts, jobs, months, queries
from .payroll_template import payroll_template
from .forms import (BatchForm, ExemptionForm, PolicyForm, RemindForm, RemittanceForm, RevokeForm, RunAllForm, RunForm,
                    WageForm)
from .models import (DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRemittance, DuesRoll,
                     ItemStatus, WageBaseChange)

PAGE_SIZE = 50
LIST_LIMIT = 200


# ---- helpers ----

def _with_org(name, union, *args, **params):
    return f"{reverse(name, args=args)}?{urlencode({'org': union.code, **params})}"


def _may(user, cap, union):
    return scope.can(user, cap, union)


def _base(request, union, **extra):
    user = request.user
    return {"union": union, "unions": union_options(user, VIEW_FINANCE), "may_keep": _may(user, KEEP_BOOKS, union),
            "may_approve": _may(user, APPROVE_SPENDING, union), "see_wage": _may(user, SEE_WAGE, union), **extra}


def _roll(user, pk):
    return get_object_or_404(DuesRoll.objects.visible_to(user, VIEW_FINANCE).select_related("union"), pk=pk)


def _member_in(user, union, member_no, cap):
    """The member typed or picked (name, pinyin, member number) in the union, within ``cap``."""
    return member_pickers.resolve(user, member_no, pk=getattr(member_no, "pk", None), field="member_no",
                                  cap=cap, union=union)


def _fail(request, form, exc):
    show_action_error(form, exc)
    messages.error(request, _("未能办理，请查看下方说明"))


# ---- rolls ----

def _federations(user):
    """The federations where ``user`` keeps the books: they may generate the rolls of every union below."""
    return list(Organisation.objects.visible_to(user, KEEP_BOOKS).filter(kind__in=FEDERATION_KINDS)
                .only("id", "code", "name", "path").order_by("path")[:LIST_LIMIT])


@login_required
def home(request):
    """The union's rolls, newest first, with the form that generates one (and, for a federation's
    bookkeeper, the form that generates every union's at once)."""
    user = request.user
    union = current_union(request, VIEW_FINANCE)
    rolls = list(queries.rolls_of(union)[:LIST_LIMIT])
    policy = actions.policy_for(union, months.current_month())
    federations = _federations(user)
    all_form = RunAllForm(federations=federations) if federations else None
    return render(request, "dues/rolls.html", _base(request, union, rolls=rolls, policy=policy, all_form=all_form,
                                                    form=RunForm()))


@login_required
@require_POST
def run_all(request):
    """Queue the rolls of every grassroots union under a federation; the job page follows it."""
    user = request.user
    federations = _federations(user)
    if not federations:
        raise PermissionDenied(_("无权为总工会辖区生成会费表"))
    form = RunAllForm(request.POST, federations=federations)
    if form.is_valid():
        try:
            month = actions.month_value(form.cleaned_data["month"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            org = next(f for f in federations if f.code == form.cleaned_data["org"])
            job = jobs.start_run_job(user, org, month, all_unions=True)
            return redirect("dues:run_job", job.pk)
    union = current_union(request, VIEW_FINANCE)
    return render(request, "dues/rolls.html", _base(request, union, rolls=list(queries.rolls_of(union)[:LIST_LIMIT]),
                                                    policy=actions.policy_for(union, months.current_month()),
                                                    form=RunForm(), all_form=form),
                  status=400)


@login_required
def run_job(request, pk):
    """A federation-wide run's progress (polled), then what it did."""
    user = request.user
    qs = Job.objects.filter(kind=jobs.RUN, org__in=Organisation.objects.visible_to(user, KEEP_BOOKS))
    if not user.is_superuser:
        qs = qs.filter(created_by=user)
    job = core_jobs.with_live_progress(get_object_or_404(qs.select_related("org"), pk=pk))
    try:
        month_label = months.label(months.parse_month(job.params["month"], allow_future=True))
    except ValueError:  # a month the job refused: its error says so
        month_label = job.params["month"]
    return render(request, "dues/run_job.html", {"job": job, "org": job.org, "result": job.result or {},
                                                 "month_label": month_label})


@login_required
@require_POST
def run(request):
    user = request.user
    union = current_union(request, KEEP_BOOKS)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            result = actions.run_roll(user, union, form.cleaned_data["month"])
        except ActionError as exc:
            _fail(request, form, exc)
        else:
            roll = result.roll
            messages.success(request, _("已生成%(p)s会费表：%(n)d人，应缴%(t)s元") % {
                "p": roll.period_label, "n": roll.heads, "t": roll.total_due})
            if roll.no_base_heads:
                messages.warning(request, _("%(n)d人未登记缴费基数，请补录后重新生成") % {"n": roll.no_base_heads})
            return redirect("dues:roll", roll.pk)
    rolls = list(queries.rolls_of(union)[:LIST_LIMIT])
    return render(request, "dues/rolls.html", _base(request, union, rolls=rolls, form=form,
                                                    policy=actions.policy_for(union, months.current_month())),
                  status=400)


@login_required
def roll_detail(request, pk):
    """Per-group totals (with the collection chart) and the lines, keyset-paginated by member id."""
    user = request.user
    roll = _roll(user, pk)
    rates, total = queries.roll_rates(roll)
    lines = DuesItem.objects.filter(roll=roll).select_related("member", "org", "batch")
    group = None
    code = (request.GET.get("group") or "").strip()
    if code:
        group = Organisation.all_objects.filter(union=roll.union, code=code).first()
        lines = lines.filter(org=group) if group else lines.none()
    status = request.GET.get("status") if request.GET.get("status") in ItemStatus.values else ""
    if status:
        lines = lines.filter(status=status)
    after = request.GET.get("after") or ""
    if after.isdigit():
        lines = lines.filter(member_id__gt=int(after))
    rows = list(lines.order_by("member_id")[: PAGE_SIZE + 1])
    params = {k: v for k, v in (("group", code), ("status", status)) if v}
    next_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        next_url = "?" + urlencode({**params, "after": rows[-1].member_id})
    return render(request, "dues/roll.html", _base(
        request, roll.union, roll=roll, rates=rates, total=total, rows=rows, next_url=next_url,
        first_url=("?" + urlencode(params)) if after else "", group=group, status=status,
        statuses=ItemStatus.choices, chart=charts.collection_chart(_("各组织收缴率（按金额）"), rates),
        batches=list(roll.batches.order_by("-id")[:50]), not_due=queries.not_due(roll)))


@login_required
@require_POST
def roll_finalize(request, pk):
    roll = _roll(request.user, pk)
    try:
        actions.finalize_roll(request.user, roll)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("会费表已定稿，不能再重新生成"))
    return redirect("dues:roll", roll.pk)


# ---- payroll batches ----

@login_required
def import_batch(request):
    """The upload form; the file is read by the job worker (``dues.jobs``), and this page follows the job."""
    user = request.user
    union = current_union(request, KEEP_BOOKS)
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.start_payroll_job(user, union, form.cleaned_data["file"], batch_no=form.cleaned_data["batch_no"],
                                     dry_run=form.cleaned_data["dry_run"])
        return _after_job(request, union, job, form)
    return render(request, "dues/import.html", _base(request, union, form=form), status=400 if form.errors else 200)


@login_required
def import_template(request):
    """The payroll-withholding template (.xlsx with a "填写说明" sheet); it holds no data, only the columns."""
    response = HttpResponse(payroll_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="dues-payroll-template.xlsx"'
    return response


@login_required
def import_job(request, pk):
    """A payroll import's progress (the page reloads itself), then its batch or its problems."""
    user = request.user
    qs = Job.objects.filter(kind=jobs.PAYROLL, org__in=Organisation.objects.visible_to(user, KEEP_BOOKS))
    if not user.is_superuser:
        qs = qs.filter(created_by=user)
    job = core_jobs.with_live_progress(get_object_or_404(qs.select_related("org"), pk=pk))
    return _after_job(request, job.org, job, BatchForm(initial={"batch_no": job.params.get("batch_no", "")}))


def _after_job(request, union, job, form):
    if not job.finished:
        return render(request, "dues/import.html", _base(request, union, form=form, job=job))
    result = job.result or {}
    if job.status == Job.Status.DONE and result.get("ok") and result.get("batch"):
        messages.success(request, _("已导入：%(n)d人已缴，合计%(t)s元；入账凭证草稿已生成") % {
            "n": result["paid"], "t": result["total"]})
        return redirect("dues:batch", result["batch"])
    if job.status == Job.Status.FAILED:
        result = {"ok": False, "problems": [{"row": 0, "column": "", "message": job.error}], "warnings": []}
    return render(request, "dues/import.html", _base(request, union, form=form, result=result),
                  status=200 if result.get("ok") else 400)


@login_required
def batch_detail(request, pk):
    user = request.user
    batch = get_object_or_404(DuesBatch.objects.visible_to(user, VIEW_FINANCE).select_related("union", "roll",
                                                                                              "imported_by"), pk=pk)
    after = request.GET.get("after") or ""
    lines = DuesItem.objects.filter(batch=batch).select_related("member", "org")
    if after.isdigit():
        lines = lines.filter(member_id__gt=int(after))
    rows = list(lines.order_by("member_id")[: PAGE_SIZE + 1])
    next_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        next_url = "?" + urlencode({"after": rows[-1].member_id})
    return render(request, "dues/batch.html", _base(request, batch.union, batch=batch, rows=rows, next_url=next_url,
                                                    voucher=_voucher(batch)))


def _voucher(batch):
    from gonghui.ledger.models import Voucher

    return Voucher.objects.filter(union=batch.union, source_ref=batch.source_ref).first()


# ---- arrears, reminders and the six-month report ----

def _member_rows(rows):
    members = Member.all_objects.in_bulk([r["member_id"] for r in rows])
    orgs = Organisation.all_objects.in_bulk({m.org_id for m in members.values()})
    for r in rows:
        r["member"] = members[r["member_id"]]
        r["org"] = orgs[r["member"].org_id]
    return rows


@login_required
def arrears(request):
    union = current_union(request, VIEW_FINANCE)
    raw = request.GET.get("months") or "1"
    min_months = max(1, min(int(raw), 120)) if raw.isdigit() else 1
    after = request.GET.get("after") or ""
    qs = queries.arrears(union, min_months=min_months)
    rows, next_id = queries.page(qs, int(after) if after.isdigit() else None, PAGE_SIZE)
    count, total_months, amount = queries.arrears_totals(union, min_months=min_months)
    return render(request, "dues/arrears.html", _base(
        request, union, rows=_member_rows(rows), min_months=min_months, count=count, total_months=total_months,
        amount=amount, remind_form=RemindForm(initial={"min_months": min_months}),
        next_url=f"?{urlencode({'org': union.code, 'months': min_months, 'after': next_id})}" if next_id else "",
        sent=DuesReminder.objects.filter(union=union, month=months.current_month()).count()))


@login_required
@require_POST
def remind(request):
    user = request.user
    union = current_union(request, KEEP_BOOKS)
    form = RemindForm(request.POST)
    if form.is_valid():
        try:
            sent = actions.send_reminders(user, union, min_months=form.cleaned_data["min_months"])
        except ActionError as exc:
            messages.error(request, exc.as_text())
        else:
            messages.success(request, _("已向%(n)d名会员发出本月欠缴提醒（本月已提醒过的不重复）") % {"n": len(sent)})
    else:
        messages.error(request, _("欠缴月数应为1到120之间的整数"))
    return redirect(_with_org("dues:arrears", union, months=request.POST.get("min_months", "1")[:3]))


@login_required
def lapsed(request):
    union = current_union(request, VIEW_FINANCE)
    after = request.GET.get("after") or ""
    rows, next_id = queries.page(queries.lapsed(union), int(after) if after.isdigit() else None, PAGE_SIZE)
    return render(request, "dues/lapsed.html", _base(
        request, union, rows=_member_rows(rows), lapse_months=queries.LAPSE_MONTHS,
        next_url=f"?{urlencode({'org': union.code, 'after': next_id})}" if next_id else ""))


# ---- exemptions ----

@login_required
def exemptions(request):
    user = request.user
    union = current_union(request, VIEW_FINANCE)
    form = ExemptionForm(request.POST or None)
    form.fields["member_no"].set_params(within=union.code)
    if request.method == "POST":
        scope.require(user, APPROVE_SPENDING, union)
        if form.is_valid():
            d = form.cleaned_data
            try:
                member = _member_in(user, union, d["member_no"], VIEW_FINANCE)
                actions.grant_exemption(user, member, start_month=d["start_month"], end_month=d["end_month"],
                                        reason=d["reason"], decision_no=d["decision_no"])
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已登记困难减免；此后生成的会费表按免缴处理"))
                return redirect(_with_org("dues:exemptions", union))
    rows = list(DuesExemption.objects.filter(union=union).select_related("member", "approved_by", "revoked_by")
                [:LIST_LIMIT])
    return render(request, "dues/exemptions.html", _base(request, union, rows=rows, form=form,
                                                         revoke_form=RevokeForm()),
                  status=400 if form.errors else 200)


@login_required
@require_POST
def exemption_revoke(request, pk):
    user = request.user
    exemption = get_object_or_404(DuesExemption.objects.visible_to(user, VIEW_FINANCE).select_related("union"), pk=pk)
    form = RevokeForm(request.POST)
    try:
        actions.revoke_exemption(user, exemption, note=form.data.get("note", "")[:200])
    except ActionError as exc:
        messages.error(request, exc.as_text({"note": _("撤销原因")}))
    else:
        messages.success(request, _("已撤销减免"))
    return redirect(_with_org("dues:exemptions", exemption.union))


# ---- policy and wage bases ----

@login_required
def policy(request):
    user = request.user
    union = current_union(request, VIEW_FINANCE)
    form = PolicyForm(request.POST or None)
    if request.method == "POST":
        scope.require(user, KEEP_BOOKS, union)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.set_policy(user, union, effective_from=d["effective_from"], rate_percent=d["rate_percent"],
                                   frequency=d["frequency"], group_share=d["group_share"], note=d["note"])
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已保存会费设置"))
                return redirect(_with_org("dues:policy", union))
    rows = list(DuesPolicy.objects.filter(union=union).select_related("created_by")[:LIST_LIMIT])
    current = actions.policy_for(union, months.current_month())
    return render(request, "dues/policy.html", _base(request, union, rows=rows, form=form, current=current),
                  status=400 if form.errors else 200)


@login_required
def wages(request):
    user = request.user
    union = current_union(request, VIEW_FINANCE)
    form = WageForm(request.POST or None)
    form.fields["member_no"].set_params(within=union.code)
    if request.method == "POST":
        scope.require_any(user, RECORD_WAGES, union)
        if form.is_valid():
            d = form.cleaned_data
            try:
                member = _member_in(user, union, d["member_no"], VIEW)
                actions.record_wage_base(user, member, wage_base=d["wage_base"], effective_from=d["effective_from"],
                                         source=d["source"], note=d["note"])
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已记录缴费基数变动"))
                return redirect(_with_org("dues:wages", union))
    rows = list(WageBaseChange.objects.filter(union=union).select_related("member", "created_by")[:LIST_LIMIT])
    return render(request, "dues/wages.html", _base(request, union, rows=rows, form=form,
                                                    may_record=any(_may(user, cap, union) for cap in RECORD_WAGES)),
                  status=400 if form.errors else 200)


# ---- the internal split ----

@login_required
def remittances(request):
    """What each branch or group is owed under the roll's split, what was passed on, and the balance."""
    user = request.user
    union = current_union(request, VIEW_FINANCE)
    rolls = list(queries.rolls_of(union).filter(group_share__gt=0)[:36])
    wanted = request.GET.get("roll") or request.POST.get("roll") or ""
    roll = next((r for r in rolls if str(r.pk) == wanted), rolls[0] if rolls else None)
    rows = queries.remittance_rows(roll) if roll else []
    choices = [(str(r["org"].pk), r["org"].name) for r in rows if r["balance"] > 0]
    form = RemittanceForm(request.POST or None, org_choices=choices,
                          initial={"paid_at": timezone.localdate()})
    if request.method == "POST" and roll is not None:
        scope.require(user, KEEP_BOOKS, union)
        if form.is_valid():
            d = form.cleaned_data
            to_org = Organisation.objects.filter(union=union, pk=d["to_org"]).first()
            try:
                actions.record_remittance(user, roll, to_org=to_org, amount=d["amount"], paid_at=d["paid_at"],
                                          note=d["note"])
            except ActionError as exc:
                _fail(request, form, exc)
            else:
                messages.success(request, _("已登记拨付"))
                return redirect(_with_org("dues:remittances", union, roll=roll.pk))
    history = list(DuesRemittance.objects.filter(roll=roll).select_related("to_org", "recorded_by")) if roll else []
    return render(request, "dues/remittances.html", _base(request, union, rolls=rolls, roll=roll, rows=rows,
                                                          form=form, history=history),
                  status=400 if form.errors else 200)


# ---- collection rates ----

@login_required
def collection(request):
    union = current_union(request, VIEW_FINANCE)
    try:
        month = months.parse_month(request.GET.get("month")) if request.GET.get("month") else None
    except ValueError:
        month = None
    latest = queries.rolls_of(union).first()
    month = month or (latest.month if latest else months.current_month())
    rates, total = queries.month_rates(union, month)
    year_rows, year_total = queries.year_rates(union, month)
    return render(request, "dues/collection.html", _base(
        request, union, month=month, month_label=months.label(month), rates=rates, total=total,
        year_rows=year_rows, year_total=year_total,
        charts=[charts.collection_chart(_("%(m)s收缴率（按金额）") % {"m": months.label(month)}, rates),
                charts.collection_chart(_("%(y)d年累计收缴率（按金额）") % {"y": month.year}, year_rows)],
        month_options=[months.iso(r.month) for r in queries.rolls_of(union)[:36]]))


# ---- a member's own dues ----

@login_required
def mine(request):
    """The signed-in member's own dues: every roll line, reminders and hardship exemptions."""
    member = member_for(request.user)
    context = {"member": member, "rows": [], "reminders": [], "exemptions": []}
    if member is not None:
        context["rows"] = list(DuesItem.objects.filter(member=member).select_related("roll", "org")
                               .order_by("-roll__month")[:120])
        context["reminders"] = list(DuesReminder.objects.filter(member=member)[:24])
        context["exemptions"] = list(DuesExemption.objects.filter(member=member, revoked_at__isnull=True))
        context["owed"] = sum((r.amount for r in context["rows"] if r.status == ItemStatus.UNPAID),
                              actions.ZERO)
        context["wage_base"] = member.wage_base
    return render(request, "dues/mine.html", context)

