"""Federation pages of cross-union work: transfers across the federation's subtree, and push-downs of notices
and plans to the unions below with their responses (``federation.pushdown``).

Views parse input and call actions; rows come from the federation's subtree (``crossunion``) or
``visible_to``; an organisation or id out of scope is a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import scope
from gonghui.core.capabilities import FEDERATION, VIEW
from gonghui.core.errors import ActionError
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post
from gonghui.members.models import Transfer
from gonghui.orgs.models import Organisation
from gonghui.orgs.unions import current_union, union_options

from . import crossunion, pushdown_actions
from . import pushdown as pushdowns
from .crossforms import PushDownForm, RespondForm
from .models import PushDown, PushKind, PushState, PushTarget
from .views import _area, _base

PAGE = 50


def state_choices():
    labels = {"pending": _("待接收"), "accepted": _("已接收"), "declined": _("已退回"), "cancelled": _("已撤销"),
              "overdue": _("超期未接收")}
    return [(s, labels[s]) for s in crossunion.STATES]


def direction_choices():
    return [("in", _("转入本辖区")), ("out", _("转出本辖区")), ("within", _("辖区内互转"))]


@login_required
def transfers(request):
    org = _area(request)
    state = request.GET.get("state") or ""
    state = state if state in crossunion.STATES else ""
    direction = request.GET.get("direction") or ""
    direction = direction if direction in crossunion.DIRECTIONS else ""
    table = crossunion.unit_table(org)
    qs = crossunion.transfers(org, state=state, direction=direction)
    rows, next_token = keyset_page(qs, sort="-id", after=request.GET.get("after"), size=PAGE)
    crossunion.annotate(rows, org)
    query = request.GET.copy()
    query.pop("after", None)
    more = f"?{query.urlencode()}&after={next_token}" if next_token else ""
    return render(request, "federation/cross/transfers.html", _base(
        request, org, table=table, sums=crossunion.totals(table), rows=rows, more=more, state=state,
        direction=direction, states=state_choices(), directions=dict(direction_choices()),
        direction_list=direction_choices(), days=crossunion.overdue_days(), cap=FEDERATION,
        pending=Transfer.State.PENDING))


# ---- push-downs (federation.pushdown, federation.pushdown_actions) ----

TARGET_STATES = {"waiting": gettext_lazy("未回复"), "answered": gettext_lazy("已回复"), "late": gettext_lazy("逾期回复")}


def _federation_plans(org):
    from gonghui.plans.models import Plan

    return list(Plan.objects.filter(union=org).order_by("-year", "-id")[:50])


def _pushdown(request, pk):
    return get_object_or_404(PushDown.objects.visible_to(request.user, FEDERATION)
                             .select_related("federation", "created_by"), pk=pk)


def _target(request, pk):
    """A union's copy: seen by the union's officers, and by the sending federation's officers."""
    qs = PushTarget.objects.select_related("pushdown", "pushdown__federation", "union", "responded_by")
    target = get_object_or_404(qs.filter(pushdown__deleted_at__isnull=True), pk=pk)
    if not (scope.can(request.user, VIEW, target.union)
            or scope.can(request.user, FEDERATION, target.pushdown.federation)):
        raise Http404
    return target


@login_required
def pushdown_list(request):
    org = _area(request)
    rows = list(pushdowns.sent_by(request.user, org)[:100])
    return render(request, "federation/cross/pushdowns.html", _base(request, org, rows=rows))


@login_required
def pushdown_new(request):
    org = _area(request)
    plans = _federation_plans(org)
    units = list(Organisation.objects.filter(parent=org).order_by("path").only("id", "code", "name"))
    form = PushDownForm(request.POST or None, request.FILES or None, plans=plans, units=units)

    def act(d):
        plan = next((p for p in plans if str(p.pk) == d.get("plan")), None)
        chosen = [u for u in units if u.code in set(d.get("units") or ())]
        return pushdown_actions.send(request.user, org, kind=d["kind"], title=d["title"], body=d.get("body", ""),
                                     due_on=d["due_on"], union_types=d.get("union_types") or (), units=chosen,
                                     plan=plan, attachment=d.get("attachment"))

    return form_post(request, form, act, done=lambda p: redirect("federation:pushdown", p.pk),
                     success=_("已下发"), page=lambda f: render(request, "federation/cross/pushdown_new.html", _base(
                         request, org, form=f), status=400 if f.errors else 200))


@login_required
def pushdown_detail(request, pk):
    pushdown = _pushdown(request, pk)
    state = request.GET.get("state") or ""
    state = state if state in TARGET_STATES else ""
    rows, next_token = keyset_page(pushdowns.targets(pushdown, state=state), sort="id",
                                   after=request.GET.get("after"), size=PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    more = f"?{query.urlencode()}&after={next_token}" if next_token else ""
    table = pushdowns.unit_table(pushdown)
    return render(request, "federation/cross/pushdown.html", _base(
        request, pushdown.federation, pushdown=pushdown, table=table, rows=rows, more=more, state=state,
        states=TARGET_STATES, overdue=pushdown.due_on < timezone.localdate(), waiting=PushState.WAITING,
        source=pushdown_actions.source_plan(pushdown)))


@login_required
@require_POST
def pushdown_remind(request, pk):
    pushdown = _pushdown(request, pk)
    try:
        n = pushdown_actions.remind(request.user, pushdown)
    except ActionError as error:
        messages.error(request, "；".join(str(m) for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(request, _("已催办%(n)d个基层工会") % {"n": n})
    return redirect("federation:pushdown", pushdown.pk)


@login_required
@require_POST
def pushdown_withdraw(request, pk):
    pushdown = _pushdown(request, pk)
    try:
        pushdown_actions.withdraw(request.user, pushdown, note=(request.POST.get("note") or "")[:200])
    except ActionError as error:
        messages.error(request, "；".join(str(m) for ms in error.message_dict.values() for m in ms))
        return redirect("federation:pushdown", pushdown.pk)
    messages.success(request, _("已撤回"))
    return redirect(f"{_url('federation:pushdowns')}?org={pushdown.federation.code}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _file(field):
    if not field:
        raise Http404(_("没有附件"))
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件不存在")) from None
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


@login_required
def pushdown_file(request, pk):
    return _file(_pushdown(request, pk).attachment)


@login_required
def received(request):
    union = current_union(request, VIEW)
    rows, next_token = keyset_page(pushdowns.received(request.user, union), sort="-id",
                                   after=request.GET.get("after"), size=PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    more = f"?{query.urlencode()}&after={next_token}" if next_token else ""
    return render(request, "federation/cross/received.html", {
        "union": union, "unions": union_options(request.user, VIEW), "rows": rows, "more": more,
        "waiting": PushState.WAITING})


@login_required
def received_detail(request, pk):
    target = _target(request, pk)
    pushdown = target.pushdown
    is_plan = pushdown.kind == PushKind.PLAN
    may_answer = (target.state == PushState.WAITING
                  and scope.can(request.user, pushdown_actions.answer_capability(pushdown.kind), target.union))
    plans = []
    if is_plan and may_answer:
        from gonghui.plans.models import Plan

        plans = list(Plan.objects.filter(union=target.union).order_by("-year", "-id")[:50])
    form = RespondForm(request.POST or None, request.FILES or None, is_plan=is_plan, plans=plans)
    if request.method == "POST" and not may_answer:
        raise Http404

    def act(d):
        plan = next((p for p in plans if str(p.pk) == d.get("plan")), None)
        return pushdown_actions.respond(request.user, target, how=d["how"], response=d.get("response", ""),
                                        attachment=d.get("attachment"), plan=plan)

    result = None
    if target.result_type_id:
        result = target.result_type.get_object_for_this_type(pk=target.result_id)
    return form_post(request, form, act, done=lambda t: redirect("federation:received_detail", t.pk),
                     success=_("已回复"), page=lambda f: render(request, "federation/cross/received_detail.html", {
                         "target": target, "pushdown": pushdown, "form": f, "may_answer": may_answer,
                         "result": result, "source": pushdown_actions.source_plan(pushdown),
                         "waiting": PushState.WAITING}, status=400 if f.errors else 200))


@login_required
def received_file(request, pk):
    return _file(_target(request, pk).pushdown.attachment)


@login_required
def response_file(request, pk):
    return _file(_target(request, pk).attachment)
