"""Tables as .xlsx and PDF in the usual Chinese report layout: title, unit and period line, a
bordered table with a header row, and a signature line. Every statement and list export uses these.

The Chinese fonts are set here once for every app:

- PDFs use reportlab's built-in STSong-Light CID font (Adobe-GB1), so Chinese renders without any
  font file on the machine: ``pdf_font()`` registers it (once) and returns its name.
- Word documents: ``new_docx()`` is a python-docx ``Document`` whose Normal, Title and heading styles
  name the East-Asian font (``w:eastAsia``; Word otherwise picks its own for Chinese text), and
  ``set_run_font(run, name, size)`` names a run's font the same way (the official fonts 方正小标宋简体,
  黑体, 仿宋_GB2312 …). ``docx_bytes(doc)`` is the saved file.
"""
import io
from xml.sax.saxutils import escape
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from .spreadsheet import safe_row

CJK_FONT = "STSong-Light"
SONG = "宋体"
# the Latin name Word knows a Chinese font by, where the two differ (run.font.name sets w:ascii/w:hAnsi)
LATIN_NAMES = {SONG: "SimSun"}
HEADING_STYLES = ("Title",) + tuple(f"Heading {n}" for n in range(1, 10))


def pdf_font() -> str:
    """The name of reportlab's Chinese CID font, registered on first use."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _east_asia(element, name):
    """``w:eastAsia`` on the style's or run's ``w:rFonts``: the font Word uses for Chinese text. A theme
    font would win over the name, so the East-Asian theme attribute goes."""
    from docx.oxml.ns import qn

    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    rfonts.set(qn("w:eastAsia"), name)


def new_docx(*, font=SONG, size=None):
    """A python-docx ``Document`` with ``font`` (宋体 by default) on the Normal style and as the
    East-Asian font of the Title and heading styles; ``size`` in points for Normal."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_NAMES.get(font, font)
    _east_asia(normal.element, font)
    if size is not None:
        normal.font.size = Pt(size)
    for name in HEADING_STYLES:
        if name in doc.styles:
            _east_asia(doc.styles[name].element, font)
    return doc


def set_run_font(run, name=SONG, size=None, *, bold=None):
    """Name ``run``'s font for Latin and Chinese text alike; ``size`` in points, ``bold`` when given."""
    from docx.shared import Pt

    run.font.name = LATIN_NAMES.get(name, name)
    _east_asia(run._element, name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    return run


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass
class Report:
    title: str                          # e.g. "收入支出表"
    headers: list[str]
    rows: list[list]                    # cells: str, int, Decimal, date or None
    unit: str = ""                      # 编制单位
    period: str = ""                    # e.g. "2026年1月—6月"
    money_unit: str = "元"
    footer: str = ""                    # e.g. "单位负责人：        会计主管：        制表："
    bold_rows: set = field(default_factory=set)   # indexes of subtotal/total rows
    col_widths: list | None = None      # relative widths


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _info(report: Report) -> list[str]:
    """The line under the title: who drew it up, the period, the money unit (in the current language)."""
    parts = [_("编制单位：%(unit)s") % {"unit": report.unit} if report.unit else "", report.period,
             _("单位：%(unit)s") % {"unit": _(report.money_unit)}]
    return [x for x in parts if x]


def to_xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = report.title[:31]
    n = len(report.headers)
    ws.append(safe_row([report.title]))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    info = "    ".join(_info(report))
    ws.append(safe_row([info]))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    ws.append(safe_row(report.headers))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in range(1, n + 1):
        cell = ws.cell(row=3, column=c)
        cell.font, cell.border = Font(bold=True), border
        cell.alignment = Alignment(horizontal="center")
    for i, row in enumerate(report.rows):
        ws.append(safe_row(row))
        r = ws.max_row
        for c in range(1, n + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = border
            if isinstance(row[c - 1], Decimal):
                cell.number_format = "#,##0.00"
            if i in report.bold_rows:
                cell.font = Font(bold=True)
    if report.footer:
        ws.append([])
        ws.append(safe_row([report.footer]))
    widths = report.col_widths or [max(8, min(40, max(len(_cell_text(r[c])) for r in [report.headers] + report.rows) * 2))
                                   for c in range(n)]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(report: Report, landscape_page=False) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdf_font()
    page = landscape(A4) if landscape_page else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
                            title=report.title)
    title = ParagraphStyle("t", fontName=CJK_FONT, fontSize=16, leading=22, alignment=1)
    small = ParagraphStyle("s", fontName=CJK_FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName=CJK_FONT, fontSize=9, leading=11)
    info = "　　".join(_info(report))
    data = [[Paragraph(escape(h), cell) for h in report.headers]]
    for row in report.rows:
        data.append([Paragraph(escape(_cell_text(v)), cell) for v in row])
    width = page[0] - 72
    rel = report.col_widths or [1] * len(report.headers)
    col_widths = [width * w / sum(rel) for w in rel]
    table = Table(data, colWidths=col_widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for c, _h in enumerate(report.headers):
        if any(isinstance(r[c], (Decimal, int)) and not isinstance(r[c], bool) for r in report.rows):
            style.append(("ALIGN", (c, 1), (c, -1), "RIGHT"))
    for i in report.bold_rows:
        style.append(("BACKGROUND", (0, i + 1), (-1, i + 1), colors.HexColor("#fafafa")))
    table.setStyle(TableStyle(style))
    story = [Paragraph(escape(report.title), title), Spacer(1, 6), Paragraph(escape(info), small), Spacer(1, 6), table]
    if report.footer:
        story += [Spacer(1, 12), Paragraph(escape(report.footer), small)]
    doc.build(story)
    return out.getvalue()
