"""Suggestion pages: a member's own suggestions and the form to submit one (phone first); the union's work
page, the list, a suggestion with its committee steps (evaluate, decide, implement, benefit, reward), the
"3510" targets and progress, the grade scale, and the figures for a union or a federation.

Views parse input and call ``suggestions.actions``. Every row comes through ``visible_to`` (a member's own
through ``Suggestion.objects.own``); an id out of scope is a 404.
"""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, metrics, scope
from gonghui.core.capabilities import SUGGESTIONS, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.figures import labelled
from gonghui.core.figures import read as figures_of
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post, show_action_error
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.unions import current_union, union_options

from . import actions, queries
from .forms import (AssignForm, BenefitForm, CompleteForm, DecideForm, EvaluateForm, GradeFormSet,
                    OfficerSubmitForm, RewardForm, SubmitForm, TargetForm)
from .models import Kind, Suggestion, Target

PAGE = 50


def _union(request):
    return union_options(request.user, SUGGESTIONS), current_union(request, SUGGESTIONS, post=False)


def members_by_number(union, numbers, field):
    """Members of ``union`` by member number (one query); an unknown number is refused naming the field."""
    numbers = [n.strip() for n in numbers if n and n.strip()]
    if not numbers:
        return []
    found = {m.member_no: m for m in Member.objects.filter(union=union, member_no__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": "、".join(missing)}, field=field)
    return [found[n] for n in numbers]


# ---- a member's own ----

@login_required
def mine(request):
    member = member_for(request.user)
    form = SubmitForm(request.POST or None)
    if request.method == "POST":
        if member is None:
            raise Http404(_("只有会员可以提出合理化建议"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                coauthors = members_by_number(member.union, data["coauthors"].splitlines(), "coauthors")
                suggestion = actions.submit(request.user, member, kind=data["kind"], title=data["title"],
                                            problem=data["problem"], proposal=data["proposal"],
                                            expected_benefit=data["expected_benefit"], coauthors=coauthors)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已提交合理化建议 %(number)s") % {"number": suggestion.number})
                return redirect("suggestions:own", pk=suggestion.pk)
    rows = list(Suggestion.objects.own(member).select_related("union").order_by("-submitted_on", "-id")[:PAGE])
    return render(request, "suggestions/mine.html", {"member": member, "rows": rows, "form": form},
                  status=400 if form.errors else 200)


@login_required
def own(request, pk):
    suggestion = (Suggestion.objects.own(member_for(request.user)).select_related("union").filter(pk=pk).first())
    if suggestion is None:
        raise Http404(_("找不到该建议"))
    return render(request, "suggestions/own.html", {
        "s": suggestion, "authors": list(suggestion.authors.select_related("member"))})


# ---- the union's work ----

@login_required
def home(request):
    if scope.prefixes(request.user, SUGGESTIONS) == []:
        if member_for(request.user) is not None:
            return redirect("suggestions:mine")
        return redirect("suggestions:figures")
    unions, union = _union(request)
    user = request.user
    year = timezone.localdate().year
    return render(request, "suggestions/home.html", {
        "union": union, "unions": unions, "year": year,
        "to_evaluate": list(queries.to_evaluate(user, SUGGESTIONS).filter(union=union)[:20]),
        "to_implement": list(queries.to_implement(user, SUGGESTIONS).filter(union=union)[:20]),
        "to_reward": list(queries.to_reward(user, SUGGESTIONS).filter(union=union)[:20]),
        "stats": queries.statistics(union, datetime.date(year, 1, 1), timezone.localdate())})


@login_required
def suggestion_list(request):
    qs = Suggestion.objects.visible_to(request.user, VIEW).select_related("union")
    if (request.GET.get("org") or "").strip():
        qs = qs.filter(queries.in_subtree(scoped_org(request)))
    status = request.GET.get("status") or ""
    if status in Suggestion.Status.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind") or ""
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    rows, token = keyset_page(qs, "-id", request.GET.get("after"), PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    base = query.urlencode()
    return render(request, "suggestions/list.html", {
        "rows": rows, "more": f"?{base + '&' if base else ''}after={token}" if token else "",
        "statuses": Suggestion.Status.choices, "status": status, "kinds": Kind.choices, "kind": kind,
        "may_record": scope.prefixes(request.user, SUGGESTIONS) != []})


@login_required
def new(request):
    unions, union = _union(request)
    form = OfficerSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = members_by_number(union, [data["lead"]], "lead")
            if not lead:
                raise ActionError(_("第一提出人会员编号不能为空"), field="lead")
            coauthors = members_by_number(union, data["coauthors"].splitlines(), "coauthors")
            suggestion = actions.submit(request.user, lead[0], kind=data["kind"], title=data["title"],
                                        problem=data["problem"], proposal=data["proposal"],
                                        expected_benefit=data["expected_benefit"], coauthors=coauthors,
                                        submitted_on=data["submitted_on"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已登记合理化建议 %(number)s") % {"number": suggestion.number})
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/new.html", {"union": union, "unions": unions, "form": form},
                  status=400 if form.errors else 200)


def _suggestion(user, pk, cap=VIEW):
    suggestion = (Suggestion.objects.visible_to(user, cap).select_related("union", "org", "reward_expense")
                  .filter(pk=pk).first())
    if suggestion is None:
        raise Http404(_("找不到该建议"))
    return suggestion


def _detail(request, s, **forms):
    user = request.user
    may = scope.can(user, SUGGESTIONS, s.union)
    grades = actions.grades_for(s.union)
    evaluations = list(s.evaluations.select_related("evaluator"))
    context = {"s": s, "may": may, "authors": list(s.authors.select_related("member", "member__org")),
               "evaluations": evaluations}
    if may:
        today = timezone.localdate().isoformat()
        status, S = s.status, Suggestion.Status
        evaluated = any(e.evaluator_id == user.pk for e in evaluations)
        context.update({
            "evaluate_form": forms.get("evaluate") or (EvaluateForm(grades=grades)
                                                       if status == S.SUBMITTED and not evaluated else None),
            "decide_form": forms.get("decide") or (DecideForm(grades=grades, initial={"decided_on": today})
                                                   if status == S.SUBMITTED and evaluations else None),
            "assign_form": forms.get("assign") or (AssignForm(initial={"implementer": s.implementer})
                                                   if status == S.ADOPTED else None),
            "complete_form": forms.get("complete") or (CompleteForm() if status == S.ADOPTED and s.assigned_on
                                                       else None),
            "benefit_form": forms.get("benefit") or (BenefitForm() if status == S.IMPLEMENTED else None),
            "reward_form": forms.get("reward") or (RewardForm() if s.adopted and not s.rewarded else None),
        })
    return render(request, "suggestions/detail.html", context, status=400 if forms else 200)


@login_required
def detail(request, pk):
    return _detail(request, _suggestion(request.user, pk))


def _step(request, pk, form_class, key, call, done, grades=False):
    s = _suggestion(request.user, pk, SUGGESTIONS)
    kwargs = {"grades": actions.grades_for(s.union)} if grades else {}
    return form_post(request, form_class(request.POST, **kwargs), lambda data: call(s, data), success=done,
                     done=lambda _result: redirect("suggestions:detail", pk=s.pk),
                     page=lambda form: _detail(request, s, **{key: form}))


@login_required
@require_POST
def evaluate(request, pk):
    return _step(request, pk, EvaluateForm, "evaluate",
                 lambda s, d: actions.evaluate(request.user, s, **d), _("已记录评审意见"), grades=True)


@login_required
@require_POST
def decide(request, pk):
    return _step(request, pk, DecideForm, "decide",
                 lambda s, d: actions.decide(request.user, s, **d), _("已评定"), grades=True)


@login_required
@require_POST
def assign(request, pk):
    return _step(request, pk, AssignForm, "assign",
                 lambda s, d: actions.assign(request.user, s, **d), _("已落实实施责任人"))


@login_required
@require_POST
def complete(request, pk):
    return _step(request, pk, CompleteForm, "complete",
                 lambda s, d: actions.complete(request.user, s, **d), _("已登记实施完成"))


@login_required
@require_POST
def benefit(request, pk):
    return _step(request, pk, BenefitForm, "benefit",
                 lambda s, d: actions.record_benefit(request.user, s, **d), _("已登记实测效益"))


@login_required
@require_POST
def reward(request, pk):
    return _step(request, pk, RewardForm, "reward",
                 lambda s, d: actions.reward(request.user, s, **d), _("已发放奖励，开支凭证已生成草稿"))


@login_required
@require_POST
def delete(request, pk):
    s = _suggestion(request.user, pk, SUGGESTIONS)
    try:
        actions.delete(request.user, s)
    except ActionError as exc:
        messages.error(request, exc.as_text())
        return redirect("suggestions:detail", pk=s.pk)
    messages.success(request, _("已删除该建议（可在审计记录中恢复）"))
    return redirect("suggestions:list")


# ---- targets and progress ----

def _year(request):
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def targets(request):
    unions, union = _union(request)
    year = _year(request)
    target = Target.objects.filter(union=union, year=year).first()
    initial = {"year": year, **({"per_person": target.per_person, "per_group": target.per_group,
                                 "per_branch": target.per_branch} if target else
                                {"per_person": 3, "per_group": 5, "per_branch": 10})}
    form = TargetForm(request.POST or None, initial=initial)

    def page(form):
        return render(request, "suggestions/targets.html", {
            "union": union, "unions": unions, "year": year, "form": form,
            "progress": queries.progress(union, year)}, status=400 if form.errors else 200)

    return form_post(request, form, lambda d: actions.set_target(request.user, union, **d), success=_("已保存目标"),
                     done=lambda t: redirect(f"{request.path}?org={union.code}&year={t.year}"), page=page)


@login_required
def grades(request):
    unions, union = _union(request)
    current = actions.grades_for(union)
    formset = GradeFormSet(request.POST or None, prefix="g",
                           initial=[{"name": g.name, "adopts": g.adopts} for g in current])
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.save_grades(request.user, union, [f.cleaned_data for f in formset.forms if f.cleaned_data])
        except ActionError as exc:
            error = exc.as_text()
        else:
            messages.success(request, _("已保存评审等级"))
            return redirect(f"{request.path}?org={union.code}")
    return render(request, "suggestions/grades.html", {
        "union": union, "unions": unions, "formset": formset, "error": error,
        "own": any(g.union_id for g in current)}, status=400 if error else 200)


# ---- figures ----

@login_required
def figures(request):
    f = figures_of(request, scoped_org(request, VIEW))
    stats = queries.statistics(f.org, f.start, f.end)
    metric = metrics.get("suggestions.per_member")
    return render(request, "suggestions/figures.html", f.context(
        scope_picker(request.user, VIEW, f.org), stats,
        metric=metric, per_member=metric.read(f.org, f.start, f.end),
        by_month=charts.bars(_("提出建议（按月）"), stats.by_month),
        by_kind=charts.bars(_("按类别"), labelled(stats.by_kind)),
        by_status=charts.donut(_("评定结果"), [(label, n) for label, n in (
            (_("待评审"), stats.submitted - stats.adopted - stats.rejected), (_("已采纳"), stats.adopted),
            (_("不采纳"), stats.rejected)) if n])))
