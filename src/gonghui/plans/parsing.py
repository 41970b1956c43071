"""Reading an existing work plan (.docx or .txt, Chinese) as structure: pure functions, no database.

``parse_file(name, data)`` → ``ParsedPlan``: the outline at every level (篇/部分 → 一、 → （一） → 1. → （1）
→ ①), the monthly schedule as tasks with months (三月份 / 3月份 / 九月： / "6月份以完小为单位…"), the
quantitative targets as candidates (达到90%以上, 至少3条, 年内新增10名, 200万件以上, 每个职工至少提3条) with the
metric each maps to, and every line that could not be classified, with its line number and the reason.
Nothing is dropped: a line that is not understood stays in the body of the section it stands in *and*
is listed in ``unparsed``.

Bad files raise ``ActionError`` on the field ``file``: not a document, empty, or garbled.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.errors import ActionError

# What the parser reports is in the user's language; what it matches stays Chinese (the plans are).
NOT_A_DOCUMENT = gettext_lazy("不是可识别的文档（.docx 或 .txt）")
EMPTY = gettext_lazy("文件为空")
GARBLED = gettext_lazy("无法识别文件内容，可能是乱码")
MAX_BYTES = 10 * 1024 * 1024

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_WIDE = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

# ---- headings: (level, pattern); the label is group "label", the rest group "title" ----
CN = "一二三四五六七八九十"
PART_RE = re.compile(rf"^(?P<label>第[{CN}\d]+(?:篇|部分)|篇[{CN}\d]+)\s*[：:、.]?\s*(?P<title>.*)$")
PART_SUFFIX_RE = re.compile(rf"^(?P<title>\S.{{0,30}}?)(?P<label>篇[{CN}]+|篇\d+)\s*$")
HEADINGS = [
    (1, re.compile(rf"^(?P<label>[{CN}]+\s*[、．.])\s*(?P<title>.+)$")),
    (2, re.compile(rf"^(?P<label>[（(]\s*[{CN}]+\s*[)）]\s*[、.]?)\s*(?P<title>.+)$")),
    (3, re.compile(r"^(?P<label>\d{1,2}\s*(?:[、]|\.(?!\d)))\s*(?P<title>.+)$")),
    (4, re.compile(r"^(?P<label>[（(]\s*\d{1,2}\s*[)）]\s*[、.]?)\s*(?P<title>.+)$")),
    (5, re.compile(rf"^(?P<label>[{CIRCLED}])\s*(?P<title>.+)$")),
]

# ---- months ----
_MONTH = r"(?P<month>元|十[一二]|[一二三四五六七八九十]|\d{1,2})"
MONTH_HEADING_RE = re.compile(rf"^(?:\S{{2,4}}年)?{_MONTH}\s*月份?\s*(?:[：:]\s*(?P<rest>.*))?$")
MONTH_START_RE = re.compile(
    rf"^(?:[～~]?\s*(?:\d{{2,4}}|\d{{2}}[xX_]{{2}}|[xX×_＿]{{2,4}})?\s*年)?\s*{_MONTH}\s*月(?:份|初|上旬|中旬|下旬|底|末|中)?")
DATE_ONLY_RE = re.compile(r"^\S{0,6}年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
HOLIDAY_RE = re.compile(r"寒假|暑假")
ANY_MONTH_RE = re.compile(r"(元|十[一二]|[一二三四五六七八九十]|\d{1,2})\s*月")

# ---- targets ----
_NUM = r"(?P<num>\d+(?:[.。]\d+)?)"
_NUMC = r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)"
_UNITS = "万元|人次|名|人|条|项|次|场|个|户|家|天|件|篇|元"
PERCENT_RE = re.compile(
    rf"(?P<pre>达到|不低于|不少于|超过|高于|保持在|保持|实现|控制在|不超过|低于)?\s*{_NUM}\s*%\s*(?P<post>以上|以下|以内|左右)?")
PERCENT_WORDS_RE = re.compile(r"(?P<pre>达到|不低于|超过|实现)?百分之(?P<num>百|[一二三四五六七八九十]+|\d+)(?P<post>以上)?")
PER_MEMBER_RE = re.compile(
    rf"每(?:个|位|名)?(?:职工|会员|教职工|教师|员工|干部职工|人)[^，。；,;\d]{{0,8}}?{_NUMC}\s*(?P<unit>条|项|次|篇|件)")
COUNT_RE = re.compile(
    rf"(?P<pre>至少|不少于|不低于|超过|新增|新建|组建|建立|增加|发展|达到|完成|累计|争取|建)"
    rf"(?P<gap>[^\d，。；,;、%]{{0,6}}?){_NUMC}\s*"
    rf"(?P<scale>万|千)?\s*(?P<unit>{_UNITS})(?P<post>以上)?")
COUNT_ABOVE_RE = re.compile(rf"{_NUM}\s*(?P<scale>万|千)?\s*(?P<unit>{_UNITS})(?P<post>以上)")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[。！？；;!?])")
CLAUSE_SPLIT_RE = re.compile(r"(?<=[。！？；;!?，,：:])")
# "每月一次" / "每半年公布一次" / "每季度召开1次": a frequency, which no metric measures — a manual target.
FREQUENCY_RE = re.compile(
    r"每(?P<period>周|月|季度|季|半年|学期|年)(?P<gap>[^\d，。；,;、]{0,6}?)(?P<num>[一二两三四五六七八九十]|\d{1,2})\s*(?P<unit>次|场|期)")
# "500万元以上企业" / "100人以上的单位": the number qualifies a noun; it is not a target.
QUALIFIER_AFTER_RE = re.compile(r"^(?:的)?[\u4e00-\u9fff]")
QUALIFIER_OK = ("的目标", "目标")
# The noun a percentage measures: "建制率达到80%" → "建制率"; a metric must name the same rate.
RATE_NOUN_RE = re.compile(r"([\u4e00-\u9fff]{2}[率面度])")
# Numbering that is not one of the official forms: "1。" "4.3-4月份" "□一、".
ODD_LABEL_RE = re.compile(r"^(?:\d{1,2}\s*。|\d{1,2}\.\d{1,2}\s*[-－~～至]|[□■◆●○]\s*\S)")
MONTH_RANGE_RE = re.compile(
    r"^(?:\d{1,2}\.)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:[-－~～至到])\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?")
UNREADABLE_RE = re.compile(r"[\ufffd□]")
# The year written in a plan title ("2023年", "20xx年", "二〇二三年"): the plan's own year replaces it.
TITLE_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年|20[xX×_＿]{2}\s*年|[xX×]{4}\s*年|[二〇零一三四五六七八九]{4}年")

# Words in plan text that point to a metric code, beyond each metric's own ``keywords``.
SYNONYMS = {
    "activities.participation_rate": ("参与面", "参与率", "参加率", "参与度"),
    "care.satisfaction_rate": ("群众满意率", "满意率", "满意度"),
    "care.visits": ("探望", "走访", "看望", "慰问"),
    "notices.coverage_rate": ("公开工作覆盖面", "公开覆盖面", "覆盖面", "公开率"),
    "congress.proposals_answered_rate": ("提案答复", "提案办结", "提案落实"),
    "suggestions.per_member": ("合理化建议",),
    "members.added": ("新增会员", "发展会员", "增加会员", "吸收会员"),
    "members.rate_of_membership": ("入会率",),
    "dues.collection_rate": ("会费收缴率", "会费"),
    "finance.disclosures_published": ("经费使用情况", "财务公开"),
    "mediation.cases": ("调解",),
    "awards.count": ("表彰", "评先"),
}


@dataclass
class Node:
    level: int
    label: str
    title: str
    line: int
    body: list = field(default_factory=list)
    children: list = field(default_factory=list)
    part: int | None = None
    lines: list = field(default_factory=list)     # the line numbers of the body (and of a merged heading)

    def as_dict(self):
        return {"level": self.level, "label": self.label, "title": self.title, "line": self.line,
                "body": "\n".join(self.body), "lines": list(self.lines),
                "children": [c.as_dict() for c in self.children]}


@dataclass
class TaskCandidate:
    title: str
    month: int
    line: int
    section: str = ""
    part: int | None = None
    month_line: int | None = None    # the "三月份" heading the task stands under


@dataclass
class TargetCandidate:
    sentence: str
    number: str
    comparator: str          # "gte" | "lte" | "eq"
    unit: str
    line: int
    per_member: bool = False
    metric: str | None = None
    metric_label: str = ""
    problem: str = ""
    part: int | None = None
    manual: bool = True              # no metric measures what the sentence says: the officer reports it
    frequency: str = ""              # "月" for "每月一次": a commitment per period, kept as a manual target
    subject: str = ""                # the clause the number stands in (the manual target's name)


@dataclass
class Unparsed:
    line: int
    text: str
    reason: str
    part: int | None = None


@dataclass
class ParsedPlan:
    title: str = ""
    title_line: int | None = None
    guiding_thought: str = ""
    preamble: list = field(default_factory=list)
    outline: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    unparsed: list = field(default_factory=list)
    parts: list = field(default_factory=list)        # [{"index", "label", "title", "line"}]
    guiding_by_part: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "title": self.title,
            "title_line": self.title_line,
            "guiding_thought": self.guiding_thought,
            "parts": self.parts,
            "outline": [n.as_dict() for n in self.outline],
            "tasks": [asdict(t) for t in self.tasks],
            "targets": [asdict(t) for t in self.targets],
            "unparsed": [asdict(u) for u in self.unparsed],
            "preamble": "\n".join(self.preamble),
            "guiding_by_part": {str(k): v for k, v in self.guiding_by_part.items()},
        }


# ---------------------------------------------------------------------------------------- reading files

def read_lines(name: str, data: bytes) -> list[str]:
    """The document's text as lines; ``ActionError`` on ``file`` for anything that is not a plan."""
    name = (name or "").lower()
    if not data or not data.strip():
        raise ActionError(EMPTY, field="file")
    if len(data) > MAX_BYTES:
        raise ActionError(_("文件过大（不超过10MB）"), field="file")
    if data[:4] == b"PK\x03\x04":
        lines = _docx_lines(data)
    elif name.endswith((".docx", ".doc", ".pdf", ".xls", ".xlsx", ".png", ".jpg", ".jpeg", ".zip", ".wps")) \
            or data[:4] in (b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG") or data[:3] == b"\xff\xd8\xff" \
            or b"\x00" in data[:4096]:
        raise ActionError(NOT_A_DOCUMENT, field="file")
    else:
        lines = _decode(data).splitlines()
    text = "".join(lines)
    if not text.strip():
        raise ActionError(EMPTY, field="file")
    _check_not_garbled(text)
    return lines


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _check_not_garbled(text: str):
    visible = [c for c in text if not c.isspace()]
    if not visible:
        raise ActionError(EMPTY, field="file")
    cjk = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
    bad = sum(1 for c in visible if c in "\ufffd□" or (0xe000 <= ord(c) <= 0xf8ff))
    if cjk < 4 or cjk < len(visible) * 0.15 or bad > len(visible) * 0.1:
        raise ActionError(GARBLED, field="file")


def _docx_lines(data: bytes) -> list[str]:
    from gonghui.core.spreadsheet import Refused, check_zip

    try:
        check_zip(io.BytesIO(data), invalid=NOT_A_DOCUMENT)  # a zip bomb is refused before python-docx unpacks it
    except Refused as exc:
        raise ActionError(exc.problems[0].message, field="file") from None
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception):  # noqa: BLE001 - any unreadable package
        raise ActionError(NOT_A_DOCUMENT, field="file") from None
    numbering = _Numbering(document)
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(block, document)
            lines.append(numbering.label(paragraph) + paragraph.text)
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(block, document).rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append("\t".join(dict.fromkeys(c for c in cells if c)))
    return lines


class _Numbering:
    """The text Word shows for automatic numbering (一、 (一) 1. …), which python-docx does not give."""

    def __init__(self, document):
        self.formats, self.counters = {}, {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        root = part.element
        abstract = {}
        for a in root.findall("w:abstractNum", ns):
            levels = {}
            for lvl in a.findall("w:lvl", ns):
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                levels[int(lvl.get(f"{{{ns['w']}}}ilvl"))] = (
                    fmt.get(f"{{{ns['w']}}}val") if fmt is not None else "decimal",
                    text.get(f"{{{ns['w']}}}val") if text is not None else "%1.")
            abstract[a.get(f"{{{ns['w']}}}abstractNumId")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            if ref is not None:
                self.formats[num.get(f"{{{ns['w']}}}numId")] = abstract.get(ref.get(f"{{{ns['w']}}}val"), {})

    def label(self, paragraph):
        num_pr = _num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        levels = self.formats.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0
        fmt, text = levels[ilvl]
        for i in range(ilvl + 1):
            f = levels.get(i, ("decimal", ""))[0]
            text = text.replace(f"%{i + 1}", _format_number(counts[i], f if i < ilvl else fmt))
        return text


def _num_pr(paragraph):
    """The paragraph's numbering, its own or its style's (Word's "List Number" style numbers by style)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return spr.numPr
        style = style.base_style
    return None


def _format_number(n, fmt):
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return to_chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "none":
        return ""
    return str(n)


def to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def from_chinese(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百 → 100, 元 → 1; digits as digits."""
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    if text == "百":
        return 100
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# ---------------------------------------------------------------------------------------- parsing

def clean(line: str) -> str:
    """Markdown and web-copy debris removed, full-width digits made ASCII."""
    s = line.translate(_WIDE).replace("\u3000", " ").strip()
    s = re.sub(r"^#{1,6}\s*", "", s)
    s = re.sub(r"^[-*+>]\s+", "", s)
    s = re.sub(r"\\([_*#`\-\[\]()])", r"\1", s)
    s = s.replace("**", "").replace("`", "")
    return s.strip()


def heading_of(text: str):
    """(level, label, title) when ``text`` is a heading line, else None."""
    m = PART_RE.match(text)
    if m:
        return 0, m.group("label"), m.group("title").strip(" ：:")
    m = PART_SUFFIX_RE.match(text)
    if m and len(text) <= 30:
        return 0, m.group("label"), m.group("title").strip(" ：:")
    for level, pattern in HEADINGS:
        m = pattern.match(text)
        if m:
            return level, re.sub(r"\s+", "", m.group("label")), m.group("title").strip()
    return None


def _split_title(text: str) -> tuple[str, str]:
    """A heading's title, and the body when a numbered paragraph runs on after its first sentence."""
    text = text.strip()
    if len(text) <= 40:
        return text.rstrip("。；;"), ""
    depth, clause_end = 0, None
    for i, ch in enumerate(text):
        if ch in "《“（(「【\"":
            depth += 1
        elif ch in "》”）)」】" and depth:
            depth -= 1
        elif depth == 0 and ch in "。；;！!？?":
            if i <= 60:
                return text[:i], text[i + 1:].strip()
            break
        elif depth == 0 and ch in "，,：:" and i <= 60:
            clause_end = i
    if clause_end:
        # Cut where a clause ends, never inside a word or a 《title》: the rest stays as the body.
        return text[:clause_end], text[clause_end + 1:].strip()
    return text, ""


def _month(value: str) -> int | None:
    return from_chinese(value)


def parse_text(text: str, metrics=None) -> ParsedPlan:
    return parse_lines(text.splitlines(), metrics)


def parse_file(name: str, data: bytes, metrics=None) -> ParsedPlan:
    return parse_lines(read_lines(name, data), metrics)


def _label_number(label: str) -> int | None:
    m = re.search(r"\d+", label)
    if m:
        return int(m.group())
    if label and label[0] in CIRCLED:
        return CIRCLED.index(label[0]) + 1
    return from_chinese(re.sub(r"[^零〇一二两三四五六七八九十百]", "", label) or "x")


def parse_lines(raw_lines: list[str], metrics=None) -> ParsedPlan:
    """The plan's structure from its lines (numbered from 1 as in the file). Every non-empty line ends up
    as the title, a heading or body line of the outline (``line`` / ``lines``), a task (``line``, and its
    month heading's ``month_line``), a target, or in ``unparsed`` with the reason."""
    plan = ParsedPlan()
    stack: list[Node] = []
    part: int | None = None
    schedule_month: int | None = None     # inside a "三月份" block
    schedule_level: int | None = None     # the level of the heading that holds the schedule
    month = {"line": None, "tasks": 0, "item_level": None}
    prev = ""
    mapper = MetricMapper(metrics)
    first_text_seen = False

    def current_section():
        return f"{stack[-1].label}{stack[-1].title}" if stack else ""

    def add_body(text, lineno):
        if stack:
            stack[-1].body.append(text)
            stack[-1].lines.append(lineno)
            return True
        plan.preamble.append(text)
        return False

    def close_month():
        if month["line"] is not None and not month["tasks"]:
            plan.unparsed.append(Unparsed(month["line"], clean(raw_lines[month["line"] - 1]),
                                          _("月份标题下没有列出任务"), part))
        month.update(line=None, tasks=0, item_level=None)

    def month_task(text, lineno, value):
        if _add_tasks_and_targets(plan, mapper, text, lineno, part, current_section(), value, month["line"]):
            month["tasks"] += 1

    for lineno, raw in enumerate(raw_lines, start=1):
        text = clean(raw)
        if not text:
            continue
        if not first_text_seen:
            first_text_seen = True
            if ("计划" in text or "要点" in text or "安排" in text) and len(text) <= 40 and not heading_of(text):
                plan.title = re.sub(r"[（(][^）)]*篇[)）]$", "", text).strip()
                plan.title_line = lineno
                prev = text
                continue

        # A line that continues a sentence broken across lines ("…获一、" / "二、三等奖…") is body.
        continuation = prev.endswith(("、", "，", ",", "（", "(", "“")) and not MONTH_HEADING_RE.match(text)

        # "3-4月份", "4.3-4月份", "1。", "□一、": numbering the parser cannot read with confidence.
        odd = None if continuation else (
            _("跨月或序号不清的月份标题，未生成任务，请手动指定月份") if MONTH_RANGE_RE.match(text) else
            _("含无法识别的字符（如□），未作为标题或任务") if UNREADABLE_RE.match(text) or re.match(r"^[□■◆●○]", text) else
            _("序号格式不规范（应为“1.”或“1、”），未作为标题或任务") if ODD_LABEL_RE.match(text) else None)
        if odd:
            if MONTH_RANGE_RE.match(text):
                close_month()
                schedule_month = None
            add_body(text, lineno)
            plan.unparsed.append(Unparsed(lineno, text, odd, part))
            _targets(plan, mapper, text, lineno, part)
            prev = text
            continue

        heading = None if continuation else heading_of(text)

        month_heading = None if continuation else MONTH_HEADING_RE.match(text)
        if month_heading and not (heading and heading[0] in (1, 2)):
            value = _month(month_heading.group("month"))
            rest = (month_heading.group("rest") or "").strip()
            close_month()
            if value is None or not 1 <= value <= 12:
                plan.unparsed.append(Unparsed(lineno, text, _("月份应为1至12"), part))
                schedule_month = None
            elif rest:
                # "九月：组织中秋慰问" is one task; it does not open a month block.
                _add_tasks_and_targets(plan, mapper, rest, lineno, part, current_section(), value)
                schedule_month = None
            else:
                schedule_month = value
                schedule_level = stack[-1].level if stack else 0
                month["line"] = lineno
            prev = text
            continue

        if heading:
            level, label, title = heading
            inside_schedule = schedule_month is not None and level >= 3 and (
                schedule_level is None or level > schedule_level or level == month["item_level"]
                or _label_number(label) == 1)
            if inside_schedule:
                if schedule_level is not None and level <= schedule_level:
                    # The month heading came after a numbered list ("1. … 2. … 三月份 1. …"): the list
                    # that starts again under it is the month's, and the earlier list is closed.
                    while stack and stack[-1].level >= level:
                        stack.pop()
                    schedule_level = stack[-1].level if stack else 0
                month["item_level"] = level
                month_task(title, lineno, schedule_month)
                prev = text
                continue
            close_month()
            schedule_month = None
            if level == 0:
                # "工会工作计划篇二" then "第一篇：单位工会工作计划": the second names the first.
                if stack and stack[0].level == 0 and len(stack) == 1 and not stack[0].body \
                        and not stack[0].children and stack[0].line >= lineno - 3:
                    stack[0].title = title or stack[0].title
                    stack[0].lines.append(lineno)
                    plan.parts[-1]["title"] = stack[0].title
                    prev = text
                    continue
                part = len(plan.parts)
                node = Node(0, label, title, lineno, part=part)
                plan.parts.append({"index": part, "label": label, "title": title, "line": lineno})
                plan.outline.append(node)
                stack = [node]
                prev = text
                continue
            title, rest = _split_title(title)
            node = Node(level, label, title, lineno, part=part)
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else plan.outline).append(node)
            stack.append(node)
            if rest:
                node.body.append(rest)
            if "指导思想" in title:
                guiding = rest or title.split("指导思想", 1)[1].lstrip("：: 是")
                if guiding:
                    _set_guiding(plan, part, guiding)
            _classify_content(plan, mapper, text, lineno, part, current_section(), schedule_month=None,
                              is_heading=True)
            prev = text
            continue

        # Body text.
        in_outline = add_body(text, lineno)
        guiding_used = False
        if stack and "指导思想" in stack[-1].title and len(stack[-1].body) == 1:
            _set_guiding(plan, part, text)
        elif "指导思想" in text[:40] and len(text) > 20:
            guiding_used = _set_guiding(plan, part,
                                        re.split(r"指导思想(?:是)?[：:]?", text, maxsplit=1)[-1].strip() or text)
        if not in_outline and not guiding_used:
            plan.unparsed.append(Unparsed(lineno, text, _("第一个标题之前的文字（前言），未作为条目导入"), part))
        if schedule_month is not None and not continuation:
            # A plain line inside a month block is one more task of that month.
            month_task(text, lineno, schedule_month)
        else:
            _classify_content(plan, mapper, text, lineno, part, current_section(), schedule_month=None,
                              reported=not in_outline and not guiding_used)
        prev = text

    close_month()
    if not plan.guiding_thought and plan.guiding_by_part:
        plan.guiding_thought = next(iter(plan.guiding_by_part.values()))
    if not plan.title and plan.parts:
        plan.title = plan.parts[0]["title"]
    return plan


def _set_guiding(plan, part, text):
    key = -1 if part is None else part
    if key not in plan.guiding_by_part:
        plan.guiding_by_part[key] = text.strip()
        if not plan.guiding_thought:
            plan.guiding_thought = text.strip()
        return True
    return False


def _add_tasks_and_targets(plan, mapper, text, lineno, part, section, month, month_line=None) -> bool:
    """One task of ``month`` (or of the month the text starts with); False when the line is reported instead."""
    if UNREADABLE_RE.search(text):
        plan.unparsed.append(Unparsed(lineno, text, _("含无法识别的字符（如□），未作为标题或任务"), part))
        return False
    own = MONTH_START_RE.match(text)
    if own:
        value = _month(own.group("month"))
        if value is None or not 1 <= value <= 12:
            plan.unparsed.append(Unparsed(lineno, text, _("月份应为1至12"), part))
            return False
        month = value
    plan.tasks.append(TaskCandidate(text[:300], month, lineno, section, part, month_line))
    _targets(plan, mapper, text, lineno, part)
    return True


def _classify_content(plan, mapper, text, lineno, part, section, schedule_month=None, is_heading=False,
                      reported=False):
    """Tasks from sentences that start with a month, targets, and what is not understood."""
    _targets(plan, mapper, text, lineno, part)
    body = heading_of(text)[2] if is_heading else text
    if DATE_ONLY_RE.match(body):
        plan.unparsed.append(Unparsed(lineno, text, _("单独的日期行（落款或活动时间），未作为任务"), part))
        return
    found_month = False
    for sentence in re.split(r"(?<=[。；;！？])|，(?=(?:\S{0,6}年)?(?:元|十[一二]|[一二三四五六七八九十]|\d{1,2})月)", body):
        sentence = sentence.strip()
        if not sentence:
            continue
        m = MONTH_START_RE.match(sentence)
        if m:
            value = _month(m.group("month"))
            if value is None or not 1 <= value <= 12:
                plan.unparsed.append(Unparsed(lineno, sentence, _("月份应为1至12"), part))
            else:
                plan.tasks.append(TaskCandidate(sentence.rstrip("。；;")[:300], value, lineno, section, part))
            found_month = True
    if reported:
        return
    if HOLIDAY_RE.search(body) and not found_month and not ANY_MONTH_RE.search(body):
        plan.unparsed.append(Unparsed(lineno, text, _("寒假/暑假未写明月份，未生成任务"), part))
        return
    if UNREADABLE_RE.search(body):
        plan.unparsed.append(Unparsed(lineno, text, _("含无法识别的字符"), part))
    elif not is_heading and len(body) <= 30 and not re.search(r"[。；;！？：:，,]", body):
        plan.unparsed.append(Unparsed(lineno, text, _("无法归类的短行（可能是表格内容或无序号的小标题）"), part))


def _decimal(value: str) -> Decimal | None:
    value = value.replace("。", ".")
    if not value[0].isdigit():
        n = from_chinese(value)
        return Decimal(n) if n is not None else None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _sentence_at(text, pos):
    start = 0
    for piece in SENTENCE_SPLIT_RE.split(text):
        if start <= pos < start + len(piece):
            return piece.strip()
        start += len(piece)
    return text.strip()


def _clause_at(text, pos):
    start = 0
    for piece in CLAUSE_SPLIT_RE.split(text):
        if start <= pos < start + len(piece):
            return piece, pos - start
        start += len(piece)
    return text, pos


def _targets(plan, mapper, text, lineno, part):
    taken: list[tuple[int, int]] = []

    def free(span):
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    def add(match, number, comparator, unit, per_member=False, frequency=""):
        if number is None or not free(match.span()):
            return
        taken.append(match.span())
        before = text[:match.start()]
        if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
            return                   # "“十个一”竞赛", "《…30条》": a name, not a figure

        sentence = _sentence_at(text, match.start())
        clause, at = _clause_at(text, match.start())
        subject = re.sub(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑳])\s*", "", clause.strip(" ，,。；;：:"))
        cand = TargetCandidate(sentence, plain_number(number), comparator, unit, lineno, per_member=per_member,
                               part=part, frequency=frequency, subject=subject[:120])
        if unit == "%" and not (0 <= number <= 100):
            cand.problem = _("百分比应在0至100之间")
        mapper.assign(cand, clause, at)
        plan.targets.append(cand)

    def qualifier(match):
        """"500万元以上企业", "100人以上的单位": the figure describes a noun, it is no target."""
        after = text[match.end():]
        if match.group("post") == "以上" and QUALIFIER_AFTER_RE.match(after) and not after.startswith(QUALIFIER_OK):
            taken.append(match.span())
            return True
        return False

    for m in FREQUENCY_RE.finditer(text):
        add(m, _decimal(m.group("num")), "gte", m.group("unit"), frequency=m.group("period"))
    for m in PERCENT_RE.finditer(text):
        if not (m.group("pre") or m.group("post") or m.group("num") == "100"):
            continue
        lte = m.group("pre") in ("控制在", "不超过", "低于") or m.group("post") in ("以下", "以内")
        add(m, _decimal(m.group("num")), "lte" if lte else "gte", "%")
    for m in PERCENT_WORDS_RE.finditer(text):
        add(m, _decimal(m.group("num")), "gte", "%")
    for m in PER_MEMBER_RE.finditer(text):
        add(m, _decimal(m.group("num")), "gte", m.group("unit"), per_member=True)
    for m in COUNT_RE.finditer(text):
        number, unit = _decimal(m.group("num")), m.group("unit")
        if number is None or qualifier(m):
            continue
        number, unit = _scaled(number, m.group("scale"), unit)
        add(m, number, "gte", unit)
    for m in COUNT_ABOVE_RE.finditer(text):
        if not free(m.span()) or qualifier(m):
            continue
        number, unit = _scaled(_decimal(m.group("num")), m.group("scale"), m.group("unit"))
        add(m, number, "gte", unit)


def plain_number(number: Decimal) -> str:
    """3 → "3", 7000 → "7000", 92.50 → "92.5" (never "7E+3")."""
    text = format(number.normalize(), "f")
    return text


def _scaled(number, scale, unit):
    if number is None:
        return None, unit
    if unit == "万元":
        number, unit = number * 10000, "元"
    if scale == "万":
        number *= 10000
    elif scale == "千":
        number *= 1000
    return number, ("人" if unit == "名" else unit)


class MetricMapper:
    """Chooses the metric a target measures — only when the metric measures what the clause says: the same
    unit (a count of 项 is not a 场, a % is not a count; 场 and 次 are both occasions), a word of the metric
    (its ``keywords``, its label, ``SYNONYMS``) in the clause the number stands in, and for a percentage
    the same rate ("建制率" is not "覆盖面"). Otherwise the candidate stays a manual target."""

    OCCASIONS = {"场", "次"}

    def __init__(self, metrics=None):
        if metrics is None:
            from gonghui.core.metrics import all_metrics

            metrics = all_metrics()
        self.metrics = list(metrics)

    def words(self, metric):
        with translation.override(settings.LANGUAGE_CODE):  # the metric's Chinese name is a keyword too
            label = str(metric.label)
        return {w for w in (*metric.keywords, label, *SYNONYMS.get(metric.code, ())) if w}

    def compatible(self, metric, cand):
        if cand.frequency:
            return False
        if cand.per_member or metric.per_member:
            return cand.per_member and metric.per_member and cand.unit == metric.unit
        if cand.unit == "%" or metric.unit == "%":
            return cand.unit == metric.unit
        if cand.unit == metric.unit:
            return True
        return cand.unit in self.OCCASIONS and metric.unit in self.OCCASIONS

    def assign(self, cand, clause=None, at=None):
        clause = cand.sentence if clause is None else clause
        rate = None
        if cand.unit == "%":
            rates = RATE_NOUN_RE.findall(clause[:at] if at is not None else clause)
            if not rates:
                return
            rate = rates[-1][-2:]        # "满意率", "参与面": the measure the percentage is of
        best, score = None, 0
        for metric in self.metrics:
            if not self.compatible(metric, cand):
                continue
            for word in self.words(metric):
                if word not in clause or (rate and not word.endswith(rate)):
                    continue
                if len(word) > score:
                    best, score = metric, len(word)
        if best:
            cand.metric, cand.metric_label, cand.manual = best.code, str(best.label), False


def title_with_year(title: str, year) -> str:
    """The plan's own year in its title, not the year the document was written for: "某校2023年工会工作计划"
    imported as a 2026 plan is "某校2026年工会工作计划" ("20xx年" placeholders too)."""
    if not title or not year:
        return title or ""
    return TITLE_YEAR_RE.sub(f"{year}年", title, count=1)


def to_json(parsed: ParsedPlan) -> dict:
    return parsed.as_dict()
