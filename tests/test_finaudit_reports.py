"""Documents: income and expenditure by month and by category (.xlsx/PDF), the disclosure PDF and the
annual audit report (.docx/PDF) (finaudit.reports)."""
import datetime
import io
from decimal import Decimal

import docx
from openpyxl import load_workbook

from gonghui.core import documents
from gonghui.finaudit import actions, figures, reports

from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def sheet_rows(report):
    ws = load_workbook(io.BytesIO(documents.to_xlsx(report))).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_monthly_report_has_twelve_months_and_the_years_total(school_books):
    rows = sheet_rows(reports.monthly_report(school_books, LAST_YEAR))
    assert rows[0][0] == "收入支出月度表" and "第一中学工会" in rows[1][0]
    assert rows[2] == ["月份", "收入", "支出", "收支结余"]
    assert rows[3] == ["1月", 16200, 0, 16200]
    assert rows[5] == ["3月", 0, 2800, -2800]
    assert rows[15] == ["合计", 16200, 3100, 13100]


def test_the_category_report_lists_accounts_with_sub_accounts_indented(school_books):
    report = reports.category_report(school_books, *figures.year_bounds(LAST_YEAR))
    labels = [(row[0].strip("\u3000"), row[1], row[2]) for row in report.rows]
    assert labels == [
        ("收入", "", None), ("会费收入", "401", Decimal("1200.00")), ("上级补助收入", "403", Decimal("15000.00")),
        ("回拨经费补助", "40301", Decimal("15000.00")), ("收入合计", "", Decimal("16200.00")),
        ("支出", "", None), ("职工活动支出", "501", Decimal("2800.00")), ("文体活动", "50102", Decimal("800.00")),
        ("会员活动（慰问）", "50105", Decimal("2000.00")), ("行政支出", "504", Decimal("300.00")),
        ("支出合计", "", Decimal("3100.00")), ("收支结余", "", Decimal("13100.00"))]
    assert report.rows[3][0].startswith("\u3000\u3000")  # a sub-account sits one step in
    assert documents.to_pdf(report)[:5] == b"%PDF-"


def _reviewed_year(tree, users):
    review = actions.open_review(users.auditor, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                 end=datetime.date(LAST_YEAR, 6, 30), areas=["income", "spending"])
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问品发票不全<附件缺失>",
                                     amount="2000.00", severity="serious")
    actions.rectify_finding(users.finance, finding, note="已补齐发票")
    actions.sign_off(users.auditor, review, opinion="收支基本真实，同意通过", with_reservations=True,
                     reason="整改尚待核实")


def test_the_annual_report_numbers_its_sections_the_official_way(school_books, tree, users):
    _reviewed_year(tree, users)
    report = reports.annual_report(tree.school, LAST_YEAR)
    assert report.title == f"第一中学工会{LAST_YEAR}年度经费审查报告"
    headings = [b.text for b in report.blocks if b.kind == "heading"]
    assert headings[:5] == ["一、审查工作基本情况", "二、经费收支情况", "（一）经费收入", "（二）经费支出", "三、预算执行情况"]
    assert "四、审查发现的问题及整改情况" in headings and "五、审查意见" in headings
    assert "1. 慰问品发票不全<附件缺失>（较重，涉及金额2,000.00元）" in headings
    text = "\n".join(b.text for b in report.blocks)
    assert "全年收入16,200.00元，支出3,100.00元，收支结余13,100.00元" in text
    assert "整改情况：已补齐发票（待核实）" in text
    assert "收支基本真实，同意通过（保留意见：整改尚待核实）" in text


def test_the_annual_report_as_word_and_pdf(school_books, tree, users):
    _reviewed_year(tree, users)
    report = reports.annual_report(tree.school, LAST_YEAR)
    document = docx.Document(io.BytesIO(reports.to_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == report.title
    assert "一、审查工作基本情况" in paragraphs and "（二）经费支出" in paragraphs
    assert paragraphs[-2:] == ["第一中学工会经费审查委员会", report.date]
    assert document.tables[0].rows[1].cells[0].text == "会费收入"
    assert reports.to_pdf(report)[:5] == b"%PDF-"  # the finding's “<…>” is escaped, not read as markup


def test_a_year_without_reviews_says_so(school_books, tree):
    text = "\n".join(b.text for b in reports.annual_report(tree.school, LAST_YEAR).blocks)
    assert f"{LAST_YEAR}年度尚未开展经费审查。" in text and "审查未发现问题。" in text
    assert "本年度没有经批准的预算。" in text


def test_the_disclosure_pdf_table_carries_the_frozen_figures(school_books, tree, users):
    d = actions.create_disclosure(users.finance, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                  end=datetime.date(LAST_YEAR, 6, 30), note="说明 & 附注")
    d = actions.publish_disclosure(users.chair, d)
    report = reports.disclosure_report(d, d.figures)
    assert report.rows[0] == ["会费收入", Decimal("1200.00")]
    assert ["职工活动支出", Decimal("2800.00")] in report.rows
    assert report.rows[-1] == ["期末库存现金及银行存款", Decimal("13100.00")]
    assert report.footer.startswith("说明 & 附注")  # plain text: core.documents escapes it for the PDF
    assert documents.to_pdf(report)[:5] == b"%PDF-"
