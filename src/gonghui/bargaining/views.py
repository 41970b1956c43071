"""Bargaining pages: the union's requests and contracts, a contract's whole course on one page (negotiators,
rounds, drafts compared clause by clause, the congress vote, signing, filing, force and expiry), the contract
as .docx, and coverage with the federation's roll-up.

Views parse input and call ``bargaining.actions``; every row comes through ``visible_to(user, RIGHTS)`` and an
id out of scope is a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import scope
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import current_union, union_options
from gonghui.core.views import form_post, show_action_error
from gonghui.members import pickers as member_pickers
from gonghui.orgs.lookups import by_code_or_name
from gonghui.orgs.models import Organisation

from . import actions, documents, queries, rules
from .forms import (AnswerForm, ContractForm, DraftForm, FileForm, NegotiatorForm, ObjectionForm, RequestForm,
                    RoundForm, SignForm, VoteForm)
from .models import BargainingRequest, Contract, Draft, Negotiator

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(user):
    if scope.prefixes(user, RIGHTS) == []:
        raise PermissionDenied(_("您没有维权工作的权限"))


@login_required
def home(request):
    _require(request.user)
    union = current_union(request, RIGHTS, post=False)
    today = timezone.localdate()
    reqs = list(BargainingRequest.objects.visible_to(request.user, RIGHTS).filter(union=union)
                .order_by("-received_on", "-id")[:50])
    contracts = list(Contract.objects.visible_to(request.user, RIGHTS).filter(union=union).order_by("-id")[:50])
    for c in contracts:
        c.active = c.in_force_on(today)
        c.expiring = c.active and c.remind_from and c.remind_from <= today
    return render(request, "bargaining/home.html", {
        "union": union, "unions": union_options(request.user, RIGHTS), "requests": reqs, "contracts": contracts,
        "today": today})


@login_required
def request_new(request):
    _require(request.user)
    union = current_union(request, RIGHTS)
    form = RequestForm(request.POST or None)
    return form_post(request, form, lambda d: actions.create_request(request.user, union, **d),
                     success=_("已登记协商要约"), done=lambda r: redirect("bargaining:request", r.pk),
                     page=lambda f: render(request, "bargaining/form.html", {
                         "form": f, "union": union, "unions": union_options(request.user, RIGHTS),
                         "title": _("登记协商要约")}))


def _request(user, pk):
    r = BargainingRequest.objects.visible_to(user, RIGHTS).select_related("union").filter(pk=pk).first()
    if r is None:
        raise Http404(_("找不到该协商要约"))
    return r


@login_required
def request_detail(request, pk):
    r = _request(request.user, pk)
    form = AnswerForm(request.POST or None)
    return form_post(request, form, lambda d: actions.answer_request(request.user, r, **d),
                     success=_("已答复"), done=lambda x: redirect("bargaining:request", r.pk),
                     page=lambda f: render(request, "bargaining/request.html", {
                         "r": r, "form": f, "days_left": (r.answer_due - timezone.localdate()).days}))


@login_required
def contract_new(request):
    _require(request.user)
    union = current_union(request, RIGHTS)
    req = None
    rid = request.GET.get("request", "")
    if rid.isdigit():
        req = BargainingRequest.objects.visible_to(request.user, RIGHTS).filter(pk=int(rid), union=union).first()
    initial = {"kind": req.kind, "employer": req.employer} if req else {}
    form = ContractForm(request.POST or None, initial=initial)
    return form_post(request, form, lambda d: actions.create_contract(request.user, union, request=req, **d),
                     success=_("已开始集体协商"), done=lambda c: redirect("bargaining:contract", c.pk),
                     page=lambda f: render(request, "bargaining/form.html", {
                         "form": f, "union": union, "unions": union_options(request.user, RIGHTS),
                         "title": _("开始集体协商")}))


def _contract(user, pk):
    c = Contract.objects.visible_to(user, RIGHTS).select_related("union", "resolution__session",
                                                                  "approved_draft").filter(pk=pk).first()
    if c is None:
        raise Http404(_("找不到该集体合同"))
    return c


def _resolutions(contract):
    from gonghui.congress.models import Resolution

    return list(Resolution.objects.filter(union=contract.union, kind=Resolution.ResKind.CONTRACT)
                .select_related("session").order_by("-id")[:20])


def _contract_page(request, c, forms=None):
    today = timezone.localdate()
    drafts = list(c.drafts.order_by("version"))
    forms = forms or {}
    context = {
        "c": c, "today": today,
        "negotiators": list(c.negotiators.order_by("side", "-chief", "id")),
        "rounds": list(c.rounds.order_by("number")), "drafts": drafts,
        "problems": actions.team_problems(c),
        "vote": queries.vote_summary(c.resolution),
        "approved": actions.approval(c),
        "active": c.in_force_on(today),
        "expiring": c.in_force_on(today) and c.remind_from and c.remind_from <= today,
        "objection_end": rules.objection_end(c.filed_on) if c.filed_on else None,
        "negotiator_form": forms.get("negotiator") or NegotiatorForm(),
        "round_form": forms.get("round") or RoundForm(),
        "draft_form": forms.get("draft") or DraftForm(),
        "vote_form": forms.get("vote") or VoteForm(resolutions=_resolutions(c), drafts=drafts),
        "sign_form": forms.get("sign") or SignForm(),
        "file_form": forms.get("file") or FileForm(),
        "objection_form": forms.get("objection") or ObjectionForm(),
    }
    context["negotiator_form"].fields["member_no"].set_params(within=c.union.code)  # the union's members
    return render(request, "bargaining/contract.html", context)


@login_required
def contract_detail(request, pk):
    return _contract_page(request, _contract(request.user, pk))


def _step(request, pk, key, form_class, act, done, **form_kwargs):
    c = _contract(request.user, pk)
    form = form_class(request.POST, **({k: v(c) for k, v in form_kwargs.items()}))
    if form.is_valid():
        try:
            act(c, form.cleaned_data)
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(request, done)
            return redirect("bargaining:contract", c.pk)
    return _contract_page(request, c, {key: form})


def _member(user, c, text):
    """The union's member ``text`` names (a name, pinyin, "姓名（编号）" or the number; namesakes listed)."""
    return member_pickers.resolve(user, text, pk=getattr(text, "pk", None), field="member_no", cap=RIGHTS,
                                  union=c.union)


@login_required
@require_POST
def negotiator_add(request, pk):
    def act(c, d):
        member = _member(request.user, c, d["member_no"]) if d["member_no"] else None
        actions.add_negotiator(request.user, c, side=d["side"], name=d["name"], member=member,
                               position=d["position"], chief=d["chief"])
    return _step(request, pk, "negotiator", NegotiatorForm, act, _("已添加协商代表"))


@login_required
@require_POST
def negotiator_remove(request, pk, negotiator_id):
    c = _contract(request.user, pk)
    n = Negotiator.objects.filter(contract=c, pk=negotiator_id).first()
    if n is None:
        raise Http404(_("找不到该协商代表"))
    try:
        actions.remove_negotiator(request.user, n)
    except ActionError as error:
        messages.error(request, error.as_text())
    return redirect("bargaining:contract", c.pk)


@login_required
@require_POST
def round_add(request, pk):
    return _step(request, pk, "round", RoundForm, lambda c, d: actions.record_round(request.user, c, **d),
                 _("已登记协商会议"))


@login_required
@require_POST
def draft_add(request, pk):
    return _step(request, pk, "draft", DraftForm, lambda c, d: actions.add_draft(request.user, c, **d),
                 _("已提交合同草案"))


@login_required
@require_POST
def vote_link(request, pk):
    from gonghui.congress.models import Resolution

    def act(c, d):
        resolution = Resolution.objects.filter(pk=d["resolution"], union=c.union).first()
        draft = c.drafts.filter(pk=d["draft"]).first()
        actions.link_vote(request.user, c, resolution=resolution, draft=draft)
    return _step(request, pk, "vote", VoteForm, act, _("已提交职代会审议"),
                 resolutions=_resolutions, drafts=lambda c: list(c.drafts.order_by("version")))


@login_required
@require_POST
def contract_sign(request, pk):
    return _step(request, pk, "sign", SignForm, lambda c, d: actions.sign(request.user, c, **d), _("已签订"))


@login_required
@require_POST
def contract_file(request, pk):
    return _step(request, pk, "file", FileForm, lambda c, d: actions.file(request.user, c, **d), _("已报送备案"))


@login_required
@require_POST
def contract_objection(request, pk):
    return _step(request, pk, "objection", ObjectionForm,
                 lambda c, d: actions.record_objection(request.user, c, **d), _("已登记审查意见"))


@login_required
def compare(request, pk):
    c = _contract(request.user, pk)
    drafts = list(c.drafts.order_by("version"))
    if not drafts:
        raise Http404(_("还没有合同草案"))
    by_version = {d.version: d for d in drafts}

    def pick(name, default):
        raw = request.GET.get(name, "")
        return by_version.get(int(raw)) if raw.isdigit() and int(raw) in by_version else default

    new = pick("new", drafts[-1])
    old = pick("old", drafts[-2] if len(drafts) > 1 else None)
    return render(request, "bargaining/compare.html", {"c": c, "drafts": drafts, "old": old, "new": new,
                                                        "rows": queries.compare(old, new)})


@login_required
def contract_docx(request, pk):
    c = _contract(request.user, pk)
    draft = c.approved_draft or c.drafts.order_by("-version").first()
    if draft is None:
        raise Http404(_("还没有合同草案"))
    response = HttpResponse(documents.contract_docx(c, draft), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=contract-{c.pk}.docx"
    return response


@login_required
def coverage(request):
    _require(request.user)
    code = (request.GET.get("org") or "").strip()
    visible = Organisation.objects.visible_to(request.user, RIGHTS)
    org = by_code_or_name(visible, code) if code else visible.order_by("path").first()  # a code or the picker's 名称（代码）
    if org is None:
        raise Http404(_("找不到该组织"))
    today = timezone.localdate()
    contracts = Contract.objects.visible_to(request.user, RIGHTS).filter(
        union__in=Organisation.objects.subtree(org).values("id"))
    rows, totals = queries.coverage(contracts, today)
    return render(request, "bargaining/coverage.html", {"org": org, "rows": rows, "totals": totals, "today": today})
