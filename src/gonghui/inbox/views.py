"""The inbox page (待办), the member's hub, the batch form and the menu badge."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import inbox, scope
from gonghui.core.errors import ActionError

from . import hub


def _split(sections):
    officer = [s for s in sections if s.source.capability != inbox.MEMBER]
    mine = [s for s in sections if s.source.capability == inbox.MEMBER]
    return officer, mine


@login_required
def home(request):
    """Everyone's landing page: officers their inbox (with their own member items below); a member who
    holds no role the service hub."""
    user = request.user
    if not scope.is_officer(user):
        return hub_page(request)
    sections = inbox.summary(user)
    request._gonghui_inbox_counts = {s.source.key: s.count for s in sections}
    officer, mine = _split(sections)
    return render(request, "inbox/inbox.html", {
        "sections": officer, "mine": mine, "total": sum(s.count for s in sections),
        "has_member": scope.member_of(user) is not None,
    })


@login_required
def hub_page(request):
    user = request.user
    sections = [s for s in inbox.summary(user) if s.source.capability == inbox.MEMBER]
    member = scope.member_of(user)
    return render(request, "inbox/hub.html", {
        "member": member, "tiles": hub.tiles(sections), "cards": [s for s in sections if s.count],
        "is_officer_user": scope.is_officer(user),
    })


def _pks(values):
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


@login_required
@require_POST
def batch(request, source):
    src = inbox.get(source)
    if src is None or not src.applies_to(request.user) or src.batch is None:
        raise Http404
    pks = _pks(request.POST.getlist("pk"))
    if not pks:
        messages.error(request, _("请先勾选要办理的事项"))
        return redirect("inbox:home")
    params = {name: request.POST.get(name, "") for name in (*src.batch_params, "note")}
    try:
        outcomes = inbox.run_batch(request.user, src, pks, params)
    except ActionError as exc:
        messages.error(request, "；".join(str(m) for ms in exc.message_dict.values() for m in ms))
        return redirect("inbox:home")
    done = sum(1 for o in outcomes if o.ok)
    if done:
        messages.success(request, _("%(label)s：已办理%(n)s项") % {"label": src.label, "n": done})
    for o in outcomes:
        if not o.ok:
            messages.error(request, o.message)
    return redirect("inbox:home")


@login_required
def badge(request):
    """The menu badge's number: one COUNT per source, once per request."""
    return JsonResponse({"total": inbox.total(request)})
