"""Actions of running an instance that change state: a failed background job submitted again."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, jobs
from gonghui.core.errors import ActionError
from gonghui.core.models import Job


@transaction.atomic
def retry_job(actor, job):
    """Queue a failed job again as a new job (same kind, owner, organisation, parameters and uploaded file);
    the failed one stays as it was, for the record. System administrators only."""
    if not (actor and actor.is_superuser):
        raise PermissionDenied(_("只有系统管理员可以重新提交后台任务"))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.FAILED:
        raise ActionError(_("只有失败的任务可以重新提交"))
    if job.input_file and not jobs.media_path(job.input_file).is_file():
        raise ActionError(_("该任务上传的文件已按保留期限删除，请让提交人重新上传"))
    again = jobs.enqueue(job.kind, user=job.created_by, org=job.org, params=job.params, input_file=job.input_file)
    audit.record(actor, "retry_job", again, org=job.org, after={"retry_of": job.pk, "kind": job.kind})
    return again
