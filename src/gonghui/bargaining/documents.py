"""The contract text as .docx in the official style (core.documents: 宋体, centred title)."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from django.utils.translation import gettext as _

from gonghui.core.documents import docx_bytes, new_docx, set_run_font

from .models import Clause

HEI = "SimHei"


def long_date(day):
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": f"{day.month:02d}", "d": f"{day.day:02d}"}


def contract_docx(contract, draft) -> bytes:
    doc = new_docx(size=14)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(contract.title)
    set_run_font(run, HEI, 22, bold=True)
    sub = doc.add_paragraph(contract.get_kind_display())
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(_("甲方（用人单位）：%(name)s") % {"name": contract.employer})
    doc.add_paragraph(_("乙方（工会）：%(name)s") % {"name": contract.union.name})
    for clause in Clause.objects.filter(draft=draft):
        p = doc.add_paragraph()
        title = p.add_run(_("第%(number)s条　%(title)s") % {"number": clause.number, "title": clause.title})
        set_run_font(title, HEI, 14, bold=True)
        body = doc.add_paragraph(clause.text)
        body.paragraph_format.first_line_indent = Pt(28)
    if contract.term_years:
        doc.add_paragraph(_("本合同期限%(years)s年，自%(start)s起至%(end)s止。") % {
            "years": contract.term_years, "start": long_date(contract.starts_on), "end": long_date(contract.ends_on)})
    doc.add_paragraph("")
    doc.add_paragraph(_("甲方首席代表（签字）：　　　　　　乙方首席代表（签字）："))
    if contract.signed_on:
        end = doc.add_paragraph(long_date(contract.signed_on))
        end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return docx_bytes(doc)
