"""Tables as .xlsx and PDF in the usual Chinese report layout: title, unit and period line, a
bordered table with a header row, and a signature line. Every statement and list export uses these.

PDFs use reportlab's built-in STSong-Light CID font (Adobe-GB1), so Chinese renders without any
font file on the machine.
"""
import io
from xml.sax.saxutils import escape
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from .spreadsheet import safe_row

CJK_FONT = "STSong-Light"
_registered = False


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


def to_xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = report.title[:31]
    n = len(report.headers)
    ws.append(safe_row([report.title]))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    info = "    ".join(x for x in (f"编制单位：{report.unit}" if report.unit else "", report.period,
                                   f"单位：{report.money_unit}") if x)
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
    global _registered
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True
    page = landscape(A4) if landscape_page else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
                            title=report.title)
    title = ParagraphStyle("t", fontName=CJK_FONT, fontSize=16, leading=22, alignment=1)
    small = ParagraphStyle("s", fontName=CJK_FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName=CJK_FONT, fontSize=9, leading=11)
    info = "　　".join(x for x in (f"编制单位：{report.unit}" if report.unit else "", report.period,
                                 f"单位：{report.money_unit}") if x)
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
