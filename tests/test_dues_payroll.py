"""Importing the employer's payroll-deduction batch (dues.payroll.run_import)."""
import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from gonghui.core.models import AuditEntry
from gonghui.dues import actions, payroll
from gonghui.dues.models import DuesBatch, DuesItem, DuesRoll
from gonghui.ledger.models import Voucher

from .conftest import IDS

TODAY = datetime.date(2026, 4, 10)
HEAD = ["身份证号", "姓名", "扣缴金额", "月份"]


def xlsx(tmp_path, rows, head=HEAD, name="batch.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.fixture
def roll(users, members, tree):
    return actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll


def run(users, tree, path, **kwargs):
    return payroll.run_import(users.finance, tree.school, path, today=TODAY, **kwargs)


def test_a_batch_marks_the_lines_paid_and_books_a_draft_receipt(users, tree, roll, tmp_path):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"], [IDS["zhang"], "张敏", 15, "2026年3月"]])
    result = run(users, tree, path, batch_no="2026-03-A")
    assert result.ok and result.paid == 2 and result.total == Decimal("37.80"), result.problems
    paid = DuesItem.objects.filter(roll=roll, status="paid")
    assert sorted(paid.values_list("member__name", flat=True)) == ["张敏", "王强"]
    roll.refresh_from_db()
    assert roll.total_paid == Decimal("37.80") and roll.paid_heads == 2
    voucher = Voucher.objects.get(source_ref=f"dues:SCH:{result.batch.pk}")
    assert voucher.status == "draft" and voucher.source == "dues" and voucher.union == tree.school
    assert {(line.account.code, line.debit, line.credit) for line in voucher.lines.all()} == {
        ("102", Decimal("37.80"), Decimal("0.00")), ("401", Decimal("0.00"), Decimal("37.80"))}
    assert AuditEntry.objects.filter(object_type="dues.duesbatch", action="dues_batch").count() == 1


def test_members_may_be_matched_by_member_number(users, tree, roll, members, tmp_path):
    path = xlsx(tmp_path, [[members.wang.member_no, "王强", "22.80", "2026-03"]], head=["会员编号", "姓名", "扣缴金额", "月份"])
    assert run(users, tree, path).paid == 1


def test_importing_the_same_file_again_changes_nothing_and_says_so(users, tree, roll, tmp_path):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]])
    assert run(users, tree, path).ok
    again = run(users, tree, path)
    assert not again.ok and again.duplicate and "已于" in str(again.problems[0]) and "未做任何更改" in str(again.problems[0])
    assert DuesBatch.objects.count() == 1 and Voucher.objects.filter(source="dues").count() == 1


def test_the_same_batch_number_for_the_same_month_is_refused(users, tree, roll, tmp_path):
    first = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]], name="a.xlsx")
    second = xlsx(tmp_path, [[IDS["zhang"], "张敏", "15.00", "2026-03"]], name="b.xlsx")
    assert run(users, tree, first, batch_no="B1").ok
    result = run(users, tree, second, batch_no="B1")
    assert result.duplicate and DuesItem.objects.filter(status="paid").count() == 1


def test_an_amount_that_differs_from_the_roll_is_reported_on_its_row(users, tree, roll, tmp_path):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "20.00", "2026-03"]])
    result = run(users, tree, path)
    assert result.ok and [str(w) for w in result.warnings] == [
        "第2行 扣缴金额: 扣缴20.00元与会费表应缴22.80元不符（差-2.80元），按实际扣缴记为已缴"]
    assert DuesItem.objects.get(member__name="王强").paid_amount == Decimal("20.00")


def test_one_bad_row_means_nothing_is_written(users, tree, roll, tmp_path):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"], [IDS["liu"], "刘洋", "22.80", "2026-03"],
                           [IDS["zhang"], "张三", "15.00", "2026-03"], [IDS["zhao"], "赵丽", "-1", "2026-03"],
                           [IDS["wang"], "王强", "22.80", "2026-03"]])
    result = run(users, tree, path)
    assert [str(p) for p in result.problems] == [
        "第3行 身份证号: 本工会没有该身份证号的会员",
        "第4行 姓名: 与登记的姓名“张敏”不符",
        "第5行 扣缴金额: 须大于0",
        "第6行 身份证号: 与第2行是同一会员",
    ]
    assert not result.ok and not DuesBatch.objects.exists() and not DuesItem.objects.filter(status="paid").exists()
    assert not Voucher.objects.exists()


def test_rows_of_another_month_or_a_month_without_a_roll_are_refused(users, tree, roll, tmp_path):
    mixed = run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"],
                                            [IDS["zhang"], "张敏", "15.00", "2026-02"]], name="m.xlsx"))
    assert "第3行 月份: 与第2行的月份（2026年3月）不同" in str(mixed.problems[0])
    missing = run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-02"]], name="n.xlsx"))
    assert str(missing.problems[0]) == "2026年2月的会费表还没有生成，请先生成会费表"
    future = run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-05"]], name="f.xlsx"))
    assert "第2行 月份: 2026年5月还没有到" in str(future.problems[0])


def test_a_line_already_paid_or_exempt_cannot_be_paid_again(users, tree, roll, members, tmp_path):
    from gonghui.members import actions as member_actions

    assert run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]], name="a.xlsx"),
               batch_no="A").ok
    member_actions.retire(users.chair, members.zhao)
    actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY)
    result = run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"],
                                             [IDS["zhao"], "赵丽", "22.80", "2026-03"]], name="b.xlsx"))
    assert [str(p) for p in result.problems] == [
        "第2行 身份证号: 该会员2026年3月的会费已在代扣批次A中缴纳",
        "第3行 扣缴金额: 该会员2026年3月免缴（保留会籍），不应扣缴",
    ]


def test_a_csv_file_is_read_like_the_roster(users, tree, roll, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_bytes(("身份证号,姓名,扣缴金额,月份\n" + f"{IDS['wang']},王强,22.80,2026-03\n").encode("gb18030"))
    assert run(users, tree, path).paid == 1


def test_a_file_without_the_columns_is_refused(users, tree, roll, tmp_path):
    result = run(users, tree, xlsx(tmp_path, [["王强", "22.80"]], head=["姓名", "金额"]))
    assert "找不到表头" in str(result.problems[0])


def test_only_the_unions_finance_officer_imports(users, tree, roll, tmp_path):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]])
    result = payroll.run_import(users.chair, tree.school, path, today=TODAY)
    assert not result.ok and "无权" in str(result.problems[0])
    branch = payroll.run_import(users.finance, tree.b1, path, today=TODAY)
    assert "会费按基层工会收缴" in str(branch.problems[0])


def test_the_import_is_a_bounded_number_of_queries(users, tree, roll, tmp_path, django_assert_max_num_queries):
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"], [IDS["zhang"], "张敏", "15", "2026-03"]])
    with django_assert_max_num_queries(40):
        assert run(users, tree, path).ok
    assert DuesRoll.objects.get().paid_heads == 2


def test_an_id_number_that_excel_turned_into_a_number_is_explained(users, tree, roll, tmp_path):
    result = run(users, tree, xlsx(tmp_path, [[int(IDS["wang"]), "王强", "22.80", "2026-03"]]))
    assert "第2行 身份证号: 身份证号被Excel当成了数字" in str(result.problems[0])


def test_a_union_that_collects_through_payroll_sees_the_next_months_batch_waiting_in_the_inbox(users, tree, roll, tmp_path):
    from gonghui.core import inbox

    source = inbox.get("dues.batches_to_import")
    today = datetime.date(2026, 5, 10)
    assert source.rows(users.finance, today).count() == 0  # no batch ever: the union does not collect by payroll
    assert run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]])).ok
    april = actions.run_roll(users.finance, tree.school, "2026-04", today=today).roll
    assert [r.pk for r in source.rows(users.finance, today)] == [april.pk]  # March has its batch
    item = source.item(source.rows(users.finance, today)[0])
    assert item.title == "2026年4月代扣名单待导入" and item.url.endswith("/dues/import/?org=SCH")
    assert source.rows(users.outsider, today).count() == 0
    assert run(users, tree, xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-04"]], name="april.xlsx")).ok
    assert source.rows(users.finance, today).count() == 0
