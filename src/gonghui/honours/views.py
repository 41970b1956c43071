"""Honours pages: rounds from nomination to the final list, honour kinds, sanctions, a member's and an
organisation's honours, certificates (PDF), the figures, and the self-service page of a member.

Views parse input and call ``honours.actions``. Every row comes through ``visible_to``; an id out of scope is a
404. Each step of a round has its own small form page (phone-friendly) that posts through
``core.views.form_post`` and returns to the round.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, scope
from gonghui.core.capabilities import RUN_EVENTS, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.figures import labelled
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import find_org, scoped_org
from gonghui.orgs.models import Organisation

from . import actions, documents, queries
from .forms import (AnswerForm, EvaluatorsForm, FinalForm, KindForm, MemberObjectionForm, NominateForm, ObjectionForm,
                    PublishForm, RoundForm, SanctionForm, ScoresForm, SelfNominateForm, VoteForm)
from .models import HonourKind, Method, Nomination, Objection, Round, Sanction, Score

PAGE = 50


def _round(request, pk, cap=VIEW):
    rnd = Round.objects.visible_to(request.user, cap).select_related("org", "kind").filter(pk=pk).first()
    if rnd is None:
        raise Http404(_("找不到该评选"))
    return rnd


def _page(request, form, *, title, rnd=None, intro="", status=None):
    return render(request, "honours/form.html", {"form": form, "title": title, "round": rnd, "intro": intro},
                  status=status or (400 if form.errors else 200))


def _step(request, rnd, form, act, *, title, success, intro=""):
    return form_post(request, form, act, done=lambda _r: redirect("honours:round", rnd.pk),
                     page=lambda f: _page(request, f, title=title, rnd=rnd, intro=intro), success=success)


@login_required
def home(request):
    user = request.user
    if scope.prefixes(user, VIEW) == [] and member_for(user) is not None:
        return redirect("honours:mine")
    org = scoped_org(request, VIEW)
    qs = Round.objects.visible_to(user, VIEW).filter(queries.in_subtree(org, "org")).select_related("org", "kind")
    state = request.GET.get("state") or ""
    if state in Round.State.values:
        qs = qs.filter(state=state)
    rows, token = keyset_page(qs, "-id", request.GET.get("after"), PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "honours/home.html", {
        "org": org, "rows": rows, "next": f"?{query.urlencode() + '&' if query else ''}after={token}" if token else "",
        "states": Round.State.choices, "state": state, "today": timezone.localdate(),
        "may_run": scope.prefixes(user, RUN_EVENTS) != []})


# ---- honour kinds ----

@login_required
def kinds(request):
    org = scoped_org(request, VIEW)
    rows = list(queries.kinds_for(request.user, VIEW, org).select_related("owner")[:200])
    return render(request, "honours/kinds.html", {"org": org, "rows": rows,
                                                  "may_run": scope.can(request.user, RUN_EVENTS, org)})


def _kind_act(request, kind=None):
    def act(data):
        owner = find_org(request.user, data["owner"], field="owner", cap=RUN_EVENTS)
        return actions.save_kind(request.user, owner, data, kind=kind)
    return act


@login_required
def kind_new(request):
    org = scoped_org(request, RUN_EVENTS)
    form = KindForm(request.POST or None, initial={"owner": org.code})
    return form_post(request, form, _kind_act(request), done=lambda k: redirect(f"{_kinds_url()}?org={k.owner.code}"),
                     page=lambda f: _page(request, f, title=_("新增荣誉类别")), success=_("已保存荣誉类别"))


def _kinds_url():
    from django.urls import reverse

    return reverse("honours:kinds")


@login_required
def kind_edit(request, honour_kind):
    kind = HonourKind.objects.visible_to(request.user, RUN_EVENTS).filter(pk=honour_kind, owner__isnull=False) \
        .select_related("owner").first()
    if kind is None or not scope.can(request.user, RUN_EVENTS, kind.owner):
        raise Http404(_("找不到该荣誉类别"))
    initial = {name: getattr(kind, name) for name in actions.KIND_FIELDS}
    form = KindForm(request.POST or None, initial={**initial, "owner": kind.owner.code})
    return form_post(request, form, _kind_act(request, kind),
                     done=lambda k: redirect(f"{_kinds_url()}?org={k.owner.code}"),
                     page=lambda f: _page(request, f, title=_("修改荣誉类别")), success=_("已保存荣誉类别"))


# ---- rounds ----

@login_required
def round_new(request):
    org = scoped_org(request, RUN_EVENTS)
    kinds_rows = list(queries.kinds_for(request.user, RUN_EVENTS, org))
    form = RoundForm(request.POST or None, kinds=kinds_rows,
                     initial={"org": org.code, "year": timezone.localdate().year, "method": Method.SCORE})

    def act(data):
        at = find_org(request.user, data["org"], field="org", cap=RUN_EVENTS)
        kind = queries.kinds_for(request.user, RUN_EVENTS, at).filter(pk=data["kind"]).first()
        return actions.open_round(request.user, at, kind=kind, year=data["year"], quota=data["quota"],
                                  method=data["method"])
    return form_post(request, form, act, done=lambda r: redirect("honours:round", r.pk),
                     page=lambda f: _page(request, f, title=_("开展评选")), success=_("已开展评选"))


@login_required
def round_detail(request, honour_round):
    rnd = _round(request, honour_round)
    user = request.user
    nominations = list(rnd.nominations.select_related("member", "nominee_org", "nominator_org")
                       .order_by("rank", "id")[:500])
    objections = list(rnd.objections.select_related("nomination").order_by("id"))
    evaluators = list(rnd.evaluators.select_related("member"))
    may_run = scope.can(user, RUN_EVENTS, rnd.org)
    me = member_for(user)
    voted = rnd.marks.count() if rnd.method == Method.VOTE else None
    return render(request, "honours/round.html", {
        "round": rnd, "nominations": nominations, "objections": objections if may_run else [],
        "evaluators": evaluators, "may_run": may_run, "today": timezone.localdate(), "voted": voted,
        "is_evaluator": me is not None and any(e.member_id == me.pk for e in evaluators),
        "scored": set(Score.objects.filter(evaluator__round=rnd).values_list("evaluator_id", flat=True))
        if may_run else set()})


@login_required
def nominate(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    form = NominateForm(request.POST or None)

    def act(data):
        member = queries.find_member(user, rnd.org, data["member_no"], RUN_EVENTS) if data["member_no"] else None
        nominee_org = queries.find_org_in(user, rnd.org, data["nominee_org"], RUN_EVENTS, field="nominee_org")
        nominator = queries.find_org_in(user, rnd.org, data["nominator_org"], RUN_EVENTS, field="nominator_org")
        return actions.nominate(user, rnd, by=data["by"], member=member, nominee_org=nominee_org,
                                nominator_org=nominator, deeds=data["deeds"])
    user = request.user
    return _step(request, rnd, form, act, title=_("登记推荐"), success=_("已登记推荐"),
                 intro=rnd.kind.rules_text)


@login_required
@require_POST
def withdraw(request, honour_round, nomination_pk):
    rnd = _round(request, honour_round, RUN_EVENTS)
    row = rnd.nominations.filter(pk=nomination_pk).first()
    if row is None:
        raise Http404(_("找不到该推荐"))
    try:
        actions.withdraw(request.user, row)
    except ActionError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤回推荐"))
    return redirect("honours:round", rnd.pk)


@login_required
def evaluators(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    current = "\n".join(rnd.evaluators.values_list("member__member_no", flat=True))
    form = EvaluatorsForm(request.POST or None, initial={"member_nos": current})

    def act(data):
        rows = [queries.find_member(request.user, rnd.org, line, RUN_EVENTS, field="member_nos")
                for line in data["member_nos"].splitlines() if line.strip()]
        return actions.set_evaluators(request.user, rnd, rows)
    return _step(request, rnd, form, act, title=_("评审委员会"), success=_("已确定评审委员"))


def _simple_post(request, rnd, act, success):
    try:
        act()
    except ActionError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("honours:round", rnd.pk)


@login_required
@require_POST
def start(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    return _simple_post(request, rnd, lambda: actions.start_selection(request.user, rnd), _("推荐已截止，开始评审"))


@login_required
def scores(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    evaluators_rows = list(rnd.evaluators.select_related("member"))
    candidates = list(rnd.nominations.filter(state=Nomination.State.NOMINATED).order_by("id"))
    form = ScoresForm(request.POST or None, evaluators=evaluators_rows, candidates=candidates)

    def act(data):
        evaluator = next((e for e in evaluators_rows if str(e.pk) == data["evaluator"]), None)
        return actions.record_scores(request.user, rnd, evaluator, form.points())
    return _step(request, rnd, form, act, title=_("录入评分表"), success=_("已录入评分"),
                 intro=_("每位候选人0–100分，可保留两位小数；重新录入将替换该评委原来的评分"))


@login_required
def vote(request, honour_round):
    rnd = Round.objects.select_related("org", "kind").filter(pk=honour_round, deleted_at__isnull=True).first()
    me = member_for(request.user)
    if rnd is None or me is None or not rnd.evaluators.filter(member=me).exists():
        raise Http404(_("找不到该评选"))
    candidates = list(rnd.nominations.filter(state=Nomination.State.NOMINATED).order_by("id"))
    form = VoteForm(request.POST or None, candidates=candidates)
    intro = _("无记名投票：最多选%(quota)s人；投票后不能更改，系统不记录谁投了哪张票") % {"quota": rnd.quota}
    return form_post(request, form, lambda d: actions.cast_vote(request.user, rnd, d["choices"]),
                     done=lambda _r: redirect("honours:mine"),
                     page=lambda f: _page(request, f, title=_("评审投票"), rnd=rnd, intro=intro),
                     success=_("您的选票已投入"))


@login_required
def publish(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    candidates = list(rnd.nominations.filter(state=Nomination.State.NOMINATED).order_by("id"))
    form = PublishForm(request.POST or None, candidates=candidates, initial={"posted_on": timezone.localdate()})

    def act(data):
        done = actions.publish_shortlist(request.user, rnd, posted_on=data["posted_on"],
                                         chosen=[int(c) for c in data["chosen"]] or None)
        if done.notice_provisional:
            messages.warning(request, _("公示截止日%(day)s暂按周末计算：该年法定节假日安排尚未收录，公布后请核对")
                             % {"day": done.notice_ends.isoformat()})
        return done
    return _step(request, rnd, form, act, title=_("公示拟表彰名单"), success=_("已公示拟表彰名单"),
                 intro=_("公示期%(n)s个工作日，自公示次日起按国家法定节假日安排计算") % {"n": rnd.notice_days})


@login_required
def objection(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    shortlist = list(rnd.nominations.filter(state=Nomination.State.SHORTLISTED).order_by("rank", "id"))
    form = ObjectionForm(request.POST or None, shortlist=shortlist, initial={"received_on": timezone.localdate()})

    def act(data):
        row = next((n for n in shortlist if str(n.pk) == data["nomination"]), None)
        if row is None:
            raise ActionError(_("请选择被异议人"), field="nomination")
        return actions.file_objection(request.user, row, text_value=data["text"], received_on=data["received_on"])
    intro = _("公示期至%(day)s") % {"day": rnd.notice_ends.isoformat()} if rnd.notice_ends else ""
    return _step(request, rnd, form, act, title=_("登记公示异议"), success=_("已登记异议"), intro=intro)


@login_required
def answer(request, honour_round, objection_pk):
    rnd = _round(request, honour_round, RUN_EVENTS)
    row = Objection.objects.visible_to(request.user, RUN_EVENTS).filter(round=rnd, pk=objection_pk) \
        .select_related("nomination").first()
    if row is None:
        raise Http404(_("找不到该异议"))
    form = AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate(), "upheld": "no"})
    return _step(request, rnd, form, lambda d: actions.answer_objection(
        request.user, row, upheld=d["upheld"], answer=d["answer"], answered_on=d["answered_on"]),
        title=_("答复异议"), success=_("已答复异议"), intro=_("%(name)s：%(text)s") % {"name": row.nomination.nominee_name, "text": row.text})


@login_required
def final(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    form = FinalForm(request.POST or None, initial={"final_on": timezone.localdate()})
    return _step(request, rnd, form, lambda d: actions.finalise(request.user, rnd, final_on=d["final_on"]),
                 title=_("确定表彰名单"), success=_("已确定表彰名单"))


@login_required
@require_POST
def delete(request, honour_round):
    rnd = _round(request, honour_round, RUN_EVENTS)
    try:
        actions.delete_round(request.user, rnd)
    except ActionError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("honours:round", rnd.pk)
    messages.success(request, _("已删除评选（可恢复）"))
    return redirect("honours:home")


@login_required
def certificate(request, nomination_pk):
    row = (Nomination.objects.visible_to(request.user, VIEW).filter(pk=nomination_pk, state=Nomination.State.AWARDED)
           .select_related("round__kind", "round__org", "member").first())
    me = member_for(request.user)
    if row is None and me is not None:
        row = (Nomination.objects.filter(pk=nomination_pk, member=me, state=Nomination.State.AWARDED)
               .select_related("round__kind", "round__org", "member").first())
    if row is None:
        raise Http404(_("找不到该荣誉"))
    response = HttpResponse(documents.certificate_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{row.certificate_no}.pdf"'
    return response


# ---- honours of a member, of an organisation ----

@login_required
def member_honours(request, member_pk):
    member = Member.objects.visible_to(request.user, VIEW).select_related("org", "union").filter(pk=member_pk).first()
    if member is None:
        raise Http404(_("找不到该会员"))
    return render(request, "honours/member.html", {"member": member, "rows": list(queries.history(member))})


@login_required
def org_honours(request, code):
    org = Organisation.objects.visible_to(request.user, VIEW).filter(code=code).first()
    if org is None:
        raise Http404(_("找不到该组织"))
    return render(request, "honours/org.html", {"org": org, "rows": list(queries.org_history(org))})


# ---- sanctions ----

@login_required
def sanctions(request):
    org = scoped_org(request, RUN_EVENTS)
    qs = Sanction.objects.visible_to(request.user, RUN_EVENTS).filter(queries.in_subtree(org, "union")) \
        .select_related("member", "union")
    rows, token = keyset_page(qs, "-id", request.GET.get("after"), PAGE)
    return render(request, "honours/sanctions.html", {"org": org, "rows": rows, "today": timezone.localdate(),
                                                      "next": f"?org={org.code}&after={token}" if token else ""})


@login_required
def sanction_new(request):
    org = scoped_org(request, RUN_EVENTS)
    form = SanctionForm(request.POST or None, initial={"union": org.code})

    def act(data):
        union = find_org(request.user, data["union"], field="union", cap=RUN_EVENTS)
        member = queries.find_member(request.user, union, data["member_no"], RUN_EVENTS)
        return actions.record_sanction(request.user, member, starts_on=data["starts_on"], ends_on=data["ends_on"],
                                       reason=data["reason"])
    return form_post(request, form, act, done=lambda s: redirect(f"{_url('honours:sanctions')}?org={s.union.code}"),
                     page=lambda f: _page(request, f, title=_("登记处分")), success=_("已登记处分"))


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
@require_POST
def sanction_delete(request, sanction_pk):
    row = Sanction.objects.visible_to(request.user, RUN_EVENTS).filter(pk=sanction_pk).select_related("union").first()
    if row is None:
        raise Http404(_("找不到该处分记录"))
    actions.delete_sanction(request.user, row)
    messages.success(request, _("已删除处分记录（可恢复）"))
    return redirect(f"{_url('honours:sanctions')}?org={row.union.code}")


# ---- figures ----

@login_required
def figures(request):
    org = scoped_org(request, VIEW)
    today = timezone.localdate()
    year = int(request.GET["year"]) if (request.GET.get("year") or "").isdigit() else today.year
    stats = queries.statistics(org, year)
    return render(request, "honours/figures.html", {
        "org": org, "stats": stats, "year": year, "years": list(range(today.year, today.year - 6, -1)),
        "by_level": charts.bars(_("获表彰（按级别）"), labelled(stats.by_level)),
        "by_year": charts.bars(_("获表彰（近五年）"), [(str(y), n) for y, n in stats.by_year])})


# ---- the member's own page ----

@login_required
def mine(request):
    me = member_for(request.user)
    if me is None:
        return redirect("honours:home")
    paths = [p for p in me.org.ancestor_paths()] + [me.org.path]
    open_rounds = list(Round.objects.filter(org__path__in=paths, state__in=[
        Round.State.NOMINATING, Round.State.SELECTING, Round.State.NOTICE]).select_related("org", "kind")
        .order_by("-id")[:PAGE])
    ids = [r.pk for r in open_rounds]
    endorsing = list(Nomination.objects.filter(round_id__in=ids, state=Nomination.State.ENDORSING)
                     .exclude(member=me).select_related("round__kind"))
    endorsed = set(Nomination.objects.filter(endorsement_rows__member=me, round_id__in=ids).values_list("pk", flat=True))
    shortlist = list(Nomination.objects.filter(round_id__in=ids, round__state=Round.State.NOTICE,
                                               state=Nomination.State.SHORTLISTED).select_related("round__kind"))
    evaluating = set(Round.objects.filter(pk__in=ids, state=Round.State.SELECTING, method=Method.VOTE,
                                          evaluators__member=me).exclude(marks__evaluator__member=me)
                     .values_list("pk", flat=True))
    return render(request, "honours/mine.html", {
        "me": me, "rounds": open_rounds, "endorsing": endorsing, "endorsed": endorsed, "shortlist": shortlist,
        "evaluating": evaluating, "history": list(queries.history(me)), "today": timezone.localdate()})


def _member_round(request, pk):
    me = member_for(request.user)
    rnd = Round.objects.select_related("org", "kind").filter(pk=pk, deleted_at__isnull=True).first()
    if me is None or rnd is None or not me.org.path.startswith(rnd.org.path):
        raise Http404(_("找不到该评选"))
    return rnd


@login_required
def nominate_self(request, honour_round):
    rnd = _member_round(request, honour_round)
    form = SelfNominateForm(request.POST or None)
    intro = _("参评条件：%(rules)s；自荐须%(n)s名会员附议") % {"rules": rnd.kind.rules_text,
                                                       "n": rnd.kind.endorsements_required}
    return form_post(request, form, lambda d: actions.nominate_self(request.user, rnd, deeds=d["deeds"]),
                     done=lambda _n: redirect("honours:mine"),
                     page=lambda f: _page(request, f, title=_("个人自荐"), rnd=rnd, intro=intro),
                     success=_("已提交自荐"))


@login_required
@require_POST
def endorse(request, nomination_pk):
    me = member_for(request.user)
    row = Nomination.objects.select_related("round__org").filter(pk=nomination_pk, round__deleted_at__isnull=True).first()
    if me is None or row is None or not me.org.path.startswith(row.round.org.path):
        raise Http404(_("找不到该自荐"))
    try:
        actions.endorse(request.user, row)
    except ActionError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已附议"))
    return redirect("honours:mine")


@login_required
def member_objection(request, honour_round):
    rnd = _member_round(request, honour_round)
    shortlist = list(rnd.nominations.filter(state=Nomination.State.SHORTLISTED).order_by("rank", "id"))
    form = MemberObjectionForm(request.POST or None, shortlist=shortlist)

    def act(data):
        row = next((n for n in shortlist if str(n.pk) == data["nomination"]), None)
        if row is None:
            raise ActionError(_("请选择被异议人"), field="nomination")
        return actions.file_objection(request.user, row, text_value=data["text"], as_member=True)
    intro = _("公示期至%(day)s；异议将由工会调查后答复") % {"day": rnd.notice_ends.isoformat()} if rnd.notice_ends else ""
    return form_post(request, form, act, done=lambda _o: redirect("honours:mine"),
                     page=lambda f: _page(request, f, title=_("对公示名单提出异议"), rnd=rnd, intro=intro),
                     success=_("已提交异议"))

