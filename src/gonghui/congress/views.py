"""Congress pages. Officers (RUN_CONGRESS) run terms, sessions, votes, proposals and evaluations;
delegates act on their phone through ``my``; every member sees their union's published results.

Views parse input and call ``congress.actions``; objects come through ``queries.officer``/``public``
(``visible_to`` underneath), so an id out of scope is a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses
from gonghui.core.views import form_post, show_action_error
from gonghui.orgs.unions import requested_code
from gonghui.members.models import Member
from gonghui.members import pickers as member_pickers
from gonghui.members.queries import member_for
from gonghui.orgs import pickers as org_pickers
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, documents, queries, rules
from .forms import (AnswerForm, AssignForm, ByElectionForm, ConfirmForm, ConveneForm, DecisionForm, DelegateForm,
                    ElectionForm, ElectionResultForm, EvaluationForm, GradesForm, PaperForm, PaperProposalForm,
                    PapersForm, ProposalForm, RateForm, RemoveForm, ResolutionForm, ReviewForm, SessionForm,
                    SettingsForm, SignInForm, SpecialRequestForm, TermForm, VoteForm)
from .models import Attendance, ConstituencyElection, Delegate, EvaluationMark, EvaluationRound, OpenVote, Proposal, \
    Resolution, Session, Signature, SpecialRequest, Term, VoterMark

PAGE = 50


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("未找到，或不在您的权限范围内"))
    return obj


def _require_officer(user):
    if scope.prefixes(user, RUN_CONGRESS) == []:
        raise PermissionDenied(_("您没有管理职代会的权限"))


def _is_officer_for(user, obj):
    return scope.can(user, RUN_CONGRESS, obj.union)


# ---- officer: overview, terms, delegates ----

@login_required
def home(request):
    user = request.user
    if scope.prefixes(user, RUN_CONGRESS) == []:
        return redirect("congress:my")
    terms = queries.officer(user, Term).select_related("union").annotate(
        n_delegates=Count("delegates", filter=Q(delegates__deleted_at__isnull=True)))[:100]
    sessions = queries.officer(user, Session).select_related("union", "term")[:50]
    figures = queries.proposal_figures(queries.officer(user, Proposal))
    meeting_warnings = queries.meeting_warnings(queries.officer(user, Term))
    papers_warnings = queries.papers_warnings(queries.officer(user, Session))
    return render(request, "congress/home.html", {"terms": terms, "sessions": sessions, "figures": figures,
                                                  "overdue": figures["overdue"], "meeting_warnings": meeting_warnings,
                                                  "papers_warnings": papers_warnings,
                                                  "warnings": len(meeting_warnings) + len(papers_warnings)})


@login_required
def term_new(request):
    user = request.user
    _require_officer(user)
    form = TermForm(request.POST or None, initial={"union": requested_code(request, post=False)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            union = org_pickers.resolve(user, d["union"], pk=d["union"].pk, field="union", cap=RUN_CONGRESS,
                                        kinds={OrgKind.GRASSROOTS})
            term = actions.create_term(user, union, number=d["number"], kind=d["kind"] or None, start=d["start"],
                                       end=d["end"], employee_count=d["employee_count"],
                                       women_employees=d["women_employees"])
            messages.success(request, _("已建立%(t)s") % {"t": term})
            return redirect("congress:term", term_id=term.pk)
        except ActionError as e:
            show_action_error(form, e)
    return render(request, "congress/term_form.html", {"form": form})


def _term_page(request, term, **forms):
    delegates = list(Delegate.objects.filter(term=term).select_related("member", "election").order_by("group", "id"))
    requests = list(SpecialRequest.objects.filter(term=term).select_related("opened_by__member", "session").annotate(
        n_signed=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True,
                                              signatures__delegate__deleted_at__isnull=True)))[:20])
    checks = queries.composition_checks(term)
    ctx = {
        "term": term, "delegates": delegates, "checks": checks, "failing": [c for c in checks if not c.ok],
        "sessions": term.sessions.all(), "settings": queries.settings_for(term.union),
        "quorum": rules.quorum(len(delegates)), "needed": rules.votes_needed(len(delegates)),
        "special": rules.special_session_requests(len(delegates)),
        "delegate_form": forms.get("delegate_form") or DelegateForm(within=term.union.code),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "session_form": forms.get("session_form") or SessionForm(initial={"meeting": term.sessions.count() + 1}),
        "remove_form": RemoveForm(),
        "elections": queries.term_elections(term),
        "election_form": forms.get("election_form") or ElectionForm(initial={"date": timezone.localdate()},
                                                                    within=term.union.code),
        "special_requests": requests,
        "meeting_warning": next(iter(queries.meeting_warnings(Term.objects.filter(pk=term.pk))), None),
    }
    ctx["special_needed"] = rules.special_session_requests(len(delegates))
    for r in requests:
        r.reached = len(delegates) > 0 and r.n_signed >= ctx["special_needed"]
    return render(request, "congress/term.html", ctx)


@login_required
def term_detail(request, term_id):
    term = _get(queries.officer(request.user, Term).select_related("union"), term_id)
    return _term_page(request, term)


@login_required
@require_POST
def delegate_add(request, term_id):
    user = request.user
    term = _get(queries.officer(user, Term).select_related("union"), term_id)
    form = DelegateForm(request.POST, within=term.union.code)
    if form.is_valid():
        d = form.cleaned_data
        try:
            member = member_pickers.resolve(user, d["member_no"], pk=d["member_no"].pk, field="member_no",
                                            cap=RUN_CONGRESS, union=term.union)
            actions.add_delegate(user, term, member=member, category=d["category"], group=d["group"],
                                 elected_on=d["elected_on"])
            messages.success(request, _("已添加代表%(n)s") % {"n": member.name})
            return redirect("congress:term", term_id=term.pk)
        except ActionError as e:
            if "member" in e.message_dict:
                e = ActionError(errors={"member_no": e.message_dict.pop("member"), **e.message_dict})
            show_action_error(form, e)
    return _term_page(request, term, delegate_form=form)


@login_required
@require_POST
def delegate_remove(request, term_id, delegate_id):
    user = request.user
    term = _get(queries.officer(user, Term), term_id)
    delegate = _get(Delegate.objects.visible_to(user, RUN_CONGRESS).filter(term=term), delegate_id)
    form = RemoveForm(request.POST)
    try:
        actions.remove_delegate(user, delegate, reason=form.data.get("reason", ""))
        messages.success(request, _("已免去%(n)s的代表资格") % {"n": delegate.member.name})
    except ActionError as e:
        messages.error(request, e.as_text({"reason": _("原因")}))
    return redirect("congress:term", term_id=term.pk)


@login_required
@require_POST
def term_confirm(request, term_id):
    user = request.user
    term = _get(queries.officer(user, Term).select_related("union"), term_id)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        actions.confirm_delegates(user, term, override_reason=form.cleaned_data.get("override_reason", ""))
        messages.success(request, _("代表名单已确认"))
        return redirect("congress:term", term_id=term.pk)
    except ActionError as e:
        show_action_error(form, e)
    return _term_page(request, term, confirm_form=form)


@login_required
@require_POST
def session_new(request, term_id):
    user = request.user
    term = _get(queries.officer(user, Term).select_related("union"), term_id)
    return form_post(request, SessionForm(request.POST), lambda d: actions.create_session(user, term, **d),
                     done=lambda s: redirect("congress:session", session_id=s.pk),
                     page=lambda form: _term_page(request, term, session_form=form))


@login_required
def union_settings(request, code):
    user = request.user
    union = Organisation.objects.visible_to(user, RUN_CONGRESS).filter(code=code, kind=OrgKind.GRASSROOTS).first()
    if union is None:
        raise Http404(_("找不到该组织"))
    current = queries.settings_for(union)
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in actions.SETTINGS_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_settings(user, union, **form.cleaned_data)
            messages.success(request, _("设置已保存"))
            return redirect("congress:settings", code=union.code)
        except ActionError as e:
            show_action_error(form, e)
    return render(request, "congress/settings.html", {"union": union, "form": form})


# ---- sessions ----

def _session_page(request, session, **forms):
    total, present = queries.attendance_counts(session)
    signed = set(Attendance.objects.filter(session=session).values_list("delegate_id", flat=True))
    absent = [d for d in Delegate.objects.filter(term_id=session.term_id).select_related("member").order_by("group", "id")
              if d.pk not in signed]
    ctx = {
        "session": session, "total": total, "present": present, "quorum": rules.quorum(total),
        "quorum_met": total and present >= rules.quorum(total), "needed": rules.votes_needed(total),
        "resolutions": session.resolutions.all(), "evaluations": session.evaluations.all(),
        "figures": queries.proposal_figures(session.proposals.all()),
        "sign_form": forms.get("sign_form") or SignInForm(delegates=absent),
        "resolution_form": forms.get("resolution_form") or ResolutionForm(),
        "evaluation_form": forms.get("evaluation_form") or EvaluationForm(),
        "absent": len(absent), "statuses": Session.Status.choices,
        "documents": queries.session_documents(session),
        "papers_warning": rules.papers_late(session.date, session.papers_sent_on, timezone.localdate())
        if session.status != Session.Status.CLOSED or session.papers_sent_on else "",
        "papers_form": PapersForm(initial={"sent_on": timezone.localdate()}),
        "special_request": SpecialRequest.objects.filter(session=session).first(),
    }
    return render(request, "congress/session.html", ctx)


def _officer_session(user, session_id):
    return _get(queries.officer(user, Session).select_related("union", "term"), session_id)


@login_required
def session_detail(request, session_id):
    user = request.user
    if scope.prefixes(user, RUN_CONGRESS) == []:
        session = _get(Session.objects.readable_by(user), session_id)  # 404 before any redirect
        return redirect("congress:public_session", session_id=session.pk)
    return _session_page(request, _officer_session(user, session_id))


@login_required
@require_POST
def session_status(request, session_id):
    session = _officer_session(request.user, session_id)
    try:
        actions.set_session_status(request.user, session, request.POST.get("status", ""))
    except ActionError as e:
        messages.error(request, e.as_text({"status": _("状态")}))
    return redirect("congress:session", session_id=session.pk)


@login_required
@require_POST
def session_sign_in(request, session_id):
    user = request.user
    session = _officer_session(user, session_id)
    delegates = Delegate.objects.filter(term_id=session.term_id).select_related("member")
    form = SignInForm(request.POST, delegates=delegates)
    if form.is_valid():
        delegate = delegates.filter(pk=form.cleaned_data["delegate"]).first()
        try:
            if delegate is None:
                raise ActionError(_("不是本届代表"), field="delegate")
            actions.sign_in(user, session, delegate=delegate)
            messages.success(request, _("%(n)s已签到") % {"n": delegate.member.name})
            return redirect("congress:session", session_id=session.pk)
        except ActionError as e:
            show_action_error(form, e)
    return _session_page(request, session, sign_form=form)


@login_required
@require_POST
def resolution_new(request, session_id):
    user = request.user
    session = _officer_session(user, session_id)
    return form_post(request, ResolutionForm(request.POST), lambda d: actions.create_resolution(user, session, **d),
                     done=lambda r: redirect("congress:resolution", resolution_id=r.pk),
                     page=lambda form: _session_page(request, session, resolution_form=form))


@login_required
@require_POST
def evaluation_new(request, session_id):
    user = request.user
    session = _officer_session(user, session_id)
    form = EvaluationForm(request.POST)
    return form_post(request, form,
                     lambda d: actions.create_evaluation(user, session, title=d["title"], leaders=form.leader_rows()),
                     done=lambda rnd: redirect("congress:evaluation", round_id=rnd.pk),
                     page=lambda form: _session_page(request, session, evaluation_form=form))


def _docx(content, filename):
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def doc_agenda(request, session_id):
    s = _officer_session(request.user, session_id)
    return _docx(documents.agenda(s), f"agenda-{s.pk}.docx")


@login_required
def doc_resolutions(request, session_id):
    s = _officer_session(request.user, session_id)
    return _docx(documents.resolutions(s), f"resolutions-{s.pk}.docx")


@login_required
def doc_proposals(request, session_id):
    s = _officer_session(request.user, session_id)
    return _docx(documents.compilation(s), f"proposals-{s.pk}.docx")


# ---- resolutions ----

def _resolution_page(request, r, paper_form=None):
    return render(request, "congress/resolution.html", {
        "r": r, "needed": rules.votes_needed(r.total_delegates) if r.total_delegates else None,
        "voted": r.marks.count() + r.open_votes.count(), "paper_form": paper_form or PaperForm(initial={
            "issued": r.paper_issued, "returned": r.paper_returned, "votes_for": r.paper_for,
            "votes_against": r.paper_against, "votes_abstain": r.paper_abstain, "invalid": r.paper_invalid}),
        "live": queries.tally(r) if r.status == Resolution.Status.OPEN else None,
        "open_votes": r.open_votes.select_related("delegate__member") if r.mode == "open" else [],
    })


def _officer_resolution(user, resolution_id):
    return _get(queries.officer(user, Resolution).select_related("session__term", "union"), resolution_id)


@login_required
def resolution_detail(request, resolution_id):
    return _resolution_page(request, _officer_resolution(request.user, resolution_id))


@login_required
@require_POST
def resolution_step(request, resolution_id, step):
    user = request.user
    r = _officer_resolution(user, resolution_id)
    run = {"open": actions.open_vote, "close": actions.close_vote, "repeat": actions.reopen_void}.get(step)
    if run is None:
        raise Http404
    try:
        result = run(user, r)
        if step == "repeat":
            return redirect("congress:resolution", resolution_id=result.pk)
    except ActionError as e:
        messages.error(request, e.as_text({"quorum": _("法定人数"), "status": _("状态")}))
    return redirect("congress:resolution", resolution_id=r.pk)


def resolution_open(request, resolution_id):
    return resolution_step(request, resolution_id, "open")


def resolution_close(request, resolution_id):
    return resolution_step(request, resolution_id, "close")


def resolution_repeat(request, resolution_id):
    return resolution_step(request, resolution_id, "repeat")


@login_required
@require_POST
def resolution_paper(request, resolution_id):
    user = request.user
    r = _officer_resolution(user, resolution_id)
    form = PaperForm(request.POST)
    if form.is_valid():
        try:
            r = actions.record_paper(user, r, **form.cleaned_data)
            if r.status == Resolution.Status.VOID:
                messages.error(request, r.void_reason)
            return redirect("congress:resolution", resolution_id=r.pk)
        except ActionError as e:
            show_action_error(form, ActionError(errors={PaperForm.FIELD_OF.get(k, k): v
                                                        for k, v in e.message_dict.items()}))
    return _resolution_page(request, r, paper_form=form)


@login_required
def recount(request, resolution_id):
    """The public recount: every ballot with its digest, the chain re-verified, the votes counted again."""
    r = _get(Resolution.objects.readable_by(request.user).select_related("session__term", "union"), resolution_id)
    if r.status not in (Resolution.Status.CLOSED, Resolution.Status.VOID) and not _is_officer_for(request.user, r):
        raise Http404(_("表决结束后公布"))
    check = queries.recount(r)
    return render(request, "congress/recount.html", {"r": r, "check": check,
                                                     "needed": rules.votes_needed(r.total_delegates)})


# ---- proposals ----

@login_required
def proposals(request, session_id):
    user = request.user
    session = _get(Session.objects.readable_by(user).select_related("term", "union"), session_id)
    officer = _is_officer_for(user, session)
    qs = session.proposals.select_related("proposer__member").annotate(n_cosigners=Count("cosigners"))
    if not officer:
        qs = qs.exclude(status=Proposal.Status.DRAFT)
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    after = request.GET.get("after", "")
    if after.isdigit():
        qs = qs.filter(id__gt=int(after))
    rows = list(qs.order_by("id")[:PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    delegates = Delegate.objects.filter(term_id=session.term_id).select_related("member")
    form = None
    if officer:
        form = PaperProposalForm(request.POST or None, delegates=delegates)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            chosen = {x.pk: x for x in delegates.filter(pk__in=[d["proposer"], *d["cosigners"]])}
            try:
                if d["proposer"] not in chosen:
                    raise ActionError(_("提案人应是本届代表"), field="proposer")
                p = actions.create_proposal(user, session, proposer=chosen[d["proposer"]],
                                            cosigners=[chosen[c] for c in d["cosigners"] if c in chosen],
                                            title=d["title"], reason=d["reason"], suggestion=d["suggestion"],
                                            topic=d["topic"], submit=True, on=d["submitted_on"])
                return redirect("congress:proposal", proposal_id=p.pk)
            except ActionError as e:
                show_action_error(form, e)
    elif request.method == "POST":
        raise PermissionDenied(_("您没有管理职代会的权限"))
    return render(request, "congress/proposals.html", {
        "session": session, "rows": rows, "more": more, "next": rows[-1].pk if rows and more else None,
        "officer": officer, "form": form, "status": status, "statuses": Proposal.Status.choices,
        "figures": queries.proposal_figures(session.proposals.all()),
    })


def _proposal_page(request, p, **forms):
    user = request.user
    officer = _is_officer_for(user, p)
    me = queries.delegate_of(user, p.session.term)
    ctx = {"p": p, "officer": officer, "is_proposer": me is not None and me.pk == p.proposer_id,
           "answers": p.answers.all(), "n_cosigners": p.cosigners.count(),
           "cosigned": me is not None and p.cosigners.filter(delegate=me).exists(), "is_delegate": me is not None,
           "min_cosigners": queries.settings_for(p.union).min_cosigners}
    if officer:
        ctx["cosigners"] = p.cosigners.select_related("delegate__member")
        ctx.update(review_form=forms.get("review_form") or ReviewForm(),
                   assign_form=forms.get("assign_form") or AssignForm(initial={"department": p.department}),
                   answer_form=forms.get("answer_form") or AnswerForm())
    ctx["rate_form"] = forms.get("rate_form") or RateForm()
    return render(request, "congress/proposal.html", ctx)


def _proposal(user, proposal_id):
    p = _get(Proposal.objects.readable_by(user).select_related("session__term", "union", "proposer__member"),
             proposal_id)
    if p.status == Proposal.Status.DRAFT and not _is_officer_for(user, p) and queries.delegate_of(user, p.session.term) is None:
        raise Http404(_("未找到，或不在您的权限范围内"))
    return p


@login_required
def proposal_detail(request, proposal_id):
    return _proposal_page(request, _proposal(request.user, proposal_id))


FORMS = {"review": ReviewForm, "assign": AssignForm, "answer": AnswerForm, "rate": RateForm}


@login_required
@require_POST
def proposal_step(request, proposal_id, step):
    user = request.user
    p = _proposal(user, proposal_id)
    form = FORMS[step](request.POST) if step in FORMS else None
    if form is not None and not form.is_valid():
        return _proposal_page(request, p, **{f"{step}_form": form})
    try:
        if step == "cosign":
            actions.cosign(user, p)
        elif step == "submit":
            actions.submit_proposal(user, p)
        elif step == "review":
            actions.review_proposal(user, p, **form.cleaned_data)
        elif step == "assign":
            actions.assign_proposal(user, p, **form.cleaned_data)
        elif step == "answer":
            actions.answer_proposal(user, p, **form.cleaned_data)
        elif step == "rate":
            actions.rate_answer(user, p, **form.cleaned_data)
        messages.success(request, _("已保存"))
    except ActionError as e:
        if form is None:
            messages.error(request, e.as_text({"cosigners": _("附议"), "proposal": _("提案")}))
        else:
            show_action_error(form, e)
            return _proposal_page(request, p, **{f"{step}_form": form})
    return redirect("congress:proposal", proposal_id=p.pk)


def proposal_cosign(request, proposal_id):
    return proposal_step(request, proposal_id, "cosign")


def proposal_submit(request, proposal_id):
    return proposal_step(request, proposal_id, "submit")


def proposal_review(request, proposal_id):
    return proposal_step(request, proposal_id, "review")


def proposal_assign(request, proposal_id):
    return proposal_step(request, proposal_id, "assign")


def proposal_answer(request, proposal_id):
    return proposal_step(request, proposal_id, "answer")


def proposal_rate(request, proposal_id):
    return proposal_step(request, proposal_id, "rate")


@login_required
def reminders(request):
    user = request.user
    _require_officer(user)
    rows = list(queries.reminders(queries.officer(user, Proposal))[:200])
    today = timezone.localdate()
    for p in rows:
        p.days_left = (p.deadline - today).days
        p.days_over = -p.days_left
    return render(request, "congress/reminders.html", {
        "rows": rows, "meeting_warnings": queries.meeting_warnings(queries.officer(user, Term)),
        "papers_warnings": queries.papers_warnings(queries.officer(user, Session)),
        "special_open": SpecialRequest.objects.visible_to(user, RUN_CONGRESS).filter(
            status=SpecialRequest.Status.OPEN).select_related("term__union")})


# ---- evaluation ----

def _evaluation_page(request, rnd, paper_form=None):
    officer = _is_officer_for(request.user, rnd)
    leaders = list(rnd.leaders.all())
    ctx = {"rnd": rnd, "officer": officer, "ballots": rnd.ballots.count(), "leaders": leaders}
    if officer:
        ctx["sheet"] = queries.evaluation_sheet(rnd)
        ctx["paper_form"] = paper_form or GradesForm(leaders=leaders, prefix="paper")
        ctx["chain_ok"] = queries.evaluation_recount(rnd)[0]
    return render(request, "congress/evaluation.html", ctx)


@login_required
def evaluation_detail(request, round_id):
    rnd = _get(queries.officer(request.user, EvaluationRound).select_related("session__term", "union"), round_id)
    return _evaluation_page(request, rnd)


@login_required
@require_POST
def evaluation_step(request, round_id, step):
    user = request.user
    rnd = _get(queries.officer(user, EvaluationRound).select_related("session__term", "union"), round_id)
    if step == "paper":
        form = GradesForm(request.POST, leaders=rnd.leaders.all(), prefix="paper")
        if not form.is_valid():
            return _evaluation_page(request, rnd, paper_form=form)
        try:
            actions.record_paper_evaluation(user, rnd, form.grades())
            messages.success(request, _("已录入一张纸质评议票"))
        except ActionError as e:
            show_action_error(form, e)
            return _evaluation_page(request, rnd, paper_form=form)
        return redirect("congress:evaluation", round_id=rnd.pk)
    try:
        {"open": actions.open_evaluation, "close": actions.close_evaluation}[step](user, rnd)
    except ActionError as e:
        messages.error(request, e.as_text({"quorum": _("法定人数"), "status": _("状态")}))
    return redirect("congress:evaluation", round_id=rnd.pk)


def evaluation_open(request, round_id):
    return evaluation_step(request, round_id, "open")


def evaluation_close(request, round_id):
    return evaluation_step(request, round_id, "close")


def evaluation_paper(request, round_id):
    return evaluation_step(request, round_id, "paper")


# ---- members and delegates (self-service) ----

@login_required
def my(request):
    """The member's congress page: their union's sessions; as a delegate also sign-in, votes,
    evaluations, proposals to write, co-sign and rate."""
    user = request.user
    me = member_for(user)
    sessions = list(Session.objects.filter(union_id=me.union_id).select_related("term")[:20]) if me else []
    delegate_of_term = {d.term_id: d for d in Delegate.objects.filter(member=me)} if me else {}
    current = []
    for s in sessions:
        if s.term_id not in delegate_of_term or s.status == Session.Status.CLOSED:
            continue
        d = delegate_of_term[s.term_id]
        signed = Attendance.objects.filter(session=s, delegate=d).exists()
        res = list(s.resolutions.filter(status=Resolution.Status.OPEN))
        done = set(VoterMark.objects.filter(delegate=d, resolution__in=res).values_list("resolution_id", flat=True))
        done |= set(OpenVote.objects.filter(delegate=d, resolution__in=res).values_list("resolution_id", flat=True))
        evs = list(s.evaluations.filter(status=EvaluationRound.Status.OPEN))
        evaluated = set(EvaluationMark.objects.filter(delegate=d, round__in=evs).values_list("round_id", flat=True))
        collecting = s.proposals.filter(status=Proposal.Status.DRAFT).exclude(proposer=d).annotate(
            n=Count("cosigners"))
        current.append({"s": s, "d": d, "signed": signed,
                        "to_vote": [r for r in res if r.pk not in done],
                        "to_evaluate": [e for e in evs if e.pk not in evaluated],
                        "collecting": collecting,
                        "mine": s.proposals.filter(proposer=d),
                        "papers": list(s.resolutions.all()) if s.papers_sent_on else []})
    terms = []
    if me:
        mine = {d.term_id: d for d in delegate_of_term.values()}
        open_requests = {r.term_id: r for r in SpecialRequest.objects.filter(
            term_id__in=list(mine), status=SpecialRequest.Status.OPEN)}
        signed = set(Signature.objects.filter(delegate__in=list(mine.values()), withdrawn_at__isnull=True)
                     .values_list("request_id", flat=True))
        counts = dict(Delegate.objects.filter(term_id__in=list(mine)).values_list("term_id").annotate(n=Count("id")))
        sig_counts = dict(Signature.objects.filter(request__in=list(open_requests.values()), withdrawn_at__isnull=True,
                                                   delegate__deleted_at__isnull=True)
                          .values_list("request_id").annotate(n=Count("id")))
        for t in Term.objects.filter(pk__in=list(mine)).filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate())):
            r = open_requests.get(t.pk)
            terms.append({"t": t, "request": r, "signed": r is not None and r.pk in signed,
                          "n": sig_counts.get(r.pk, 0) if r else 0,
                          "need": rules.special_session_requests(counts.get(t.pk, 0))})
    return render(request, "congress/my.html", {"me": me, "sessions": sessions, "current": current, "terms": terms,
                                                "proposal_form": ProposalForm(), "vote_form": VoteForm()})


def _own_session(user, session_id):
    me = member_for(user)
    s = Session.objects.filter(pk=session_id, union_id=me.union_id if me else -1).select_related("term").first()
    if s is None:
        raise Http404(_("未找到，或不在您的权限范围内"))
    return s


@login_required
@require_POST
def my_sign_in(request, session_id):
    s = _own_session(request.user, session_id)
    try:
        actions.sign_in(request.user, s)
        messages.success(request, _("签到成功"))
    except ActionError as e:
        messages.error(request, e.as_text())
    return redirect("congress:my")


@login_required
def my_propose(request, session_id):
    s = _own_session(request.user, session_id)
    return form_post(request, ProposalForm(request.POST or None),
                     lambda d: actions.create_proposal(request.user, s, **d),
                     success=_("提案已保存，请邀请代表附议后提交"),
                     done=lambda p: redirect("congress:proposal", proposal_id=p.pk),
                     page=lambda form: render(request, "congress/my_propose.html", {"session": s, "form": form}))


@login_required
def my_vote(request, resolution_id):
    user = request.user
    me = member_for(user)
    r = _get(Resolution.objects.filter(union_id=me.union_id if me else -1).select_related("session__term"),
             resolution_id)
    state = _vote_state(user, r)
    return form_post(request, VoteForm(request.POST or None), lambda d: actions.cast_vote(user, r, d["choice"]),
                     success=_("投票成功"), done=lambda _r: redirect("congress:my"),
                     page=lambda form: render(request, "congress/my_vote.html", {"r": r, "form": form, **state}))


def _vote_state(user, r):
    """What stands between the delegate and their vote, said before the ballot (the action checks the
    same again): not a delegate of this term, the vote not open, not signed in, already voted."""
    d = queries.delegate_of(user, r.session.term)
    blocked, sign_in = "", False
    if d is None:
        blocked = _("您不是本届代表，不能参加表决。")
    elif r.status != Resolution.Status.OPEN:
        blocked = (_("该事项尚未开始表决，请等待主持人宣布开始表决后再打开本页。") if r.status == Resolution.Status.DRAFT
                   else _("该事项的表决已经结束（%(status)s）。") % {"status": r.get_status_display()})
    elif (VoterMark.objects.filter(resolution=r, delegate=d).exists()
          or OpenVote.objects.filter(resolution=r, delegate=d).exists()):
        blocked = _("您已对该事项投票，不能重复投票。")
    elif not Attendance.objects.filter(session=r.session, delegate=d).exists():
        blocked = _("请先签到再表决：表决只对已签到的代表开放，到会人数按签到计算。请点下面的“签到”按钮，"
                    "或到会场签到处签到，然后回到本页投票。")
        sign_in = r.session.status == Session.Status.OPEN
    return {"blocked": blocked, "sign_in": sign_in}


@login_required
def my_evaluate(request, round_id):
    user = request.user
    me = member_for(user)
    rnd = _get(EvaluationRound.objects.filter(union_id=me.union_id if me else -1).select_related("session__term"),
               round_id)
    form = GradesForm(request.POST or None, leaders=rnd.leaders.all())
    return form_post(request, form, lambda d: actions.cast_evaluation(user, rnd, form.grades()),
                     success=_("评议票已提交"), done=lambda _r: redirect("congress:my"),
                     page=lambda form: render(request, "congress/my_evaluate.html", {"rnd": rnd, "form": form}))


@login_required
def public_session(request, session_id):
    """What every member of the union may see: the agenda, the results and the proposals list."""
    s = _get(Session.objects.readable_by(request.user).select_related("term", "union"), session_id)
    return render(request, "congress/public_session.html", {
        "session": s, "resolutions": s.resolutions.filter(status__in=[Resolution.Status.CLOSED,
                                                                      Resolution.Status.VOID]),
        "figures": queries.proposal_figures(s.proposals.all()),
    })


# ---- constituency elections ----

@login_required
@require_POST
def election_new(request, term_id):
    user = request.user
    term = _get(queries.officer(user, Term).select_related("union"), term_id)
    form = ElectionForm(request.POST, within=term.union.code)
    if form.is_valid():
        d = form.cleaned_data
        try:
            org = None
            if d["org"].strip():
                org = org_pickers.resolve(user, d["org"], pk=getattr(d["org"], "pk", None), field="org",
                                          cap=RUN_CONGRESS, within=term.union)
            rows = form.candidate_rows()
            found = member_pickers.resolve_many(user, [no for no, _c in rows], field="candidates", cap=RUN_CONGRESS,
                                                union=term.union, aligned=True)
            e = actions.create_election(user, term, name=d["name"], org=org, voters=d["voters"], seats=d["seats"],
                                        date=d["date"], candidates=[(found[no], c, d["group"]) for no, c in rows])
            messages.success(request, _("已建立选区选举%(n)s") % {"n": e})
            return redirect("congress:election", constituency_id=e.pk)
        except ActionError as e:
            show_action_error(form, e)
    return _term_page(request, term, election_form=form)


def _officer_election(user, pk):
    return _get(queries.officer(user, ConstituencyElection).select_related("term__union", "union", "org", "previous"),
                pk)


def _election_page(request, e, result_form=None, by_form=None):
    candidates = list(e.candidates.select_related("member").order_by("-votes", "id")
                      if e.status != ConstituencyElection.Status.PLANNED else e.candidates.select_related("member"))
    initial = {"ballots_issued": e.ballots_issued, "ballots_returned": e.ballots_returned,
               "ballots_invalid": e.ballots_invalid if e.ballots_invalid is not None else 0,
               **{f"votes_{c.pk}": c.votes for c in candidates}}
    nxt = ConstituencyElection.objects.filter(previous=e).first()
    state, state_label = queries.election_state(e, nxt is not None)
    return render(request, "congress/election.html", {
        "e": e, "term": e.term, "candidates": candidates, "state": state, "state_label": state_label,
        "turnout": rules.constituency_turnout(e.voters), "votes_needed": rules.constituency_votes_needed(e.voters),
        "next": nxt, "delegates": Delegate.objects.filter(election=e).select_related("member"),
        "result_form": result_form or ElectionResultForm(initial=initial, candidates=candidates),
        "by_form": by_form or ByElectionForm(initial={"date": timezone.localdate()}),
        "editable": e.status != ConstituencyElection.Status.CONFIRMED,
        "can_by": nxt is None and (e.status == ConstituencyElection.Status.VOID
                                   or (e.status == ConstituencyElection.Status.CONFIRMED and e.unfilled)),
    })


@login_required
def election_detail(request, constituency_id):
    user = request.user
    e = _officer_election(user, constituency_id)
    if request.method == "POST":
        form = ElectionResultForm(request.POST, candidates=e.candidates.select_related("member"))
        if form.is_valid():
            d = form.cleaned_data
            try:
                e = actions.enter_election_result(user, e, issued=d["ballots_issued"], returned=d["ballots_returned"],
                                                  invalid=d["ballots_invalid"], votes=form.votes())
                if e.status == ConstituencyElection.Status.VOID:
                    messages.error(request, e.void_reason)
                else:
                    messages.success(request, _("计票结果已录入，请核对后确认"))
                return redirect("congress:election", constituency_id=e.pk)
            except ActionError as err:
                show_action_error(form, err)
        return _election_page(request, e, result_form=form)
    return _election_page(request, e)


@login_required
@require_POST
def election_confirm(request, constituency_id):
    user = request.user
    e = _officer_election(user, constituency_id)
    try:
        e = actions.confirm_election(user, e)
        messages.success(request, _("选举结果已确认，当选者已列入代表名单"))
    except ActionError as err:
        messages.error(request, err.as_text({"status": _("状态"), "member": _("代表")}))
    return redirect("congress:election", constituency_id=e.pk)


@login_required
@require_POST
def election_by(request, constituency_id):
    user = request.user
    e = _officer_election(user, constituency_id)
    return form_post(request, ByElectionForm(request.POST), lambda d: actions.start_by_election(user, e, date=d["date"]),
                     done=lambda nxt: redirect("congress:election", constituency_id=nxt.pk),
                     page=lambda form: _election_page(request, e, by_form=form))


# ---- papers ----

@login_required
@require_POST
def session_papers(request, session_id):
    user = request.user
    session = _officer_session(user, session_id)
    form = PapersForm(request.POST)
    if form.is_valid():
        try:
            actions.send_papers(user, session, sent_on=form.cleaned_data["sent_on"])
            messages.success(request, _("已记录会议文件发送日期"))
        except ActionError as e:
            messages.error(request, e.as_text({"sent_on": _("发送日期")}))
    else:
        messages.error(request, clauses(m for ms in form.errors.values() for m in ms))
    return redirect("congress:session", session_id=session.pk)


# ---- special session requests ----

def _officer_request(user, pk):
    return _get(queries.officer(user, SpecialRequest).select_related("term__union", "union", "session",
                                                                     "opened_by__member"), pk)


def _special_page(request, req, convene_form=None, decision_form=None):
    signed, total, need = queries.special_counts(req)
    signatures = Signature.objects.filter(request=req).select_related("delegate__member").order_by("signed_at", "id")
    return render(request, "congress/special.html", {
        "req": req, "term": req.term, "signed": signed, "total": total, "need": need,
        "reached": total > 0 and signed >= need, "signatures": signatures,
        "convene_form": convene_form or ConveneForm(initial={"meeting": Session.objects.filter(
            term=req.term).count() + 1}),
        "decision_form": decision_form or DecisionForm(),
    })


@login_required
def special_detail(request, request_id):
    return _special_page(request, _officer_request(request.user, request_id))


@login_required
@require_POST
def special_convene(request, request_id):
    user = request.user
    req = _officer_request(user, request_id)
    return form_post(request, ConveneForm(request.POST), lambda d: actions.convene_special_session(user, req, **d),
                     success=_("已安排临时会议"), done=lambda s: redirect("congress:session", session_id=s.pk),
                     page=lambda form: _special_page(request, req, convene_form=form))


@login_required
@require_POST
def special_decide(request, request_id):
    user = request.user
    req = _officer_request(user, request_id)
    return form_post(request, DecisionForm(request.POST),
                     lambda d: actions.decide_special_request(user, req, decision=d["decision"]),
                     success=_("已保存"), done=lambda _r: redirect("congress:special", request_id=req.pk),
                     page=lambda form: _special_page(request, req, decision_form=form))


def _own_term(user, term_id):
    me = member_for(user)
    term = Term.objects.filter(pk=term_id, union_id=me.union_id if me else -1).first()
    if term is None:
        raise Http404(_("未找到，或不在您的权限范围内"))
    return term


def _own_request(user, request_id):
    me = member_for(user)
    req = SpecialRequest.objects.filter(pk=request_id, union_id=me.union_id if me else -1).select_related(
        "term").first()
    if req is None:
        raise Http404(_("未找到，或不在您的权限范围内"))
    return req


@login_required
def my_special_new(request, my_term_id):
    term = _own_term(request.user, my_term_id)
    return form_post(request, SpecialRequestForm(request.POST or None),
                     lambda d: actions.open_special_request(request.user, term, reason=d["reason"]),
                     success=_("已发起临时会议提议，请其他代表联署"), done=lambda _r: redirect("congress:my"),
                     page=lambda form: render(request, "congress/my_special.html", {"term": term, "form": form}))


@login_required
@require_POST
def my_special_sign(request, my_request_id):
    try:
        actions.sign_special_request(request.user, _own_request(request.user, my_request_id))
        messages.success(request, _("已联署"))
    except ActionError as e:
        messages.error(request, e.as_text())
    return redirect("congress:my")


@login_required
@require_POST
def my_special_withdraw(request, my_request_id):
    try:
        actions.withdraw_signature(request.user, _own_request(request.user, my_request_id))
        messages.success(request, _("已撤回联署"))
    except ActionError as e:
        messages.error(request, e.as_text())
    return redirect("congress:my")
