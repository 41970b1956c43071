"""Mutual-aid pages: the officer's hub with reminders, plans and enrolment, claims, health checks,
figures, and the member's own page.

Views parse input and call ``mutualaid.actions``. Every object comes through ``visible_to`` (an
out-of-scope id is a 404); CARE manages, VIEW reads without medical details; a member sees and
submits their own claims.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import CARE, MANAGE_ORGS, VIEW
from gonghui.core import charts, parsing, scope
from gonghui.core.documents import Report, to_xlsx
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.orgs.lookups import scoped_org
from gonghui.members.forms import indent
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import MEMBER_HOLDING_KINDS, Kind, Organisation

from . import actions, metrics, queries
from .forms import ApproveForm, ClaimForm, EnrolForm, PayForm, PlanForm, RejectForm, RenewForm, RoundForm, SlotForm
from .models import (Attendance, Claim, ClaimStatus, Enrolment, EnrolmentBatch, HealthCheckRound, HealthCheckSlot,
                     MutualAidPlan)

PAGE = 50


# ---- helpers ----

def _require_officer(user, cap=VIEW):
    if scope.prefixes(user, cap) == []:
        raise PermissionDenied(_("您没有这项权限"))


def _pickable(user, cap=VIEW):
    return list(Organisation.objects.visible_to(user, cap).filter(
        kind__in=[Kind.GRASSROOTS, Kind.COUNTY, Kind.TOWN, Kind.CITY, Kind.PROVINCE, Kind.NATIONAL])
        .order_by("path")[:300])


def _holding_orgs(user, org):
    """The union and its branches and groups the user may manage, for the enrol / slot pickers."""
    union = org if org.kind == Kind.GRASSROOTS else org.union
    if union is None:
        return []
    return indent(list(Organisation.objects.visible_to(user, CARE).subtree(union)
                       .filter(kind__in=MEMBER_HOLDING_KINDS).order_by("path")[:300]))


def _org_in(user, code, cap):
    org = Organisation.objects.visible_to(user, cap).filter(code=(code or "").strip()).first()
    if org is None:
        raise ActionError(_("组织不存在或不在您的权限范围内"), field="org")
    return org


def keyset(qs, request, size=None):
    """A page of ``qs`` newest first, with ``?before=<id>`` / ``?after=<id>`` links (keyset, not offset)."""
    size = size or PAGE
    def _id(name):
        try:
            return int(request.GET.get(name) or 0)
        except ValueError:
            return 0

    before, after = _id("before"), _id("after")
    if after:
        rows = list(qs.filter(pk__gt=after).order_by("id")[:size + 1])
        newer = len(rows) > size
        rows = rows[:size][::-1]
        older = bool(rows)
    else:
        base = qs.filter(pk__lt=before) if before else qs
        rows = list(base.order_by("-id")[:size + 1])
        older = len(rows) > size
        rows = rows[:size]
        newer = bool(before) and bool(rows)
    params = {k: v for k, v in request.GET.items() if k not in ("before", "after")}
    return rows, {
        "older": "?" + urlencode({**params, "before": rows[-1].pk}) if older and rows else "",
        "newer": "?" + urlencode({**params, "after": rows[0].pk}) if newer and rows else "",
    }


def _may_manage_plan(user, plan):
    owner = plan.owner
    if owner.is_federation:
        return scope.can(user, CARE, owner) or scope.can(user, MANAGE_ORGS, owner)
    return scope.can(user, CARE, owner)


def _plan(user, pk, cap=VIEW):
    return get_object_or_404(MutualAidPlan.objects.visible_to(user, cap).select_related("owner", "renewed_from"),
                             pk=pk)


# ---- the hub ----

@login_required
def home(request):
    user = request.user
    if not scope.is_officer(user):
        return redirect("mutualaid:mine")
    org = scoped_org(request, VIEW)
    today = timezone.localdate()
    plans = list(queries.plans_for_org(user, VIEW, org).filter(coverage_end__gte=today.replace(month=1, day=1))
                 .annotate(n=Count("enrolments", filter=Q(enrolments__deleted_at__isnull=True,
                                                         enrolments__org__in=queries.subtree_ids(org))))
                 .order_by("coverage_start", "name")[:100])
    visible_plans = MutualAidPlan.objects.visible_to(user, VIEW)
    slots = HealthCheckSlot.objects.visible_to(user, VIEW).filter(org__in=queries.subtree_ids(org))
    claims_open = Claim.objects.visible_to(user, VIEW).filter(
        org__in=queries.subtree_ids(org), status__in=[ClaimStatus.SUBMITTED, ClaimStatus.REVIEWING]).count()
    rounds = list(HealthCheckRound.objects.visible_to(user, VIEW).filter(union__in=queries.subtree_ids(org))[:20])
    return render(request, "mutualaid/home.html", {
        "org": org, "union": org, "unions": _pickable(user), "plans": plans, "today": today,
        "renewals": queries.renewals_due(visible_plans, org, today), "slots": queries.upcoming_slots(slots, today),
        "claims_open": claims_open, "rounds": rounds, "may_care": scope.can(user, CARE, org),
    })


# ---- plans ----

def _owners(user):
    owners = Organisation.objects.visible_to(user, CARE).filter(kind=Kind.GRASSROOTS)
    feds = Organisation.objects.visible_to(user, MANAGE_ORGS).filter(
        kind__in=[Kind.COUNTY, Kind.TOWN, Kind.CITY, Kind.PROVINCE, Kind.NATIONAL])
    return list((owners | feds).order_by("path")[:300])


def _plan_initial(plan):
    data = {f: getattr(plan, f) for f in actions.PLAN_FIELDS}
    for f in ("coverage_start", "coverage_end"):
        data[f] = data[f].isoformat()
    data["owner"] = plan.owner.code
    return data


@login_required
def plan_new(request):
    user = request.user
    owners = _owners(user)
    if not owners:
        raise PermissionDenied(_("您没有制定互助保障计划的权限"))
    year = timezone.localdate().year
    if request.method == "POST":
        form = PlanForm(request.POST, owners=owners)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                owner = next((o for o in owners if o.code == data.pop("owner")), None)
                if owner is None:
                    raise ActionError(_("请选择制定组织"), field="owner")
                plan = actions.create_plan(user, owner, **data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已创建互助保障计划"))
                return redirect("mutualaid:plan", pk=plan.pk)
    else:
        form = PlanForm(owners=owners, initial={"year": year, "coverage_start": f"{year}-01-01",
                                                "coverage_end": f"{year}-12-31", "provider": _("省职工保障互助会")})
    return render(request, "mutualaid/plan_form.html", {"form": form, "plan": None},
                  status=400 if form.errors else 200)


@login_required
def plan_edit(request, pk):
    user = request.user
    plan = _plan(user, pk)
    if not _may_manage_plan(user, plan):
        raise PermissionDenied(_("无权修改该计划"))
    owners = [plan.owner]
    if request.method == "POST":
        form = PlanForm(request.POST, owners=owners, editing=True, initial={"owner": plan.owner.code})
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("owner", None)
            try:
                actions.update_plan(user, plan, **data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("mutualaid:plan", pk=plan.pk)
    else:
        form = PlanForm(owners=owners, editing=True, initial=_plan_initial(plan))
    return render(request, "mutualaid/plan_form.html", {"form": form, "plan": plan},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def plan_delete(request, pk):
    user = request.user
    plan = _plan(user, pk)
    try:
        actions.delete_plan(user, plan)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("mutualaid:plan", pk=plan.pk)
    messages.success(request, _("已删除该计划"))
    return redirect("mutualaid:home")


def _plan_context(request, plan, **forms):
    user = request.user
    org = scoped_org(request, VIEW)
    may_care = scope.can(user, CARE, org)
    holding = _holding_orgs(user, org) if may_care and org.kind in MEMBER_HOLDING_KINDS else []
    batches = list(EnrolmentBatch.objects.visible_to(user, VIEW).filter(plan=plan, union__in=queries.subtree_ids(org))
                   .select_related("org", "voucher", "created_by")[:50])
    return {
        "plan": plan, "org": org, "union": org, "unions": _pickable(user), "totals": queries.plan_totals(plan, org),
        "batches": batches, "may_care": may_care, "may_manage": _may_manage_plan(user, plan),
        "following": actions.next_year_plan(plan), "age_band": actions.eligibility.age_band(plan),
        "enrol_form": forms.get("enrol_form") or (EnrolForm(orgs=holding) if holding else None),
        "renew_form": forms.get("renew_form") or (RenewForm(orgs=holding) if holding else None),
        "may_voucher": {b.pk for b in batches if not b.voucher_id and b.union_total > 0
                        and scope.can(user, CARE, b.union)},
    }


@login_required
def plan_detail(request, pk):
    user = request.user
    _require_officer(user)
    plan = _plan(user, pk)
    return render(request, "mutualaid/plan_detail.html", _plan_context(request, plan))


def _members_by_numbers(user, org, text):
    numbers = [n for n in text.replace("，", ",").replace("、", ",").replace("\n", ",").replace(" ", ",").split(",")
               if n.strip()]
    if not numbers:
        return None
    found = dict(Member.objects.visible_to(user, CARE).filter(
        org__in=queries.subtree_ids(org), member_no__in=numbers).values_list("member_no", "id"))
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ActionError(_("在%(org)s找不到会员编号：%(nos)s") % {"org": org.name, "nos": "、".join(missing[:10])},
                          field="member_nos")
    return list(found.values())


@require_POST
@login_required
def plan_enrol(request, pk):
    user = request.user
    plan = _plan(user, pk)
    org = scoped_org(request, VIEW)
    holding = _holding_orgs(user, org)
    form = EnrolForm(request.POST, orgs=holding)
    if form.is_valid():
        try:
            target = _org_in(user, form.cleaned_data["org"], CARE)
            members = _members_by_numbers(user, target, form.cleaned_data["member_nos"])
            batch = actions.enrol(user, plan, target, members=members,
                                  draft_voucher=form.cleaned_data["draft_voucher"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已登记%(n)s人参保，保费合计%(total)s元") % {
                "n": batch.head_count, "total": batch.premium_total})
            return redirect(reverse("mutualaid:plan", args=[plan.pk]) + f"?org={org.code}")
    return render(request, "mutualaid/plan_detail.html", _plan_context(request, plan, enrol_form=form), status=400)


@require_POST
@login_required
def plan_next_year(request, pk):
    """The plan's owner publishes next year's plan (same terms, dates a year later; edit it afterwards)."""
    user = request.user
    plan = _plan(user, pk)
    if not _may_manage_plan(user, plan):
        raise PermissionDenied(_("无权修改该计划"))
    try:
        following = actions.publish_next_year(user, plan)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("mutualaid:plan", pk=plan.pk)
    messages.success(request, _("已发布下一年度计划，可修改保费和给付上限"))
    return redirect("mutualaid:plan", pk=following.pk)


@require_POST
@login_required
def plan_renew(request, pk):
    user = request.user
    plan = _plan(user, pk)
    org = scoped_org(request, VIEW)
    form = RenewForm(request.POST, orgs=_holding_orgs(user, org))
    if form.is_valid():
        try:
            target = _org_in(user, form.cleaned_data["org"], CARE)
            batch = actions.renew(user, plan, target, draft_voucher=form.cleaned_data["draft_voucher"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已续保%(n)s人") % {"n": batch.head_count})
            return redirect(reverse("mutualaid:plan", args=[batch.plan_id]) + f"?org={org.code}")
    return render(request, "mutualaid/plan_detail.html", _plan_context(request, plan, renew_form=form), status=400)


@login_required
def plan_enrolments(request, pk):
    """Who is enrolled (in the chosen organisation), keyset pages; ``?export=xlsx`` for the list to send
    to the provider."""
    user = request.user
    _require_officer(user)
    plan = _plan(user, pk)
    org = scoped_org(request, VIEW)
    qs = (Enrolment.objects.visible_to(user, VIEW).filter(plan=plan, org__in=queries.subtree_ids(org))
          .select_related("member", "org"))
    if request.GET.get("export") == "xlsx":
        rows = [[e.member.member_no, e.member.name, _(str(e.member.get_sex_display())), e.org.name, e.premium,
                 e.union_pays, e.member_pays] for e in qs.order_by("org__path", "member__member_no")[:20000]]
        report = Report(title=_("%(plan)s参保名单") % {"plan": plan.label}, unit=org.name,
                        period=_("%(start)s至%(end)s") % {"start": f"{plan.coverage_start:%Y-%m-%d}",
                                                         "end": f"{plan.coverage_end:%Y-%m-%d}"},
                        headers=[_("会员编号"), _("姓名"), _("性别"), _("所在组织"), _("保费"), _("工会承担"),
                                 _("个人缴纳")], rows=rows)
        response = HttpResponse(to_xlsx(report), content_type="application/vnd.openxmlformats-officedocument"
                                                            ".spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename=mutualaid-{plan.pk}.xlsx"
        return response
    rows, links = keyset(qs, request)
    return render(request, "mutualaid/enrolments.html", {
        "plan": plan, "org": org, "rows": rows, "links": links, "may_care": scope.can(user, CARE, org)})


def _enrolment(user, pk, cap=CARE, manager=None):
    manager = manager or Enrolment.objects
    return get_object_or_404(manager.visible_to(user, cap).select_related("member", "plan", "org"), pk=pk)


@require_POST
@login_required
def enrolment_cancel(request, pk):
    user = request.user
    enrolment = _enrolment(user, pk)
    try:
        actions.cancel_enrolment(user, enrolment, note=request.POST.get("note", ""))
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已取消%(name)s的参保") % {"name": enrolment.member.name})
    return redirect("mutualaid:enrolments", pk=enrolment.plan_id)


@require_POST
@login_required
def enrolment_restore(request, pk):
    user = request.user
    enrolment = _enrolment(user, pk, manager=Enrolment.all_objects)
    try:
        actions.restore_enrolment(user, enrolment)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已恢复%(name)s的参保") % {"name": enrolment.member.name})
    return redirect("mutualaid:enrolments", pk=enrolment.plan_id)


@require_POST
@login_required
def batch_voucher(request, pk):
    user = request.user
    batch = get_object_or_404(EnrolmentBatch.objects.visible_to(user, CARE), pk=pk)
    try:
        voucher = actions.draft_premium_voucher(user, batch)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已生成记账凭证草稿%(label)s，请经费会计审核记账") % {"label": voucher.label})
    return redirect(reverse("mutualaid:plan", args=[batch.plan_id]) + f"?org={batch.union.code}")


# ---- claims ----

def may_see_medical(user, claim):
    return claim.member.user_id == user.pk or scope.can(user, CARE, claim.org)


def _claim_form_enrolments(enrolments):
    return [(e, _("%(plan)s（%(name)s）") % {"plan": e.plan.label, "name": e.member.name}) for e in enrolments]


@login_required
def claims(request):
    user = request.user
    _require_officer(user)
    org = scoped_org(request, VIEW)
    qs = Claim.objects.visible_to(user, VIEW).filter(org__in=queries.subtree_ids(org)).select_related(
        "member", "plan", "org")
    status = request.GET.get("status") or ""
    if status in ClaimStatus.values:
        qs = qs.filter(status=status)
    rows, links = keyset(qs, request)
    return render(request, "mutualaid/claims.html", {
        "org": org, "union": org, "unions": _pickable(user), "rows": rows, "links": links, "status": status,
        "statuses": ClaimStatus.choices})


@login_required
def claim_on_behalf(request, pk):
    """A CARE officer submits a claim for an enrolled member (e.g. brought in on paper)."""
    user = request.user
    enrolment = _enrolment(user, pk)
    choices = _claim_form_enrolments([enrolment])
    form = ClaimForm(request.POST or None, enrolments=choices, initial={"enrolment": str(enrolment.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            claim = actions.submit_claim(user, enrolment, amount=form.cleaned_data["amount"],
                                         incident_date=form.cleaned_data["incident_date"],
                                         diagnosis=form.cleaned_data["diagnosis"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已提交给付申请"))
            return redirect("mutualaid:claim", pk=claim.pk)
    return render(request, "mutualaid/claim_form.html", {
        "form": form, "enrolment": enrolment, "remaining": actions.remaining(enrolment)},
        status=400 if form.errors else 200)


def _claim(user, pk):
    return get_object_or_404(Claim.objects.visible_to(user, VIEW).select_related("member", "plan", "org", "union",
                                                                                 "submitted_by"), pk=pk)


def _claim_context(user, claim, **forms):
    may_care = scope.can(user, CARE, claim.org)
    return {"claim": claim, "medical": may_see_medical(user, claim), "may_care": may_care,
            "steps": list(claim.steps.select_related("by")), "remaining": actions.remaining(claim.enrolment),
            "approve_form": forms.get("approve_form") or ApproveForm(),
            "reject_form": forms.get("reject_form") or RejectForm(),
            "pay_form": forms.get("pay_form") or PayForm(initial={"paid_on": timezone.localdate().isoformat()}),
            "Status": ClaimStatus}


@login_required
def claim_detail(request, pk):
    claim = _claim(request.user, pk)
    return render(request, "mutualaid/claim_detail.html", _claim_context(request.user, claim))


def _move(request, pk, form_class, form_name, call, success):
    user = request.user
    claim = _claim(user, pk)
    if not scope.can(user, CARE, claim.org):
        raise PermissionDenied(_("需要互助保障经办权限"))
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            call(claim, form.cleaned_data if form else {})
        except ActionError as exc:
            if form is None:
                messages.error(request, exc.as_text(actions.LABELS))
                return redirect("mutualaid:claim", pk=claim.pk)
            show_action_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("mutualaid:claim", pk=claim.pk)
    return render(request, "mutualaid/claim_detail.html", _claim_context(user, claim, **{form_name: form}),
                  status=400)


@require_POST
@login_required
def claim_review(request, pk):
    return _move(request, pk, None, "", lambda c, d: actions.review_claim(request.user, c), _("已开始审核"))


@require_POST
@login_required
def claim_approve(request, pk):
    return _move(request, pk, ApproveForm, "approve_form",
                 lambda c, d: actions.approve_claim(request.user, c, amount=d["amount_approved"],
                                                    note=d["decision_note"]), _("已核准"))


@require_POST
@login_required
def claim_reject(request, pk):
    return _move(request, pk, RejectForm, "reject_form",
                 lambda c, d: actions.reject_claim(request.user, c, note=d["decision_note"]), _("已不予核准"))


@require_POST
@login_required
def claim_pay(request, pk):
    return _move(request, pk, PayForm, "pay_form",
                 lambda c, d: actions.pay_claim(request.user, c, paid_on=d["paid_on"]), _("已登记给付"))


# ---- health checks ----

@login_required
def checks(request):
    user = request.user
    _require_officer(user)
    org = scoped_org(request, VIEW)
    rounds = list(HealthCheckRound.objects.visible_to(user, VIEW).filter(union__in=queries.subtree_ids(org))
                  .select_related("union")[:100])
    totals = dict(Attendance.objects.filter(round__in=[r.pk for r in rounds]).values_list("round_id")
                  .annotate(n=Count("id")).order_by())
    for r in rounds:
        r.attended = totals.get(r.pk, 0)
    union = org if org.kind == Kind.GRASSROOTS else None
    may_create = union is not None and scope.can(user, CARE, union)
    form = None
    if may_create:
        year = timezone.localdate().year
        form = RoundForm(request.POST or None, initial={"name": _("%(year)s年职工体检") % {"year": year}})
        if request.method == "POST" and form.is_valid():
            try:
                check = actions.create_round(user, union, **form.cleaned_data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已创建体检安排，请为各小组安排时段"))
                return redirect("mutualaid:check", pk=check.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("请先选择一个基层工会"))
    return render(request, "mutualaid/checks.html", {
        "org": org, "union": org, "unions": _pickable(user), "rounds": rounds, "form": form},
        status=400 if form is not None and form.errors else 200)


def _round(user, pk, cap=VIEW):
    return get_object_or_404(HealthCheckRound.objects.visible_to(user, cap).select_related("union"), pk=pk)


def _round_context(user, check, slot_form=None):
    may_care = scope.can(user, CARE, check.union)
    if may_care and slot_form is None:
        slot_form = SlotForm(orgs=_holding_orgs(user, check.union), initial={"date": check.start_date.isoformat(),
                                                                               "start_time": "08:00"})
    rows = queries.participation(check)
    chart = charts.bars(_("各组到检率（%）"), [(f"{r['org'].name}", int(round(r["rate"] or 0))) for r in rows],
                        total=100)
    return {"check": check, "rows": rows, "totals": queries.round_totals(check), "may_care": may_care,
            "slot_form": slot_form, "chart": chart, "today": timezone.localdate()}


@login_required
def check_detail(request, pk):
    user = request.user
    _require_officer(user)
    check = _round(user, pk)
    return render(request, "mutualaid/check_detail.html", _round_context(user, check))


@require_POST
@login_required
def check_slot_add(request, pk):
    user = request.user
    check = _round(user, pk, CARE)
    form = SlotForm(request.POST, orgs=_holding_orgs(user, check.union))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            org = _org_in(user, data.pop("org"), CARE)
            actions.add_slot(user, check, org=org, **data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已安排时段"))
            return redirect("mutualaid:check", pk=check.pk)
    return render(request, "mutualaid/check_detail.html", _round_context(user, check, form), status=400)


@require_POST
@login_required
def check_delete(request, pk):
    user = request.user
    check = _round(user, pk, CARE)
    try:
        actions.delete_round(user, check)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("mutualaid:check", pk=check.pk)
    messages.success(request, _("已删除体检安排"))
    return redirect("mutualaid:checks")


def _slot(user, pk, slot_id, cap=VIEW):
    check = _round(user, pk, cap)
    slot = HealthCheckSlot.objects.filter(round=check, pk=slot_id).select_related("org", "round").first()
    if slot is None:
        raise Http404(_("找不到该时段"))
    return check, slot


@login_required
def slot_attendance(request, pk, slot_id):
    """The roster of one group's slot: tick who attended and save (one transaction)."""
    user = request.user
    _require_officer(user)
    check, slot = _slot(user, pk, slot_id)
    may_care = scope.can(user, CARE, check.union)
    error = ""
    if request.method == "POST":
        if not may_care:
            raise PermissionDenied(_("需要互助保障经办权限"))
        try:
            count = actions.save_attendance(user, slot, request.POST.getlist("attended"))
        except ActionError as exc:
            error = exc.as_text(actions.LABELS)
        else:
            messages.success(request, _("已保存：%(n)s人到检") % {"n": count})
            return redirect("mutualaid:check", pk=check.pk)
    people = list(actions.roster(slot).select_related("org").only("id", "name", "member_no", "org__name")
                  .order_by("org__path", "member_no")[:2000])
    ticked = set(Attendance.objects.filter(slot=slot).values_list("member_id", flat=True))
    elsewhere = set(Attendance.objects.filter(round=check).exclude(slot=slot).values_list("member_id", flat=True))
    return render(request, "mutualaid/attendance.html", {
        "check": check, "slot": slot, "people": people, "ticked": ticked, "elsewhere": elsewhere,
        "may_care": may_care and slot.date <= timezone.localdate(), "error": error}, status=400 if error else 200)


@require_POST
@login_required
def slot_delete(request, pk, slot_id):
    user = request.user
    check, slot = _slot(user, pk, slot_id, CARE)
    try:
        actions.delete_slot(user, slot)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已删除时段"))
    return redirect("mutualaid:check", pk=check.pk)


@login_required
def check_export(request, pk):
    """Schedule and attendance of a round as .xlsx: one row per member on a slot's roster."""
    user = request.user
    _require_officer(user)
    check = _round(user, pk)
    slots = sorted(HealthCheckSlot.objects.filter(round=check).select_related("org"),
                   key=lambda s: len(s.org.path), reverse=True)
    ticked = set(Attendance.objects.filter(round=check).values_list("member_id", flat=True))
    yes, no = _("是"), _("否")
    rows = []
    people = (Member.objects.filter(queries.CURRENT, union=check.union).select_related("org")
              .only("id", "name", "member_no", "org__path", "org__name").order_by("org__path", "member_no"))
    for m in people.iterator(chunk_size=2000):
        slot = next((s for s in slots if m.org.path.startswith(s.org.path)), None)
        if slot is None:
            continue
        rows.append([slot.org.name, slot.date, slot.start_time.strftime("%H:%M"), m.member_no, m.name, m.org.name,
                     yes if m.pk in ticked else no])
    totals = queries.round_totals(check)
    report = Report(title=_("%(name)s安排及到检名单") % {"name": check.name}, unit=check.union.name,
                    period=_("%(start)s至%(end)s（%(provider)s）") % {
                        "start": f"{check.start_date:%Y-%m-%d}", "end": f"{check.end_date:%Y-%m-%d}",
                        "provider": check.provider},
                    headers=[_("分组"), _("日期"), _("时间"), _("会员编号"), _("姓名"), _("所在组织"), _("到检")],
                    rows=rows,
                    footer=_("到检%(attended)s人，应检%(roster)s人，到检率%(rate)s%%") % {
                        "attended": totals["attended"], "roster": totals["roster"], "rate": totals["rate"] or 0})
    response = HttpResponse(to_xlsx(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=health-check-{check.pk}.xlsx"
    return response


# ---- figures ----

@login_required
def figures(request):
    user = request.user
    _require_officer(user)
    org = scoped_org(request, VIEW)
    today = timezone.localdate()
    year = parsing.year_or(request.GET.get("year"), today.year)
    start, end = today.replace(year=year, month=1, day=1), today.replace(year=year, month=12, day=31)
    readings = [(m, m.read(org, start, end)) for m in metrics.METRICS]
    day = min(today, end)
    coverage = charts.bars(_("各计划参保人数"), [(label, n) for label, n, _pk in queries.coverage_by_plan(org, day)])
    statuses = charts.donut(_("给付申请状态"), queries.claims_by_status(org, year))
    rates = []
    for check in HealthCheckRound.objects.visible_to(user, VIEW).filter(
            union__in=queries.subtree_ids(org), year=year).select_related("union")[:10]:
        rates += [(f"{r['org'].name}", int(round(r["rate"] or 0))) for r in queries.participation(check)]
    participation = charts.bars(_("各组体检到检率（%）"), rates[:40], total=100)
    return render(request, "mutualaid/figures.html", {
        "org": org, "union": org, "unions": _pickable(user), "year": year, "years": list(range(today.year + 1,
                                                                                            today.year - 5, -1)),
        "readings": readings, "charts": [coverage, statuses, participation], "money": queries.claims_money(org, year)})


# ---- the member's own page ----

@login_required
def mine(request):
    user = request.user
    member = member_for(user)
    today = timezone.localdate()
    if member is None:
        return render(request, "mutualaid/mine.html", {"member": None})
    enrolments = list(Enrolment.objects.filter(member=member).select_related("plan").order_by("-plan__year", "id"))
    current = [e for e in enrolments if e.plan.coverage_end >= today and e.plan.coverage_start <= today]
    claims_ = list(Claim.objects.filter(member=member).select_related("plan").order_by("-id")[:50])
    prefixes = member.org.ancestor_paths()
    slots = list(HealthCheckSlot.objects.filter(org__path__in=prefixes, date__gte=today.replace(month=1, day=1),
                                                round__deleted_at__isnull=True)
                 .select_related("round", "org").order_by("-date")[:5])
    attended = set(Attendance.objects.filter(member=member).values_list("slot_id", flat=True))
    for s in slots:
        s.when = f"{s.start_time:%H:%M}" + (f"—{s.end_time:%H:%M}" if s.end_time else "")
    form = ClaimForm(request.POST or None, enrolments=_claim_form_enrolments(current))
    if request.method == "POST" and form.is_valid():
        enrolment = next((e for e in current if str(e.pk) == form.cleaned_data["enrolment"]), None)
        try:
            if enrolment is None:
                raise ActionError(_("请选择参保计划"), field="enrolment")
            actions.submit_claim(user, enrolment, amount=form.cleaned_data["amount"],
                                 incident_date=form.cleaned_data["incident_date"],
                                 diagnosis=form.cleaned_data["diagnosis"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已提交给付申请，工会经办人审核后会通知您"))
            return redirect("mutualaid:mine")
    for e in current:
        e.left = actions.remaining(e)
    return render(request, "mutualaid/mine.html", {
        "member": member, "enrolments": enrolments, "current": current, "claims": claims_, "slots": slots,
        "attended": attended, "form": form if current else None, "today": today},
        status=400 if form.errors else 200)
