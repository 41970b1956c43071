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


SCHEDULE_WORDS = ("工作安排", "具体安排", "月份安排", "工作日程", "行事历", "安排")
TARGET_WORDS = ("工作目标", "目标")
OUTLINE_TOPS = ("指导思想", "目标", "任务", "安排", "重点工作", "具体工作")


def _is(section, words):
    return any(w in section.title for w in words)


def plan_docx(plan, sections, targets, tasks) -> bytes:
    """``sections``: the plan's sections in order; the outline is renumbered by position. Generated headings
    一、指导思想 二、工作目标 三、主要工作 四、工作安排 stand only for what the outline does not already hold:
    an imported outline that has its own 指导思想/目标/安排 sections keeps them (tasks by month under its
    安排 section, targets under its 目标 section), and a section left with nothing under it is not printed."""
    doc = _document()
    _title(doc, plan.title)
    top = 0

    def next_top(text):
        nonlocal top
        top += 1
        _heading(doc, 1, f"{label(1, top)}{text}")

    children = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    ids = {s.pk for s in sections}
    roots = [s for s in sections if s.parent_id not in ids]
    tasks_of = {}
    for t in tasks:
        tasks_of.setdefault(t.section_id if t.section_id in ids else None, []).append(t)
    schedule = next((s for s in sections if _is(s, SCHEDULE_WORDS)), None)
    if schedule is not None and None in tasks_of:   # tasks with no section of their own go to the 安排 section
        tasks_of.setdefault(schedule.pk, []).extend(tasks_of.pop(None))
    goal = next((s for s in sections if _is(s, TARGET_WORDS)), None)
    guiding_section = next((s for s in sections if "指导思想" in s.title), None)

    def has_content(s):
        return bool((s.body or "").strip() or tasks_of.get(s.pk) or (goal is s and targets)
                    or (guiding_section is s and plan.guiding_thought)
                    or any(has_content(c) for c in children.get(s.pk, ())))

    def emit_targets(depth):
        for i, t in enumerate(targets, start=1):
            _para(doc, f"{label(depth, i)}{t['label']}{t['comparator']}{t['threshold']}{t['unit']}"
                       + (f"（{t['source']}）" if t["source"] and t["source"] != t["label"] else ""))

    def emit_tasks(items, depth):
        by_month = {}
        for t in items:
            by_month.setdefault(t.month, []).append(t)
        for n, month in enumerate(sorted(by_month, key=lambda m: (m is None, plan.month_bounds(m)[0] if m else 0)),
                                  start=1):
            _heading(doc, depth, f"{label(depth, n)}{to_chinese(month) + '月份' if month else '其他'}")
            for i, t in enumerate(by_month[month], start=1):
                owner = t.owner or (t.owner_org.name if t.owner_org_id else "")
                _para(doc, f"{label(min(depth + 1, 5), i)}{t.title}" + (f"（责任人：{owner}）" if owner else ""))

    def emit(nodes, depth):
        shown = [s for s in nodes if has_content(s) or not _is(s, (*SCHEDULE_WORDS, *TARGET_WORDS, "指导思想"))]
        for n, s in enumerate(shown, start=1):
            _heading(doc, depth, f"{label(depth, n)}{s.title}")
            _para(doc, s.body or (plan.guiding_thought if s is guiding_section else ""))
            kids = [c for c in children.get(s.pk, [])]
            emit(kids, min(depth + 1, 5))
            if goal is s:
                emit_targets(min(depth + 1, 5))
            if tasks_of.get(s.pk):
                emit_tasks(tasks_of[s.pk], min(depth + 1, 5))

    # An imported plan whose own outline is the whole plan (一、指导思想 二、工作目标 …) is printed as it is.
    whole = any(_is(s, OUTLINE_TOPS) for s in roots)
    if plan.guiding_thought and guiding_section is None:
        next_top("指导思想")
        _para(doc, plan.guiding_thought)
    if targets and goal is None:
        next_top("工作目标")
        emit_targets(3)
    if sections and whole:
        shown = [s for s in roots if has_content(s) or not _is(s, (*SCHEDULE_WORDS, *TARGET_WORDS, "指导思想"))]
        for s in shown:
            next_top(s.title)
            _para(doc, s.body or (plan.guiding_thought if s is guiding_section else ""))
            emit(children.get(s.pk, []), 2)
            if goal is s:
                emit_targets(2)
            if tasks_of.get(s.pk):
                emit_tasks(tasks_of[s.pk], 2)
    elif sections:
        next_top("主要工作")
        emit(roots, 2)
    leftover = [t for key, items in tasks_of.items() for t in items if key is None or key not in ids]
    if leftover:
        next_top("工作安排")
        emit_tasks(leftover, 2)
    return docx_bytes(doc)


def summary_docx(summary) -> bytes:
    doc = _document()
    _title(doc, summary.title)
    for section in summary.sections:
        _heading(doc, 1, section["heading"])
        _para(doc, section["body"] or "")
    return docx_bytes(doc)
