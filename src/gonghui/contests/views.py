"""Competition pages: the events with their items, an item's standings and prizes, score entry on a
phone (one page per item, an input per round, saved in one transaction) and by .xlsx sheet,
corrections, prize settings, confirming awards, certificates, published results, and a member's own
scores and awards.

Views parse input and call ``contests.actions``. Every object comes through ``visible_to`` (an
out-of-scope id is a 404); changes need RUN_EVENTS at the event's union.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import RUN_EVENTS, VIEW
from gonghui.activities.models import Event, RegStatus, Registration
from gonghui.core import jobs as core_jobs
from gonghui.core import scope
from gonghui.core.models import Job
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.members.queries import member_for

from . import actions, documents, jobs, queries
from .forms import ConfirmForm, CorrectionForm, ItemForm, PrizeFormSet, PublishForm, SheetUploadForm
from .models import Award, ContestItem, ItemStatus, ResultNotice, Score

PAGE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_member(user):
    return member_for(user)


def _event(user, event_id, cap=VIEW):
    return get_object_or_404(Event.objects.visible_to(user, cap).select_related("union"), pk=event_id)


def _item(user, pk, cap=VIEW, manager=ContestItem.objects):
    return get_object_or_404(manager.visible_to(user, cap).select_related("event", "union"), pk=pk)


def _may_run(user, org):
    return scope.can(user, RUN_EVENTS, org)


def _require_run(user, org):
    if not _may_run(user, org):
        raise PermissionDenied(_("无权管理该活动的比赛"))


def _file(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _keyset(request):
    try:
        return int(request.GET.get("before") or 0) or None
    except ValueError:
        return None


@login_required
def home(request):
    """Events in the user's scope with their competition items, newest first (keyset pages)."""
    user = request.user
    if not scope.is_officer(user):
        return redirect("contests:my")
    events = (Event.objects.visible_to(user, VIEW).select_related("union")
              .annotate(items=Count("contest_items", filter=Q(contest_items__deleted_at__isnull=True)))
              .order_by("-id"))
    if request.GET.get("all") != "1":
        events = events.filter(items__gt=0)
    before = _keyset(request)
    if before:
        events = events.filter(pk__lt=before)
    rows = list(events[:PAGE + 1])
    older = rows[PAGE - 1].pk if len(rows) > PAGE else None
    return render(request, "contests/home.html", {
        "events": rows[:PAGE], "older": older, "show_all": request.GET.get("all") == "1",
        "notices": ResultNotice.objects.visible_to(user, VIEW).select_related("event")[:5],
    })


@login_required
def event_detail(request, event_id):
    user = request.user
    event = _event(user, event_id)
    items = list(ContestItem.objects.visible_to(user, VIEW).filter(event=event)
                 .annotate(n_scores=Count("scores", distinct=True), n_awards=Count("awards", distinct=True)))
    return render(request, "contests/event.html", {
        "event": event, "items": items, "may_run": _may_run(user, event.union),
        "notices": ResultNotice.objects.visible_to(user, VIEW).filter(event=event),
        "publish_form": PublishForm(),
    })


@login_required
def item_new(request, event_id):
    user = request.user
    event = _event(user, event_id)
    _require_run(user, event.union)
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                item = actions.create_item(user, event, form.cleaned_data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已添加比赛项目“%(name)s”") % {"name": item.name})
                return redirect("contests:item", contest_id=item.pk)
    else:
        form = ItemForm()
    return render(request, "contests/item_form.html", {"event": event, "form": form},
                  status=400 if form.errors else 200)


@login_required
def item_edit(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    _require_run(user, item.union)
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                actions.update_item(user, item, form.cleaned_data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("contests:item", contest_id=item.pk)
    else:
        form = ItemForm(initial={f: getattr(item, f) for f in actions.ITEM_FIELDS})
    return render(request, "contests/item_form.html", {"event": item.event, "item": item, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def item_delete(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    try:
        actions.delete_item(user, item)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("contests:item", contest_id=item.pk)
    messages.success(request, _("已删除比赛项目，可在活动页恢复"))
    return redirect("contests:event", event_id=item.event_id)


@require_POST
@login_required
def item_restore(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk, manager=ContestItem.all_objects)
    try:
        actions.restore_item(user, item)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("contests:event", event_id=item.event_id)
    messages.success(request, _("已恢复比赛项目"))
    return redirect("contests:item", contest_id=item.pk)


@login_required
def item_detail(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    standings = queries.standings(item)
    awards = list(Award.objects.visible_to(user, VIEW).filter(item=item).select_related("member", "team", "rule"))
    planned = queries.preview(item) if item.status == ItemStatus.SCORING else []
    deleted = ContestItem.all_objects.filter(event_id=item.event_id, deleted_at__isnull=False)
    return render(request, "contests/item.html", {
        "item": item, "event": item.event, "standings": standings, "rules": list(item.prize_rules.all()),
        "planned": planned, "awards": awards, "may_run": _may_run(user, item.union),
        "confirm_form": ConfirmForm(), "deleted": deleted if _may_run(user, item.union) else [],
        "upload_form": SheetUploadForm(),
    })


def _rows_from_post(item, post, competitors):
    rows = []
    for n, c in enumerate(competitors, start=1):
        ident = {"team": c.team_id} if c.key[0] == "t" else {"member": c.member_id}
        rows.append({"row": n, **ident,
                     "scores": {r: post.get(f"s-{c.key[0]}{c.key[1]}-{r}", "") for r in item.round_numbers}})
    return rows


@login_required
def scores(request, contest_id):
    pk = contest_id
    """The phone page: every competitor with an input per round; saved all at once."""
    user = request.user
    item = _item(user, pk)
    _require_run(user, item.union)
    competitors = queries.grid(item)
    errors, bad_rows, typed = [], (), {}
    if request.method == "POST":
        rows = _rows_from_post(item, request.POST, competitors)
        typed = {f"s-{c.key[0]}{c.key[1]}-{r}": row["scores"][r] for c, row in zip(competitors, rows)
                 for r in item.round_numbers}
        try:
            result = actions.save_scores(user, item, rows)
        except ActionError as exc:
            errors = [m for ms in exc.message_dict.values() for m in ms]
            bad_rows = getattr(exc, "rows", ())
        else:
            messages.success(request, _("已保存：新录入%(created)s个，更正%(changed)s个，清除%(removed)s个") % result)
            return redirect("contests:scores", contest_id=item.pk)
    lines = []
    for n, c in enumerate(competitors, start=1):
        cells = []
        for r in item.round_numbers:
            name = f"s-{c.key[0]}{c.key[1]}-{r}"
            value = typed.get(name, item.show(c.scores[r].value) if r in c.scores else "")
            bad = n in bad_rows
            cells.append({"name": name, "value": value, "round": r, "bad": bad,
                          "score": c.scores.get(r)})
        lines.append({"n": n, "c": c, "cells": cells})
    return render(request, "contests/scores.html", {
        "item": item, "event": item.event, "lines": lines, "errors": errors,
        "inputmode": "numeric" if item.measure == "count" else "decimal",
        "locked": item.status == ItemStatus.AWARDED,
    }, status=400 if errors else 200)


@login_required
def sheet_download(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    _require_run(user, item.union)
    return _file(documents.score_sheet(item), f"score-sheet-{item.pk}.xlsx", XLSX)


@require_POST
@login_required
def sheet_upload(request, contest_id):
    """The sheet is read by the job worker (``contests.jobs``); this follows the job to its message."""
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    _require_run(user, item.union)
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择成绩录入表（.xlsx）"))
        return redirect("contests:item", contest_id=item.pk)
    job = jobs.start_sheet_job(user, item, form.cleaned_data["file"])
    return _after_sheet_job(request, item, job)


@login_required
def sheet_job(request, contest_id, job_id):
    user = request.user
    item = _item(user, contest_id)
    _require_run(user, item.union)
    qs = Job.objects.filter(kind=jobs.SCORE_SHEET, params__item=item.pk)
    if not user.is_superuser:
        qs = qs.filter(created_by=user)
    return _after_sheet_job(request, item, core_jobs.with_live_progress(get_object_or_404(qs, pk=job_id)))


def _after_sheet_job(request, item, job):
    if not job.finished:
        return render(request, "contests/sheet_job.html", {"item": item, "job": job})
    result = job.result or {}
    if job.status == Job.Status.FAILED:
        messages.error(request, job.error)
    elif not result.get("ok"):
        messages.error(request, result.get("message", ""))
    else:
        messages.success(request, _("已导入：新录入%(created)s个，更正%(changed)s个，清除%(removed)s个") % result)
    return redirect("contests:item", contest_id=item.pk)


@login_required
def correct(request, contest_score_id):
    pk = contest_score_id
    user = request.user
    score = get_object_or_404(Score.objects.visible_to(user, VIEW).select_related("item__event", "item__union",
                                                                                 "member", "team"), pk=pk)
    item = score.item
    _require_run(user, item.union)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                actions.correct_score(user, score, **form.cleaned_data)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已更正成绩"))
                return redirect("contests:item", contest_id=item.pk)
    else:
        form = CorrectionForm(initial={"value": item.show(score.value)})
    return render(request, "contests/correct.html", {"score": score, "item": item, "event": item.event,
                                                     "form": form}, status=400 if form.errors else 200)


@login_required
def prizes(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    _require_run(user, item.union)
    current = [{"level": p.level, "basis": p.basis, "count": p.count or "",
                "threshold": item.show(p.threshold) if p.threshold is not None else "", "amount": p.amount,
                "goods": p.goods} for p in item.prize_rules.all()]
    errors = []
    if request.method == "POST":
        formset = PrizeFormSet(request.POST)
        if formset.is_valid():
            try:
                actions.set_prizes(user, item, [f.cleaned_data for f in formset.forms])
            except ActionError as exc:
                errors = [m for ms in exc.message_dict.values() for m in ms]
            else:
                messages.success(request, _("已保存奖项设置"))
                return redirect("contests:item", contest_id=item.pk)
    else:
        if not current:
            current = [{"level": _("一等奖"), "count": 1}, {"level": _("二等奖"), "count": 1},
                       {"level": _("三等奖"), "count": 1}]
        formset = PrizeFormSet(initial=current + [{} for _i in range(max(0, 5 - len(current)))])
    return render(request, "contests/prizes.html", {"item": item, "event": item.event, "formset": formset,
                                                    "errors": errors}, status=400 if errors else 200)


@require_POST
@login_required
def confirm(request, contest_id):
    pk = contest_id
    user = request.user
    item = _item(user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        awards = actions.confirm_awards(user, item, override_reason=form.cleaned_data.get("override_reason", ""))
    except ActionError as exc:
        for ms in exc.message_dict.values():
            for m in ms:
                messages.error(request, m)
        return redirect("contests:item", contest_id=item.pk)
    messages.success(request, _("已确认%(n)s个奖项，奖品开支已登记并生成记账凭证草稿") % {"n": len(awards)})
    return redirect("contests:item", contest_id=item.pk)


def _award_rows(qs):
    return qs.select_related("member", "team", "rule", "union", "item__event")


@login_required
def certificate(request, contest_award_id):
    pk = contest_award_id
    award = get_object_or_404(_award_rows(Award.objects.visible_to(request.user, VIEW)), pk=pk)
    return _file(documents.certificates_pdf([award]), f"certificate-{award.certificate_no}.pdf", "application/pdf")


@login_required
def certificates(request, contest_id):
    pk = contest_id
    item = _item(request.user, pk)
    awards = list(_award_rows(Award.objects.visible_to(request.user, VIEW).filter(item=item)))
    if not awards:
        raise Http404(_("该项目还没有确认的奖项"))
    return _file(documents.certificates_pdf(awards), f"certificates-{item.pk}.pdf", "application/pdf")


@login_required
def event_results_xlsx(request, event_id):
    event = _event(request.user, event_id)
    rows = queries.result_rows(event)
    return _file(documents.results_xlsx(_("%(title)s比赛成绩") % {"title": event.title}, event.union.name, rows),
                 f"results-{event.pk}.xlsx", XLSX)


@require_POST
@login_required
def publish(request, event_id):
    user = request.user
    event = _event(user, event_id)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        notice = actions.publish_results(user, event, title=form.cleaned_data.get("title", ""))
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("contests:event", event_id=event.pk)
    messages.success(request, _("已发布成绩公告，本工会会员可以查看"))
    return redirect("contests:result", contest_result_id=notice.pk)


def _notices_for(user):
    if scope.is_officer(user):
        return ResultNotice.objects.visible_to(user, VIEW)
    return ResultNotice.objects.for_member(_own_member(user))


@login_required
def results(request):
    notices = _notices_for(request.user).select_related("event", "union")
    before = _keyset(request)
    if before:
        notices = notices.filter(pk__lt=before)
    rows = list(notices.order_by("-id")[:PAGE + 1])
    older = rows[PAGE - 1].pk if len(rows) > PAGE else None
    return render(request, "contests/results.html", {"notices": rows[:PAGE], "older": older})


@login_required
def result(request, contest_result_id):
    pk = contest_result_id
    notice = get_object_or_404(_notices_for(request.user).select_related("event", "union", "published_by"), pk=pk)
    return render(request, "contests/result.html", {"notice": notice,
                                                    "may_run": _may_run(request.user, notice.union)})


@login_required
def result_xlsx(request, contest_result_id):
    pk = contest_result_id
    notice = get_object_or_404(_notices_for(request.user).select_related("union"), pk=pk)
    return _file(documents.results_xlsx(notice.title, notice.union.name, notice.rows), f"results-notice-{notice.pk}.xlsx",
                 XLSX)


@require_POST
@login_required
def result_withdraw(request, contest_result_id):
    pk = contest_result_id
    notice = get_object_or_404(ResultNotice.objects.visible_to(request.user, VIEW), pk=pk)
    actions.withdraw_results(request.user, notice)
    messages.success(request, _("已撤回成绩公告"))
    return redirect("contests:event", event_id=notice.event_id)


@login_required
def my(request):
    """A member's own scores and awards, with their certificates, and the results of their union."""
    member = _own_member(request.user)
    scores, awards = [], []
    if member is not None:
        scores = list(Score.objects.filter(member=member, item__deleted_at__isnull=True)
                      .select_related("item__event").order_by("-item__event__starts_at", "item_id", "round")[:200])
        teams = Registration.objects.filter(member=member, status=RegStatus.CONFIRMED, team__isnull=False)
        awards = list(Award.objects.filter(Q(member=member) | Q(team__in=teams.values("team_id")))
                      .select_related("item__event", "team").order_by("-id")[:100])
    return render(request, "contests/my.html", {
        "member": member, "scores": scores, "awards": awards,
        "notices": ResultNotice.objects.for_member(member).select_related("event")[:20],
    })
