"""Roster export (members.exporting) and the import template: masking, layout, round trip, queries."""
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.members import actions, exporting, importing
from gonghui.members.models import Member
from gonghui.members.xlsx_template import HEADERS

from .conftest import IDS, member_data
from .fixtures.rosters import id_number


def export(user, source):
    out = io.BytesIO()
    count = exporting.export_members(user, source, out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    return count, rows[0], {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


def test_the_export_has_the_template_headers_and_clear_personal_data_for_the_chair(tree, users, members):
    count, header, rows = export(users.chair, {})
    assert count == 3 and list(header) == HEADERS
    wang = rows["王强"]
    assert (wang["身份证号"], wang["手机号"], wang["会费缴纳基数"]) == (IDS["wang"], "13812345678", 4567)
    assert (wang["性别"], wang["用工形式"], wang["所在组织"], wang["会籍状态"]) == ("男", "合同制", "语文一组", "在籍")
    assert wang["会员编号"] == members.wang.member_no and wang["出生日期"].date().isoformat() == "1980-01-01"


def test_a_finance_officer_gets_masked_id_and_phone_but_the_wage_base(tree, users, members):
    _count, _header, rows = export(users.finance, {})
    wang = rows["王强"]
    assert (wang["身份证号"], wang["手机号"], wang["会费缴纳基数"]) == ("110***********0010", "138****5678", 4567)


def test_a_group_leader_sees_everything_masked_and_only_their_group(tree, users, members):
    count, _header, rows = export(users.leader, {})
    assert count == 1 and rows["王强"]["会费缴纳基数"] == "****" and rows["王强"]["身份证号"].startswith("110***")


def test_filters_and_querysets_are_limited_to_the_users_scope(tree, users, members):
    assert export(users.chair, {"org": "SCH-B1"})[0] == 1
    assert export(users.outsider, {"org": "SCH"})[0] == 0  # a forged filter finds nothing
    assert export(users.outsider, Member.objects.all())[2].keys() == {"刘洋"}


def test_an_export_imports_again_unchanged(tree, users, members, tmp_path):
    path = tmp_path / "export.xlsx"
    exporting.export_members(users.chair, {}, path)
    before = {m.id_number: (m.name, m.phone, m.wage_base, m.org_id, m.member_no, m.join_date)
              for m in Member.objects.filter(union=tree.school)}
    for m in Member.objects.filter(union=tree.school):
        actions.delete_member(users.chair, m)
    result = importing.run_import(users.chair, tree.school, path)
    assert result.ok and result.created == 3, result.problems
    after = {m.id_number: (m.name, m.phone, m.wage_base, m.org_id, m.member_no, m.join_date)
             for m in Member.objects.filter(union=tree.school)}
    assert after == before
    updated = importing.run_import(users.chair, tree.school, path, update=True)
    assert (updated.ok, updated.created, updated.updated) == (True, 0, 3)


def test_the_export_runs_a_fixed_number_of_queries_whatever_the_row_count(tree, users, members):
    fresh = type(users.chair).objects.get  # a new user object per run: the same per-request lookups each time
    with CaptureQueriesContext(connection) as few:
        export(fresh(pk=users.chair.pk), {})
    for n in range(6):
        actions.create_member(users.chair, org=tree.b2, data=member_data(
            "wang", id_number=id_number(birth="19700101", seq=n + 1), name=f"会员{'甲乙丙丁戊己'[n]}"))
    with CaptureQueriesContext(connection) as many:
        assert export(fresh(pk=users.chair.pk), {})[0] == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_template_has_dropdowns_a_text_id_column_and_instructions(tree, users, tmp_path):
    wb = load_workbook(io.BytesIO(exporting.template_workbook()))
    assert wb.sheetnames[:2] == ["会员名单", "填写说明"] and wb["可选值"].sheet_state == "hidden"
    ws = wb["会员名单"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.column_dimensions["C"].number_format == "@"
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert ranges["B2"] == "=可选值!$B$2:$B$3"  # 性别: 男、女
    assert {"F2", "G2", "H2", "I2", "Q2"} <= ranges.keys()
    help_text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "身份证号" in help_text and "2024-01-31" in help_text and "大学本科" in help_text
    path = tmp_path / "template.xlsx"
    path.write_bytes(exporting.template_workbook())
    result = importing.run_import(users.chair, tree.school, path)
    assert result.problems == [importing.Problem(0, "", "没有数据：表头下面没有会员记录")]


def test_decimal_wage_bases_keep_their_fen(tree, users, members):
    actions.update_member(users.chair, members.zhao, {"wage_base": "3210.55"})
    assert export(users.chair, {})[2]["赵丽"]["会费缴纳基数"] == float(Decimal("3210.55"))
