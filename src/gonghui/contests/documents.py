"""Files of a competition: certificates (PDF, A4 landscape), the score sheet (.xlsx) to fill in and
read back, and the results table (.xlsx).

Certificates use the CJK font ``core.documents`` registers (reportlab's STSong-Light), so Chinese
renders with no font file on the machine; a certificate (荣誉证书) is the union's own document, handed to
the member, and is written in Chinese whatever the language of the officer printing it. The score sheet
and the results table are in the language of the person downloading them. The score sheet's first
columns identify the competitor (a hidden id column, 序号, 姓名/队名, 编号/部门); one column per round
follows. Reading it back (a sheet in Chinese or in the reader's language) gives the rows
``actions.save_scores`` takes, numbered by their Excel row, so messages name the row and column
("第5行 成绩: 请输入数字").
"""
import io

from django.utils import translation
from django.utils.translation import gettext as _

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core import documents as core_documents
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words

from . import queries
from gonghui.core.spreadsheet import Refused, check_zip, safe_row, unescape_cell

HEADER_ROW = 3


_font = core_documents.pdf_font


def _wrap(text, width, font, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for ch in text:
        if stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


def _draw_certificate(c, award, page):
    from reportlab.lib import colors

    font = _font()
    w, h = page
    c.setStrokeColor(colors.HexColor("#b8860b"))
    c.setLineWidth(6)
    c.rect(28, 28, w - 56, h - 56)
    c.setLineWidth(1.5)
    c.rect(40, 40, w - 80, h - 80)
    c.setFillColor(colors.HexColor("#b22222"))
    c.setFont(font, 44)
    c.drawCentredString(w / 2, h - 130, "荣誉证书")
    c.setFillColor(colors.black)
    item, event = award.item, award.item.event
    name = award.team.name if award.team_id else award.member.name
    c.setFont(font, 22)
    c.drawString(110, h - 210, f"{name}{'' if award.team_id else ' 同志'}：")
    place = ""
    if award.rank and award.rule.basis == "rank":
        place = f"（第{award.rank}名{'，并列' if award.tied else ''}）"
    body = (f"在{award.union.name}{event.title}“{item.name}”比赛中，"
            f"成绩{item.show(award.total)}{item.unit}，荣获{award.level}{place}。特发此证，以资鼓励。")
    y = h - 260
    for line in _wrap(body, w - 260, font, 20):
        c.setFont(font, 20)
        c.drawString(150, y, line)
        y -= 34
    c.setFont(font, 18)
    c.drawRightString(w - 120, 150, award.union.name)
    day = award.awarded_on or event.event_date
    c.drawRightString(w - 120, 120, f"{day.year}年{day.month}月{day.day}日")
    c.setFont(font, 10)
    c.drawString(60, 58, f"证书编号：{award.certificate_no}")


def certificates_pdf(awards):
    """One A4-landscape page per award."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    page = landscape(A4)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=page)
    c.setTitle("荣誉证书")
    for award in awards:
        _draw_certificate(c, award, page)
        c.showPage()
    c.save()
    return out.getvalue()


# ---- score sheet ----

def _round_headers(item):
    """The score columns' headings: 成绩, or 第1轮, 第2轮 …"""
    return [_("成绩")] if item.rounds == 1 else [_("第%(n)s轮") % {"n": r} for r in item.round_numbers]


def score_sheet(item):
    """The item's score sheet with the scores already entered."""
    rows = queries.grid(item)
    wb = Workbook()
    ws = wb.active
    ws.title = _("成绩录入")
    ws.append(safe_row([_("%(event)s · %(item)s 成绩录入表") % {"event": item.event.title, "item": item.name}]))
    ws["A1"].font = Font(size=14, bold=True)
    ws.append([_("计分：%(measure)s（%(unit)s），%(better)s；计时可写 1:02.35 或 62.35（秒）。请勿修改前两列。") % {
        "measure": item.get_measure_display(), "unit": item.unit or "—", "better": item.get_better_display()}])
    ws.append([_("编号"), _("序号"), _("队名") if item.team_entered else _("姓名"),
               _("部门") if item.team_entered else _("会员编号/队")] + _round_headers(item))
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    for n, c in enumerate(rows, start=1):
        ident = f"t{c.team_id}" if c.key[0] == "t" else f"m{c.member_id}"
        ws.append(safe_row([ident, n, c.name, c.detail] + [item.show(c.scores[r].value) if r in c.scores else ""
                                                          for r in item.round_numbers]))
        for col in range(5, 5 + item.rounds):
            ws.cell(row=ws.max_row, column=col).number_format = "@"
            ws.cell(row=ws.max_row, column=col).alignment = Alignment(horizontal="right")
    ws.column_dimensions["A"].hidden = True
    for col, width in zip("BCD", (6, 14, 20)):
        ws.column_dimensions[col].width = width
    for r in item.round_numbers:
        ws.column_dimensions[get_column_letter(4 + r)].width = 12
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _expected_headers(item):
    """The headings a sheet of ``item`` may carry (first column, score columns): in Chinese, and in the
    current language."""
    headers = [(_("编号"), _round_headers(item))]
    with translation.override(None):
        headers.append((_("编号"), _round_headers(item)))
    return headers


def read_score_sheet(item, data):
    """Rows for ``save_scores`` from an uploaded sheet; ``row`` is the Excel row number."""
    unreadable = _("无法读取该文件，请上传从本页下载的 .xlsx 成绩录入表")
    try:
        check_zip(io.BytesIO(data), invalid=unreadable)  # bombs refused first
    except Refused as exc:
        raise ActionError(exc.problems[0].message, field="file") from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same mistake for the user
        raise ActionError(unreadable, field="file") from None
    ws = wb.worksheets[0]
    header = None
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number < HEADER_ROW:
            continue
        if number == HEADER_ROW:
            header = [str(v or "").strip() for v in values]
            accepted = _expected_headers(item)
            if not any(header[:1] == [first] and header[4:4 + item.rounds] == rounds for first, rounds in accepted):
                raise ActionError(_("第%(row)s行表头与本项目不符（应有：%(columns)s），请重新下载成绩录入表") % {
                    "row": HEADER_ROW, "columns": words(accepted[0][1])}, field="file")
            continue
        ident = str(values[0] or "").strip() if values else ""
        if not ident:
            continue
        kind, pk = ident[:1], ident[1:]
        if kind not in ("m", "t") or not pk.isdigit():
            raise ActionError(_("第%(row)s行 编号: “%(ident)s”无法识别，请勿修改前两列") % {"row": number, "ident": ident},
                              field="file")
        cells = [unescape_cell(v) for v in values[4:4 + item.rounds]] + [None] * item.rounds
        row = {"row": number, ("team" if kind == "t" else "member"): int(pk),
               "scores": {r: cells[r - 1] for r in item.round_numbers}}
        rows.append(row)
    if header is None:
        raise ActionError(_("表格是空的"), field="file")
    return rows


def results_xlsx(title, unit, rows):
    report = core_documents.Report(title=title, headers=[_("项目"), _("名次"), _("姓名/队名"), _("成绩"), _("奖项")],
                                   rows=[list(r) for r in rows], unit=unit, money_unit="—",
                                   col_widths=[16, 10, 16, 14, 20])
    return core_documents.to_xlsx(report)
