"""The mediation agreement (调解协议书) as a Word document in the official style: 方正小标宋简体 title,
仿宋_GB2312 body in 三号 (16 pt), A4 with GB/T 9704 margins, the parties, claims, agreed terms, the
performance date, the law's notes (binding force, arbitration, 支付令) and the signature block."""
from django.utils.translation import gettext as _

from gonghui.core.documents import docx_bytes, new_docx, set_run_font

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"


def _document():
    from docx.shared import Mm

    doc = new_docx(font=BODY_FONT, size=16)
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def _centered(doc, text, font, size):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(text), font, size)


def _para(doc, text, *, bold=False, indent=True):
    from docx.shared import Pt

    for line in [x for x in (text or "").splitlines() if x.strip()] or [""]:
        p = doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        set_run_font(p.add_run(line.strip()), BODY_FONT, 16, bold=bold)


def agreement_docx(case, parties, claims) -> bytes:
    """The agreement of an agreed case; the Chinese text is the document (it is filed and signed)."""
    doc = _document()
    _centered(doc, case.committee.label, TITLE_FONT, 22)
    _centered(doc, "调解协议书", TITLE_FONT, 22)
    _centered(doc, f"（{case.number}）", BODY_FONT, 16)
    for party in parties:
        role = "申请人" if party.role == party.Role.WORKER else "被申请人"
        _para(doc, f"{role}：{party.name}", indent=False)
    claims_text = "；".join(f"{c.get_kind_display()}" + (f"{c.amount}元" if c.amount else "")
                            + (f"（{c.description}）" if c.description else "") for c in claims)
    _para(doc, f"申请人于{case.applied_on:%Y年%m月%d日}申请调解，本委员会于{case.accepted_on:%Y年%m月%d日}受理。"
               f"申请人的请求：{claims_text}。")
    if case.facts:
        _para(doc, f"争议事实：{case.facts}")
    _para(doc, "经本委员会主持调解，双方自愿达成如下协议：")
    _para(doc, case.terms)
    if case.performance_due:
        _para(doc, f"上述协议内容于{case.performance_due:%Y年%m月%d日}前履行完毕。")
    _para(doc, "本协议书自双方当事人签名或盖章、调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，"
               "当事人应当履行。达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以"
               "依法申请仲裁。")
    if case.wage_claim:
        _para(doc, "因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内"
                   "不履行的，劳动者可以持调解协议书依法向人民法院申请支付令。")
    _para(doc, "本协议书一式三份，双方当事人各执一份，调解委员会存档一份。")
    _para(doc, "申请人（签名）：", indent=False)
    _para(doc, "被申请人（盖章）：", indent=False)
    _para(doc, "调解员（签名）：", indent=False)
    _para(doc, f"{case.committee.label}（印章）", indent=False)
    _para(doc, f"{case.outcome_on:%Y年%m月%d日}", indent=False)
    return docx_bytes(doc)


def filename(case):
    return _("调解协议书-%(number)s.docx") % {"number": case.number}
