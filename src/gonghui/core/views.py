"""Helpers every app's pages share (an ``ActionError`` shown on the form fields it names, the shape of a
form page's post), and the pages of background jobs (progress, download).

The organisation a page works at is ``orgs.lookups.scoped_org``; the home dashboard and the audit
pages are ``overview.views``.
"""
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import jobs
from gonghui.core.models import Job

# ---- shared helpers ----


def show_action_error(form, error):
    """Put an ``ActionError``'s messages on the form fields they name (others at the top)."""
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def form_post(request, form, act, *, done, page, success=None):
    """The shape of a form page's post: a valid form goes to ``act(cleaned_data)`` (the action); then the
    ``success`` message and ``done(result)`` — usually a redirect. A refused action puts its messages on
    the form fields it names; an invalid form, a refusal or a GET shows ``page(form)``."""
    from django.contrib import messages

    from gonghui.core.errors import ActionError

    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ActionError as error:
            show_action_error(form, error)
        else:
            if success:
                messages.success(request, success)
            return done(result)
    return page(form)


# ---- jobs ----

def _own_job(request, pk):
    job = Job.objects.filter(pk=pk).first()
    user = request.user
    if job is None or not (user.is_superuser or job.created_by_id == user.pk):
        raise Http404(_("找不到该任务"))
    return job


@login_required
def job_status(request, pk):
    """Progress of a background job as JSON, for its creator only (polled by the import page)."""
    job = jobs.with_live_progress(_own_job(request, pk))
    download = reverse("core:job_download", args=[job.pk]) if job.status == Job.Status.DONE and job.output_file \
        else None
    percent = 100 if job.status == Job.Status.DONE else (int(job.done * 100 / job.total) if job.total else 0)
    return JsonResponse({
        "status": job.status, "status_label": _(job.get_status_display()), "percent": min(percent, 100),
        "done": job.done, "total": job.total, "phase": job.phase, "phase_label": _(job.phase) if job.phase else "",
        "count_label": _("（%(done)s/%(total)s）") % {"done": job.done, "total": job.total} if job.total else "",
        "result": job.result, "error": job.error,
        "download_url": download,
    })


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if not job.output_file:
        raise Http404(_("该任务没有可下载的文件"))
    path = jobs.media_path(job.output_file).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.is_file():
        raise Http404(_("文件不存在或已过期"))
    name = (job.result or {}).get("filename") or path.name
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@login_required
def export_job(request, pk):
    """A document being built in the job worker (``core.exports``): its progress, then the download link.
    The creator's own page: anyone else's job is a 404."""
    job = jobs.with_live_progress(_own_job(request, pk))
    return render(request, "core/export_job.html", {
        "job": job, "title": (job.params or {}).get("title") or _("生成文件"),
        "filename": (job.result or {}).get("filename", ""),
    })
