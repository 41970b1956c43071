"""Meeting documents as .docx (python-docx): agenda, resolutions with results, proposal compilation."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from django.utils.translation import gettext as _

from gonghui.core.documents import docx_bytes, new_docx
from gonghui.core.i18n import words

from .models import Proposal, Resolution, number_shown

FONT = "SimSun"


def _document(title, subtitle=""):
    doc = new_docx(font=FONT, size=12)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    if subtitle:
        p = doc.add_paragraph(subtitle)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


_bytes = docx_bytes


def long_date(day):
    """2026年03月21日 (2026-03-21 in English)."""
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": f"{day.month:02d}", "d": f"{day.day:02d}"}


def _title(session):
    return _("%(union)s%(session)s") % {"union": session.union.name, "session": session}


def agenda(session) -> bytes:
    doc = _document(_title(session), _("会议议程"))
    doc.add_paragraph(_("时间：%(d)s　　地点：%(p)s") % {"d": long_date(session.date),
                                                   "p": session.place or "—"})
    for i, item in enumerate(session.agenda_items, start=1):
        doc.add_paragraph(_("%(n)s、%(item)s") % {"n": number_shown(i), "item": item})
    resolutions = list(session.resolutions.all())
    if resolutions:
        doc.add_paragraph(_("表决事项："))
        for r in resolutions:
            doc.add_paragraph(_("%(name)s（%(note)s）") % {"name": r.title, "note": r.get_mode_display()},
                              style="List Bullet")
    return _bytes(doc)


def resolutions(session) -> bytes:
    doc = _document(_title(session), _("表决结果"))
    rows = list(session.resolutions.all())
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("表决事项"), _("方式"), _("应到"), _("实到"), _("赞成"),
                                                _("反对/弃权"), _("结果")]):
        cell.text = str(text)
    for r in rows:
        if r.status == Resolution.Status.CLOSED:
            result = _("通过") if r.passed else _("未通过")
        elif r.status == Resolution.Status.VOID:
            result = _("表决无效")
        else:
            result = r.get_status_display()
        cells = table.add_row().cells
        for cell, text in zip(cells, [r.title, r.get_mode_display(), r.total_delegates, r.present, r.votes_for,
                                      f"{r.votes_against}/{r.votes_abstain}", result]):
            cell.text = str(text)
    doc.add_paragraph(_("通过须赞成票超过全体代表的半数（不是实到代表的半数）。"))
    return _bytes(doc)


def compilation(session) -> bytes:
    doc = _document(_title(session), _("提案汇编"))
    proposals = (session.proposals.exclude(status=Proposal.Status.DRAFT)
                 .select_related("proposer__member").prefetch_related("answers", "cosigners__delegate__member"))
    for p in proposals:
        doc.add_heading(_("%(label)s　%(title)s") % {"label": p.label, "title": p.title}, level=2)
        cos = words(c.delegate.member.name for c in p.cosigners.all())
        doc.add_paragraph(_("提案人：%(p)s　附议人：%(c)s　类别：%(t)s　状态：%(s)s") % {
            "p": p.proposer.member.name, "c": cos or "—", "t": p.get_topic_display(), "s": p.get_status_display()})
        doc.add_paragraph(_("理由：%(text)s") % {"text": p.reason})
        doc.add_paragraph(_("建议：%(text)s") % {"text": p.suggestion})
        if p.review_note:
            doc.add_paragraph(_("审查意见：%(text)s") % {"text": p.review_note})
        if p.department:
            doc.add_paragraph(_("承办部门：%(d)s　答复期限：%(t)s") % {
                "d": p.department, "t": p.deadline.isoformat() if p.deadline else "—"})
        for a in p.answers.all():
            late = _("（逾期%(n)s天）") % {"n": a.days_late} if a.late else ""
            doc.add_paragraph(_("第%(r)s次答复（%(d)s）%(late)s：%(text)s") % {
                "r": a.round, "d": a.answered_on.isoformat(), "late": late, "text": a.text})
    return _bytes(doc)
