"""Documents: income and expenditure by month and by category (.xlsx/PDF through core.documents),
the disclosure notice as PDF, and the annual audit report (年度经费审查报告) as .docx and PDF.

The annual report is built once as plain content (``AnnualReport``: headings numbered in the official
style 一、（一）1., paragraphs and tables) and then rendered by ``to_docx`` or ``to_pdf``, so the two
formats never say different things.
"""
import io
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_lazy

from gonghui.core.documents import CJK_FONT, Report, docx_bytes, pdf_font, set_run_font
from gonghui.core.i18n import words

from . import figures, periods
from .models import AuditReview, Finding

CHINESE_NUMERALS = "一二三四五六七八九十"
SIGNATURE = gettext_lazy("单位负责人：              会计主管：              制表：")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (enough for section numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def _day(day) -> str:
    """A date as the reports write it: 2026年03月05日 (March 5, 2026 in English)."""
    return formats.date_format(day, _("Y年m月d日"))


# ---- income and expenditure reports ----

def monthly_report(union, year) -> Report:
    """收入支出月度表: income, spending and balance per month of ``year``, with the year's total."""
    rows, total_in, total_out = [], Decimal("0.00"), Decimal("0.00")
    for month, income, expense in figures.monthly(union, year):
        rows.append([figures.month_label(month), income, expense, income - expense])
        total_in, total_out = total_in + income, total_out + expense
    rows.append([_("合计"), total_in, total_out, total_in - total_out])
    return Report(title=_("收入支出月度表"), headers=[_("月份"), _("收入"), _("支出"), _("收支结余")], rows=rows,
                  unit=union.name, period=_("%(year)s年度") % {"year": year}, footer=str(SIGNATURE),
                  bold_rows={len(rows) - 1},
                  col_widths=[14, 20, 20, 20])


def category_report(union, start, end) -> Report:
    """收入支出分类表: every income and expense account with an amount in the period, sub-accounts
    indented under their account, with totals and the balance."""
    s = figures.statement(union, start, end)
    rows, bold = [], set()

    def section(title, total_title, lines, total):
        bold.add(len(rows))
        rows.append([title, "", None])
        for line in lines:
            rows.append([("\u3000\u3000" if line.level else "\u3000") + line.name, line.code, line.amount])
        bold.add(len(rows))
        rows.append([total_title, "", total])

    section(_("收入"), _("收入合计"), s.income, s.income_total)
    section(_("支出"), _("支出合计"), s.expense, s.expense_total)
    bold.add(len(rows))
    rows.append([_("收支结余"), "", s.surplus])
    return Report(title=_("收入支出分类表"), headers=[_("项目"), _("科目编码"), _("金额")], rows=rows, unit=union.name,
                  period=periods.describe(start, end), footer=str(SIGNATURE), bold_rows=bold, col_widths=[40, 14, 20])


def disclosure_report(disclosure, data) -> Report:
    """A disclosure as a one-page table (the PDF members download)."""
    rows = [[_("会费收入"), data["dues"]], [_("拨缴经费及上级补助收入"), data["funds"]],
            [_("其他收入"), data["other_income"]], [_("收入合计"), data["income_total"]]]
    rows += [[item["name"], item["amount"]] for item in data["spending"]]
    rows += [[_("支出合计"), data["spending_total"]], [_("本期收支结余"), data["balance"]],
             [_("期末库存现金及银行存款"), data["cash_and_bank"]]]
    rows = [[label, Decimal(amount)] for label, amount in rows]
    bold = {3, len(rows) - 3, len(rows) - 2}
    footer = disclosure.note
    if disclosure.published_at:
        published = _("公开日期：%(day)s") % {"day": _day(timezone.localtime(disclosure.published_at))}
        footer = (footer + "　　" if footer else "") + published
    return Report(title=disclosure.title, headers=[_("项目"), _("金额")], rows=rows, unit=disclosure.union.name,
                  period=disclosure.period_label, footer=footer, bold_rows=bold, col_widths=[30, 16])


# ---- the annual audit report ----

@dataclass
class Block:
    kind: str                   # "heading" (level 1–3), "para", "table"
    text: str = ""
    level: int = 0
    rows: list = field(default_factory=list)   # table: first row is the header


@dataclass
class AnnualReport:
    title: str
    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    date: str = ""


class _Writer:
    """Numbers headings the official way: 一、 at level 1, （一） at level 2, 1. at level 3."""

    def __init__(self):
        self.blocks, self.counters = [], [0, 0, 0]

    def heading(self, level, text):
        self.counters[level - 1] += 1
        for deeper in range(level, 3):
            self.counters[deeper] = 0
        n = self.counters[level - 1]
        if (get_language() or "zh").startswith("zh"):  # the official Chinese numbering: 一、（一）1.
            prefix = {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}. "}[level]
        else:
            prefix = {1: f"{n}. ", 2: f"({n}) ", 3: f"{n}. "}[level]
        self.blocks.append(Block("heading", prefix + text, level=level))

    def para(self, text):
        self.blocks.append(Block("para", text))

    def table(self, rows):
        self.blocks.append(Block("table", rows=rows))


def _yuan(amount) -> str:
    return f"{Decimal(amount):,.2f}"


def annual_report(union, year) -> AnnualReport:
    """The year's 经费审查报告: reviews, income and spending from the ledger, budget execution,
    findings with their rectification, and the committee's opinions."""
    start, end = figures.year_bounds(year)
    reviews = list(AuditReview.objects.filter(union=union, start__lte=end, end__gte=start)
                   .select_related("signed_by").prefetch_related("auditors").order_by("start"))
    findings = list(Finding.objects.filter(review__in=[r.pk for r in reviews])
                    .select_related("review", "verified_by").order_by("review__start", "id"))
    s = figures.statement(union, start, end)
    w = _Writer()

    w.heading(1, _("审查工作基本情况"))
    if reviews:
        w.para(_("%(year)s年度，本会经费审查委员会共开展经费审查%(n)s次：") % {"year": year, "n": len(reviews)})
        for r in reviews:
            w.para(_("%(period)s，审查范围：%(areas)s；审查人员：%(names)s；状态：%(status)s。")
                   % {"period": r.period_label, "areas": words(r.area_labels()),
                      "names": words(r.auditors.all()), "status": r.get_status_display()})
    else:
        w.para(_("%(year)s年度尚未开展经费审查。") % {"year": year})

    w.heading(1, _("经费收支情况"))
    w.para(_("全年收入%(income)s元，支出%(expense)s元，收支结余%(surplus)s元（依据已记账凭证）。")
           % {"income": _yuan(s.income_total), "expense": _yuan(s.expense_total), "surplus": _yuan(s.surplus)})
    header = [_("项目"), _("科目编码"), _("金额（元）")]
    w.heading(2, _("经费收入"))
    w.table([header] +
            [[line.name, line.code, _yuan(line.amount)] for line in s.income if line.level == 0] +
            [[_("合计"), "", _yuan(s.income_total)]])
    w.heading(2, _("经费支出"))
    w.table([header] +
            [[line.name, line.code, _yuan(line.amount)] for line in s.expense if line.level == 0] +
            [[_("合计"), "", _yuan(s.expense_total)]])

    w.heading(1, _("预算执行情况"))
    budget = figures.budget_execution(union, year)
    if budget:
        w.table([[_("项目"), _("预算数（元）"), _("实际数（元）"), _("执行率")]] +
                [[row["name"], _yuan(row["budget"]) if row["budget"] is not None else "—", _yuan(row["actual"]),
                  f"{row['percent']}%" if row["percent"] is not None else "—"]
                 for row in budget])
    else:
        w.para(_("本年度没有经批准的预算。"))

    w.heading(1, _("审查发现的问题及整改情况"))
    if findings:
        unsettled = sum(1 for f in findings if not f.settled)
        w.para(_("共发现问题%(n)s项，其中需整改%(required)s项，尚未整改完毕%(unsettled)s项。")
               % {"n": len(findings), "required": sum(1 for f in findings if f.rectification_required),
                  "unsettled": unsettled})
        for area_label, group in _by_area(findings):
            w.heading(2, area_label)
            for f in group:
                values = {"description": f.description, "severity": f.get_severity_display()}
                if f.amount:
                    w.heading(3, _("%(description)s（%(severity)s，涉及金额%(amount)s元）")
                              % {**values, "amount": _yuan(f.amount)})
                else:
                    w.heading(3, _("%(description)s（%(severity)s）") % values)
                w.para(_rectification_text(f))
    else:
        w.para(_("审查未发现问题。"))

    w.heading(1, _("审查意见"))
    signed = [r for r in reviews if r.signed]
    if signed:
        for r in signed:
            values = {"period": r.period_label, "opinion": r.opinion}
            if r.with_reservations:
                w.para(_("%(period)s：%(opinion)s（保留意见：%(reason)s）") % {**values, "reason": r.reservation_reason})
            else:
                w.para(_("%(period)s：%(opinion)s") % values)
    else:
        w.para(_("本年度尚无已签署的审查意见。"))

    return AnnualReport(title=_("%(union)s%(year)s年度经费审查报告") % {"union": union.name, "year": year},
                        blocks=w.blocks, signature=_("%(union)s经费审查委员会") % {"union": union.name},
                        date=_day(timezone.localdate()))


def _by_area(findings):
    groups: dict[str, list] = {}
    for f in findings:
        groups.setdefault(str(f.get_area_display()), []).append(f)
    return groups.items()


def _rectification_text(f) -> str:
    if not f.rectification_required:
        return _("整改要求：无需整改。")
    if f.rectified_at is None:
        return _("整改情况：尚未整改。")
    if f.verified_at:
        return (_("整改情况：%(note)s（已于%(day)s经%(who)s核实）")
                % {"note": f.rectification_note, "day": _day(timezone.localtime(f.verified_at)), "who": f.verified_by})
    return _("整改情况：%(note)s（待核实）") % {"note": f.rectification_note}


def to_docx(report: AnnualReport) -> bytes:
    """The report as Word: 方正小标宋-style title, 黑体/楷体 headings, 仿宋 body (fonts named, as
    official documents are; Word substitutes when a font is missing)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()

    def font(run, name, size, bold=False):
        set_run_font(run, name, size, bold=bold)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(title.add_run(report.title), "方正小标宋简体", 22)
    heading_fonts = {1: ("黑体", 16), 2: ("楷体_GB2312", 16), 3: ("仿宋_GB2312", 16)}
    for block in report.blocks:
        if block.kind == "heading":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            name, size = heading_fonts[block.level]
            font(p.add_run(block.text), name, size, bold=block.level == 3)
        elif block.kind == "para":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            font(p.add_run(block.text), "仿宋_GB2312", 16)
        else:
            table = doc.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = ""
                    font(cell.paragraphs[0].add_run(str(value)), "仿宋_GB2312", 12, bold=i == 0)
    for text in (report.signature, report.date):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(p.add_run(text), "仿宋_GB2312", 16)
    return docx_bytes(doc)


def to_pdf(report: AnnualReport) -> bytes:
    """The same report as PDF (reportlab's built-in Chinese CID font, as core.documents uses)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdf_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72,
                            title=report.title)
    title = ParagraphStyle("t", fontName=CJK_FONT, fontSize=20, leading=30, alignment=1, spaceAfter=12)
    heads = {lvl: ParagraphStyle(f"h{lvl}", fontName=CJK_FONT, fontSize=size, leading=size * 1.6,
                                 firstLineIndent=2 * size, spaceBefore=6)
             for lvl, size in ((1, 15), (2, 14), (3, 13))}
    body = ParagraphStyle("b", fontName=CJK_FONT, fontSize=12, leading=21, firstLineIndent=24)
    cell = ParagraphStyle("c", fontName=CJK_FONT, fontSize=10, leading=13)
    right = ParagraphStyle("r", parent=body, alignment=2, firstLineIndent=0)
    story = [Paragraph(escape(report.title), title)]
    for block in report.blocks:
        if block.kind == "heading":
            story.append(Paragraph(escape(block.text), heads[block.level]))
        elif block.kind == "para":
            story.append(Paragraph(escape(block.text), body))
        else:
            table = Table([[Paragraph(escape(str(v)), cell) for v in row] for row in block.rows], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))]))
            story += [Spacer(1, 4), table, Spacer(1, 6)]
    story += [Spacer(1, 24), Paragraph(escape(report.signature), right), Paragraph(report.date, right)]
    doc.build(story)
    return out.getvalue()

