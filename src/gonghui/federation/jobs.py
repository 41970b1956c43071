"""Federation work that runs in the job worker (``core.jobs``): the registry import and its export."""
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import exports, jobs, scope
from gonghui.core.capabilities import FEDERATION
from gonghui.core.documents import Report, to_xlsx

from . import importing, queries

IMPORT = "federation_employers_import"
EXPORT = "federation_employers"


def start_import(user, area, uploaded_file, *, dry_run=False):
    """Save the upload and queue its import; the file is read in the worker (``core.spreadsheet``)."""
    relative, original = jobs.save_upload(uploaded_file)
    return jobs.enqueue(IMPORT, user=user, org=area, params={"dry_run": bool(dry_run), "filename": original},
                        input_file=relative)


@jobs.register(IMPORT)
def _run_import(job, progress):
    path = jobs.media_path(job.input_file)
    if not path.exists():
        raise jobs.JobFailed(_("上传的文件已不存在，请重新上传"))
    try:
        result = importing.run_import(job.created_by, job.org, path, dry_run=job.params.get("dry_run", False),
                                      progress=progress)
    finally:
        path.unlink(missing_ok=True)
    return result.to_dict()


@exports.document(EXPORT)
def build_export(user, org, params, progress):
    """The registry of ``org``'s area as .xlsx (filters as the list page's: ``status``, ``q``)."""
    if not scope.can(user, FEDERATION, org):
        raise exports.Refused(_("无权导出该区域的单位名录"))
    rows = queries.employers(user, org, status=params.get("status", ""), q=params.get("q", ""))
    head = [_(c) for c in importing.COLUMNS] + [_("所属总工会"), _("所在工会")]
    body = []
    for e in rows.iterator(chunk_size=2000):
        body.append([e.uscc, e.name, _(e.get_industry_display()) if e.industry else "",
                     _(e.get_size_display()) if e.size else "", e.address, e.employees, e.migrant, e.dispatched,
                     e.counted_on, e.note, e.area.name, e.union.name if e.union_id else ""])
    report = Report(title=_("%(org)s单位名录") % {"org": org.name}, headers=head, rows=body, unit=org.name,
                    money_unit="人")
    return to_xlsx(report), f"employers-{org.code}-{timezone.localdate():%Y%m%d}.xlsx"


STATS = "federation_stats"


@exports.document(STATS)
def build_stats(user, org, params, progress):
    """The annual statistical report of ``org`` (a federation or a grassroots union) for ``params["year"]``:
    表一–表三 as .xlsx (``federation.stats``)."""
    from gonghui.core.capabilities import VIEW
    from gonghui.core.parsing import year as parse_year

    from . import stats

    if not scope.can(user, VIEW, org) or not stats.reports_at(org):
        raise exports.Refused(_("无权导出该组织的统计年报"))
    year = parse_year(params.get("year"), default=timezone.localdate().year)
    return stats.to_xlsx(stats.build(org, year)), f"statistics-{org.code}-{year}.xlsx"
