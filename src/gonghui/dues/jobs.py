"""Dues work that runs in the job worker (``core.jobs``): payroll batches read from uploaded files, and
the month's rolls of a union or of every union under a federation."""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gonghui.core import jobs
from gonghui.core.errors import ActionError

from . import actions, months, payroll

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


# ---- generating rolls ----

RUN = "dues_run"


def start_run_job(user, org, month, *, all_unions=False):
    """Queue the month's roll of ``org`` (a grassroots union), or with ``all_unions`` of every grassroots
    union under ``org`` (a federation). The page and the command line follow the job's progress."""
    return jobs.enqueue(RUN, user=user, org=org, params={"month": month if isinstance(month, str) else months.iso(month),
                                                          "all_unions": bool(all_unions)})


def run_summary(result):
    """What a run did, as stored in the job (and shown by the page and the API)."""
    single = result.roll
    return {"month": months.iso(result.month), "unions": len(result.rolls), "heads": result.heads,
            "exempt": result.exempt, "no_base": result.no_base, "total_due": str(result.total_due),
            "kept_paid": result.kept_paid, "skipped_final": result.skipped_final,
            "roll": single.pk if single is not None else None}


@jobs.register(RUN)
def _run_rolls(job, progress):
    month = job.params["month"]
    try:
        if job.params.get("all_unions"):
            result = actions.run_rolls(job.created_by, job.org, month, progress=progress)
        else:
            result = actions.run_roll(job.created_by, job.org, month, progress=progress)
    except ActionError as exc:
        raise jobs.JobFailed(exc.as_text({"month": _("月份"), "org": _("组织")})) from None
    except PermissionDenied as exc:
        raise jobs.JobFailed(str(exc) or _("无权执行此操作")) from None
    return run_summary(result)
