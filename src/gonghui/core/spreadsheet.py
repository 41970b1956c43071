"""Spreadsheets in and out: the one reader for uploaded .xlsx/.csv files and the one guard for exports.

**Reading** (``read_table``): the content is sniffed, not the extension; .xlsx is read with
python-calamine, .csv is decoded as UTF-8 (with or without BOM), UTF-16 or GB18030 (a superset of GBK).
Formula cells and merged cells are reported so callers can refuse them cell by cell.

An uploaded workbook is hostile until proven otherwise. calamine builds the sheet as a dense grid from
A1 to the farthest cell it finds, so a 1.7 KB file with one cell at XFD1048576 asks for 512 GiB, and a
zip bomb unpacks to gigabytes. Before calamine sees a file, ``inspect_xlsx`` therefore streams every
part of the zip once, in 4 MB chunks (memory stays flat whatever the file says):

* the bytes actually unpacked are counted against ``GONGHUI_MAX_IMPORT_UNPACKED`` (declared sizes in the
  zip directory are checked first but never trusted), and the compression ratio of each part against
  ``MAX_RATIO``;
* the farthest row and column referenced by any cell or row of the sheet (never the ``<dimension>`` the
  file declares) are checked against the product's limits: ``GONGHUI_MAX_IMPORT_ROWS`` (+ a few header
  rows), ``GONGHUI_MAX_IMPORT_COLUMNS`` and their product ``GONGHUI_MAX_IMPORT_CELLS``.

A file over any limit is refused in seconds with a Chinese message naming the limit (``Refused``).

**Writing**: ``safe_cell`` neutralises text that a spreadsheet program would run as a formula
(OWASP "CSV injection": a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
apostrophe). Every export of user-entered text to .xlsx/.csv passes its values through it.
"""
import codecs
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_A_TABLE = gettext_lazy("文件不是有效的Excel(.xlsx)或CSV文件")
MAX_HEADER_SEARCH = 10  # a header may sit below a title row or two
MAX_RATIO = 200  # unpacked ÷ packed for one part; real sheets stay under ~30, bombs run to 1000+
CHUNK = 1 << 22


@dataclass
class Problem:
    """One thing wrong with a file: the row as Excel numbers it, the column header as written."""

    row: int
    column: str
    message: str

    def __str__(self):
        where = _("第%(row)s行") % {"row": self.row} + " " if self.row else ""
        if self.column:
            return f"{where}{self.column}: {self.message}"
        return f"{where.strip()}: {self.message}" if where else self.message


class Refused(Exception):
    """The file cannot be used at all; carries file-level problems."""

    def __init__(self, *problems):
        super().__init__(problems)
        self.problems = list(problems)


def refuse(message, row=0, column=""):
    return Refused(Problem(row, column, str(message)))


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index0):
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    n = index0 + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters) -> int:
    """"A" → 0 (bytes or str)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch if isinstance(ch, int) else ord(ch)) - 64
    return n - 1


# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int
    unpacked: int
    size: int

    @classmethod
    def from_settings(cls, rows=None):
        data_rows = rows or settings.GONGHUI_MAX_IMPORT_ROWS
        return cls(rows=data_rows + MAX_HEADER_SEARCH,
                   columns=getattr(settings, "GONGHUI_MAX_IMPORT_COLUMNS", 64),
                   cells=getattr(settings, "GONGHUI_MAX_IMPORT_CELLS", 6_000_000),
                   unpacked=getattr(settings, "GONGHUI_MAX_IMPORT_UNPACKED", 300 * 1024 * 1024),
                   size=settings.GONGHUI_MAX_IMPORT_BYTES)


def _mb(n):
    return f"{n / 1048576:.0f} MB"


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

@dataclass
class Table:
    """The sheet's cells as a grid (row 0 is Excel row 1), plus what must be refused cell by cell."""

    rows: list
    sheet_name: str = ""
    formula_cells: list = field(default_factory=list)  # (row0, col0)
    merged: list = field(default_factory=list)  # ((row0, col0), (row1, col1))


def sniff(path, limits=None) -> str:
    """'xlsx' or 'csv' by content; raises Refused for anything else (old .xls, other zips, binary)."""
    limits = limits or Limits.from_settings()
    size = os.path.getsize(path)
    if size == 0:
        raise refuse(_("文件是空的"))
    if size > limits.size:
        raise refuse(_("文件太大（%(size)s MB），上限为 %(limit)s；请分成几个文件导入")
                     % {"size": f"{size / 1048576:.1f}", "limit": _mb(limits.size)})
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(_("这是旧版Excel(.xls)文件或加了密码的工作簿，请在Excel中“另存为”Excel工作簿(.xlsx)、"
                       "不设密码后再导入"))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                if "xl/workbook.xml" in z.namelist():
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
        raise refuse(NOT_A_TABLE)
    return "csv"


def read_table(path, limits=None) -> Table:
    """The first visible sheet of an .xlsx, or a .csv, within ``limits`` (``Limits.from_settings()``)."""
    limits = limits or Limits.from_settings()
    kind = sniff(path, limits)
    return _read_xlsx(path, limits) if kind == "xlsx" else _read_csv(path, limits)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:65536]:
        raise UnicodeDecodeError("binary", data, 0, 1, "NUL byte")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # GBK and GB2312 are subsets


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_csv(path, limits=None) -> list:
    """The rows of a CSV file (any of the encodings Chinese Excel and WPS write), within ``limits``."""
    limits = limits or Limits.from_settings()
    with open(path, "rb") as f:
        data = f.read(limits.size + 1)
    try:
        content = _decode(data)
    except UnicodeDecodeError:
        raise refuse(NOT_A_TABLE) from None
    if _CONTROL.search(content[:65536]):
        raise refuse(NOT_A_TABLE)
    first_line = content[:4096].split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count) if first_line else ","
    rows = []
    try:
        for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > limits.rows:
                raise refuse(_("行数太多：超过%(n)s行的上限；请分成几个文件导入") % {"n": limits.rows - MAX_HEADER_SEARCH})
            if len(row) > limits.columns:
                raise refuse(_("第%(row)s行有%(n)s列，超过%(limit)s列的上限；请删除多余的列")
                             % {"row": len(rows), "n": len(row), "limit": limits.columns})
    except csv.Error:
        raise refuse(NOT_A_TABLE) from None
    return rows


def _read_csv(path, limits) -> Table:
    rows = decode_csv(path, limits)
    formulas = [(r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if value.startswith("=")]
    return Table(rows=rows, formula_cells=formulas)


def _read_xlsx(path, limits) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    index, shape = inspect_xlsx(path, None, limits)  # before calamine opens the file (it loads shared strings)
    try:
        with CalamineWorkbook.from_path(str(path)) as wb:
            sheets = wb.sheets_metadata
            chosen = next((i for i, s in enumerate(sheets) if s.typ == SheetTypeEnum.WorkSheet
                           and s.visible == SheetVisibleEnum.Visible), None)
            if chosen is None:
                raise refuse(_("工作簿里没有可见的工作表"))
            if chosen != index:  # our reading of workbook.xml and calamine's differ: check calamine's sheet
                index, shape = inspect_xlsx(path, chosen, limits)
            if shape.empty:
                return Table(rows=[], sheet_name=sheets[index].name)
            sheet = wb.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
    except Refused:
        raise
    except (CalamineError, ValueError, OSError, zipfile.BadZipFile):
        raise refuse(NOT_A_TABLE) from None
    except Exception as exc:  # calamine's own error types (XmlError, ZipError, PasswordError, PanicException…)
        if type(exc).__module__.startswith(("python_calamine", "pyo3")) or "Panic" in type(exc).__name__:
            raise refuse(NOT_A_TABLE) from None
        raise
    formulas = shape.formula_cells
    if shape.formula_without_refs:
        formulas = _formula_cells_openpyxl(path, index)
    return Table(rows=rows, sheet_name=sheets[index].name, merged=merged, formula_cells=formulas)


# ---------------------------------------------------------------------------------------------
# The bounded pre-scan of an .xlsx
# ---------------------------------------------------------------------------------------------

@dataclass
class Shape:
    """What the streamed scan of a sheet found."""

    max_row: int = 0  # 1-based, 0 when the sheet has no cells
    max_col: int = 0  # 1-based
    formula_cells: list = field(default_factory=list)
    formula_without_refs: bool = False
    unpacked: int = 0

    @property
    def empty(self):
        return self.max_row == 0


# Every r="…" attribute (rows and cells): the letters of cell references, and the row numbers of both.
# Patterns start with a literal so the regex engine skips ahead at C speed; matches are only counted and
# their maximum taken with C-level map/max (no Python loop per cell).
_REF_LETTERS = re.compile(rb'r="([A-Z]+)\d')
_REF_NUMBERS = re.compile(rb'r="[A-Z]*(\d+)"')
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_OPEN = re.compile(rb"<(?:\w+:)?row[\s/>]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*(?<!/)>\s*<(?:\w+:)?f[\s>/]')
TAIL = 512  # bytes carried between chunks so a tag split across two chunks is still seen


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def _sheet_xml_name(z, index):
    """(index, zip member) of the ``index``-th sheet of workbook.xml, or of the first visible worksheet
    when ``index`` is None."""
    book = ElementTree.fromstring(_read_small(z, "xl/workbook.xml"))
    rels = {rel.get("Id"): rel for rel in ElementTree.fromstring(_read_small(z, "xl/_rels/workbook.xml.rels"))}
    sheets = book.findall("m:sheets/m:sheet", _NS)
    for i, sheet in enumerate(sheets):
        if index is not None and i != index:
            continue
        rel = rels.get(sheet.get(f"{{{_NS['r']}}}id"))
        if rel is None:
            raise KeyError(i)
        if index is None and (sheet.get("state") in ("hidden", "veryHidden")
                              or not rel.get("Type", "").endswith("/worksheet")):
            continue
        target = rel.get("Target")
        return i, (target.lstrip("/") if target.startswith("/") else "xl/" + target)
    raise refuse(_("工作簿里没有可见的工作表"))


def _read_small(z, name, cap=8 * 1024 * 1024):
    """A small part (workbook, relationships) read with a cap, so even these cannot balloon."""
    with z.open(name) as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        raise refuse(_("工作簿结构异常（%(part)s 超过 %(limit)s），请在Excel中重新保存后再导入") % {"part": name, "limit": _mb(cap)})
    return data


def inspect_xlsx(path, index=None, limits=None):
    """Stream every part of the workbook once; refuse bombs and sheets beyond ``limits`` (module doc).

    Returns (sheet index, ``Shape`` of that sheet): the ``index``-th sheet, or the first visible worksheet."""
    limits = limits or Limits.from_settings()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > limits.unpacked:
                raise _too_big_unpacked(declared, limits)
            index, name = _sheet_xml_name(z, index)
            shape = Shape()
            for info in infos:
                if info.is_dir():
                    continue
                _check_ratio(info, info.file_size)
                if info.filename == name:
                    _scan_sheet(z, info, shape, limits)
                else:
                    shape.unpacked += _drain(z, info, limits, shape.unpacked)
    except Refused:
        raise
    except (KeyError, IndexError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError,
            NotImplementedError, EOFError):
        raise refuse(NOT_A_TABLE) from None
    return index, shape


def _too_big_unpacked(n, limits):
    return refuse(_("文件解压后超过 %(limit)s（上限），可能含有大量空白格式或不是正常的名单；"
                    "请只保留名单内容，另存为新的工作簿后再导入") % {"limit": _mb(limits.unpacked)})


def _check_ratio(info, unpacked):
    if info.compress_size and unpacked > 1024 * 1024 and unpacked / info.compress_size > MAX_RATIO:
        raise refuse(_("文件压缩比异常（%(part)s 解压后放大 %(ratio)s 倍），不是正常的Excel名单，已拒绝")
                     % {"part": info.filename, "ratio": unpacked // info.compress_size})


def _drain(z, info, limits, so_far):
    """Unpack a part we do not scan, counting its real size (never trusting the declared one)."""
    n = 0
    with z.open(info) as f:
        while chunk := f.read(CHUNK):
            n += len(chunk)
            if so_far + n > limits.unpacked:
                raise _too_big_unpacked(so_far + n, limits)
            _check_ratio(info, n)
    return n


def _longest_max(values):
    """The greatest of equal-alphabet strings compared as numbers: longest first, then by text."""
    if not values:
        return None
    longest = max(map(len, values))
    return max(v for v in values if len(v) == longest) if longest > 1 else max(values)


def _scan_sheet(z, info, shape, limits):
    state = {"formulas": set(), "saw_formula": False, "without_ref": False}

    def scan(block):
        letters = _REF_LETTERS.findall(block)
        numbers = _REF_NUMBERS.findall(block)
        top = _longest_max(letters)
        if top is not None:
            shape.max_col = max(shape.max_col, column_index(top) + 1)
        top = _longest_max(numbers)
        if top is not None:
            shape.max_row = max(shape.max_row, int(top))
        if not state["without_ref"]:
            if b":c " in block or b":c>" in block:
                opened = len(_CELL_OPEN.findall(block))
            else:
                opened = block.count(b"<c ") + block.count(b"<c>") + block.count(b"<c/>")
            state["without_ref"] = opened > len(letters)
        if (b"<f" in block or b":f" in block) and _FORMULA_TAG.search(block):
            state["saw_formula"] = True
            for m in _FORMULA_CELL.finditer(block):
                state["formulas"].add((int(m[2]) - 1, column_index(m[1])))
        _check_shape(shape, limits)

    tail = b""
    with z.open(info) as f:
        while chunk := f.read(CHUNK):
            shape.unpacked += len(chunk)
            if shape.unpacked > limits.unpacked:
                raise _too_big_unpacked(shape.unpacked, limits)
            _check_ratio(info, shape.unpacked)
            # Cut before the last cell (or tag) so no reference, and no cell with its formula, is split.
            block = tail + chunk
            cut = max(block.rfind(b"<c "), block.rfind(b"<c>"), block.rfind(b"<row "))
            cut = cut if cut > 0 else block.rfind(b"<")
            block, tail = (block[:cut], block[cut:]) if cut > 0 else (block, b"")
            scan(block)
    if tail:
        scan(tail)
    if state["without_ref"]:
        _shape_without_refs(z, info, shape, limits)
    shape.formula_cells = sorted(state["formulas"])
    shape.formula_without_refs = state["saw_formula"] and not state["formulas"]


def _shape_without_refs(z, info, shape, limits):
    """Some writers omit cell references: cells then sit one after another, so count them per row."""
    rows, widest, in_row, tail = 0, 0, 0, b""
    with z.open(info) as f:
        while chunk := f.read(CHUNK):
            block = tail + chunk
            start = len(tail)
            marks = sorted([(m.start(), 1) for m in _ROW_OPEN.finditer(block) if m.end() > start]
                           + [(m.start(), 0) for m in _CELL_OPEN.finditer(block) if m.end() > start])
            for _pos, is_row in marks:
                if is_row:
                    rows += 1
                    in_row = 0
                else:
                    in_row += 1
                    widest = max(widest, in_row)
            tail = block[-TAIL:]
    shape.max_row = max(shape.max_row, rows)
    shape.max_col = max(shape.max_col, widest)
    _check_shape(shape, limits)


def _check_shape(shape, limits):
    if shape.max_row > limits.rows:
        raise refuse(_("工作表用到了第%(row)s行，超过%(limit)s行的上限"
                       "（名单下面可能有零散的内容或格式）；请删除多余的行，或分成几个文件导入")
                     % {"row": shape.max_row, "limit": limits.rows - MAX_HEADER_SEARCH})
    if shape.max_col > limits.columns:
        raise refuse(_("工作表用到了第%(n)s列（%(letter)s列），超过%(limit)s列的上限；请删除名单右侧多余的列")
                     % {"n": shape.max_col, "letter": column_letter(shape.max_col - 1), "limit": limits.columns})
    if shape.max_row * shape.max_col > limits.cells:
        raise refuse(_("工作表的区域 %(area)s 超过%(limit)s个单元格的上限；请删除多余的行列，或分成几个文件导入")
                     % {"area": f"A1:{column_letter(shape.max_col - 1)}{shape.max_row}", "limit": f"{limits.cells:,}"})


def _formula_cells_openpyxl(path, index):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb.worksheets[index]
        return [(cell.row - 1, cell.column - 1) for row in ws.iter_rows() for cell in row
                if getattr(cell, "data_type", None) == "f"]
    finally:
        wb.close()


SMALL_DOCUMENT_UNPACKED = 20 * 1024 * 1024


def check_zip(path, limits=None, *, unpacked=SMALL_DOCUMENT_UNPACKED, invalid=gettext_lazy("文件已损坏或不是有效的Office文件")):
    """For small uploaded Office files read in a request (.docx plans, score sheets): refuse bombs before a
    library opens them; ``unpacked`` bounds what the library can be made to parse (and so its time)."""
    if limits is None:
        base = Limits.from_settings()
        limits = Limits(rows=base.rows, columns=base.columns, cells=base.cells, unpacked=unpacked, size=base.size)
    try:
        with zipfile.ZipFile(path) as z:
            total = 0
            for info in z.infolist():
                if not info.is_dir():
                    _check_ratio(info, info.file_size)
                    total += _drain(z, info, limits, total)
    except Refused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise refuse(invalid) from None


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` unless it is text a spreadsheet would run as a formula: then with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]


def unescape_cell(value):
    """The inverse of ``safe_cell`` for a value read back from our own export (round trips stay exact)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
