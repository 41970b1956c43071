"""Contest work that runs in the job worker (``core.jobs``): an uploaded score sheet is read there, never in
the web request, and its scores saved in one go (``actions.save_scores``)."""
from django.utils.translation import gettext as _

from gonghui.core import jobs
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses

from . import actions, documents
from .models import ContestItem

SCORE_SHEET = "contest_score_sheet"


def start_sheet_job(user, item, uploaded_file):
    relative, original = jobs.save_upload(uploaded_file, folder="score-sheets", allowed=("xlsx",))
    return jobs.enqueue(SCORE_SHEET, user=user, org=item.union, params={"item": item.pk, "filename": original},
                        input_file=relative)


@jobs.register(SCORE_SHEET)
def _run(job, progress):
    path = jobs.media_path(job.input_file)
    if not path.exists():
        raise jobs.JobFailed(_("上传的文件已不存在，请重新上传"))
    item = ContestItem.objects.select_related("event", "union").get(pk=job.params["item"])
    progress(0, None, _("读取文件"))
    try:
        rows = documents.read_score_sheet(item, path.read_bytes())
        progress(0, len(rows), _("写入"))
        counts = actions.save_scores(job.created_by, item, rows)
    except ActionError as exc:
        # The messages name their row and column themselves ("第5行 成绩: 请输入数字"): no field label.
        return {"ok": False, "message": clauses(m for ms in exc.message_dict.values() for m in ms)}
    finally:
        path.unlink(missing_ok=True)
    return {"ok": True, **counts}
