"""The statistical report pages (``federation.stats``): the tables of an organisation for a year with the
checks against the units below, submitting, marking final, and the .xlsx (an export job)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import exports, scope
from gonghui.core.capabilities import VIEW
from gonghui.core.errors import ActionError
from gonghui.core.parsing import year_or
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.models import Organisation

from . import actions, jobs, stats


def _org(request):
    org = scoped_org(request, VIEW)
    if not stats.reports_at(org):
        raise Http404(_("请选择总工会或基层工会"))
    return org


def _posted_org(request):
    """The organisation a POST names in its body (``org``): in the user's scope and one that reports, else 404 —
    never the user's own union by default, so a change always says where it is made."""
    code = (request.POST.get("org") or "").strip()[:32]
    org = Organisation.objects.visible_to(request.user, VIEW).filter(code=code).first() if code else None
    if org is None or not stats.reports_at(org):
        raise Http404(_("请选择总工会或基层工会"))
    return org


def _year(request):
    today = timezone.localdate()
    return year_or(request.POST.get("year") or request.GET.get("year"), today.year, maximum=today.year)


def _back(org, year):
    return redirect(f"{reverse('federation:stats')}?org={org.code}&year={year}")


@login_required
def stats_page(request):
    org, year = _org(request), _year(request)
    result = stats.build(org, year)
    return render(request, "federation/stats.html", {
        "org": org, "year": year, "stats": result, "picker": scope_picker(request.user, VIEW, org),
        "may_submit": scope.can(request.user, actions._stats_cap(org), org),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
    })


@login_required
@require_POST
def stats_submit(request):
    org, year = _posted_org(request), _year(request)
    try:
        actions.submit_stats(request.user, org, year, head=request.POST.get("head", ""),
                             preparer=request.POST.get("preparer", ""))
        messages.success(request, _("%(year)s年统计年报已报送") % {"year": year})
    except ActionError as e:
        for errors in e.message_dict.values():
            for message in errors:
                messages.error(request, message)
    return _back(org, year)


@login_required
@require_POST
def stats_final(request):
    org, year = _posted_org(request), _year(request)
    try:
        actions.finalise_stats(request.user, org, year)
        messages.success(request, _("%(year)s年统计年报已定稿") % {"year": year})
    except ActionError as e:
        messages.error(request, _("合计与下级不一致，不能定稿：") + "；".join(
            m for errors in e.message_dict.values() for m in errors))
    return _back(org, year)


@login_required
def stats_export(request):
    org, year = _org(request), _year(request)
    job = exports.start(jobs.STATS, user=request.user, org=org, params={"year": year},
                        title=_("%(org)s%(year)s年统计年报") % {"org": org.name, "year": year})
    return redirect(exports.page_url(job))
