"""The star-rating certificate (星级职工之家证书) as a one-page A4 landscape PDF: reportlab with the Chinese
CID font of ``core.documents.pdf_font`` — the union, the stars, the scheme, the score, the federation and
the day of the review. One union's certificate is small and built in the request."""
import io

from django.utils.translation import gettext as _

from gonghui.core.documents import pdf_font

RED = (0.78, 0.06, 0.18)


def certificate_pdf(assessment) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    font = pdf_font()
    scheme, union = assessment.scheme, assessment.union
    width, height = landscape(A4)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setTitle(_("%(union)s %(scheme)s证书") % {"union": union.name, "scheme": scheme.label})
    pdf.setStrokeColorRGB(*RED)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1.5)
    pdf.rect(36, 36, width - 72, height - 72)
    pdf.setFillColorRGB(*RED)
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 130, _("荣誉证书"))
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 210, union.name)
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 255, _("在%(scheme)s中，经评定为") % {"scheme": scheme.label})
    pdf.setFillColorRGB(*RED)
    pdf.setFont(font, 34)
    pdf.drawCentredString(width / 2, height - 315,
                          _("%(n)s星级职工之家") % {"n": assessment.stars} + "  " + "★" * (assessment.stars or 0))
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 355, _("评定得分：%(score)s分") % {"score": assessment.final_score})
    pdf.setFont(font, 16)
    pdf.drawRightString(width - 90, 120, scheme.federation.name)
    day = assessment.reviewed_on
    pdf.drawRightString(width - 90, 92, _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day})
    pdf.setFont(font, 9)
    pdf.setFillColorRGB(0.4, 0.4, 0.4)
    pdf.drawString(60, 56, _("证书编号：%(year)s-%(scheme)s-%(id)s") % {"year": scheme.year, "scheme": scheme.pk,
                                                                   "id": assessment.pk})
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def filename(assessment) -> str:
    return f"{assessment.union.name}-{assessment.scheme.year}年星级证书.pdf"
