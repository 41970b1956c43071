"""Documents built in the job worker: exports and reports that can span a whole federation, with
progress, a page that follows them and a file only whoever asked can download.

An app declares a document in its ``jobs.py`` (found by ``core.jobs.autodiscover``)::

    @exports.document("plans_report")
    def build(user, org, params, progress):
        ...                              # check the user may still read it: raise exports.Refused(...)
        return content, filename         # bytes, and the name the download gets

and starts it from a page or the API once the input is checked (``start``). The page is
``core:export_job`` (the bar, then the download link); the API answers 202 with ``status_url``
(``accepted``); the command line builds at once with a bar (``gonghui export KIND``, ``build_now``).
The file lives under MEDIA_ROOT/exports/ and is served by ``core:job_download`` / ``api:job-output``
to the job's creator only.
"""
import uuid

from django.urls import reverse
from django.utils.translation import gettext as _

from . import jobs

_builders = {}


class Refused(jobs.JobFailed):
    """Raised by a builder when the input no longer holds (the user lost the scope, the org is gone)."""


def document(kind):
    """Decorator: ``build(user, org, params, progress) -> (bytes, filename)`` makes documents of ``kind``."""

    def decorate(build):
        _builders[kind] = build

        @jobs.register(kind)
        def run(job, progress):
            if job.created_by is None:
                raise Refused(_("导出任务缺少操作人"))
            content, filename = build(job.created_by, job.org, job.params, progress)
            suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
            relative = f"exports/{uuid.uuid4().hex}.{suffix}"
            path = jobs.media_path(relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            job.output_file = relative
            return {"filename": filename, "bytes": len(content)}

        return build

    return decorate


def kinds():
    """The document kinds the installed apps declare."""
    jobs.autodiscover()
    return sorted(_builders)


def start(kind, *, user, org, params=None, title=""):
    """Queue a document; ``title`` (in the request's language) heads its page. Returns the Job."""
    return jobs.enqueue(kind, user=user, org=org, params={**(params or {}), "title": str(title)})


def build_now(kind, *, user, org, params=None, progress=None):
    """Build a document in this process (the command line): ``(bytes, filename)``."""
    jobs.autodiscover()
    if kind not in _builders:
        raise KeyError(kind)
    return _builders[kind](user, org, params or {}, progress or (lambda *a, **k: None))


def page_url(job):
    """The page that follows ``job`` and then offers its file."""
    return reverse("core:export_job", args=[job.pk])


def accepted(request, job):
    """The API's answer to a queued document: 202, ``{job, status, status_url}`` and a Location header."""
    from rest_framework import status
    from rest_framework.response import Response
    from rest_framework.reverse import reverse as api_reverse

    url = api_reverse("api:job-detail", args=[job.pk], request=request)
    return Response({"job": job.pk, "status": job.status, "status_url": url}, status=status.HTTP_202_ACCEPTED,
                    headers={"Location": url})
