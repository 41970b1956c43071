"""The honour certificate (荣誉证书) as a one-page landscape A4 PDF with reportlab and the Chinese CID font
(``core.documents.pdf_font``): the title, the honoured member or collective, the honour and year, the
awarding organisation, the date the list was fixed and the certificate number. The Chinese text is the
certificate itself (it is printed and handed over), so it is not translated."""
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gonghui.core.documents import pdf_font


def certificate_pdf(nomination) -> bytes:
    import io

    rnd = nomination.round
    font = pdf_font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"荣誉证书 {nomination.certificate_no}")
    pdf.setStrokeColorRGB(0.72, 0.11, 0.11)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(1)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
    pdf.setFillColorRGB(0.72, 0.11, 0.11)
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 52 * mm, "荣 誉 证 书")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 22)
    pdf.drawString(40 * mm, height - 85 * mm, f"{nomination.nominee_name}{'：' if nomination.member_id else '：'}")
    pdf.setFont(font, 20)
    body = f"在{rnd.year}年度工作中成绩突出，被评为“{rnd.kind.label}”，特发此证，以资鼓励。"
    y = height - 105 * mm
    line, lines = "", []
    for ch in body:
        if pdf.stringWidth(line + ch, font, 20) > width - 100 * mm:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    for i, text in enumerate(lines):
        pdf.drawString((50 if i == 0 else 40) * mm, y, text)
        y -= 12 * mm
    pdf.setFont(font, 18)
    pdf.drawRightString(width - 40 * mm, 55 * mm, rnd.org.name)
    final = rnd.final_on
    pdf.drawRightString(width - 40 * mm, 43 * mm, f"{final.year}年{final.month}月{final.day}日" if final else "")
    pdf.setFont(font, 11)
    pdf.drawString(30 * mm, 24 * mm, f"证书编号：{nomination.certificate_no}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
