"""Importing the employer registry (单位名录) from .xlsx or .csv, all or nothing.

    result = run_import(user, area, path, dry_run=False)

The file is read by ``core.spreadsheet.read_table`` (bounded pre-scan, formulas and merged cells refused, as
the member roster import). Columns: 统一社会信用代码, 单位名称 (required), 行业, 规模, 地址, 职工总数, 农民工,
劳务派遣, 人数统计日期, 备注. Every row is checked before anything is written: a bad credit code, a credit code
twice in the file or already in the registry, counts that don't add up (农民工 or 劳务派遣 above the total,
the two together above it), a count without its date. Each problem reads ``第N行 列名: message``; with any
problem nothing is written. Database duplicates are found with batched IN queries (no query per row).
"""
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core.errors import ActionError
from gonghui.core.parsing import text
from gonghui.core.spreadsheet import MAX_HEADER_SEARCH, Problem, Refused, read_table, unescape_cell
from gonghui.members.importing import _cell_problems

from . import actions
from .models import Employer

HEADERS = {
    "统一社会信用代码": "uscc", "信用代码": "uscc", "社会信用代码": "uscc",
    "单位名称": "name", "企业名称": "name", "名称": "name",
    "行业": "industry", "所属行业": "industry", "行业门类": "industry",
    "规模": "size", "企业规模": "size",
    "地址": "address", "单位地址": "address",
    "职工总数": "employees", "职工人数": "employees", "从业人数": "employees",
    "农民工": "migrant", "农民工人数": "migrant",
    "劳务派遣": "dispatched", "劳务派遣人数": "dispatched", "派遣人数": "dispatched",
    "人数统计日期": "counted_on", "统计日期": "counted_on",
    "备注": "note",
}
COLUMNS = [gettext_noop("统一社会信用代码"), gettext_noop("单位名称"), gettext_noop("行业"), gettext_noop("规模"),
           gettext_noop("地址"), gettext_noop("职工总数"), gettext_noop("农民工"), gettext_noop("劳务派遣"),
           gettext_noop("人数统计日期"), gettext_noop("备注")]
LOOKUP_BATCH = 500


@dataclass
class ImportResult:
    ok: bool
    rows: int = 0
    created: int = 0
    dry_run: bool = False
    problems: list = field(default_factory=list)

    def to_dict(self):
        return {"ok": self.ok, "rows": self.rows, "created": self.created, "dry_run": self.dry_run,
                "problems": [asdict(p) for p in self.problems]}


@dataclass
class Header:
    row: int
    columns: dict  # column index -> (header as written, field)


def _field(value):
    return HEADERS.get(text(value).replace(" ", "").replace("（人）", "").replace("(人)", ""))


def find_header(rows) -> Header:
    for r, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        names = {_field(v) for v in row}
        if {"uscc", "name"} <= names:
            columns, seen, problems = {}, {}, []
            for c, value in enumerate(row):
                name = _field(value)
                if name is None:
                    continue
                if name in seen:
                    problems.append(Problem(r + 1, text(value),
                                            _("与“%(column)s”列重复，请只保留一列") % {"column": seen[name]}))
                seen[name] = text(value)
                columns[c] = (text(value), name)
            if problems:
                raise Refused(*problems)
            return Header(r + 1, columns)
    raise Refused(Problem(0, "", _("找不到表头：应有“统一社会信用代码”和“单位名称”列，请使用导入模板")))


def _records(table, header):
    mapped = [(c, name) for c, (_w, name) in header.columns.items()]
    out = []
    for r in range(header.row, len(table.rows)):
        row = table.rows[r]
        raw = {name: (unescape_cell(row[c]) if c < len(row) else "") for c, name in mapped}
        if any(text(v) for v in raw.values()):
            out.append((r + 1, raw))
    return out


def check_rows(records, header):
    """(values per good row, problems): every row checked, duplicates in the file and in the registry."""
    label = {name: written for _c, (written, name) in header.columns.items()}
    problems, parsed, first_row = [], [], {}

    def column(name):
        return label.get(name) or _(dict(zip(["uscc", "name", "industry", "size", "address", "employees",
                                                 "migrant", "dispatched", "counted_on", "note"], COLUMNS))[name])

    for row, raw in records:
        values, errors = actions.clean(raw)
        actions.check_counts(values, errors)
        code = values.get("uscc")
        if code and "uscc" not in errors:
            if code in first_row:
                errors["uscc"] = [_("与第%(row)s行重复") % {"row": first_row[code]}]
            else:
                first_row[code] = row
        for name, messages in errors.items():
            for message in messages:
                problems.append(Problem(row, column(name), str(message)))
        if not errors:
            parsed.append((row, values))
    codes = list(first_row)
    known = {}
    for start in range(0, len(codes), LOOKUP_BATCH):
        known.update(Employer.objects.filter(uscc__in=codes[start:start + LOOKUP_BATCH])
                     .values_list("uscc", "name"))
    for row, values in parsed:
        if values["uscc"] in known:
            problems.append(Problem(row, column("uscc"), _("已登记在单位名录（%(name)s）") % {"name": known[values["uscc"]]}))
    problems.sort(key=lambda p: p.row)
    return [values for _row, values in parsed], problems


def run_import(user, area, path, *, dry_run=False, progress=None) -> ImportResult:
    """Read, check and (with no problem and not ``dry_run``) write the whole file in one transaction."""
    progress = progress or (lambda *a, **k: None)
    try:
        actions._require_area(user, area)
    except ActionError as exc:
        return ImportResult(ok=False, problems=[Problem(0, "", exc.as_text(actions.LABELS))])
    try:
        table = read_table(path)
        header = find_header(table.rows)
    except Refused as exc:
        return ImportResult(ok=False, problems=exc.problems)
    records = _records(table, header)
    progress(0, len(records))
    problems = _cell_problems(table, header)
    values, row_problems = check_rows(records, header)
    problems = sorted(problems + row_problems, key=lambda p: p.row)
    if not records and not problems:
        problems = [Problem(0, "", _("文件中没有数据行"))]
    if problems:
        return ImportResult(ok=False, rows=len(records), problems=problems, dry_run=dry_run)
    if dry_run:
        return ImportResult(ok=True, rows=len(records), dry_run=True)
    try:
        with transaction.atomic():
            created = actions.import_employers(user, area, values, note=_("单位名录导入"))
    except ActionError as exc:
        return ImportResult(ok=False, rows=len(records), problems=[Problem(0, "", exc.as_text(actions.LABELS))])
    progress(len(records), len(records))
    return ImportResult(ok=True, rows=len(records), created=len(created))
