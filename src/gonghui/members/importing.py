"""Importing the member roster from .xlsx or .csv, all or nothing.

    result = run_import(user, org, path, update=False, dry_run=False, progress=None)

1. **Read** (``read_table``): the content is sniffed, not the extension; .xlsx is read with
   python-calamine, .csv is decoded as UTF-8 (with or without BOM), UTF-16 or GB18030 (a superset of
   GBK). Formula cells and merged cells are found cheaply (a scan of the sheet XML; calamine's merged
   ranges) and refused.
2. **Validate** every row with ``members.validation.clean`` (the same rules as the form and the API),
   then the rules only a whole file has: duplicates inside the file, duplicates against the database
   (blind indexes, looked up in batches), the organisation column (one query for the target's subtree),
   member numbers already used, and scope.
3. **Write** in one transaction with ``members.actions`` bulk paths (which also write the audit rows),
   only when no row has an error.

Every problem is a ``Problem(row, column, message)``: the row as Excel numbers it (the header row is
usually 1, so the first member is row 2), the column header as written in the file. File-level
problems have row 0 and column ''.
"""
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from stdnum.cn import ric

from gonghui.core.capabilities import EDIT_MEMBERS, VIEW
from gonghui.core import crypto, jobs, scope
from gonghui.core.i18n import words
from gonghui.core.parsing import text
from gonghui.core.spreadsheet import MAX_HEADER_SEARCH, Problem, Refused, decode_csv, read_table, sniff, unescape_cell
from gonghui.core.spreadsheet import blank as _blank
from gonghui.core.spreadsheet import column_letter as _column_letter
from gonghui.core.spreadsheet import refuse as _refuse
from gonghui.orgs.models import MEMBER_HOLDING_KINDS, Organisation

from . import actions, validation
from .models import Member, Status
from .xlsx_template import EXAMPLE_ROW, HEADERS, field_for_header

JOB_KIND = "import_members"
LOOKUP_BATCH = 900  # parameters per IN (...) query; SQLite allows 999
JSON_PROBLEM_LIMIT = 1000
ID_AS_NUMBER = gettext_lazy("身份证号被Excel当成了数字，后几位已经丢失；请把本列设置为“文本”格式后重新填写身份证号")
FORMULA = gettext_lazy("不能使用公式，请粘贴为数值")
# The phases of an import, stored on the job in Chinese and shown through ``gettext``.
READING, CHECKING, WRITING = gettext_noop("读取文件"), gettext_noop("校验"), gettext_noop("写入")


@dataclass
class ImportResult:
    ok: bool
    created: int = 0
    updated: int = 0
    rows: int = 0
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self, limit=JSON_PROBLEM_LIMIT):
        """JSON for a job result: problems and warnings capped at ``limit``, with their full counts."""
        return {
            "ok": self.ok, "created": self.created, "updated": self.updated, "rows": self.rows,
            "dry_run": self.dry_run,
            "problems": [asdict(p) for p in self.problems[:limit]], "problem_count": len(self.problems),
            "warnings": [asdict(p) for p in self.warnings[:limit]], "warning_count": len(self.warnings),
        }


def _nothing(*args, **kwargs):
    return None


# ---------------------------------------------------------------------------------------------
# The header
# ---------------------------------------------------------------------------------------------

@dataclass
class Header:
    row: int  # Excel row number of the header
    columns: dict  # column index -> (header as written, field)
    warnings: list


def find_header(rows) -> Header:
    """The first of the top rows naming at least two known columns (or 姓名/身份证号)."""
    for r, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        fields = [field_for_header(v) for v in row if not _blank(v)]
        known = [f for f in fields if f]
        if len(known) >= 2 or {"name", "id_number"} & set(known):
            return _map_header(r + 1, row)
    raise _refuse(_("找不到表头：第一行应为列名（如 姓名、身份证号），请使用导入模板"))


def _map_header(row_number, row) -> Header:
    columns, seen, warnings, problems = {}, {}, [], []
    for c, value in enumerate(row):
        if _blank(value):
            continue
        written = text(value)
        name = field_for_header(value)
        if name is None:
            warnings.append(Problem(row_number, written, _("无法识别的列，已忽略")))
        elif name in seen:
            problems.append(Problem(row_number, written, _("与“%(column)s”列重复，请只保留一列") % {"column": seen[name]}))
        else:
            seen[name] = written
            columns[c] = (written, name)
    missing = [validation.LABELS[f] for f in validation.REQUIRED if f not in seen]
    if missing:
        problems.insert(0, Problem(0, "", _("缺少必需的列：%(columns)s") % {"columns": words(missing)}))
    if problems:
        raise Refused(*problems)
    return Header(row_number, columns, warnings)


# ---------------------------------------------------------------------------------------------
# Validating
# ---------------------------------------------------------------------------------------------

@dataclass
class Plan:
    """What a valid file would write."""

    creates: list = field(default_factory=list)  # (row, org, values)
    updates: list = field(default_factory=list)  # (member, values)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: int = 0


class _OrgResolver:
    """Organisation codes and names under the target, from one query of its subtree."""

    def __init__(self, target):
        self.target = target
        self.by_code, self.by_name = {}, {}
        for org in Organisation.objects.subtree(target).filter(kind__in=MEMBER_HOLDING_KINDS):
            self.by_code[org.code.upper()] = org
            self.by_name.setdefault(org.name, []).append(org)
        self._cache = {}

    def resolve(self, value):
        """(org, None) or (None, message)."""
        key = text(value)
        if key not in self._cache:
            self._cache[key] = self._lookup(key)
        return self._cache[key]

    def _lookup(self, key):
        org = self.by_code.get(key.upper())
        if org:
            return org, None
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0], None
        if named:
            codes = "、".join(o.code for o in named)
            return None, _("名称“%(name)s”对应多个组织，请改填组织代码（%(codes)s）") % {"name": key, "codes": codes}
        return None, _("“%(name)s”不在“%(target)s”之下") % {"name": key, "target": self.target.name}


def _in_paths(roots, path):
    return roots is None or any(path.startswith(p) for p in roots)


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")


def _id_key(value):
    """The ID number as it will be stored, or ('', message) when Excel turned it into a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1e14:
        return "", str(ID_AS_NUMBER)
    raw = text(value)
    if _SCIENTIFIC.fullmatch(raw):
        return "", str(ID_AS_NUMBER)
    return ric.compact(raw).upper(), None


class Validator:
    def __init__(self, user, target, header, *, update, today=None):
        self.user, self.target, self.header, self.update = user, target, header, update
        self.today = today or timezone.localdate()
        self.union = target.union if target.union_id else target
        self.label = {name: written for _c, (written, name) in header.columns.items()}
        self.orgs = _OrgResolver(target)
        self.edit_roots = None if user is None else scope.prefixes(user, EDIT_MEMBERS)
        self.view_roots = None if user is None else scope.prefixes(user, VIEW)
        self.plan = Plan(warnings=list(header.warnings))

    def column(self, name):
        return self.label.get(name, validation.LABELS.get(name, name))

    def error(self, row, name, message):
        self.plan.problems.append(Problem(row, self.column(name), message))

    def run(self, records, progress):
        """``records``: [(row number, {field: raw value})] of the non-blank data rows."""
        self.plan.rows = len(records)
        keys = [_id_key(raw.get("id_number")) for _row, raw in records]
        hashes = [crypto.blind_index(key) if key else "" for key, _error in keys]
        existing = self._existing(h for h in hashes if h)
        full = self._load_for_update(existing) if self.update else {}
        seen_ids, seen_numbers, numbered = {}, {}, []
        total = len(records)
        for i, ((row, raw), (_key, key_error), id_hash) in enumerate(zip(records, keys, hashes)):
            if i % 2000 == 0:
                progress(i, total, CHECKING)
            if key_error:
                self.error(row, "id_number", key_error)
                continue
            if id_hash and id_hash in seen_ids:
                self.error(row, "id_number", _("与第%(row)s行的身份证号重复") % {"row": seen_ids[id_hash]})
                continue
            seen_ids[id_hash] = row
            current = existing.get(id_hash)
            planned = self._check_existing(row, raw, current, full) if current else self._check_new(row, raw)
            if planned is None:
                continue
            values = planned[-1]
            number = values.get("member_no")
            if number:
                if number in seen_numbers:
                    self.error(row, "member_no", _("与第%(row)s行的会员编号重复") % {"row": seen_numbers[number]})
                    continue
                seen_numbers[number] = row
                numbered.append((row, number, id_hash))
            if current:
                self.plan.updates.append(planned)
            else:
                self.plan.creates.append(planned)
        self._check_numbers_in_db(numbered)
        progress(total, total, CHECKING)
        return self.plan

    # -- rows --

    def _clean(self, row, raw, *, partial):
        values, errors, warnings = validation.clean(raw, partial=partial, today=self.today)
        for name, message in errors.items():
            self.error(row, name, message)
        for name, message in warnings.items():
            self.plan.warnings.append(Problem(row, self.column(name), message))
        return None if errors else values

    def _resolve_org(self, row, raw):
        """(org, ok): the row's organisation (None when the column is blank)."""
        if _blank(raw.get("org")):
            return None, True
        org, message = self.orgs.resolve(raw["org"])
        if message:
            self.error(row, "org", message)
            return None, False
        return org, True

    def _check_new(self, row, raw):
        """(row, org, values) for a member to create, or None (problems recorded)."""
        org, org_ok = self._resolve_org(row, raw)
        values = self._clean(row, {k: v for k, v in raw.items() if k != "org"}, partial=False)
        if values is None or not org_ok:
            return None
        if values.get("status") == Status.RETAINED:
            values["status_date"] = self.today
        return row, org or self.target, values

    def _check_existing(self, row, raw, current, full):
        """(member, values) for a member to update, or None (problems recorded)."""
        pk, org_path, union_id, union_name, status = current
        if not self.update:
            if _in_paths(self.view_roots, org_path):
                self.error(row, "id_number", _("该身份证号已登记为会员（%(where)s）") % {"where": union_name})
            else:
                from .actions import elsewhere_message

                self.error(row, "id_number", elsewhere_message())
            self._check_new(row, raw)  # report the row's other problems too
            return None
        if not _in_paths(self.edit_roots, org_path):
            self.error(row, "id_number", _("该身份证号已在其他工会登记，无权更新"))
            return None
        if union_id != self.union.pk:
            self.error(row, "id_number", _("该会员属于“%(union)s”，不能在此更新；跨工会请办理会员关系转接")
                       % {"union": union_name})
            return None
        ok = True
        if not _blank(raw.get("status")):
            written = text(raw["status"])
            if written not in (status, Status(status).label):
                self.error(row, "status", _("会籍状态不能通过导入修改（当前为“%(status)s”）；"
                                            "保留会籍、终止、转出请在会员页面办理") % {"status": _(Status(status).label)})
                ok = False
        org, org_ok = self._resolve_org(row, raw)
        given = {k: v for k, v in raw.items() if not _blank(v) and k not in ("org", "status")}
        values = self._clean(row, given, partial=True)
        if values is None or not (ok and org_ok):
            return None
        member = full[pk]
        if org is not None and org.pk != member.org_id:
            values["org"] = org
        return member, values

    # -- set-based checks --

    def _existing(self, hashes):
        """{id_hash: (pk, org path, union id, union name, status)} of live members, in batched queries."""
        hashes = list(dict.fromkeys(hashes))
        found = {}
        for start in range(0, len(hashes), LOOKUP_BATCH):
            rows = Member.objects.filter(id_hash__in=hashes[start:start + LOOKUP_BATCH]).values_list(
                "id_hash", "pk", "org__path", "union_id", "union__name", "status")
            for id_hash, *rest in rows:
                found[id_hash] = tuple(rest)
        return found

    def _load_for_update(self, existing):
        pks = [pk for pk, path, union_id, _n, _s in existing.values()
               if union_id == self.union.pk and _in_paths(self.edit_roots, path)]
        members = {}
        for start in range(0, len(pks), LOOKUP_BATCH):
            for m in Member.objects.filter(pk__in=pks[start:start + LOOKUP_BATCH]).select_related("org", "union"):
                members[m.pk] = m
        return members

    def _check_numbers_in_db(self, numbered):
        """Member numbers already held by someone else in the union."""
        for start in range(0, len(numbered), LOOKUP_BATCH):
            chunk = numbered[start:start + LOOKUP_BATCH]
            holders = dict(Member.objects.filter(union=self.union, member_no__in=[n for _r, n, _h in chunk])
                           .values_list("member_no", "id_hash"))
            for row, number, id_hash in chunk:
                if number in holders and holders[number] != id_hash:
                    self.error(row, "member_no", _("会员编号“%(no)s”在本工会已被使用") % {"no": number})


def _records(table, header):
    """Non-blank data rows as (row number, {field: value}), skipping the template's example row."""
    records, skipped = [], []
    mapped = [(c, name) for c, (_w, name) in header.columns.items()]
    example = {name: EXAMPLE_ROW[HEADERS.index(validation.LABELS[name])] for _c, name in mapped}
    example_name = example.get("name")
    for r in range(header.row, len(table.rows)):
        row = table.rows[r]
        width = len(row)
        raw = {name: (unescape_cell(row[c]) if c < width else "") for c, name in mapped}
        if all(v == "" or v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        if raw.get("name") == example_name and all(text(raw[name]) == example[name] for name in raw):
            skipped.append(r + 1)
            continue
        records.append((r + 1, raw))
    return records, skipped


def _cell_problems(table, header):
    """Formulas and merged cells in the data area, named by row and column."""
    problems = []
    for r, c in table.formula_cells:
        if r + 1 > header.row and c in header.columns:
            problems.append(Problem(r + 1, header.columns[c][0], str(FORMULA)))
    for (r0, c0), (r1, c1) in table.merged:
        if r1 + 1 > header.row:
            ref = f"{_column_letter(c0)}{r0 + 1}:{_column_letter(c1)}{r1 + 1}"
            column = header.columns.get(c0, ("",))[0]
            problems.append(Problem(max(r0 + 1, header.row + 1), column, _("合并单元格%(ref)s，请取消合并后逐格填写") % {"ref": ref}))
    return problems


def check_target(user, org):
    if org is None:
        raise _refuse(_("请选择要导入到的组织"))
    if org.kind not in MEMBER_HOLDING_KINDS or org.deleted_at is not None:
        raise _refuse(_("会员只能导入到基层工会、分工会或工会小组，“%(org)s”是%(kind)s")
                      % {"org": org.name, "kind": _(org.get_kind_display())})
    if user is not None and not scope.can(user, EDIT_MEMBERS, org):
        raise _refuse(_("无权向“%(org)s”导入会员") % {"org": org.name})


def validate_file(user, org, path, *, update=False, progress=_nothing, today=None) -> Plan:
    """Read and check the whole file; raises Refused for file-level problems."""
    check_target(user, org)
    progress(0, None, READING)
    table = read_table(path)
    if not any(any(not _blank(v) for v in row) for row in table.rows):
        raise _refuse(_("文件是空的"))
    header = find_header(table.rows)
    records, skipped = _records(table, header)
    if not records:
        raise _refuse(_("没有数据：表头下面没有会员记录"))
    limit = settings.GONGHUI_MAX_IMPORT_ROWS
    if len(records) > limit:
        raise _refuse(_("行数太多（%(n)s行），每次最多导入%(limit)s行；请分成几个文件导入")
                      % {"n": len(records), "limit": limit})
    validator = Validator(user, org, header, update=update, today=today)
    validator.plan.warnings.extend(Problem(r, "", _("这是模板中的示例行，已跳过")) for r in skipped)
    cell_problems = _cell_problems(table, header)
    if cell_problems:  # a row with a formula or a merged cell is checked again once that is fixed
        bad_rows = {p.row for p in cell_problems}
        checked = [(row, raw) for row, raw in records if row not in bad_rows]
    else:
        checked = records
    plan = validator.run(checked, progress)
    plan.rows = len(records)
    plan.problems = sorted(cell_problems + plan.problems, key=lambda p: p.row)
    return plan


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def _write(user, org, plan, *, note, progress):
    union = org.union if org.union_id else org
    total = len(plan.creates) + len(plan.updates)
    progress(0, total, WRITING)
    with transaction.atomic():
        taken = {values["member_no"] for _r, _o, values in plan.creates if values.get("member_no")}
        need = sum(1 for _r, _o, values in plan.creates if not values.get("member_no"))
        fresh = iter([n for n in actions.next_member_numbers(union, need + len(taken)) if n not in taken]
                     if need else [])
        rows = []
        for _row, member_org, values in plan.creates:
            if not values.get("member_no"):
                values["member_no"] = next(fresh)
            rows.append((member_org, values))
        created = actions.bulk_create_members(user, union, rows, note=note,
                                              progress=lambda n: progress(n, total, WRITING))
        fields = set()
        for _member, values in plan.updates:
            fields.update(values)
        updated = actions.bulk_update_members(user, org, plan.updates, fields, note=note,
                                              progress=lambda n: progress(created + n, total, WRITING))
    progress(total, total, WRITING)
    return created, updated


def run_import(user, org, path, *, update=False, dry_run=False, progress=None, source_name=None,
               today=None) -> ImportResult:
    """Import the roster in ``path`` into ``org`` (see module doc); never raises for bad input.

    ``user`` None means the system itself (the command line without --user): no scope limits, and
    the audit entries carry no actor.
    """
    progress = progress or _nothing
    try:
        plan = validate_file(user, org, path, update=update, progress=progress, today=today)
    except Refused as exc:
        return ImportResult(ok=False, problems=exc.problems, dry_run=dry_run)
    result = ImportResult(ok=not plan.problems, rows=plan.rows, problems=plan.problems, warnings=plan.warnings,
                          dry_run=dry_run)
    if plan.problems:
        return result
    if dry_run:
        result.created, result.updated = len(plan.creates), len(plan.updates)
        return result
    name = source_name or Path(path).name
    note = f"批量导入：{name}" if user is not None else f"命令行导入：{name}"
    try:
        result.created, result.updated = _write(user, org, plan, note=note[:500], progress=progress)
    except IntegrityError:
        result.ok = False
        result.problems = [Problem(0, "", _("写入时发现身份证号或会员编号与刚登记的会员重复（可能有人同时在录入），"
                                            "未写入任何数据，请重新导入"))]
    return result


# ---------------------------------------------------------------------------------------------
# The annotated copy
# ---------------------------------------------------------------------------------------------

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
MAX_COMMENTS = 2000  # comments are heavy in Excel; the 错误说明 column always holds every message


def annotated_copy(path, problems, warnings) -> bytes:
    """The uploaded sheet marked up: each problem cell filled (red: error, yellow: warning) with a
    comment, a "错误说明" column after the last column of each row with a problem, and a "错误说明"
    sheet listing every problem (file-level ones too). CSV files come back as .xlsx with the same marks.

    ``problems``/``warnings`` are ``Problem`` objects or their dicts (as stored in a job result).
    """
    from openpyxl.styles import Font

    problems = [p if isinstance(p, Problem) else Problem(**p) for p in problems]
    warnings = [p if isinstance(p, Problem) else Problem(**p) for p in warnings]
    wb, ws = _workbook_for(path)
    top = [[c.value for c in row] for row in ws.iter_rows(max_row=MAX_HEADER_SEARCH)]
    try:
        header_row = find_header(top).row
    except Refused:
        header_row = 1
    headers = {}
    for cell in (ws[header_row] if ws.max_row >= header_row else ()):
        if not _blank(cell.value):
            headers.setdefault(text(cell.value), cell.column)
    notes_col = ws.max_column + 1
    ws.cell(row=header_row, column=notes_col, value="错误说明").font = Font(bold=True, color="C00000")
    ws.column_dimensions[_column_letter(notes_col - 1)].width = 50
    marker = _Marker(ws, headers, header_row)
    for p in warnings:
        marker.mark(p, WARNING_FILL, "提醒：")
    for p in problems:
        marker.mark(p, ERROR_FILL, "")
    for row, messages in marker.notes.items():
        ws.cell(row=row, column=notes_col, value="；".join(messages)).font = Font(color="C00000")
    listing = wb.create_sheet("错误说明")
    listing.append(["行", "列", "说明", "类别"])
    for kind, items in (("错误", problems), ("提醒", warnings)):
        for p in items:
            listing.append([p.row or "", p.column, p.message, kind])
    listing.column_dimensions["C"].width = 70
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _workbook_for(path):
    """(workbook, roster sheet): the original .xlsx, or a new one holding the CSV's cells as text."""
    from openpyxl import Workbook, load_workbook

    try:
        kind = sniff(path)
    except Refused:
        kind = None
    if kind == "xlsx":
        wb = load_workbook(path)
        return wb, next((s for s in wb.worksheets if s.sheet_state == "visible"), wb.worksheets[0])
    wb = Workbook()
    ws = wb.active
    ws.title = "会员名单"
    try:
        rows = decode_csv(path) if kind == "csv" else []
    except Refused:
        rows = []
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            cell.data_type, cell.number_format = "s", "@"  # keep '=…' and long digit strings as text
    return wb, ws


class _Marker:
    def __init__(self, ws, headers, header_row):
        self.ws, self.headers, self.header_row = ws, headers, header_row
        self.notes, self.comments = {}, 0

    def mark(self, problem, color, prefix):
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        if problem.row <= 0:
            return  # file-level: listed on the 错误说明 sheet
        if problem.row != self.header_row:
            self.notes.setdefault(problem.row, []).append(
                prefix + (f"{problem.column}: " if problem.column else "") + problem.message)
        col = self.headers.get(problem.column)
        if col is None:
            return
        cell = self.ws.cell(row=problem.row, column=col)
        cell.fill = PatternFill("solid", fgColor=color)
        if self.comments < MAX_COMMENTS:
            previous = cell.comment.text + "\n" if cell.comment else ""
            cell.comment = Comment(previous + problem.message, "Gonghui", width=300, height=100)
            self.comments += 1


# ---------------------------------------------------------------------------------------------
# As a background job (the import page)
# ---------------------------------------------------------------------------------------------

def start_import_job(user, org, uploaded_file, *, update=False, dry_run=False):
    """Save the upload (``core.jobs.save_upload``) and queue the import; returns the Job."""
    relative, original = jobs.save_upload(uploaded_file)
    params = {"update": bool(update), "dry_run": bool(dry_run), "filename": original}
    return jobs.enqueue(JOB_KIND, user=user, org=org, params=params, input_file=relative)


@jobs.register(JOB_KIND)
def _run_job(job, progress):
    path = jobs.media_path(job.input_file)
    if not path.exists():
        raise jobs.JobFailed(_("上传的文件已不存在，请重新上传"))
    user = job.created_by
    result = run_import(user, job.org, path, update=job.params.get("update", False),
                        dry_run=job.params.get("dry_run", False), progress=progress,
                        source_name=job.params.get("filename"))
    if any(p.row > 0 for p in (*result.problems, *result.warnings)):  # file-level ones are in the result
        relative = job.input_file.rsplit(".", 1)[0] + "-标注.xlsx"
        jobs.media_path(relative).write_bytes(annotated_copy(path, result.problems, result.warnings))
        job.output_file = relative
    if not result.problems:
        path.unlink(missing_ok=True)  # the roster holds personal data: keep it no longer than needed
    return result.to_dict()


__all__ = ["ImportResult", "Problem", "annotated_copy", "run_import", "start_import_job"]
