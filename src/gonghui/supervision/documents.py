"""Supervision documents in the official style (方正小标宋简体 title, 仿宋_GB2312 三号 body, GB/T 9704 margins):
the inspection record (检查记录), the 监督意见书 to the employer and the 监督建议书 to the labour department.
The Chinese text is the document (it is served and filed)."""
from gonghui.mediation.documents import _centered, _document, _para, BODY_FONT, TITLE_FONT
from gonghui.core.documents import docx_bytes


def _d(day):
    return f"{day:%Y年%m月%d日}"


def inspection_docx(inspection, supervisors) -> bytes:
    doc = _document()
    _centered(doc, "劳动法律监督检查记录", TITLE_FONT, 22)
    _para(doc, f"检查单位：{inspection.committee.name}", indent=False)
    _para(doc, f"被检查单位：{inspection.employer}", indent=False)
    _para(doc, f"检查日期：{_d(inspection.inspected_on)}", indent=False)
    _para(doc, "监督员：" + "、".join(f"{s.name}（证号{s.certificate_no}）" for s in supervisors), indent=False)
    _para(doc, f"检查事项：{inspection.subject}", indent=False)
    _para(doc, "检查发现的问题：", indent=False)
    _para(doc, inspection.findings)
    if inspection.signature == inspection.Signature.SIGNED:
        _para(doc, f"被检查单位签字：{inspection.signer}", indent=False)
    else:
        _para(doc, f"被检查单位拒绝签字：{inspection.signer}", indent=False)
    _para(doc, "监督员（签名）：", indent=False)
    return docx_bytes(doc)


def opinion_docx(opinion) -> bytes:
    inspection = opinion.inspection
    doc = _document()
    _centered(doc, "工会劳动法律监督意见书", TITLE_FONT, 22)
    _centered(doc, opinion.number, BODY_FONT, 16)
    _para(doc, f"{inspection.employer}：", indent=False)
    _para(doc, f"{_d(inspection.inspected_on)}，{inspection.committee.name}对你单位{inspection.subject}情况进行了劳动法律"
               f"监督检查，发现以下问题：")
    _para(doc, inspection.findings)
    _para(doc, "根据《中华人民共和国工会法》和《工会劳动法律监督办法》的规定，提出如下意见：")
    _para(doc, opinion.requirements)
    _para(doc, f"请你单位自收到本意见书之日起十五个工作日内（即{_d(opinion.answer_due)}前）将整改情况书面答复本工会。")
    _para(doc, f"{inspection.committee.name}（印章）", indent=False)
    _para(doc, _d(opinion.issued_on), indent=False)
    return docx_bytes(doc)


def recommendation_docx(rec) -> bytes:
    opinion = rec.opinion
    inspection = opinion.inspection
    doc = _document()
    _centered(doc, "工会劳动法律监督建议书", TITLE_FONT, 22)
    _centered(doc, rec.number, BODY_FONT, 16)
    _para(doc, f"{rec.department}：", indent=False)
    _para(doc, f"{_d(inspection.inspected_on)}，{inspection.committee.name}对{inspection.employer}进行劳动法律监督检查，"
               f"发现以下问题：")
    _para(doc, inspection.findings)
    _para(doc, f"{_d(opinion.issued_on)}，工会向该单位发出《工会劳动法律监督意见书》（{opinion.number}），该单位"
               f"{_d(opinion.received_on)}收到后拒不整改。")
    _para(doc, "根据《工会劳动法律监督办法》的规定，建议你部门依法处理，并自收到本建议书之日起五个工作日内"
               f"（即{_d(rec.filing_due)}前）决定是否立案，将处理结果书面告知本会。")
    _para(doc, f"{rec.federation.name}（印章）", indent=False)
    _para(doc, _d(rec.sent_on), indent=False)
    return docx_bytes(doc)
