"""Word documents in the usual official style: the plan (一、（一）1.（1）① headings) and the summary.

Fonts are named as official documents name them (方正小标宋简体 title, 黑体/楷体_GB2312 headings, 仿宋_GB2312
body, 三号 16pt) with the East-Asian font set on every run; A4 with 37/35/28/26 mm margins (GB/T 9704).
"""
from gonghui.core.documents import docx_bytes, set_run_font

from .parsing import CIRCLED, to_chinese


def _document():
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def _font(run, name, size, bold=False):
    set_run_font(run, name, size, bold=bold)


def _title(doc, text):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), "方正小标宋简体", 22)


def _para(doc, text, *, font="仿宋_GB2312", bold=False):
    from docx.shared import Pt

    for line in [x for x in (text or "").splitlines() if x.strip()]:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        _font(p.add_run(line.strip()), font, 16, bold)


HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: ("仿宋_GB2312", True), 4: ("仿宋_GB2312", False),
                 5: ("仿宋_GB2312", False)}


def label(level, n):
    """The official numbering: 一、 （一） 1. （1） ①."""
    return {1: f"{to_chinese(n)}、", 2: f"（{to_chinese(n)}）", 3: f"{n}.", 4: f"（{n}）",
            5: CIRCLED[n - 1] if n <= len(CIRCLED) else f"{n})"}[min(max(level, 1), 5)]


def _heading(doc, level, text):
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    name, bold = HEADING_FONTS[min(max(level, 1), 5)]
    _font(p.add_run(text), name, 16, bold)


def plan_docx(plan, sections, targets, tasks) -> bytes:
    """``sections``: the plan's sections in order; the outline is renumbered by position under
    generated top-level headings 一、指导思想 二、工作目标 三、主要工作 四、工作安排."""
    doc = _document()
    _title(doc, plan.title)
    top = 0

    def next_top(text):
        nonlocal top
        top += 1
        _heading(doc, 1, f"{label(1, top)}{text}")

    if plan.guiding_thought:
        next_top("指导思想")
        _para(doc, plan.guiding_thought)
    if targets:
        next_top("工作目标")
        for i, t in enumerate(targets, start=1):
            unit = t["unit"]
            _para(doc, f"{label(3, i)}{t['label']}{t['comparator']}{t['threshold']}{unit}"
                       + (f"（{t['source']}）" if t["source"] and t["source"] != t["label"] else ""))
    if sections:
        next_top("主要工作")
        children = {}
        for s in sections:
            children.setdefault(s.parent_id, []).append(s)
        ids = {s.pk for s in sections}
        roots = [s for s in sections if s.parent_id not in ids]

        def emit(nodes, depth):
            for n, s in enumerate(nodes, start=1):
                _heading(doc, depth, f"{label(depth, n)}{s.title}")
                _para(doc, s.body)
                emit(children.get(s.pk, []), min(depth + 1, 5))

        emit(roots, 2)
    if tasks:
        next_top("工作安排")
        by_month = {}
        for t in tasks:
            by_month.setdefault(t.month, []).append(t)
        for n, month in enumerate(sorted(by_month, key=lambda m: (m is None, plan.month_bounds(m)[0] if m else 0)),
                                  start=1):
            _heading(doc, 2, f"{label(2, n)}{to_chinese(month) + '月份' if month else '其他'}")
            for i, t in enumerate(by_month[month], start=1):
                owner = t.owner or (t.owner_org.name if t.owner_org_id else "")
                _para(doc, f"{label(3, i)}{t.title}" + (f"（责任人：{owner}）" if owner else ""))
    return docx_bytes(doc)


def summary_docx(summary) -> bytes:
    doc = _document()
    _title(doc, summary.title)
    for section in summary.sections:
        _heading(doc, 1, section["heading"])
        _para(doc, section["body"] or "")
    return docx_bytes(doc)
