"""Exporting the roster to .xlsx, in the import template's layout so an export can be imported again.

Rows come from ``members.queries`` (scope first), are fetched in keyset chunks with their
organisations joined, and are streamed through openpyxl's write-only mode: memory stays bounded at
any roster size and there is no query per row. Personal data is masked per ``members.privacy.shown``.
"""
import uuid
from collections import Counter

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core import jobs
from gonghui.orgs.models import MEMBER_HOLDING_KINDS, Organisation

from . import privacy
from .models import Education, EmploymentForm, PoliticalStatus, Sex, Status
from .queries import Filters, member_queryset
from .xlsx_template import COLUMNS, ROSTER_SHEET
from .xlsx_template import template_workbook as _template_workbook
from gonghui.core.spreadsheet import safe_cell

CHUNK = 2000
JOB_KIND = "export_members"
_LABELS = {
    "sex": dict(Sex.choices), "political_status": dict(PoliticalStatus.choices),
    "education": dict(Education.choices), "employment_form": dict(EmploymentForm.choices),
    "status": dict(Status.choices),
}


def template_workbook() -> bytes:
    """The downloadable import template (.xlsx bytes)."""
    return _template_workbook()


def _queryset(user, source):
    """Scoped members from a queryset, a ``Filters`` or filter parameters (a dict or QueryDict).

    ``user`` None is the system itself (the command line without --user): the queryset is taken as given.
    """
    if isinstance(source, QuerySet):
        return source if user is None else source.visible_to(user)
    filters = source if isinstance(source, Filters) else Filters(source or {}, user)
    return member_queryset(user, filters)


def _org_labels(user):
    """How the 所在组织 column names each organisation: its name, or its code when the name is not
    unique inside its union (the import resolves either)."""
    orgs = Organisation.objects.filter(kind__in=MEMBER_HOLDING_KINDS)
    if user is not None:
        orgs = orgs.visible_to(user)
    rows = list(orgs.values_list("pk", "code", "name", "union_id"))
    clashes = Counter((union_id, name) for _pk, _code, name, union_id in rows)
    return {pk: (name if clashes[(union_id, name)] == 1 else code) for pk, code, name, union_id in rows}


class _RowWriter:
    """Turns a member into the export row, masking what ``user`` may not see."""

    def __init__(self, ws, user, org_labels):
        self.ws, self.user, self.org_labels = ws, user, org_labels
        self.text_columns = {i for i, c in enumerate(COLUMNS) if c.text_format}

    def values(self, m):
        if self.user is None:
            shown = {"id_number": m.id_number, "phone": m.phone, "wage_base": m.wage_base}
        else:
            shown = privacy.shown(self.user, m)
        return {
            "name": m.name, "sex": _LABELS["sex"].get(m.sex, ""), "id_number": shown["id_number"],
            "birth_date": m.birth_date, "phone": shown["phone"] or "", "ethnicity": m.ethnicity,
            "political_status": _LABELS["political_status"].get(m.political_status, ""),
            "education": _LABELS["education"].get(m.education, ""),
            "employment_form": _LABELS["employment_form"].get(m.employment_form, ""), "post": m.post,
            "hire_date": m.hire_date, "wage_base": shown["wage_base"] if shown["wage_base"] != "" else None,
            "join_date": m.join_date, "member_no": m.member_no, "card_no": m.card_no,
            "org": self.org_labels.get(m.org_id) or m.org.code, "status": _LABELS["status"].get(m.status, ""),
        }

    def append(self, member):
        values = self.values(member)
        row = []
        for i, column in enumerate(COLUMNS):
            value = safe_cell(values[column.field])
            if i in self.text_columns and value:
                cell = WriteOnlyCell(self.ws, value=str(value))
                cell.number_format = "@"
                row.append(cell)
            elif column.field == "wage_base" and value is not None and not isinstance(value, str):
                cell = WriteOnlyCell(self.ws, value=value)
                cell.number_format = "0.00"
                row.append(cell)
            else:
                row.append(value)
        self.ws.append(row)


def export_members(user, queryset_or_filters, out, *, progress=None):
    """Write the members to ``out`` (a path or a binary file) as .xlsx; returns the number of rows."""
    qs = _queryset(user, queryset_or_filters).select_related("org", "union").order_by("pk")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ROSTER_SHEET)
    ws.freeze_panes = "A2"
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill = header_font, header_fill
        header.append(cell)
    ws.append(header)
    writer = _RowWriter(ws, user, _org_labels(user))
    total = qs.count() if progress else None
    written, last = 0, 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        for member in chunk:
            writer.append(member)
        written += len(chunk)
        last = chunk[-1].pk
        if progress:
            progress(written, total, "导出")
    wb.save(out)
    return written


def filename():
    return _("会员名册-%(day)s.xlsx") % {"day": timezone.localdate().strftime("%Y%m%d")}


def in_request(user, filters) -> bool:
    """Whether the roster ``filters`` select is small enough to build while the browser waits (one count
    query); a larger one — a federation's roster — goes to the job worker (``start_export_job``) with a
    progress page. The bound is ``GONGHUI_EXPORT_IN_REQUEST_ROWS``."""
    return _queryset(user, filters).count() <= settings.GONGHUI_EXPORT_IN_REQUEST_ROWS


def start_export_job(user, params):
    """Queue an export of the members matching filter ``params`` (the list page's query string)."""
    params = params.dict() if hasattr(params, "dict") else dict(params or {})
    return jobs.enqueue(JOB_KIND, user=user, org=None,
                        params={"filters": params, "title": str(_("导出会员名册"))})


@jobs.register(JOB_KIND)
def _run_job(job, progress):
    relative = f"exports/{uuid.uuid4().hex}.xlsx"
    path = jobs.media_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    if job.created_by is None:
        raise jobs.JobFailed("导出任务缺少操作人")
    count = export_members(job.created_by, job.params.get("filters", {}), path, progress=progress)
    job.output_file = relative
    return {"rows": count, "filename": filename()}


__all__ = ["export_members", "start_export_job", "template_workbook"]
