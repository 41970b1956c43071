"""Mediation pages: the union's work page, its committee, cases (apply, accept or refuse, sessions, outcome,
performance, the agreement .docx) and the figures for a union or a federation.

Views parse input and call ``mediation.actions``. Every row comes through ``visible_to``; an id out of scope
is a 404. Dispute details (parties, facts, amounts, minutes, terms) are shown only with MEDIATE at the case's
union; anyone else in scope (a federation officer) sees the case's number, kinds, dates and state.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from gonghui.core import charts, metrics, pickers, scope
from gonghui.core.capabilities import MEDIATE, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.figures import labelled
from gonghui.core.figures import read as figures_of
from gonghui.orgs.unions import current_union, union_options
from gonghui.core.views import form_post, show_action_error
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.rollup import in_subtree
from gonghui.members import pickers as member_pickers

from . import actions, documents, queries
from .forms import (AcceptForm, ApplyForm, ClaimFormSet, CloseForm, CommitteeForm, MemberFormSet, PerformanceForm,
                    RefuseForm, SessionForm)
from .models import Case, Committee, WARN_DAYS

PAGE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _union(request):
    return union_options(request.user, MEDIATE), current_union(request, MEDIATE, post=False)


def _member(user, union, text):
    """The union's member a committee row names: a name, pinyin, "姓名（编号）" or the number (the member
    picker; namesakes are listed with their group and masked ID to choose from)."""
    if not (text or "").strip():
        return None
    return member_pickers.resolve(user, text, pk=getattr(text, "pk", None), field="members", cap=MEDIATE,
                                  union=union)


@login_required
def home(request):
    if scope.prefixes(request.user, MEDIATE) == []:
        return redirect("mediation:figures")
    unions, union = _union(request)
    today = timezone.localdate()
    committee = Committee.objects.filter(union=union).prefetch_related("members").first()
    open_cases = list(Case.objects.visible_to(request.user, MEDIATE).filter(union=union, status__in=[
        Case.Status.APPLIED, Case.Status.ACCEPTED]).order_by("clock_ends", "id")[:PAGE])
    pending = list(Case.objects.visible_to(request.user, MEDIATE).filter(
        union=union, status=Case.Status.AGREED, performance=Case.Performance.PENDING).order_by("performance_due", "id")[:PAGE])
    broken = list(Case.objects.visible_to(request.user, MEDIATE).filter(
        union=union, status=Case.Status.AGREED, performance=Case.Performance.BROKEN, wage_claim=True)[:PAGE])
    return render(request, "mediation/home.html", {
        "union": union, "unions": unions, "today": today, "committee": committee, "open_cases": open_cases,
        "pending": pending, "broken": broken, "warn_days": WARN_DAYS})


# ---- the committee ----

def _members_initial(committee):
    if committee is None:
        return []
    return [{"name": m.name, "side": m.side, "basis": m.basis, "member_no": member_pickers.value(m.member) if m.member else "",
             "is_chair": m.is_chair, "chair_agreed": m.chair_agreed}
            for m in committee.members.select_related("member")]


@login_required
def committee_edit(request):
    unions, union = _union(request)
    committee = Committee.objects.filter(union=union).first()
    initial = ({"employer": committee.employer, "established_on": committee.established_on.isoformat()}
               if committee else {"employer": union.name.removesuffix("工会"),
                                  "established_on": timezone.localdate().isoformat()})
    form = CommitteeForm(request.POST or None, initial=initial)
    formset = MemberFormSet(request.POST or None, initial=_members_initial(committee), prefix="m",
                            form_kwargs={"within": union.code})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            rows = []
            for f in formset.forms:
                data = f.cleaned_data
                if not data or not (data.get("name") or data.get("member_no")):
                    continue
                rows.append({**data, "member": _member(request.user, union, data.get("member_no"))})
            committee = actions.save_committee(request.user, union, employer=form.cleaned_data["employer"],
                                               established_on=form.cleaned_data["established_on"], members=rows)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已保存调解委员会"))
            return redirect("mediation:committee", pk=committee.pk)
    return render(request, "mediation/committee_form.html", {"union": union, "unions": unions, "form": form,
                                                             "formset": formset},
                  status=400 if form.errors else 200)


@login_required
def committee_detail(request, pk):
    committee = (Committee.objects.visible_to(request.user, VIEW).select_related("union").filter(pk=pk).first())
    if committee is None:
        raise Http404(_("找不到该调解委员会"))
    return render(request, "mediation/committee.html", {
        "committee": committee, "members": committee.members.select_related("member"),
        "may_edit": scope.can(request.user, MEDIATE, committee.union)})


# ---- cases ----

@login_required
def cases(request):
    user = request.user
    qs = Case.objects.visible_to(user, VIEW).select_related("union")
    code = (request.GET.get("org") or "").strip()
    if code:
        qs = qs.filter(in_subtree(scoped_org(request)))
    status = request.GET.get("status") or ""
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    before = request.GET.get("before") or ""
    if before.isdigit():
        qs = qs.filter(pk__lt=int(before))
    rows = list(qs.order_by("-pk")[:PAGE + 1])
    older = rows[PAGE - 1].pk if len(rows) > PAGE else None
    query = request.GET.copy()
    query.pop("before", None)
    base = query.urlencode()
    return render(request, "mediation/cases.html", {
        "rows": rows[:PAGE], "older": f"?{base + '&' if base else ''}before={older}" if older else "",
        "statuses": Case.Status.choices, "status": status, "today": timezone.localdate(),
        "may_record": scope.prefixes(user, MEDIATE) != []})


NON_MEMBER = gettext_noop("非会员")


def _worker_rows(user, union, text):
    """The workers, one a line: a line naming one member of the union (name, pinyin, initials, member number
    or "姓名（会员编号）") is that member; a line naming none is a worker who is not a member ("姓名（非会员）"
    when a member bears the same name); a name several members bear is refused, listing them (group and
    masked ID). One query for the whole list."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    parsed = [pickers.split_code(line) for line in lines]
    outsider = _(NON_MEMBER)
    cond = Q(pk__in=[])
    for name, code in parsed:
        if code in (NON_MEMBER, outsider):
            continue
        cond |= Q(member_no=code) if code else (Q(member_no=name) | Q(name=name) | (
            Q(pinyin=name.lower()) | Q(initials=name.lower()) if pickers.is_letters(name) else Q(pk__in=[])))
    found_rows = list(member_pickers.scoped(user, MEDIATE, union=union).filter(cond)
                      .order_by("name", "id")[: len(lines) * 6 + 50]) if lines else []
    rows, problems = [], []
    for line, (name, code) in zip(lines, parsed):
        if code in (NON_MEMBER, outsider):
            rows.append({"name": name})
            continue
        if code:
            found = [m for m in found_rows if m.member_no == code and (not name or m.name == name)]
            if not found:
                problems.append(_(member_pickers.NOT_FOUND) % {"text": line})
                continue
        else:
            found = [m for m in found_rows if m.member_no == name] or [
                m for m in found_rows if m.name == name or name.lower() in (m.pinyin, m.initials)]
        if len(found) > 1:
            problems.append(_("有%(count)s位%(text)s：%(list)s。请写成“姓名（会员编号）”；不是会员的写成“%(text)s（非会员）”") % {
                "count": pickers.count_word(len(found)), "text": line,
                "list": "；".join(f"{member_pickers.value(m)}，{member_pickers.detail(m)}" for m in found[:5])})
        else:
            rows.append({"member": found[0]} if found else {"name": line})
    if problems:
        raise ActionError(errors={"workers": problems})
    return rows


@login_required
def case_new(request):
    unions, union = _union(request)
    form = ApplyForm(request.POST or None, initial={"applied_on": timezone.localdate().isoformat()})
    claims = ClaimFormSet(request.POST or None, prefix="c")
    if request.method == "POST" and form.is_valid() and claims.is_valid():
        data = form.cleaned_data
        try:
            case = actions.apply(request.user, union, applied_on=data["applied_on"],
                                 workers=_worker_rows(request.user, union, data["workers"]),
                                 claims=[f.cleaned_data for f in claims.forms if f.cleaned_data],
                                 facts=data["facts"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已登记调解申请 %(number)s") % {"number": case.number})
            return redirect("mediation:case", pk=case.pk)
    return render(request, "mediation/case_form.html", {"union": union, "unions": unions, "form": form,
                                                        "claims": claims}, status=400 if form.errors else 200)


def _case(user, pk, cap=VIEW):
    case = (Case.objects.visible_to(user, cap).select_related("union", "committee", "recorded_by")
            .filter(pk=pk).first())
    if case is None:
        raise Http404(_("找不到该调解案件"))
    return case


def _detail(request, case, **forms):
    clear = scope.can(request.user, MEDIATE, case.union)
    today = timezone.localdate()
    context = {"case": case, "clear": clear, "today": today, "clock_state": case.clock_state(today),
               "claims": list(case.claims.all()), "sessions": list(case.sessions.all()) if clear else [],
               "parties": list(case.parties.all()) if clear else []}
    if clear:
        status = case.status
        context.update({
            "accept_form": forms.get("accept") or (AcceptForm(initial={"accepted_on": today.isoformat()})
                                                   if status == Case.Status.APPLIED else None),
            "refuse_form": forms.get("refuse") or (RefuseForm(initial={"refused_on": today.isoformat()})
                                                   if status == Case.Status.APPLIED else None),
            "session_form": forms.get("session") or (SessionForm(initial={"held_on": today.isoformat()})
                                                     if status == Case.Status.ACCEPTED else None),
            "close_form": forms.get("close") or (CloseForm(initial={"outcome_on": today.isoformat()})
                                                 if status == Case.Status.ACCEPTED else None),
            "performance_form": forms.get("performance") or (
                PerformanceForm(initial={"day": today.isoformat()})
                if case.performance == Case.Performance.PENDING else None),
        })
    return render(request, "mediation/case.html", context, status=400 if forms else 200)


@login_required
def case_detail(request, pk):
    return _detail(request, _case(request.user, pk))


def _step(request, pk, form_class, key, call, done):
    case = _case(request.user, pk, MEDIATE)
    return form_post(request, form_class(request.POST), lambda data: call(case, data), success=done,
                     done=lambda _result: redirect("mediation:case", pk=case.pk),
                     page=lambda form: _detail(request, case, **{key: form}))


@login_required
@require_POST
def case_accept(request, pk):
    return _step(request, pk, AcceptForm, "accept",
                 lambda case, d: actions.accept(request.user, case, accepted_on=d["accepted_on"]), _("已受理"))


@login_required
@require_POST
def case_refuse(request, pk):
    return _step(request, pk, RefuseForm, "refuse",
                 lambda case, d: actions.refuse(request.user, case, refused_on=d["refused_on"], reason=d["reason"]),
                 _("已登记不予受理"))


@login_required
@require_POST
def case_session(request, pk):
    return _step(request, pk, SessionForm, "session",
                 lambda case, d: actions.record_session(request.user, case, **d), _("已登记调解记录"))


@login_required
@require_POST
def case_close(request, pk):
    return _step(request, pk, CloseForm, "close", lambda case, d: actions.close(request.user, case, **d), _("已结案"))


@login_required
@require_POST
def case_performance(request, pk):
    return _step(request, pk, PerformanceForm, "performance",
                 lambda case, d: actions.record_performance(request.user, case, **d), _("已登记履行情况"))


@login_required
@require_POST
def case_delete(request, pk):
    case = _case(request.user, pk, MEDIATE)
    actions.delete_case(request.user, case)
    messages.success(request, _("已删除该案件（可在审计记录中恢复）"))
    return redirect("mediation:cases")


@login_required
def case_agreement(request, pk):
    case = _case(request.user, pk, MEDIATE)
    if case.status != Case.Status.AGREED:
        raise Http404(_("该案件没有调解协议"))
    data = documents.agreement_docx(case, case.parties.all(), case.claims.all())
    response = HttpResponse(data, content_type=DOCX)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(documents.filename(case))}"
    return response


# ---- figures ----

@login_required
def figures(request):
    f = figures_of(request, scoped_org(request, VIEW))
    stats = queries.statistics(f.org, f.start, f.end)
    metric = metrics.get("mediation.cases")
    return render(request, "mediation/figures.html", f.context(
        scope_picker(request.user, VIEW, f.org), stats,
        metric=metric, accepted=metric.read(f.org, f.start, f.end),
        by_kind=charts.bars(_("请求事项（按类别）"), labelled(stats.by_kind)),
        by_month=charts.bars(_("调解申请（按月）"), stats.by_month),
        by_status=charts.donut(_("案件（按结果）"), labelled(stats.by_status, nonzero=True))))
