"""``core.documents``: Word documents and PDFs name their Chinese fonts in one place."""
import io
import re

from docx import Document
from docx.oxml.ns import qn

from gonghui.core.documents import (CJK_FONT, Report, docx_bytes, new_docx, pdf_font, set_run_font, to_pdf)


def east_asia(style_or_run_element):
    rfonts = style_or_run_element.rPr.rFonts
    return rfonts.get(qn("w:eastAsia")), rfonts.get(qn("w:eastAsiaTheme"))


def test_a_new_word_document_sets_song_for_chinese_text_in_body_and_headings():
    doc = new_docx(size=11)
    normal = doc.styles["Normal"]
    assert normal.font.name == "SimSun" and normal.font.size.pt == 11
    assert east_asia(normal.element) == ("宋体", None)
    for name in ("Title", "Heading 1", "Heading 2"):
        assert east_asia(doc.styles[name].element) == ("宋体", None), name  # the theme font no longer wins


def test_the_fonts_survive_saving_and_reopening():
    doc = new_docx()
    doc.add_heading("工会工作报告", level=1)
    doc.add_paragraph("正文")
    reopened = Document(io.BytesIO(docx_bytes(doc)))
    assert east_asia(reopened.styles["Normal"].element)[0] == "宋体"
    assert east_asia(reopened.styles["Heading 1"].element)[0] == "宋体"
    assert [p.text for p in reopened.paragraphs] == ["工会工作报告", "正文"]


def test_another_font_may_be_named_for_the_whole_document():
    doc = new_docx(font="SimSun", size=12)
    assert doc.styles["Normal"].font.name == "SimSun" and east_asia(doc.styles["Normal"].element)[0] == "SimSun"


def test_a_run_gets_its_official_font_for_latin_and_chinese_alike():
    doc = Document()
    run = set_run_font(doc.add_paragraph().add_run("一、指导思想"), "黑体", 16, bold=False)
    assert run.font.name == "黑体" and run.font.size.pt == 16 and run.bold is False
    assert east_asia(run._element) == ("黑体", None)
    plain = set_run_font(doc.add_paragraph().add_run("正文"))
    assert plain.font.name == "SimSun" and east_asia(plain._element)[0] == "宋体" and plain.bold is None


def test_pdf_font_registers_the_chinese_cid_font_once():
    from reportlab.pdfbase import pdfmetrics

    assert pdf_font() == pdf_font() == CJK_FONT == "STSong-Light"
    assert pdfmetrics.getRegisteredFontNames().count(CJK_FONT) == 1


def test_a_pdf_with_chinese_text_sets_it_in_the_chinese_font():
    """STSong-Light is one of Adobe's standard CJK fonts: the PDF names it (Adobe-GB1, UCS-2 encoding)
    and every PDF reader supplies the glyphs, so no font file is needed on the server."""
    pdf = to_pdf(Report(title="收入支出表", headers=["项目", "金额"], rows=[["会费收入", 1]], unit="第一中学工会"))
    assert pdf.startswith(b"%PDF")
    assert b"/BaseFont /STSong-Light" in pdf
    assert re.search(rb"/Registry \(Adobe\)", pdf) and b"/Ordering (GB1)" in pdf
    assert b"/Encoding /UniGB-UCS2-H" in pdf
