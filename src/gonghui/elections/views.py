"""Election pages: the list, a new election, the election's page (candidates, delegates, the steps),
a round's tellers' page (attendance, paper ballots), the phone ballot, the public recount, the
results report (page and .docx), terms and reminders, and a member's own elections.

Views parse input and call ``elections.actions``. Every election, round, candidate and term comes
through ``visible_to`` (an out-of-scope id is a 404).
"""
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import RUN_ELECTIONS, VIEW
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.views import show_action_error
from gonghui.orgs.unions import PICKER_LIMIT, requested_code, unions_for
from gonghui.members.models import Member
from gonghui.members import pickers as member_pickers
from gonghui.members.queries import member_for
from gonghui.orgs import pickers as org_pickers
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, queries, rules
from .forms import (FIELD_LABELS, BallotForm, DecisionForm, ElectionForm, MemberListForm, NominateForm, OfficeForm,
                    PresentForm, RemovalForm, RemovalPaperForm, RemovalVoteForm, TermForm)
from .models import (Candidate, Election, Kind, Office, Removal, RemovalMark, RemovalState, RemovalVoter, Round,
                     Status, Term, Voter, VoterMark)

PAGE = 30


def _election(user, pk, cap=RUN_ELECTIONS):
    election = Election.objects.visible_to(user, cap).select_related("union", "union__parent").filter(pk=pk).first()
    if election is None:
        raise Http404(_("找不到该选举"))
    return election


def _round(user, pk, cap=RUN_ELECTIONS):
    rnd = Round.objects.filter(pk=pk, election__in=Election.objects.visible_to(user, cap).values("pk")) \
        .select_related("election", "election__union").first()
    if rnd is None:
        raise Http404(_("找不到该轮投票"))
    return rnd


def _require_somewhere(user):
    if scope.prefixes(user, RUN_ELECTIONS) == []:
        raise PermissionDenied(_("您没有组织选举的权限"))


def _may_approve(user, election):
    parent = election.union.parent
    return scope.can(user, RUN_ELECTIONS, parent) if parent else user.is_superuser


def _fail(request, exc):
    messages.error(request, exc.as_text(FIELD_LABELS))


def _docx(content, filename):
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _one_or_404(qs, pk, message):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def _bound(request, intent, form_class, **kwargs):
    """A form of a page with several: bound to the POST only when the POST is for this form's intent."""
    data = request.POST if request.method == "POST" and request.POST.get("intent") == intent else None
    return form_class(data, prefix=intent, **kwargs)


def _run_intent(request, steps):
    """Run the POSTed intent of a page with several forms. ``steps`` maps an intent to (form or None, do):
    ``do(cleaned_data)`` calls the action and returns the redirect. An ``ActionError`` goes onto the form
    (or, for a form-less step, into the page messages); returns None when the page is shown again."""
    form, do = steps.get(request.POST.get("intent"), (None, None))
    if do is None or (form is not None and not form.is_valid()):
        return None
    try:
        return do(form.cleaned_data if form is not None else None)
    except ActionError as exc:
        if form is not None:
            show_action_error(form, exc)
        else:
            _fail(request, exc)
    return None


@login_required
def home(request):
    user = request.user
    if scope.prefixes(user, RUN_ELECTIONS) == []:
        return redirect("elections:mine")
    deleted = request.GET.get("deleted") == "1"
    manager = Election.all_objects.deleted() if deleted else Election.objects
    qs = manager.visible_to(user, RUN_ELECTIONS).select_related("union")
    status = request.GET.get("status") or ""
    if status in Status.values:
        qs = qs.filter(status=status)
    rows, older, newer = keyset(qs, request.GET.get("before"), request.GET.get("after"))
    return render(request, "elections/home.html", {
        "rows": rows, "older": older, "newer": newer, "status": status, "statuses": Status.choices,
        "deleted": deleted,
    })


def keyset(qs, before=None, after=None, size=PAGE):
    """Newest first by id: (rows, id for the "older" link, id for the "newer" link)."""
    if after and str(after).isdigit():
        rows = list(qs.filter(pk__gt=int(after)).order_by("pk")[:size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return rows, (rows[-1].pk if rows else None), (rows[0].pk if more_newer and rows else None)
    if before and str(before).isdigit():
        qs = qs.filter(pk__lt=int(before))
    rows = list(qs.order_by("-pk")[:size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more_older else None), (rows[0].pk if before and rows else None)


def _unions(user):
    return list(unions_for(user, RUN_ELECTIONS)[:PICKER_LIMIT])


@login_required
def new(request):
    user = request.user
    _require_somewhere(user)
    unions = _unions(user)
    committees = list(Election.objects.visible_to(user, RUN_ELECTIONS).filter(
        kind=Kind.COMMITTEE, status__in=[Status.COUNTED, Status.APPROVED]).select_related("union")[:100])
    form = ElectionForm(request.POST or None, unions=unions, committees=committees,
                        initial={"union": requested_code(request, post=False),
                                 "kind": request.GET.get("kind", "committee")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        union = next(u for u in unions if u.code == data["union"])
        committee = next((e for e in committees if str(e.pk) == data["committee_election"]), None)
        try:
            election = actions.create_election(
                user, union, kind=data["kind"], seats=data["seats"], title=data["title"], assembly=data["assembly"],
                threshold_basis=data["threshold_basis"], term_years=data["term_years"],
                committee_election=committee, note=data["note"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已创建选举，请提名候选人"))
            return redirect("elections:detail", pk=election.pk)
    return render(request, "elections/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    user = request.user
    election = _election(user, pk)
    candidates = list(Candidate.objects.filter(election=election).select_related("member").order_by("pk"))
    rounds = list(election.rounds.order_by("number"))
    ctx = {
        "election": election, "candidates": candidates, "rounds": rounds,
        "delegates": election.delegates.count(), "voters": election.voters.count(),
        "may_approve": _may_approve(user, election),
        "required": rules.required_candidates(election.seats) if election.competitive else election.seats,
        "nominate_form": NominateForm(), "delegates_form": MemberListForm(), "decision_form": DecisionForm(),
        "pending_round": next((r for r in rounds if r.state in (Round.State.PENDING, Round.State.OPEN)), None),
    }
    return render(request, "elections/detail.html", ctx)


def _step(request, pk, do, done, *, cap=RUN_ELECTIONS):
    """Run one POSTed step on the election and go back to its page with a message."""
    election = _election(request.user, pk, cap)
    try:
        result = do(election)
    except ActionError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
        if isinstance(result, Round):
            return redirect("elections:round", pk=result.pk)
    return redirect("elections:detail", pk=election.pk)


def _member_by_no(user, election, text):
    """The member typed or picked (name, pinyin, member number) in the election's union."""
    return member_pickers.resolve(user, text, pk=getattr(text, "pk", None), field="member_no", cap=RUN_ELECTIONS,
                                  union=election.union)


@login_required
@require_POST
def nominate(request, pk):
    election = _election(request.user, pk)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写候选人的姓名或会员编号"))
        return redirect("elections:detail", pk=pk)
    try:
        member = _member_by_no(request.user, election, form.cleaned_data["member_no"])
    except ActionError as exc:
        messages.error(request, exc.as_text({"member_no": _("会员")}))
        return redirect("elections:detail", pk=pk)
    return _step(request, pk, lambda e: actions.nominate(request.user, e, member,
                                                         nominated_by=form.cleaned_data["nominated_by"]),
                 _("已提名%(name)s") % {"name": member.name})


@login_required
@require_POST
def withdraw(request, pk):
    candidate = _one_or_404(Candidate.objects.filter(
        election__in=Election.objects.visible_to(request.user, RUN_ELECTIONS).values("pk")), pk, _("找不到该候选人"))
    try:
        actions.withdraw_candidate(request.user, candidate)
    except ActionError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已撤下候选人%(name)s") % {"name": candidate.name})
    return redirect("elections:detail", pk=candidate.election_id)


def _members_by_numbers(user, election, text):
    """The members a typed list names (numbers, names, pinyin) in the union of ``election`` (or a removal)."""
    return member_pickers.resolve_many(user, text, field="member_nos", cap=RUN_ELECTIONS, union=election.union)


@login_required
@require_POST
def delegates(request, pk):
    def do(election):
        return actions.set_delegates(request.user, election,
                                     _members_by_numbers(request.user, election, request.POST.get("member_nos", "")))
    return _step(request, pk, do, _("已保存代表名单"))


def _upper_step(request, pk, do, done, refused):
    """A step the upper union takes (approving the candidate list or the results)."""
    if not _may_approve(request.user, _election(request.user, pk)):
        raise PermissionDenied(refused)
    return _step(request, pk, lambda e: do(request.user, e), done)


@login_required
@require_POST
def approve_candidates(request, pk):
    return _upper_step(request, pk, actions.approve_candidates, _("已批复候选人名单"), _("候选人名单由上级工会批复"))


@login_required
@require_POST
def open_voting(request, pk):
    return _step(request, pk, lambda e: actions.open_voting(request.user, e), _("已生成选举人名册，请登记实到会人数后开始投票"))


@login_required
@require_POST
def decide(request, pk):
    _election(request.user, pk)
    form = DecisionForm(request.POST)
    further = form.is_valid() and form.cleaned_data["decision"] == "further"
    if not form.is_valid():
        messages.error(request, _("请选择缺额处理方式"))
        return redirect("elections:detail", pk=pk)
    return _step(request, pk, lambda e: actions.decide_shortfall(request.user, e, further_round=further),
                 _("已记录委员会的决定"))


@login_required
@require_POST
def approve_results(request, pk):
    return _upper_step(request, pk, actions.approve_results, _("已批复选举结果"), _("选举结果由上级工会批复"))


@login_required
@require_POST
def publish(request, pk):
    return _step(request, pk, lambda e: actions.publish_results(request.user, e), _("已公布选举结果"))


@login_required
@require_POST
def delete(request, pk):
    election = _election(request.user, pk)
    try:
        actions.delete_election(request.user, election)
    except ActionError as exc:
        _fail(request, exc)
        return redirect("elections:detail", pk=pk)
    messages.success(request, _("已删除选举"))
    return redirect("elections:home")


@login_required
@require_POST
def restore(request, pk):
    election = _one_or_404(Election.all_objects.deleted().visible_to(request.user, RUN_ELECTIONS), pk,
                           _("找不到该选举"))
    actions.restore_election(request.user, election)
    messages.success(request, _("已恢复选举"))
    return redirect("elections:detail", pk=election.pk)


# ---- a round: the tellers' page ----

@login_required
def round_page(request, pk):
    user = request.user
    rnd = _round(user, pk)
    cands = list(Candidate.all_objects.filter(pk__in=rnd.candidate_ids).order_by("pk"))
    allow = rnd.kind != Round.RoundKind.TIE
    present_form = _bound(request, "open", PresentForm)
    issue_form = _bound(request, "issue", MemberListForm)
    ballot_form = _bound(request, "ballot", BallotForm, candidates=cands, allow_write_ins=allow)
    here = redirect("elections:round", pk=rnd.pk)

    def open_(data):
        actions.open_round(user, rnd, present=data["present"])
        messages.success(request, _("法定人数已满足，投票开始"))
        return here

    def issue(data):
        n = actions.issue_paper_ballots(user, rnd, _members_by_numbers(user, rnd.election, data["member_nos"]))
        messages.success(request, _("已发出纸质选票%(n)s张") % {"n": n})
        return here

    def ballot(data):
        entered = actions.enter_paper_ballot(user, rnd, marks=data["marks"], write_ins=ballot_form.names())
        if entered.valid:
            messages.success(request, _("已录入第%(n)s张选票") % {"n": entered.seq})
        else:
            messages.warning(request, _("已录入第%(n)s张选票：所选人数多于应选人数，记为无效票") % {"n": entered.seq})
        return here

    def close(_data):
        result = actions.close_round(user, rnd)
        rnd.refresh_from_db()
        if rnd.state == Round.State.VOID:
            messages.warning(request, rnd.void_text)
        else:
            messages.success(request, _("计票完成"))
        return redirect("elections:round", pk=result.pk)

    if request.method == "POST":
        done = _run_intent(request, {"open": (present_form, open_), "issue": (issue_form, issue),
                                     "ballot": (ballot_form, ballot), "close": (None, close)})
        if done is not None:
            return done
    rnd.refresh_from_db()
    return render(request, "elections/round.html", {
        "round": rnd, "election": rnd.election, "candidates": cands, "quorum": rules.quorum(rnd.entitled),
        "present_form": present_form, "issue_form": issue_form, "ballot_form": ballot_form,
        "marked": rnd.marks.count(), "ballots": rnd.ballots.count(),
        "rows": queries.round_rows(rnd, queries.candidate_names(rnd.election))
        if rnd.state == Round.State.COUNTED else [],
    })


# ---- voters ----

def _voter(user, election):
    return Voter.objects.filter(election=election, member__user=user).first()


@login_required
def vote(request, pk):
    """The phone ballot: more marks than seats are refused with a message, the voter corrects them."""
    user = request.user
    election = _election(user, pk, VIEW)
    rnd = election.rounds.filter(state=Round.State.OPEN).order_by("-number").first()
    voter = _voter(user, election)
    voted = bool(rnd and voter and VoterMark.objects.filter(round=rnd, voter=voter).exists())
    cands = list(Candidate.all_objects.filter(pk__in=rnd.candidate_ids).order_by("pk")) if rnd else []
    form = BallotForm(request.POST or None, candidates=cands,
                      allow_write_ins=bool(rnd) and rnd.kind != Round.RoundKind.TIE)
    if request.method == "POST" and rnd and form.is_valid():
        try:
            actions.cast_ballot(user, rnd, marks=form.cleaned_data["marks"], write_ins=form.names())
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("投票成功。您的选票不记名，可在公开计票页核对。"))
            return redirect("elections:vote", pk=election.pk)
    return render(request, "elections/vote.html", {
        "election": election, "round": rnd, "voter": voter, "voted": voted, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def mine(request):
    user = request.user
    member = member_for(user)
    rows, removals = [], []
    if member:
        rows = list(Election.objects.visible_to(user, VIEW).filter(union_id=member.union_id)
                    .select_related("union").order_by("-pk")[:50])
        on_roll = set(Voter.objects.filter(member=member, election__in=[e.pk for e in rows])
                      .values_list("election_id", flat=True))
        for e in rows:
            e.on_roll = e.pk in on_roll
        removals = list(Removal.objects.visible_to(user, VIEW).filter(union_id=member.union_id)
                        .select_related("office").order_by("-pk")[:20])
        on_roll = set(RemovalVoter.objects.filter(member=member, removal__in=[r.pk for r in removals])
                      .values_list("removal_id", flat=True))
        for r in removals:
            r.on_roll = r.pk in on_roll
    return render(request, "elections/mine.html", {"rows": rows, "removals": removals, "member": member})


@login_required
def recount(request, pk):
    """The public recount: every ballot of every round with its digest, the chain checked and recounted."""
    election = _election(request.user, pk, VIEW)
    if election.status not in (Status.COUNTED, Status.APPROVED) and not scope.can(
            request.user, RUN_ELECTIONS, election.union):
        raise Http404(_("计票结束后公开"))
    names = queries.candidate_names(election)
    rounds = queries.recount(election)
    for item in rounds:
        item["recounted"] = sorted(((names.get(int(k[1:]), "?") if k.startswith("c") else _("%(name)s（另选）") % {
            "name": k[1:]}, v)
                                    for k, v in item["tally"].items()), key=lambda x: (-x[1], x[0]))
    return render(request, "elections/recount.html", {"election": election, "rounds": rounds, "names": names})


@login_required
def report(request, pk):
    election = _election(request.user, pk, VIEW)
    officer = scope.can(request.user, RUN_ELECTIONS, election.union)
    if not officer and not election.published:
        raise Http404(_("选举结果尚未公布"))
    return render(request, "elections/report.html", {"election": election, "officer": officer,
                                                     **queries.results(election)})


@login_required
def report_docx(request, pk):
    election = _election(request.user, pk, VIEW)
    if not scope.can(request.user, RUN_ELECTIONS, election.union) and not election.published:
        raise Http404(_("选举结果尚未公布"))
    return _docx(queries.report_docx(election), f"election-{election.pk}-results.docx")


# ---- terms ----

@login_required
def terms(request):
    user = request.user
    _require_somewhere(user)
    try:
        months = max(1, min(60, int(request.GET.get("months") or 6)))
    except ValueError:
        months = 6
    today = timezone.localdate()
    visible = Term.objects.visible_to(user, RUN_ELECTIONS)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_pickers.resolve(user, data["org"], pk=data["org"].pk, field="org", cap=RUN_ELECTIONS)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            try:
                actions.record_term(user, org, body=data["body"], elected_on=data["elected_on"], years=data["years"],
                                    note=data["note"])
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已记录任期"))
                return redirect("elections:terms")
    unions = Organisation.objects.visible_to(user, RUN_ELECTIONS).filter(kind=OrgKind.GRASSROOTS)
    return render(request, "elections/terms.html", {
        "form": form, "months": months, "today": today,
        "due": queries.reminders(visible, today, months),
        "terms": list(visible.select_related("org").order_by("-elected_on", "-pk")[:100]),
        "unknown": list(queries.unions_without_term(unions).order_by("path")[:100]),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def term_delete(request, pk):
    term = _one_or_404(Term.objects.visible_to(request.user, RUN_ELECTIONS), pk, _("找不到该任期"))
    actions.delete_term(request.user, term)
    messages.success(request, _("已删除任期记录"))
    return redirect("elections:terms")


# ---- chairs and vice-chairs, and their removal (罢免) ----

def _removal(user, pk, cap=RUN_ELECTIONS):
    return _one_or_404(Removal.objects.visible_to(user, cap).select_related("union", "office"), pk,
                       _("找不到该罢免表决"))


def _page_params(request):
    return request.GET.get("before"), request.GET.get("after")


@login_required
def offices(request):
    """The chairs and vice-chairs on record (current ones by default), and entering one by hand."""
    user = request.user
    _require_somewhere(user)
    show_all = request.GET.get("all") == "1"
    qs = Office.objects.visible_to(user, RUN_ELECTIONS).select_related("union")
    if not show_all:
        qs = qs.filter(current=True)
    rows, older, newer = keyset(qs, *_page_params(request))
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_pickers.resolve(user, data["org"], pk=data["org"].pk, field="org", cap=RUN_ELECTIONS)
            member = _member_by_no(user, SimpleNamespace(union=org), data["member_no"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            try:
                actions.record_office(user, org, post=data["post"], member=member, started_on=data["started_on"])
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已记录任职"))
                return redirect("elections:offices")
    return render(request, "elections/offices.html", {
        "rows": rows, "older": older, "newer": newer, "show_all": show_all, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def removals(request):
    """Removal votes, newest first (keyset pages), and a new motion against a sitting chair or vice-chair."""
    user = request.user
    _require_somewhere(user)
    qs = Removal.objects.visible_to(user, RUN_ELECTIONS).select_related("union", "office")
    state = request.GET.get("state") or ""
    if state in RemovalState.values:
        qs = qs.filter(state=state)
    rows, older, newer = keyset(qs, *_page_params(request))
    sitting = list(Office.objects.visible_to(user, RUN_ELECTIONS).filter(current=True).select_related("union")
                   .order_by("union__path", "post", "pk")[:300])
    form = RemovalForm(request.POST or None, offices=sitting, initial={
        "office": request.GET.get("office", ""), "motion_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office = next((o for o in sitting if str(o.pk) == data["office"]), None)
        try:
            removal = actions.create_removal(user, office, reason=data["reason"], motion_on=data["motion_on"],
                                             assembly=data["assembly"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已提出罢免动议"))
            return redirect("elections:removal", pk=removal.pk)
    return render(request, "elections/removals.html", {
        "rows": rows, "older": older, "newer": newer, "state": state, "states": RemovalState.choices, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def removal_page(request, pk):
    """The tellers' page of a removal vote: delegates, attendance, paper ballots, counting."""
    user = request.user
    removal = _removal(user, pk)
    delegates_form = _bound(request, "delegates", MemberListForm)
    present_form = _bound(request, "open", PresentForm)
    issue_form = _bound(request, "issue", MemberListForm)
    paper_form = _bound(request, "paper", RemovalPaperForm)
    here = redirect("elections:removal", pk=removal.pk)

    def delegates_(data):
        done = actions.set_removal_delegates(user, removal, _members_by_numbers(user, removal, data["member_nos"]))
        messages.success(request, _("已确定代表名单（%(n)s人）") % {"n": done.entitled})
        return here

    def open_(data):
        actions.open_removal(user, removal, present=data["present"])
        messages.success(request, _("法定人数已满足，表决开始"))
        return here

    def issue(data):
        n = actions.issue_removal_ballots(user, removal, _members_by_numbers(user, removal, data["member_nos"]))
        messages.success(request, _("已发出纸质表决票%(n)s张") % {"n": n})
        return here

    def paper(data):
        n = actions.enter_removal_paper(user, removal, **{k: v or 0 for k, v in data.items()})
        messages.success(request, _("已录入纸质表决票%(n)s张") % {"n": n})
        return here

    def close(_data):
        done = actions.close_removal(user, removal)
        (messages.success if done.state != RemovalState.VOID else messages.warning)(request, done.outcome_text)
        return here

    def withdraw(_data):
        actions.withdraw_removal(user, removal)
        messages.success(request, _("已撤回罢免动议"))
        return redirect("elections:removals")

    if request.method == "POST":
        done = _run_intent(request, {"delegates": (delegates_form, delegates_), "open": (present_form, open_),
                                     "issue": (issue_form, issue), "paper": (paper_form, paper),
                                     "close": (None, close), "withdraw": (None, withdraw)})
        if done is not None:
            return done
    removal.refresh_from_db()
    return render(request, "elections/removal.html", {
        "removal": removal, "office": removal.office, "quorum": rules.quorum(removal.entitled),
        "delegates_form": delegates_form, "present_form": present_form, "issue_form": issue_form,
        "paper_form": paper_form, "marked": removal.marks.count(), "ballots": removal.ballots.count(),
    })


@login_required
def removal_vote(request, pk):
    """The phone ballot of a removal vote: for, against or abstain, once."""
    user = request.user
    removal = _removal(user, pk, VIEW)
    voter = RemovalVoter.objects.filter(removal=removal, member__user=user).first()
    voted = bool(voter and RemovalMark.objects.filter(removal=removal, voter=voter).exists())
    form = RemovalVoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cast_removal_ballot(user, removal, choice=form.cleaned_data["choice"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("表决成功。表决票不记名。"))
            return redirect("elections:removal_vote", pk=removal.pk)
    return render(request, "elections/removal_vote.html", {
        "removal": removal, "office": removal.office, "voter": voter, "voted": voted, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def removal_docx(request, pk):
    removal = _removal(request.user, pk, VIEW)
    decided = removal.state in (RemovalState.PASSED, RemovalState.FAILED, RemovalState.VOID)
    if not decided and not scope.can(request.user, RUN_ELECTIONS, removal.union):
        raise Http404(_("表决结束后公开"))
    return _docx(queries.removal_report_docx(removal), f"removal-{removal.pk}-results.docx")
