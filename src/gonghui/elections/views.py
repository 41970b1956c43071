"""Election pages: the list, a new election, the election's page (candidates, delegates, the steps),
a round's tellers' page (attendance, paper ballots), the phone ballot, the public recount, the
results report (page and .docx), terms and reminders, and a member's own elections.

Views parse input and call ``elections.actions``. Every election, round, candidate and term comes
through ``visible_to`` (an out-of-scope id is a 404).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.capabilities import RUN_ELECTIONS, VIEW
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.members.models import Member
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, queries
from .forms import (BallotForm, DecisionForm, ElectionForm, MemberListForm, NominateForm, PresentForm, TermForm,
                    split_numbers)
from .models import Candidate, Election, Kind, Round, Status, Term, Voter, VoterMark

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
    messages.error(request, exc.as_text())


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
    return list(Organisation.objects.visible_to(user, RUN_ELECTIONS).filter(kind=OrgKind.GRASSROOTS)
                .order_by("path")[:300])


@login_required
def new(request):
    user = request.user
    _require_somewhere(user)
    unions = _unions(user)
    committees = list(Election.objects.visible_to(user, RUN_ELECTIONS).filter(
        kind=Kind.COMMITTEE, status__in=[Status.COUNTED, Status.APPROVED]).select_related("union")[:100])
    form = ElectionForm(request.POST or None, unions=unions, committees=committees,
                        initial={"union": request.GET.get("union", ""), "kind": request.GET.get("kind", "committee")})
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
        "required": actions.rules.required_candidates(election.seats) if election.competitive else election.seats,
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


def _member_by_no(election, number):
    return Member.objects.filter(union=election.union, member_no=number.strip()).first()


@login_required
@require_POST
def nominate(request, pk):
    election = _election(request.user, pk)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写会员编号"))
        return redirect("elections:detail", pk=pk)
    member = _member_by_no(election, form.cleaned_data["member_no"])
    if member is None:
        messages.error(request, _("会员编号：本工会没有该会员"))
        return redirect("elections:detail", pk=pk)
    return _step(request, pk, lambda e: actions.nominate(request.user, e, member,
                                                         nominated_by=form.cleaned_data["nominated_by"]),
                 _("已提名%(name)s") % {"name": member.name})


@login_required
@require_POST
def withdraw(request, pk):
    candidate = Candidate.objects.filter(
        pk=pk, election__in=Election.objects.visible_to(request.user, RUN_ELECTIONS).values("pk")).first()
    if candidate is None:
        raise Http404(_("找不到该候选人"))
    try:
        actions.withdraw_candidate(request.user, candidate)
    except ActionError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已撤下候选人%(name)s") % {"name": candidate.name})
    return redirect("elections:detail", pk=candidate.election_id)


def _members_by_numbers(election, text):
    numbers = split_numbers(text)
    found = {m.member_no: m for m in Member.objects.filter(union=election.union, member_no__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ActionError(_("本工会没有这些会员编号：%(nos)s") % {"nos": "、".join(missing[:10])}, field="member_nos")
    return list(found.values())


@login_required
@require_POST
def delegates(request, pk):
    def do(election):
        return actions.set_delegates(request.user, election,
                                     _members_by_numbers(election, request.POST.get("member_nos", "")))
    return _step(request, pk, do, _("已保存代表名单"))


@login_required
@require_POST
def approve_candidates(request, pk):
    election = _election(request.user, pk)
    if not _may_approve(request.user, election):
        raise PermissionDenied(_("候选人名单由上级工会批复"))
    return _step(request, pk, lambda e: actions.approve_candidates(request.user, e), _("已批复候选人名单"))


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
    election = _election(request.user, pk)
    if not _may_approve(request.user, election):
        raise PermissionDenied(_("选举结果由上级工会批复"))
    return _step(request, pk, lambda e: actions.approve_results(request.user, e), _("已批复选举结果"))


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
    election = Election.all_objects.deleted().visible_to(request.user, RUN_ELECTIONS).filter(pk=pk).first()
    if election is None:
        raise Http404(_("找不到该选举"))
    actions.restore_election(request.user, election)
    messages.success(request, _("已恢复选举"))
    return redirect("elections:detail", pk=election.pk)


# ---- a round: the tellers' page ----

@login_required
def round_page(request, pk):
    user = request.user
    rnd = _round(user, pk)
    cands = list(Candidate.all_objects.filter(pk__in=rnd.candidate_ids).order_by("pk"))
    present_form = PresentForm(prefix="open")
    issue_form = MemberListForm(prefix="issue")
    ballot_form = BallotForm(prefix="ballot", candidates=cands, allow_write_ins=rnd.kind != Round.RoundKind.TIE)
    if request.method == "POST":
        intent = request.POST.get("intent")
        try:
            if intent == "open":
                present_form = PresentForm(request.POST, prefix="open")
                if present_form.is_valid():
                    actions.open_round(user, rnd, present=present_form.cleaned_data["present"])
                    messages.success(request, _("法定人数已满足，投票开始"))
                    return redirect("elections:round", pk=rnd.pk)
            elif intent == "issue":
                issue_form = MemberListForm(request.POST, prefix="issue")
                if issue_form.is_valid():
                    n = actions.issue_paper_ballots(user, rnd, _members_by_numbers(
                        rnd.election, issue_form.cleaned_data["member_nos"]))
                    messages.success(request, _("已发出纸质选票%(n)s张") % {"n": n})
                    return redirect("elections:round", pk=rnd.pk)
            elif intent == "ballot":
                ballot_form = BallotForm(request.POST, prefix="ballot", candidates=cands,
                                         allow_write_ins=rnd.kind != Round.RoundKind.TIE)
                if ballot_form.is_valid():
                    ballot = actions.enter_paper_ballot(user, rnd, marks=ballot_form.cleaned_data["marks"],
                                                        write_ins=ballot_form.names())
                    if ballot.valid:
                        messages.success(request, _("已录入第%(n)s张选票") % {"n": ballot.seq})
                    else:
                        messages.warning(request, _("已录入第%(n)s张选票：所选人数多于应选人数，记为无效票")
                                         % {"n": ballot.seq})
                    return redirect("elections:round", pk=rnd.pk)
            elif intent == "close":
                result = actions.close_round(user, rnd)
                rnd.refresh_from_db()
                if rnd.state == Round.State.VOID:
                    messages.warning(request, rnd.outcome["void"])
                else:
                    messages.success(request, _("计票完成"))
                return redirect("elections:round", pk=result.pk if result.pk != rnd.pk else rnd.pk)
        except ActionError as exc:
            form = {"open": present_form, "issue": issue_form, "ballot": ballot_form}.get(intent)
            if form is not None and form.is_bound:
                show_action_error(form, exc)
            else:
                _fail(request, exc)
    rnd.refresh_from_db()
    return render(request, "elections/round.html", {
        "round": rnd, "election": rnd.election, "candidates": cands, "quorum": actions.rules.quorum(rnd.entitled),
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
    member = Member.objects.filter(user=user).first()
    rows = []
    if member:
        rows = list(Election.objects.visible_to(user, VIEW).filter(union_id=member.union_id)
                    .select_related("union").order_by("-pk")[:50])
        on_roll = set(Voter.objects.filter(member=member, election__in=[e.pk for e in rows])
                      .values_list("election_id", flat=True))
        for e in rows:
            e.on_roll = e.pk in on_roll
    return render(request, "elections/mine.html", {"rows": rows, "member": member})


@login_required
def recount(request, pk):
    """The public recount: every ballot of every round with its digest, the chain checked and recounted."""
    election = _election(request.user, pk, VIEW)
    if election.status not in (Status.COUNTED, Status.APPROVED) and not scope.can(
            request.user, RUN_ELECTIONS, election.union):
        raise Http404(_("计票结束后公开"))
    names = queries.candidate_names(election)
    rounds = []
    for rnd in election.rounds.order_by("number"):
        broken, ballots = actions.verify_round(rnd)
        tally, invalid = actions.tally_ballots(ballots)
        recounted = sorted(((names.get(int(k[1:]), "?") if k.startswith("c") else k[1:] + _("（另选）"), v)
                            for k, v in tally.items()), key=lambda x: (-x[1], x[0]))
        matches = rnd.state != Round.State.COUNTED or (tally == {k: v for k, v in rnd.tally.items() if v}
                                                       and invalid == rnd.invalid)
        rounds.append({"round": rnd, "broken": broken, "ballots": ballots, "recounted": recounted,
                       "invalid": invalid, "matches": matches})
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
    response = HttpResponse(queries.report_docx(election), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="election-{election.pk}-results.docx"'
    return response


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
        org = Organisation.objects.visible_to(user, RUN_ELECTIONS).filter(code=data["org"].strip()).first()
        if org is None:
            form.add_error("org", _("组织不存在或不在您的权限范围内"))
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
    term = Term.objects.visible_to(request.user, RUN_ELECTIONS).filter(pk=pk).first()
    if term is None:
        raise Http404(_("找不到该任期"))
    actions.delete_term(request.user, term)
    messages.success(request, _("已删除任期记录"))
    return redirect("elections:terms")
