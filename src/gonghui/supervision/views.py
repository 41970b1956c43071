"""Supervision pages: the organisation's committee and supervisors, inspections (with evidence and the
employer's signature), 监督意见书 with the 15-working-day answer clock, follow-up, the federation's 监督建议书 with
its 5-working-day filing clock, and the three documents as .docx.

Views parse input and call ``supervision.actions``; every row comes through ``visible_to`` (an id out of scope
is a 404). Supervision records are rights work: pages need MEDIATE (a federation officer reaches an opinion to
escalate it with MANAGE_ORGS).
"""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, jobs, metrics, pickers, scope
from gonghui.core.capabilities import MANAGE_ORGS, MEDIATE, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.figures import read as figures_of
from gonghui.core.views import form_post, show_action_error
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.members import pickers as member_pickers
from gonghui.orgs.models import Organisation

from . import actions, documents, queries
from .forms import (AnswerForm, CommitteeForm, DecisionForm, FollowUpForm, InspectionForm, OpinionForm,
                    RecommendationForm, SupervisorForm)
from .inbox import opinions_due, recommendations_due
from .models import Committee, Evidence, Inspection, Opinion, Recommendation

PAGE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data, name):
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def home(request):
    org = scoped_org(request, MEDIATE)
    user, today = request.user, timezone.localdate()
    committee = Committee.objects.filter(org=org).first()
    supervisors = list(committee.supervisors.all()) if committee else []
    inspections = list(Inspection.objects.visible_to(user, MEDIATE).filter(org__in=Organisation.all_objects.subtree(org)
                                                                            .values("id"))
                       .select_related("org").order_by("-inspected_on", "-id")[:PAGE])
    return render(request, "supervision/home.html", {
        "org": org, "picker": scope_picker(user, MEDIATE, org), "committee": committee, "supervisors": supervisors,
        "inspections": inspections, "today": today,
        "opinions": list(opinions_due(user, today)[:PAGE]), "recommendations": list(recommendations_due(user, today)[:PAGE]),
        "committee_form": CommitteeForm(initial={"name": committee.name if committee else f"{org.name}劳动法律监督委员会",
                                                 "established_on": (committee.established_on if committee else today).isoformat()}),
        "supervisor_form": _supervisor_form(org, today) if committee else None})


def _supervisor_form(org, today):
    form = SupervisorForm(initial={"issued_on": today.isoformat()})
    form.fields["member_no"].set_params(within=org.code)  # suggestions from this organisation's members
    return form


@login_required
@require_POST
def committee_save(request):
    org = scoped_org(request, MEDIATE)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        try:
            actions.save_committee(request.user, org, **form.cleaned_data)
        except ActionError as exc:
            messages.error(request, exc.as_text())
        else:
            messages.success(request, _("已保存劳动法律监督委员会"))
    else:
        messages.error(request, _("请填写名称和成立日期"))
    return redirect(f"{_home()}?org={org.code}")


def _home():
    from django.urls import reverse

    return reverse("supervision:home")


def _committee(user, pk):
    committee = Committee.objects.visible_to(user, MEDIATE).select_related("org").filter(pk=pk).first()
    if committee is None:
        raise Http404(_("找不到该监督委员会"))
    return committee


@login_required
def committee_detail(request, committee_id):
    committee = _committee(request.user, committee_id)
    return redirect(f"{_home()}?org={committee.org.code}")


@login_required
@require_POST
def supervisor_add(request, committee_id):
    committee = _committee(request.user, committee_id)
    form = SupervisorForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        member = None
        try:
            if data["member_no"]:  # a name, pinyin or member number; namesakes are listed to choose from
                member = member_pickers.resolve(request.user, data["member_no"], pk=getattr(data["member_no"], "pk", None),
                                                field="member_no", cap=MEDIATE)
            actions.add_supervisor(request.user, committee, name=data["name"], member=member,
                                   certificate_no=data["certificate_no"], issued_on=data["issued_on"],
                                   expires_on=data["expires_on"])
        except ActionError as exc:
            messages.error(request, exc.as_text(labels={"certificate_no": _("监督员证号"), "expires_on": _("有效期至"),
                                                        "name": _("姓名"), "member_no": _("会员")}))
        else:
            messages.success(request, _("已登记监督员"))
    else:
        messages.error(request, _("请填写监督员证号、发证日期和有效期"))
    return redirect(f"{_home()}?org={committee.org.code}")


@login_required
def inspection_new(request, committee_id):
    committee = _committee(request.user, committee_id)
    supervisors = list(committee.supervisors.all())
    form = InspectionForm(request.POST or None, request.FILES or None, supervisors=supervisors,
                          initial={"inspected_on": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = actions.record_inspection(request.user, committee, employer=data["employer"],
                                                   inspected_on=data["inspected_on"], subject=data["subject"],
                                                   findings=data["findings"], supervisors=data["supervisors"],
                                                   signature=data["signature"], signer=data["signer"],
                                                   evidence=data["evidence"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已登记监督检查"))
            return redirect("supervision:inspection", pk=inspection.pk)
    return render(request, "supervision/inspection_form.html", {"committee": committee, "form": form},
                  status=400 if form.errors else 200)


def _inspection(user, pk):
    inspection = (Inspection.objects.visible_to(user, MEDIATE).select_related("committee", "org", "recorded_by")
                  .filter(pk=pk).first())
    if inspection is None:
        raise Http404(_("找不到该监督检查"))
    return inspection


@login_required
def inspection_detail(request, pk, opinion_form=None):
    inspection = _inspection(request.user, pk)
    opinion = Opinion.objects.filter(inspection=inspection).first()
    return render(request, "supervision/inspection.html", {
        "inspection": inspection, "supervisors": inspection.supervisors.all(), "evidence": inspection.evidence.all(),
        "opinion": opinion,
        "opinion_form": None if opinion else (opinion_form or OpinionForm(initial={
            "issued_on": timezone.localdate().isoformat(), "received_on": timezone.localdate().isoformat()}))},
        status=400 if opinion_form is not None else 200)


@login_required
@require_POST
def opinion_issue(request, pk):
    inspection = _inspection(request.user, pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            opinion = actions.issue_opinion(request.user, inspection, **form.cleaned_data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已发出监督意见书"))
            return redirect("supervision:opinion", pk=opinion.pk)
    return inspection_detail(request, pk, opinion_form=form)


@login_required
def inspection_docx(request, pk):
    inspection = _inspection(request.user, pk)
    return _docx(documents.inspection_docx(inspection, inspection.supervisors.all()),
                 _("监督检查记录-%(day)s.docx") % {"day": inspection.inspected_on.isoformat()})


@login_required
def evidence_download(request, pk):
    row = Evidence.objects.visible_to(request.user, MEDIATE).filter(pk=pk).first()
    if row is None:
        raise Http404(_("找不到该证据材料"))
    path = jobs.media_path(row.path)
    if not path.exists():
        raise Http404(_("找不到该证据材料"))
    return FileResponse(open(path, "rb"), as_attachment=True, filename=row.name)


def _opinion(user, pk):
    roots = scope.prefixes(user, MEDIATE)
    qs = Opinion.objects.visible_to(user, MEDIATE) if roots != [] else Opinion.objects.visible_to(user, MANAGE_ORGS)
    opinion = qs.select_related("org", "inspection__committee").filter(pk=pk).first()
    if opinion is None:
        raise Http404(_("找不到该监督意见书"))
    return opinion


@login_required
def opinion_detail(request, pk, **forms):
    opinion = _opinion(request.user, pk)
    rec = Recommendation.objects.filter(opinion=opinion).select_related("federation").first()
    may_act = scope.can(request.user, MEDIATE, opinion.org)
    status = opinion.status
    context = {"opinion": opinion, "rec": rec, "today": timezone.localdate(),
               "answer_form": forms.get("answer") or (AnswerForm() if may_act and status == Opinion.Status.ISSUED else None),
               "follow_form": forms.get("follow") or (FollowUpForm() if may_act and status in (
                   Opinion.Status.ISSUED, Opinion.Status.ANSWERED) else None),
               "rec_form": forms.get("rec") or (RecommendationForm() if status == Opinion.Status.IGNORED and not rec
                                                else None),
               "decision_form": forms.get("decision") or (DecisionForm() if rec and not rec.decision else None)}
    return render(request, "supervision/opinion.html", context, status=400 if forms else 200)


def _opinion_step(request, pk, form_class, key, call, done):
    opinion = _opinion(request.user, pk)
    return form_post(request, form_class(request.POST), lambda data: call(opinion, data), success=done,
                     done=lambda _result: redirect("supervision:opinion", pk=opinion.pk),
                     page=lambda form: opinion_detail(request, pk, **{key: form}))


@login_required
@require_POST
def opinion_answer(request, pk):
    return _opinion_step(request, pk, AnswerForm, "answer",
                         lambda o, d: actions.record_answer(request.user, o, **d), _("已登记书面答复"))


@login_required
@require_POST
def opinion_follow_up(request, pk):
    return _opinion_step(request, pk, FollowUpForm, "follow",
                         lambda o, d: actions.follow_up(request.user, o, **d), _("已登记跟踪情况"))


def _federation(user, text):
    """The federation the form names: its name, pinyin, "名称（代码）" or its code (the org picker)."""
    return pickers.resolve("org", user, text, field="federation")


@login_required
@require_POST
def opinion_recommend(request, pk):
    def send(opinion, data):
        return actions.send_recommendation(request.user, opinion, _federation(request.user, data.pop("federation")), **data)

    return _opinion_step(request, pk, RecommendationForm, "rec", send, _("已发出监督建议书"))


@login_required
@require_POST
def recommendation_decision(request, pk):
    def decide(opinion, data):
        rec = Recommendation.objects.filter(opinion=opinion).first()
        if rec is None:
            raise Http404(_("找不到该监督建议书"))
        return actions.record_decision(request.user, rec, **data)

    return _opinion_step(request, pk, DecisionForm, "decision", decide, _("已登记立案决定"))


@login_required
def opinion_docx(request, pk):
    opinion = _opinion(request.user, pk)
    return _docx(documents.opinion_docx(opinion), _("监督意见书-%(number)s.docx") % {"number": opinion.number})


@login_required
def recommendation_docx(request, pk):
    opinion = _opinion(request.user, pk)
    rec = Recommendation.objects.filter(opinion=opinion).select_related("federation").first()
    if rec is None:
        raise Http404(_("找不到该监督建议书"))
    return _docx(documents.recommendation_docx(rec), _("监督建议书-%(number)s.docx") % {"number": rec.number})


@login_required
def figures(request):
    """Supervision figures of a union or a federation's subtree over a range of days (counts only)."""
    f = figures_of(request, scoped_org(request, VIEW))
    stats = queries.statistics(f.org, f.start, f.end, f.today)
    o = stats.opinions
    return render(request, "supervision/figures.html", f.context(
        scope_picker(request.user, VIEW, f.org), stats,
        metric=metrics.get("supervision.inspections"),
        by_month=charts.bars(_("监督检查（按月）"), stats.by_month),
        outcomes=charts.donut(_("监督意见书（按结果）"), [
            (_("按期答复"), o["on_time"]), (_("逾期答复"), o["late"]), (_("逾期未答复"), o["overdue"]),
            (_("拒不整改"), o["ignored"])])))
