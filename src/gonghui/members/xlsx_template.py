"""The roster sheet layout shared by the import, the export and the downloadable template.

``COLUMNS`` is the one list of columns: the export writes exactly these headers, the template offers
them with dropdowns and a "填写说明" sheet, and the import maps them (and common variants, ``ALIASES``)
back to member fields, so an export can be imported again.

``template_workbook`` also builds the templates of other imports (``dues.payroll_template``): give it
their columns (``Column`` with ``label``), sheet name, title and notes.
"""
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import ETHNICITIES, Education, EmploymentForm, PoliticalStatus, Sex
from .validation import IMPORTABLE_STATUS, LABELS

ROSTER_SHEET = "会员名单"
HELP_SHEET = "填写说明"
LISTS_SHEET = "可选值"


@dataclass(frozen=True)
class Column:
    field: str
    required: bool
    help: str
    choices: tuple = ()
    aliases: tuple = ()
    width: int = 12
    text_format: bool = False  # Excel must keep the column as text (long digit strings, leading zeros)
    example: str = ""
    label: str = ""  # the header, for columns that are not member fields (other imports' templates)

    @property
    def header(self):
        return self.label or LABELS[self.field]


COLUMNS = [
    Column("name", True, "会员姓名，汉字或字母，最多50个字。", width=10, example="张三"),
    Column("sex", False, "可不填：由身份证号推出；填写时须与身份证号一致。", tuple(Sex.labels), width=6,
           example="男"),
    Column("id_number", True, "18位居民身份证号，最后一位可以是X。请保持本列为“文本”格式，"
           "否则Excel会把号码变成科学计数法并丢掉后几位。", aliases=("身份证号码", "公民身份号码", "身份证"),
           width=22, text_format=True, example="110101199003070011"),
    Column("birth_date", False, "可不填：由身份证号推出；填写时须与身份证号一致。", width=12),
    Column("phone", False, "11位手机号码。", aliases=("手机号码", "联系电话", "手机", "电话"), width=14,
           text_format=True, example="13800138000"),
    Column("ethnicity", False, "五十六个民族之一，如“汉族”；可省略“族”字。不填为汉族。", tuple(ETHNICITIES),
           width=8, example="汉族"),
    Column("political_status", False, "不填为群众。", tuple(PoliticalStatus.labels), width=12, example="群众"),
    Column("education", False, "最高学历。", tuple(Education.labels), aliases=("文化程度",), width=12,
           example="大学本科"),
    Column("employment_form", False, "不填为合同制。", tuple(EmploymentForm.labels), width=10, example="合同制"),
    Column("post", False, "岗位或职务，最多50个字。", aliases=("职务", "岗位/职务", "岗位职务"), width=12,
           example="教师"),
    Column("hire_date", False, "进入本单位的日期。", aliases=("参加工作时间", "参加工作日期", "入职时间"), width=12,
           example="2015-09-01"),
    Column("wage_base", False, "每月会费缴纳基数（元），最多两位小数；月会费按其0.5%计算（不足10元部分不计）。",
           aliases=("工资基数", "缴费基数", "会费基数"), width=12, example="4567.00"),
    Column("join_date", False, "加入工会的日期；不填为导入当天。", aliases=("入会时间",), width=12,
           example="2015-09-01"),
    Column("member_no", False, "本工会内唯一；不填则按顺序自动编号。", width=10, text_format=True),
    Column("card_no", False, "会员证上的号码。", width=12, text_format=True),
    Column("org", False, "填写本工会下的分工会或工会小组的组织代码或完整名称；不填则登记在导入时选择的组织。",
           aliases=("所在小组", "分工会", "所在分工会", "工会小组"), width=16),
    Column("status", False, "新登记只能是“在籍”或“保留会籍”，不填为在籍。按身份证号更新已有会员时，"
           "本列须与现状一致（状态变更请在会员页面办理）。", tuple(IMPORTABLE_STATUS), aliases=("状态",), width=10,
           example="在籍"),
]
BY_FIELD = {c.field: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]
EXAMPLE_ROW = [c.example for c in COLUMNS]
DATE_FORMAT_HELP = "日期写成 2024-01-31（也可用 2024/1/31、2024.1.31、20240131、2024年1月31日，或Excel日期格式）。"


def normalise_header(value) -> str:
    """A header as people write it → a lookup key: no spaces, no '*' marks, no notes in brackets."""
    text = re.sub(r"\s+", "", str(value or ""))
    text = re.sub(r"[（(【\[].*?[）)】\]]", "", text)
    return text.strip("*＊:：")


ALIASES = {normalise_header(c.header): c.field for c in COLUMNS}
ALIASES.update({normalise_header(a): c.field for c in COLUMNS for a in c.aliases})


def field_for_header(value) -> str | None:
    return ALIASES.get(normalise_header(value))


ROSTER_NOTES = [
    "1. 在“会员名单”工作表中每行填写一名会员，第一行是列名，请勿修改列名；不用的列可以删除。",
    "2. 第2行是示例（灰色斜体），导入时会自动跳过，也可以直接删除。",
    "3. “姓名”和“身份证号”必须填写，其他列可以不填。",
    f"4. {DATE_FORMAT_HELP}",
    "5. 请不要使用公式和合并单元格；从其他表格复制时请“粘贴为数值”。",
    "6. 任何一行有错误时整个文件都不会导入；系统会列出每个问题（第几行、哪一列、原因），"
    "并可下载标注了错误的文件，改正后重新上传即可。",
    "7. 选择“按身份证号更新”时，已登记的会员按身份证号匹配并更新，表中留空的格子不会覆盖原有内容。",
]


def template_workbook(columns=COLUMNS, *, sheet=ROSTER_SHEET, title="会员名单导入说明", notes=ROSTER_NOTES,
                      example=True) -> bytes:
    """A downloadable import template: headers, an example row (when the import skips it), dropdowns and
    a "填写说明" sheet listing every column."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([c.header for c in columns])
    if example:
        ws.append([c.example for c in columns])
    ws.freeze_panes = "A2"
    bold, required_font = Font(bold=True), Font(bold=True, color="C00000")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(color="808080", italic=True)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index)
        cell.font = required_font if column.required else bold
        cell.fill = header_fill
        cell.comment = Comment(("必填。" if column.required else "") + column.help, "Gonghui")
        if example:
            ws.cell(row=2, column=index).font = example_font
        ws.column_dimensions[letter].width = column.width
        if column.text_format:
            ws.column_dimensions[letter].number_format = "@"
            if example:
                ws.cell(row=2, column=index).number_format = "@"
        if column.choices:
            lists.cell(row=1, column=index, value=column.header)
            for n, choice in enumerate(column.choices, start=2):
                lists.cell(row=n, column=index, value=choice)
            source = f"{LISTS_SHEET}!${letter}$2:${letter}${len(column.choices) + 1}"
            rule = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=True,
                                  errorTitle="不是可选值", error=f"请从下拉列表中选择{column.header}")
            rule.add(f"{letter}2:{letter}100001")
            ws.add_data_validation(rule)
    _help_sheet(wb.create_sheet(HELP_SHEET, 1), columns, title, notes)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _help_sheet(ws, columns, title, notes):
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    for line in notes:
        ws.append([line])
    ws.append([])
    ws.append(["列名", "是否必填", "说明", "可选值"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column in columns:
        names = column.header + (f"（也可写作：{'、'.join(column.aliases)}）" if column.aliases else "")
        ws.append([names, "必填" if column.required else "选填", column.help, "、".join(column.choices)])
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 50
