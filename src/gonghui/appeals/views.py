"""Pages of members' requests: the member's phone pages (submit, my requests, follow an anonymous request by
its receipt code, rate the answer) and the officers' pages (the list, a request with its answer, routing and
escalation, statistics with the federation's roll-up, legal aid).

Officers read through ``Appeal.objects.visible_to(user, RIGHTS)``; members only ``Appeal.objects.own(member)``.
The anonymous submission is answered with its receipt page directly (no redirect, no session message holding
the code).
"""
import base64
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.models import User
from gonghui.core import scope
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError
from gonghui.core.views import form_post, show_action_error
from gonghui.members import pickers as member_pickers
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import by_code_or_name
from gonghui.orgs.models import Organisation

from . import actions, queries, rules
from .forms import AnswerForm, AssignForm, LegalAidForm, RateForm, ReceiptForm, RoutingForm, SubmitForm
from .models import Appeal, Attachment, Category, LegalAid, Routing

PAGE = 50


def _require(user):
    if scope.prefixes(user, RIGHTS) == []:
        raise PermissionDenied(_("您没有维权工作的权限"))


# ---- members ----

@login_required
def submit(request):
    member = member_for(request.user)
    if member is None:
        raise PermissionDenied(_("只有会员本人可以提交诉求"))
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appeal, code = actions.submit(request.user, member, category=d["category"], title=d["title"],
                                          text_=d["text"], anonymous=d["anonymous"], attachments=d["attachments"])
        except ActionError as error:
            show_action_error(form, error)
        else:
            return render(request, "appeals/receipt.html", {"appeal": appeal, "code": code})
    return render(request, "appeals/submit.html", {"form": form, "member": member})


@login_required
def my(request):
    member = member_for(request.user)
    rows = list(Appeal.objects.own(member).order_by("-submitted_on")[:PAGE]) if member else []
    return render(request, "appeals/my.html", {"member": member, "rows": rows, "receipt_form": ReceiptForm()})


@login_required
def mine(request, pk):
    appeal = Appeal.objects.own(member_for(request.user)).filter(pk=pk).first()
    if appeal is None:
        raise Http404(_("找不到该诉求"))
    form = RateForm(request.POST or None)
    return form_post(request, form,
                     lambda d: actions.rate(request.user, member_for(request.user), appeal, **d),
                     success=_("感谢您的评价"), done=lambda a: redirect("appeals:mine", appeal.pk),
                     page=lambda f: render(request, "appeals/mine.html", {"appeal": appeal, "form": f}))


@login_required
@require_POST
def receipt(request):
    """Follow an anonymous request with its receipt code (POST: the code stays out of URLs and logs)."""
    form = ReceiptForm(request.POST)
    appeal = actions.find_by_receipt(request.POST.get("code")) if form.is_valid() else None
    rate_form = RateForm(request.POST if "rating" in request.POST else None)
    if appeal is not None and "rating" in request.POST and rate_form.is_valid():
        try:
            actions.rate_by_receipt(request.POST.get("code"), **rate_form.cleaned_data)
            appeal.refresh_from_db()
            rate_form = None
        except ActionError as error:
            show_action_error(rate_form, error)
    if appeal is None:
        form.add_error("code", _("查询码不正确"))
    return render(request, "appeals/anonymous.html", {"appeal": appeal, "form": form, "rate_form": rate_form,
                                                      "code": request.POST.get("code", "")})


# ---- officers ----

def _org(request):
    code = (request.GET.get("org") or "").strip()
    visible = Organisation.objects.visible_to(request.user, RIGHTS)
    org = by_code_or_name(visible, code) if code else visible.order_by("path").first()  # a code or 名称（代码）
    if org is None:
        raise Http404(_("找不到该组织"))
    return org


@login_required
def home(request):
    _require(request.user)
    org = _org(request)
    status = request.GET.get("status", "open")
    qs = (Appeal.objects.visible_to(request.user, RIGHTS).alive()
          .filter(union__in=Organisation.objects.subtree(org).values("id")).select_related("union", "handler"))
    if status in Appeal.Status.values:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("due", "id")[:PAGE])
    today = timezone.localdate()
    for a in rows:
        a.overdue = a.status == Appeal.Status.OPEN and a.due < today
    return render(request, "appeals/home.html", {"org": org, "rows": rows, "status": status,
                                                 "statuses": Appeal.Status.choices, "today": today})


def _appeal(user, pk):
    a = (Appeal.objects.visible_to(user, RIGHTS).alive().select_related("union", "handler", "member", "officer")
         .filter(pk=pk).first())
    if a is None:
        raise Http404(_("找不到该诉求"))
    return a


def _officers(appeal):
    return queries.officers_at(appeal.handler)


@login_required
def appeal_detail(request, pk):
    a = _appeal(request.user, pk)
    answer_form = AnswerForm(request.POST or None) if request.method == "POST" else AnswerForm()
    if request.method == "POST":
        if not scope.can(request.user, RIGHTS, a.handler):
            raise PermissionDenied(_("该诉求已转上级工会办理"))
        if answer_form.is_valid():
            try:
                actions.answer(request.user, a, answer_text=answer_form.cleaned_data["answer"],
                               answered_on=answer_form.cleaned_data["answered_on"])
            except ActionError as error:
                show_action_error(answer_form, error)
            else:
                messages.success(request, _("已答复"))
                return redirect("appeals:appeal", a.pk)
    return render(request, "appeals/appeal.html", {
        "a": a, "answer_form": answer_form, "assign_form": AssignForm(officers=_officers(a)),
        "attachments": list(a.attachments.only("id", "name", "size")),
        "legal_aid": list(a.legal_aid.all()), "may_handle": scope.can(request.user, RIGHTS, a.handler),
        "overdue": a.status == Appeal.Status.OPEN and a.due < timezone.localdate()})


@login_required
@require_POST
def appeal_assign(request, pk):
    a = _appeal(request.user, pk)
    form = AssignForm(request.POST, officers=_officers(a))
    if form.is_valid():
        try:
            actions.assign(request.user, a, officer=User.objects.get(pk=form.cleaned_data["officer"]))
            messages.success(request, _("已分派"))
        except ActionError as error:
            messages.error(request, error.as_text())
    else:
        messages.error(request, _("请选择承办人"))
    return redirect("appeals:appeal", a.pk)


@login_required
@require_POST
def appeal_escalate(request, pk):
    a = _appeal(request.user, pk)
    try:
        actions.escalate(request.user, a)
        messages.success(request, _("已转上级工会办理"))
    except ActionError as error:
        messages.error(request, error.as_text())
    return redirect("appeals:appeal", a.pk)


@login_required
@require_POST
def escalate_overdue(request):
    _require(request.user)
    org = _org(request)
    scope.require(request.user, RIGHTS, org)
    n = actions.escalate_overdue(request.user, under=org)
    messages.success(request, _("已将%(n)s件逾期诉求转上级工会") % {"n": n})
    return redirect(reverse("appeals:home") + f"?org={org.code}")


@login_required
def attachment(request, pk):
    att = Attachment.objects.visible_to(request.user, RIGHTS).filter(pk=pk).first()
    if att is None:
        raise Http404(_("找不到该附件"))
    data = base64.b64decode(att.content)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename=attachment-{att.pk}"
    return response


def _year(request):
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def stats(request):
    _require(request.user)
    org = _org(request)
    year = _year(request)
    data = queries.statistics(org, datetime.date(year, 1, 1), datetime.date(year, 12, 31), timezone.localdate())
    labels = dict(Category.choices)
    for row in data["by_category"]:
        row["label"] = labels.get(row["category"], row["category"])
    return render(request, "appeals/stats.html", {"org": org, "year": year, **data})


@login_required
def legal_aid(request):
    _require(request.user)
    org = _org(request)
    rows = list(LegalAid.objects.visible_to(request.user, RIGHTS).filter(
        union__in=Organisation.objects.subtree(org).values("id"), deleted_at__isnull=True)
        .select_related("union", "member").order_by("-date", "-id")[:PAGE])
    form = LegalAidForm(request.POST or None)
    form.fields["member_no"].set_params(within=org.code)

    def act(d):
        member = None
        if d["member_no"]:
            member = member_pickers.resolve(request.user, d["member_no"], pk=getattr(d["member_no"], "pk", None),
                                            field="member_no", cap=RIGHTS, within=org.code)
        union = org if org.kind == "grassroots" or member is None else Organisation.objects.get(pk=member.union_id)
        return actions.record_legal_aid(request.user, union, kind=d["kind"], date=d["date"], category=d["category"],
                                        summary=d["summary"], provider=d["provider"], outcome=d["outcome"],
                                        member=member)

    return form_post(request, form, act, success=_("已登记法律援助"),
                     done=lambda x: redirect(f"{request.path}?org={org.code}"),
                     page=lambda f: render(request, "appeals/legal_aid.html", {"org": org, "rows": rows, "form": f}))


@login_required
def routing(request):
    """Who handles each category of request at a union, and its answer period (working days)."""
    _require(request.user)
    org = _org(request)
    officers = queries.officers_at(org)
    current = Routing.objects.filter(union=org).prefetch_related("routes").first()
    initial = {"answer_working_days": current.answer_working_days if current else rules.ANSWER_WORKING_DAYS}
    for route in (current.routes.all() if current else ()):
        initial[f"route_{route.category}"] = route.officer_id
    form = RoutingForm(request.POST or None, initial=initial, officers=officers)
    by_pk = {u.pk: u for u in officers}

    def act(d):
        routes = {c: by_pk.get(d[f"route_{c}"]) for c in Category.values}
        return actions.set_routing(request.user, org, answer_working_days=d["answer_working_days"], routes=routes)

    return form_post(request, form, act, success=_("已保存诉求分派与答复期限"),
                     done=lambda x: redirect(f"{request.path}?org={org.code}"),
                     page=lambda f: render(request, "appeals/routing.html", {"org": org, "form": f,
                                                                             "default_days": rules.ANSWER_WORKING_DAYS}))
