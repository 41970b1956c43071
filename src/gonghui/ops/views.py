"""The job status page for system administrators: jobs by state and kind, the stuck and failed ones, retry."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import health, jobs
from gonghui.core.errors import ActionError
from gonghui.core.models import Job
from gonghui.core.paging import keyset_page

from . import actions

PAGE_SIZE = 50


def _admin_only(request):
    if not request.user.is_superuser:
        raise Http404(_("页面不存在"))


@login_required
def job_list(request):
    _admin_only(request)
    cutoff = timezone.now() - jobs.STALE_AFTER
    by_state = dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by())
    by_kind = list(Job.objects.values("kind", "status").annotate(n=Count("pk")).order_by("kind", "status"))
    stuck = (Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
             | Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=cutoff))
    stuck = list(stuck.select_related("created_by", "org").order_by("id")[:100])
    failed, next_token = keyset_page(Job.objects.filter(status=Job.Status.FAILED).select_related("created_by", "org"),
                                     sort="-id", after=request.GET.get("after"), size=PAGE_SIZE)
    states = [(value, _(label), by_state.get(value, 0)) for value, label in Job.Status.choices]
    return render(request, "ops/jobs.html", {
        "states": states, "by_kind": by_kind, "stuck": stuck, "failed": failed,
        "next_url": f"?after={next_token}" if next_token else "", "figures": health.job_figures(),
    })


@login_required
@require_POST
def job_retry(request, pk):
    _admin_only(request)
    job = Job.objects.filter(pk=pk).first()
    if job is None:
        raise Http404(_("页面不存在"))
    try:
        again = actions.retry_job(request.user, job)
    except ActionError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("已重新提交为任务 #%(pk)s") % {"pk": again.pk})
    return redirect("ops:jobs")
