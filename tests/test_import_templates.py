"""The payroll-withholding import has a downloadable template (.xlsx with a 填写说明 sheet), built the same
way as the roster's (members.xlsx_template), linked from the import page and offered by the API."""
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook
from rest_framework.test import APIClient

from gonghui.dues import actions, payroll
from gonghui.dues.models import DuesItem
from gonghui.dues.payroll_template import COLUMNS, payroll_template
from gonghui.members import exporting

from .conftest import IDS, login

TODAY = datetime.date(2026, 4, 10)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(data):
    return load_workbook(io.BytesIO(data))


def test_the_import_page_links_the_template_and_it_downloads_as_xlsx(client, users):
    client = login(client, users.finance)
    page = client.get("/finance/dues/import/?org=SCH").content.decode()
    assert 'href="/finance/dues/import/template.xlsx"' in page
    response = client.get("/finance/dues/import/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "dues-payroll-template.xlsx" in response["Content-Disposition"]
    wb = workbook(response.content)
    assert wb.sheetnames[:2] == ["代扣名单", "填写说明"]
    assert [c.value for c in wb["代扣名单"][1]] == ["身份证号", "会员编号", "姓名", "扣缴金额", "月份"]
    assert wb["代扣名单"].max_row == 1  # no example row: the import would read it as a deduction


def test_the_instructions_sheet_explains_every_column(client, users):
    wb = workbook(payroll_template())
    help_text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "工资代扣会费导入说明" in help_text
    for column in COLUMNS:
        assert column.header in help_text and column.help in help_text
    assert "至少填一项" in help_text and "必填" in help_text
    sheet = wb["代扣名单"]
    assert sheet.column_dimensions["A"].number_format == "@"  # ID numbers stay text in Excel
    assert sheet["D1"].comment is not None and "必填" in sheet["D1"].comment.text


def test_a_filled_template_imports(users, members, tree, tmp_path):
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    wb = workbook(payroll_template())
    ws = wb["代扣名单"]
    ws.append([IDS["wang"], None, "王强", "22.80", "2026-03"])
    ws.append([None, members.zhang.member_no, "张敏", "15", "2026-03"])
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    result = payroll.run_import(users.finance, tree.school, path, batch_no="T1", today=TODAY)
    assert result.ok and result.paid == 2 and result.total == Decimal("37.80"), result.problems
    assert DuesItem.objects.filter(roll=roll, status="paid").count() == 2


def test_the_api_offers_the_same_template(users):
    client = APIClient()
    client.force_login(users.finance)
    response = client.get("/api/finance/dues/batches/import-template/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert workbook(response.content).sheetnames[:2] == ["代扣名单", "填写说明"]


def test_the_roster_template_is_unchanged_by_the_shared_builder():
    wb = workbook(exporting.template_workbook())
    assert wb.sheetnames[:2] == ["会员名单", "填写说明"]
    assert wb["会员名单"]["A1"].value == "姓名" and wb["会员名单"]["A2"].value == "张三"
    assert wb["填写说明"]["A1"].value == "会员名单导入说明"
