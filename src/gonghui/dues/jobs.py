"""Dues work that runs in the job worker (``core.jobs``): payroll batches read from uploaded files."""
from django.utils.translation import gettext as _

from gonghui.core import jobs

from . import payroll

PAYROLL = "dues_payroll"


def start_payroll_job(user, union, uploaded_file, *, batch_no="", dry_run=False):
    """Save the upload and queue its import; the file is read in the worker (``core.spreadsheet``)."""
    relative, original = jobs.save_upload(uploaded_file)
    params = {"batch_no": (batch_no or "").strip(), "dry_run": bool(dry_run), "filename": original}
    return jobs.enqueue(PAYROLL, user=user, org=union, params=params, input_file=relative)


@jobs.register(PAYROLL)
def _run_payroll(job, progress):
    path = jobs.media_path(job.input_file)
    if not path.exists():
        raise jobs.JobFailed(_("上传的文件已不存在，请重新上传"))
    try:
        result = payroll.run_import(job.created_by, job.org, path, batch_no=job.params.get("batch_no", ""),
                                    file_name=job.params.get("filename"), dry_run=job.params.get("dry_run", False),
                                    progress=progress)
    finally:
        path.unlink(missing_ok=True)  # a payroll list holds personal data: keep it no longer than needed
    return result.to_dict()
