"""The roster import (members.importing): reading, every bad-input case, modes, and the annotated copy."""
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.core.models import AuditEntry, Job
from gonghui.members import importing
from gonghui.members.importing import Problem
from gonghui.members.models import Member, Status

from .conftest import IDS
from .fixtures.rosters import HEADER, as_rows, id_number, person, person_id, write_csv, write_xlsx


def run(user, org, path, **kwargs):
    return importing.run_import(user, org, path, **kwargs)


def only_problem(result):
    assert not result.ok and len(result.problems) == 1, result.problems
    return result.problems[0]


# ---- reading ----

def test_a_valid_xlsx_creates_every_member_with_numbers_dues_and_audit_rows(tree, users, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1), person(2, 入会日期=datetime.date(2016, 3, 1))]))
    result = run(users.chair, tree.school, path)
    assert (result.ok, result.created, result.updated, result.rows) == (True, 2, 0, 2)
    first, second = Member.objects.order_by("id")
    assert (first.name, first.id_number, first.phone, first.member_no) == ("会员乙一", person_id(1),
                                                                          "13900000001", "SCH-000001")
    assert first.birth_date == datetime.date(1985, 3, 15) and first.sex == "M" and first.union == tree.school
    assert second.join_date == datetime.date(2016, 3, 1) and second.sex == "F"
    entries = AuditEntry.objects.filter(object_type="members.member", action="create")
    assert entries.count() == 2 and all(e.actor == users.chair for e in entries)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_files_in_utf8_with_or_without_bom_and_in_gbk_are_read(tree, users, tmp_path, encoding):
    path = write_csv(tmp_path / "r.csv", as_rows([person(1), person(2)]), encoding=encoding)
    result = run(users.chair, tree.school, path)
    assert result.ok and result.created == 2
    assert set(Member.objects.values_list("name", flat=True)) == {"会员乙一", "会员丙一"}


def test_common_header_variants_and_a_title_row_above_the_header_are_accepted(tree, users, tmp_path):
    rows = [["第一中学工会会员名册"],
            ["姓名", "公民身份号码", "联系电话", "文化程度", "参加工作时间", "工资基数", "入会时间", "所在小组", "岗位/职务"],
            ["王强", IDS["wang"], "13812345678", "本科", "2010-07-01", "4567", "2011-01-01", "语文一组", "教师"]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.ok, result.problems
    m = Member.objects.get()
    assert (m.education, m.hire_date, m.wage_base, m.join_date, m.org, m.post) == (
        "bachelor", datetime.date(2010, 7, 1), Decimal("4567.00"), datetime.date(2011, 1, 1), tree.g1, "教师")


def test_unknown_headers_are_listed_as_warnings_and_ignored(tree, users, tmp_path):
    rows = as_rows([person(1, 备注="老会员")], HEADER + ["备注"])
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.ok and result.created == 1
    assert result.warnings == [Problem(1, "备注", "无法识别的列，已忽略")]


# ---- bad files ----

def assert_refused(result, message):
    assert only_problem(result) == Problem(0, "", message)
    assert not Member.objects.exists()


def test_a_file_that_is_not_excel_or_csv_is_refused_by_its_content(tree, users, tmp_path):
    png = tmp_path / "roster.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert_refused(run(users.chair, tree.school, png), "文件不是有效的Excel(.xlsx)或CSV文件")
    other_zip = tmp_path / "roster2.xlsx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert_refused(run(users.chair, tree.school, other_zip), "文件不是有效的Excel(.xlsx)或CSV文件")


def test_an_old_binary_xls_file_is_asked_to_be_saved_as_xlsx(tree, users, tmp_path):
    xls = tmp_path / "roster.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert_refused(run(users.chair, tree.school, xls),
                   "这是旧版Excel(.xls)文件或加了密码的工作簿，请在Excel中“另存为”Excel工作簿(.xlsx)、不设密码后再导入")


def test_an_empty_file_and_a_file_without_data_rows_are_refused(tree, users, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert_refused(run(users.chair, tree.school, empty), "文件是空的")
    assert_refused(run(users.chair, tree.school, write_xlsx(tmp_path / "h.xlsx", [HEADER, [], []])),
                   "没有数据：表头下面没有会员记录")


def test_missing_required_headers_are_named_in_one_error(tree, users, tmp_path):
    rows = [["姓名", "手机号", "民族"], ["王强", "13812345678", "汉族"]]
    assert_refused(run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows)), "缺少必需的列：身份证号")


def test_a_sheet_without_a_header_row_is_refused(tree, users, tmp_path):
    rows = [["王强", IDS["wang"], "13812345678"]]
    assert_refused(run(users.chair, tree.school, write_csv(tmp_path / "r.csv", rows)),
                   "找不到表头：第一行应为列名（如 姓名、身份证号），请使用导入模板")


def test_a_column_given_twice_is_refused(tree, users, tmp_path):
    rows = [["姓名", "身份证号", "身份证号码"], ["王强", IDS["wang"], IDS["wang"]]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert only_problem(result) == Problem(1, "身份证号码", "与“身份证号”列重复，请只保留一列")


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tree, users, tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_BYTES = 1024 * 1024
    path = write_csv(tmp_path / "big.csv", as_rows([person(1)] * 20000))
    result = run(users.chair, tree.school, path)
    assert only_problem(result).message.startswith("文件太大（")
    assert "上限为 1 MB" in only_problem(result).message
    assert not Member.objects.exists()


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(tree, users, tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_ROWS = 3
    path = write_csv(tmp_path / "r.csv", as_rows([person(n) for n in range(1, 5)]))
    assert_refused(run(users.chair, tree.school, path), "行数太多（4行），每次最多导入3行；请分成几个文件导入")


def test_a_formula_cell_in_xlsx_is_refused_naming_its_row_and_column(tree, users, tmp_path):
    rows = as_rows([person(1), person(2)])
    rows[2][4] = "=TODAY()"
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert only_problem(result) == Problem(3, "入会日期", "不能使用公式，请粘贴为数值")
    assert str(result.problems[0]) == "第3行 入会日期: 不能使用公式，请粘贴为数值"
    assert not Member.objects.exists()


def test_a_formula_in_a_csv_cell_is_refused(tree, users, tmp_path):
    rows = as_rows([person(1, 姓名="=HYPERLINK(\"x\")")])
    result = run(users.chair, tree.school, write_csv(tmp_path / "r.csv", rows))
    assert only_problem(result) == Problem(2, "姓名", "不能使用公式，请粘贴为数值")


def test_merged_cells_in_the_data_area_are_refused_naming_the_range(tree, users, tmp_path):
    rows = as_rows([person(1), person(2)])
    path = write_xlsx(tmp_path / "r.xlsx", rows, setup=lambda ws: ws.merge_cells("D2:D3"))
    result = run(users.chair, tree.school, path)
    assert only_problem(result) == Problem(2, "用工形式", "合并单元格D2:D3，请取消合并后逐格填写")
    assert not Member.objects.exists()


def test_a_merged_title_above_the_header_is_fine(tree, users, tmp_path):
    rows = [["会员名册"]] + as_rows([person(1)])
    path = write_xlsx(tmp_path / "r.xlsx", rows, setup=lambda ws: ws.merge_cells("A1:E1"))
    assert run(users.chair, tree.school, path).created == 1


def test_an_id_number_stored_as_a_number_asks_for_a_text_column(tree, users, tmp_path):
    rows = as_rows([person(1)])
    rows[1][1] = int(IDS["wang"])
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    message = "身份证号被Excel当成了数字，后几位已经丢失；请把本列设置为“文本”格式后重新填写身份证号"
    assert only_problem(result) == Problem(2, "身份证号", message)
    rows[1][1] = "1.10101E+17"
    result = run(users.chair, tree.school, write_csv(tmp_path / "r.csv", rows))
    assert only_problem(result) == Problem(2, "身份证号", message)


# ---- rows ----

def test_every_problem_of_every_row_is_reported_and_nothing_is_written(tree, users, tmp_path):
    future = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%Y%m%d")
    bad_check = IDS["wang"][:-1] + ("1" if IDS["wang"][-1] != "1" else "2")
    header = HEADER + ["出生日期", "性别"]
    people = [
        person(1),
        person(2, 身份证号=bad_check),
        person(3, 身份证号=id_number(birth=future, seq=3), 手机号="12345"),
        person(4, 出生日期="1999-01-01", 性别="男"),
        person(5, 用工形式="临时工", 入会日期="2099-01-01"),
    ]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", as_rows(people, header)))
    assert not result.ok and result.rows == 5
    assert [str(p) for p in result.problems] == [
        "第3行 身份证号: 校验位不正确",
        f"第4行 身份证号: 出生日期{future[:4]}-{future[4:6]}-{future[6:]}晚于今天",
        "第4行 手机号: 应为11位手机号码",
        "第5行 性别: 与身份证号不符（身份证号显示为女）",
        "第5行 出生日期: 与身份证号不符（身份证号显示为1985-03-15）",
        "第6行 用工形式: “临时工”不是可选值（可选：合同制、编制内、劳务派遣、农民工、灵活就业、非全日制、退休返聘、其他）",
        "第6行 入会日期: 不能晚于今天",
    ]
    assert not Member.objects.exists() and not AuditEntry.objects.filter(object_type="members.member").exists()


def test_duplicates_inside_the_file_are_reported_against_the_first_row(tree, users, tmp_path):
    header = HEADER + ["会员编号"]
    people = [person(1, 会员编号="A1"), person(2, 会员编号="A2"), person(1, 会员编号="A3"),
              person(3, 会员编号="A2")]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", as_rows(people, header)))
    assert result.problems == [Problem(4, "身份证号", "与第2行的身份证号重复"),
                               Problem(5, "会员编号", "与第3行的会员编号重复")]
    assert not Member.objects.exists()


def test_an_id_number_already_registered_is_an_error_naming_only_a_visible_union(tree, users, members,
                                                                                  tmp_path):
    before = Member.objects.count()
    rows = [["姓名", "身份证号"], ["王强", IDS["wang"]], ["刘洋", IDS["liu"]]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.problems == [Problem(2, "身份证号", "该身份证号已登记为会员（第一中学工会）"),
                               Problem(3, "身份证号", "该身份证号不能新登记为会员：请通过会员转会（组织关系转接）办理")]
    assert Member.objects.count() == before


def test_a_member_number_already_used_in_the_union_is_an_error(tree, users, members, tmp_path):
    rows = as_rows([person(1, 会员编号=members.wang.member_no)], HEADER + ["会员编号"])
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert only_problem(result) == Problem(2, "会员编号", f"会员编号“{members.wang.member_no}”在本工会已被使用")


def test_new_members_get_numbers_after_the_unions_existing_ones_skipping_numbers_in_the_file(tree, users,
                                                                                           members, tmp_path):
    rows = as_rows([person(1), person(2, 会员编号="SCH-000005"), person(3)], HEADER + ["会员编号"])
    assert run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows)).ok
    numbers = list(Member.objects.filter(union=tree.school).order_by("id").values_list("member_no", flat=True))
    assert numbers == [f"SCH-00000{n}" for n in (1, 2, 3, 4, 5, 6)]


def test_an_unknown_area_code_is_a_warning_that_does_not_block(tree, users, tmp_path):
    odd = id_number(area="990101", seq=7)
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", as_rows([person(7, 身份证号=odd)])))
    assert result.ok and result.created == 1
    assert result.warnings == [Problem(2, "身份证号", "地区码990101不在任何时期的行政区划代码表中，请核实")]


def test_the_templates_example_row_is_skipped_with_a_warning(tree, users, tmp_path):
    from gonghui.members.xlsx_template import EXAMPLE_ROW, HEADERS

    rows = [HEADERS, EXAMPLE_ROW, [person(1).get(h, "") for h in HEADERS]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.ok and result.created == 1 and result.rows == 1
    assert result.warnings == [Problem(2, "", "这是模板中的示例行，已跳过")]


# ---- organisations and scope ----

def test_the_organisation_column_takes_codes_or_names_under_the_target(tree, users, tmp_path):
    header = HEADER + ["所在组织"]
    people = [person(1, 所在组织="SCH-G1"), person(2, 所在组织="数学组分工会"), person(3)]
    assert run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", as_rows(people, header))).ok
    orgs = dict(Member.objects.values_list("id_number", "org__code"))
    assert [orgs[person_id(n)] for n in (1, 2, 3)] == ["SCH-G1", "SCH-B2", "SCH"]


def test_an_organisation_outside_the_target_is_reported_without_saying_whether_it_exists(tree, users, tmp_path):
    header = HEADER + ["所在组织"]
    people = [person(1, 所在组织="装配车间小组"), person(2, 所在组织="没有这个组")]
    result = run(users.chair, tree.b1, write_xlsx(tmp_path / "r.xlsx", as_rows(people, header)))
    assert result.problems == [Problem(2, "所在组织", "“装配车间小组”不在“语文组分工会”之下"),
                               Problem(3, "所在组织", "“没有这个组”不在“语文组分工会”之下")]
    assert not Member.objects.exists()


def test_the_target_must_hold_members_and_be_in_the_users_edit_scope(tree, users, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1)]))
    assert_refused(run(users.federation, tree.town, path),
                   "会员只能导入到基层工会、分工会或工会小组，“城关镇总工会”是乡镇街道总工会")
    assert_refused(run(users.outsider, tree.school, path), "无权向“第一中学工会”导入会员")
    assert_refused(run(users.finance, tree.school, path), "无权向“第一中学工会”导入会员")


# ---- update mode and dry run ----

def test_update_mode_updates_members_found_by_id_and_creates_the_rest(tree, users, members, tmp_path):
    header = ["姓名", "身份证号", "手机号", "岗位", "所在组织", "会籍状态"]
    rows = [header, ["", IDS["wang"], "13600000000", "", "SCH-B2", "在籍"], ["新人", person_id(9), "", "工人", "", ""]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows), update=True)
    assert (result.ok, result.created, result.updated) == (True, 1, 1), result.problems
    wang = Member.objects.get(pk=members.wang.pk)
    assert (wang.name, wang.phone, wang.org, wang.wage_base) == ("王强", "13600000000", tree.b2, Decimal("4567.00"))
    assert AuditEntry.objects.filter(object_id=wang.pk, action="update").exists()
    assert Member.objects.get(name="新人").post == "工人"


def test_update_mode_refuses_a_member_outside_the_users_scope_without_details(tree, users, members, tmp_path):
    rows = [["姓名", "身份证号", "手机号"], ["刘洋", IDS["liu"], "13600000000"]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows), update=True)
    assert only_problem(result) == Problem(2, "身份证号", "该身份证号已在其他工会登记，无权更新")
    assert Member.objects.get(pk=members.liu.pk).phone == "13700002222"


def test_update_mode_does_not_change_the_membership_status(tree, users, members, tmp_path):
    rows = [["姓名", "身份证号", "会籍状态"], ["王强", IDS["wang"], "保留会籍"]]
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows), update=True)
    assert only_problem(result) == Problem(
        2, "会籍状态", "会籍状态不能通过导入修改（当前为“在籍”）；保留会籍、终止、转出请在会员页面办理")
    assert Member.objects.get(pk=members.wang.pk).status == Status.ACTIVE


def test_a_dry_run_counts_what_would_change_and_writes_nothing(tree, users, members, tmp_path):
    rows = [["姓名", "身份证号"], ["王强", IDS["wang"]], ["新人", person_id(9)]]
    before = Member.objects.count()
    result = run(users.chair, tree.school, write_xlsx(tmp_path / "r.xlsx", rows), update=True, dry_run=True)
    assert (result.ok, result.dry_run, result.created, result.updated) == (True, True, 1, 1)
    assert Member.objects.count() == before and not Member.objects.filter(name="新人").exists()


# ---- the write phase ----

def test_the_write_phase_uses_the_same_number_of_queries_for_few_and_many_rows(tree, users, tmp_path,
                                                                              django_assert_max_num_queries):
    few = write_xlsx(tmp_path / "few.xlsx", as_rows([person(n) for n in range(1, 4)]))
    many = write_xlsx(tmp_path / "many.xlsx", as_rows([person(n) for n in range(11, 36)]))
    with CaptureQueriesContext(connection) as small:
        assert run(users.chair, tree.school, few).created == 3
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert run(users.chair, tree.school, many).created == 25


def test_progress_is_reported_for_each_phase(tree, users, tmp_path):
    calls = []
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1), person(2)]))
    run(users.chair, tree.school, path, progress=lambda done, total=None, phase=None: calls.append((phase, done)))
    assert [c[0] for c in calls][0] == "读取文件"
    assert ("校验", 2) in calls and ("写入", 2) in calls


# ---- the annotated copy ----

def test_the_annotated_copy_marks_problem_cells_and_explains_each_bad_row(tree, users, tmp_path):
    rows = as_rows([person(1), person(2, 手机号="12345"), person(1)])
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    result = run(users.chair, tree.school, path)
    wb = load_workbook(io.BytesIO(importing.annotated_copy(path, result.problems, result.warnings)))
    ws = wb["会员名单"]
    assert ws["C3"].fill.fgColor.rgb.endswith("FFC7CE") and "应为11位手机号码" in ws["C3"].comment.text
    assert ws["B4"].fill.fgColor.rgb.endswith("FFC7CE") and ws["B4"].comment.text == "与第2行的身份证号重复"
    assert ws["A2"].fill.fgColor.rgb in (None, "00000000") and ws["F2"].value is None
    assert ws["F1"].value == "错误说明" and ws["F3"].value == "手机号: 应为11位手机号码"
    listing = [tuple(r) for r in wb["错误说明"].iter_rows(min_row=2, values_only=True)]
    assert listing == [(3, "手机号", "应为11位手机号码", "错误"), (4, "身份证号", "与第2行的身份证号重复", "错误")]


def test_the_annotated_copy_of_a_csv_is_an_xlsx_keeping_text_as_text(tree, users, tmp_path):
    rows = as_rows([person(1, 姓名="=1+1")])
    path = write_csv(tmp_path / "r.csv", rows, encoding="gbk")
    result = run(users.chair, tree.school, path)
    ws = load_workbook(io.BytesIO(importing.annotated_copy(path, result.problems, result.warnings))).active
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["B2"].value == person_id(1) and ws["F2"].value == "姓名: 不能使用公式，请粘贴为数值"


# ---- as a job ----

def test_an_import_job_keeps_the_result_and_an_annotated_copy_when_there_are_problems(tree, users, tmp_path,
                                                                                      settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core import jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    bad = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1), person(2, 手机号="123")]))
    job = importing.start_import_job(users.chair, tree.school,
                                     SimpleUploadedFile("名单.xlsx", bad.read_bytes()))
    assert job.status == Job.Status.DONE and job.kind == "import_members"
    assert job.result["ok"] is False and job.result["problem_count"] == 1
    assert job.result["problems"] == [{"row": 3, "column": "手机号", "message": "应为11位手机号码"}]
    assert job.params["filename"] == "名单.xlsx" and jobs.media_path(job.output_file).exists()
    good = write_xlsx(tmp_path / "r2.xlsx", as_rows([person(1)]))
    job = importing.start_import_job(users.chair, tree.school, SimpleUploadedFile("名单.xlsx", good.read_bytes()))
    assert job.result["ok"] and job.result["created"] == 1 and job.output_file == ""
    assert not jobs.media_path(job.input_file).exists()  # the roster is not kept once imported
