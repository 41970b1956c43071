"""Exports: the notice list as .xlsx (``core.documents``) and one notice as a PDF for the noticeboard."""
import io
import re
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import documents

from .templatetags.notices import blocks


def notice_list_report(union, rows):
    """The list as the officer reads it, in their language (the noticeboard PDF below stays Chinese: it is
    what the union posts for its members)."""
    today = timezone.localdate()
    return documents.Report(
        title=_("公开事项一览"), unit=union.name, period=_("导出日期：%(day)s") % {"day": today.isoformat()},
        money_unit="—",
        headers=[_("编号"), _("类别"), _("标题"), _("公开期起"), _("公开期止"), _("实际公开日期"), _("状态"), _("应读"),
                 _("已读")],
        rows=[[n.pk, n.category.name, n.title, n.period_start, n.period_end, n.disclosed_on,
               str(n.shown_status.label), n.audience_size if n.is_public else None,
               getattr(n, "read_count", None) if n.is_public else None] for n in rows],
        col_widths=[1, 2, 6, 2, 2, 2, 1.5, 1, 1])


def _inline(text):
    """Escape, then **bold** → <b>bold</b> (reportlab's mini-markup)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


def notice_pdf(notice) -> bytes:
    """An A4 page for the 公开栏: title, union and posting period, the body, the union's signature."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = documents.pdf_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=56, rightMargin=56, topMargin=56, bottomMargin=56,
                            title=notice.title)
    title = ParagraphStyle("t", fontName=font, fontSize=18, leading=26, alignment=1)
    info = ParagraphStyle("i", fontName=font, fontSize=10, leading=14, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    item = ParagraphStyle("l", fontName=font, fontSize=12, leading=20, leftIndent=24, wordWrap="CJK")
    sign = ParagraphStyle("s", fontName=font, fontSize=12, leading=20, alignment=2)
    story = [Paragraph(escape(notice.title), title), Spacer(1, 6),
             Paragraph(escape(f"{notice.category.name}　公开期：{notice.period_start.isoformat()} 至 "
                              f"{notice.period_end.isoformat()}"), info), Spacer(1, 14)]
    for kind, content in blocks(notice.body):
        if kind == "list":
            story += [Paragraph("• " + _inline(line), item) for line in content]
        else:
            story.append(Paragraph(_inline(content).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 6))
    day = notice.disclosed_on or notice.period_start
    story += [Spacer(1, 24), Paragraph(escape(notice.union.name), sign),
              Paragraph(escape(f"{day.year}年{day.month}月{day.day}日"), sign),
              Spacer(1, 18), Paragraph(escape("如有异议，请于公开期内向工会提出，工会将在30日内答复。"), info)]
    doc.build(story)
    return out.getvalue()
