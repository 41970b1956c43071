"""The downloadable template of the payroll-withholding import (代扣名单), built like the roster's
(``members.xlsx_template``): the columns ``dues.payroll`` reads, with a "填写说明" sheet.

It has no example row: the import reads every row under the header as a deduction.
"""
from gonghui.members.xlsx_template import Column, template_workbook

from .payroll import LABELS

SHEET = "代扣名单"
COLUMNS = [
    Column("id_number", False, "18位居民身份证号，最后一位可以是X。与“会员编号”至少填一项。请保持本列为“文本”格式，"
           "否则Excel会把号码变成科学计数法并丢掉后几位。", label=LABELS["id_number"], width=22, text_format=True,
           example="110101199003070011"),
    Column("member_no", False, "本工会的会员编号，如 G01-000123；与“身份证号”至少填一项。", label=LABELS["member_no"],
           width=14, text_format=True, example="G01-000123"),
    Column("name", False, "可不填；填写时须与会员名册上的姓名一致，用来核对。", label=LABELS["name"], width=10,
           example="张三"),
    Column("amount", True, "本月从工资中代扣的会费（元），最多两位小数；与会费表应缴金额不同时会提醒，"
           "并按实扣金额记为已缴。", label=LABELS["amount"], width=12, example="22.80"),
    Column("month", True, "会费所属月份，写成 2026-03（也可用 2026/3、2026年3月）；一个文件只能是同一个月。",
           label=LABELS["month"], width=10, text_format=True, example="2026-03"),
]
NOTES = [
    "1. 在“代扣名单”工作表中每行填写一名会员的代扣记录，第一行是列名，请勿修改列名；不用的列（如会员编号）可以删除。",
    "2. 每行须有“身份证号”或“会员编号”之一，以及“扣缴金额”和“月份”。",
    "3. 一个文件只能是同一个月的代扣；须先生成该月的会费表。",
    "4. 请不要使用公式和合并单元格；从工资系统导出后请“粘贴为数值”。",
    "5. 任何一行有错误时整个文件都不会导入；系统会列出每个问题（第几行、哪一列、原因），改正后重新上传即可。",
    "6. 同一文件或同月同批次号只能导入一次；可先勾选“只校验，不写入”试一遍。",
]


def payroll_template() -> bytes:
    return template_workbook(COLUMNS, sheet=SHEET, title="工资代扣会费导入说明", notes=NOTES, example=False)
