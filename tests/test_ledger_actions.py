"""Voucher actions: validation with Chinese messages naming line and column, the four-eyes workflow,
reversal, periods, attachments — and nothing half-written when refused."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.ledger import actions, queries
from gonghui.ledger.models import Attachment, Period, Voucher, VoucherLine

from .walk_ext.ledger import book, line

MARCH = datetime.date(2026, 3, 5)


def dues(users, tree, **kw):
    args = dict(union=tree.school, date=MARCH, summary="收3月会费",
                lines=[line("102", "2280.00"), line("401", credit="2280.00")])
    args.update(kw)
    return actions.create_voucher(users.finance, **args)


def messages(exc):
    return [m for ms in exc.value.message_dict.values() for m in ms]


def nothing_written():
    return not Voucher.all_objects.exists() and not VoucherLine.objects.exists()


# ---- creating ----

def test_a_voucher_is_created_as_a_numbered_draft_with_its_lines_and_an_audit_entry(tree, users):
    v = dues(users, tree)
    assert (v.status, v.label, v.total_debit, v.prepared_by) == ("draft", "记-2026-0001", D("2280"), users.finance)
    assert [(ln.account.code, ln.debit, ln.credit) for ln in v.lines.order_by("line_no")] == [
        ("102", D("2280"), 0), ("401", 0, D("2280"))]
    assert AuditEntry.objects.filter(action="voucher_create", object_id=v.pk).exists()
    assert dues(users, tree).label == "记-2026-0002"


def test_numbers_restart_each_year_per_union(tree, users):
    dues(users, tree)
    v = dues(users, tree, date=datetime.date(2027, 1, 5))
    assert v.label == "记-2027-0001"


def test_an_unbalanced_voucher_is_refused_with_both_totals_and_nothing_is_written(tree, users):
    with pytest.raises(ActionError) as exc:
        dues(users, tree, lines=[line("102", "2280.00"), line("401", credit="2208.00")])
    assert messages(exc) == ["借贷不平衡：借方合计 2,280.00，贷方合计 2,208.00，相差 72.00"]
    assert nothing_written()


@pytest.mark.parametrize("lines, expected", [
    ([line("102", "-5.00"), line("401", credit="-5.00")], "第1行 借方金额: 金额不能为负数（更正已记账的凭证请作红字冲销）"),
    ([line("102", "100.00"), line("401", "0")], "第2行 借方金额: 借方金额或贷方金额须填写一个大于零的金额"),
    ([line("102", "100.00", credit="100.00"), line("401", credit="100.00")], "第1行 贷方金额: 一行只能填写借方或贷方之一"),
    ([line("102", "1.005"), line("401", credit="1.005")], "第1行 借方金额: 金额最多保留两位小数（分）"),
    ([line("102", "100"), {"account": "401", "credit": "一百"}], "第2行 贷方金额: “一百”不是金额"),
    ([line("999", "100"), line("401", credit="100")], "第1行 科目: 科目“999”不存在"),
    ([line("501", "100"), line("102", credit="100")], "第1行 科目: “501 职工活动支出”有明细科目，请选择明细科目"),
    ([line("", "100"), line("102", credit="100")], "第1行 科目: 请选择科目"),
    ([line("102", "100")], "凭证至少需要两行分录（一借一贷）"),
])
def test_bad_lines_are_refused_naming_the_line_and_the_column(tree, users, lines, expected):
    with pytest.raises(ActionError) as exc:
        dues(users, tree, lines=lines)
    assert expected in messages(exc)
    assert nothing_written()


def test_blank_form_rows_are_skipped_but_line_numbers_follow_the_form(tree, users):
    with pytest.raises(ActionError) as exc:
        dues(users, tree, lines=[line("102", "100"), {"account": "", "debit": "", "credit": ""},
                                 line("401", "0")])
    assert "第3行 借方金额: 借方金额或贷方金额须填写一个大于零的金额" in messages(exc)


def test_amounts_may_be_typed_as_text_with_thousands_separators(tree, users):
    v = dues(users, tree, lines=[{"account": "102", "debit": "1,234.50"}, {"account": "401", "credit": "1234.5元"}])
    assert v.total_debit == D("1234.50")


def test_header_errors_name_their_fields(tree, users):
    with pytest.raises(ActionError) as exc:
        dues(users, tree, date="2026-02-30", summary=" ", category="102")
    errors = exc.value.message_dict
    assert errors["date"] == ["“2026-02-30”不是存在的日期"]
    assert errors["summary"] == ["请填写摘要"]
    assert errors["category"] == ["支出类别“102”不是支出科目"]


def test_a_member_of_another_union_cannot_be_named_on_a_line(tree, users, members):
    with pytest.raises(ActionError) as exc:
        dues(users, tree, lines=[line("50105", "100", member=members.liu), line("102", credit="100")])
    assert messages(exc) == ["第1行 会员: 该会员不属于第一中学工会"]


def test_the_same_source_is_booked_only_once(tree, users):
    first = dues(users, tree, source="dues", source_ref="dues:SCH:2026-03")
    with pytest.raises(ActionError) as exc:
        dues(users, tree, source="dues", source_ref="dues:SCH:2026-03")
    assert messages(exc) == [f"“dues:SCH:2026-03”已入账（凭证{first.label}），不能重复记账"]
    assert Voucher.objects.count() == 1


def test_a_deleted_draft_frees_its_source_reference(tree, users):
    first = dues(users, tree, source_ref="dues:SCH:2026-03")
    actions.delete_voucher(users.finance, first)
    assert dues(users, tree, source_ref="dues:SCH:2026-03").number == 2


def test_only_book_keepers_of_the_union_prepare_vouchers(tree, users):
    for user in (users.chair, users.auditor, users.outsider, users.officer):
        with pytest.raises(PermissionDenied):
            actions.create_voucher(
                user, union=tree.school, date=MARCH, summary="x", lines=[line("102", "1"), line("401", credit="1")])
    assert nothing_written()


def test_books_are_kept_by_grassroots_unions_only(tree, admin_user):
    with pytest.raises(ActionError) as exc:
        actions.create_voucher(admin_user, union=tree.b1, date=MARCH, summary="x",
                               lines=[line("102", "1"), line("401", credit="1")])
    assert "账簿属于基层工会" in messages(exc)[0]


# ---- the workflow ----

def test_a_voucher_is_reviewed_approved_and_posted_by_different_people(tree, users):
    v = book(users.finance, users.auditor, users.chair, tree.school, MARCH, "会费",
             [line("102", "10"), line("401", credit="10")])
    v.refresh_from_db()
    assert (v.status, v.reviewed_by, v.approved_by, v.posted_by) == ("posted", users.auditor, users.chair,
                                                                     users.finance)
    assert all(v.lines.values_list("posted", flat=True))


def test_the_preparer_cannot_review_their_own_voucher(tree, users, admin_user):
    v = actions.create_voucher(admin_user, union=tree.school, date=MARCH, summary="x",
                               lines=[line("102", "1"), line("401", credit="1")])
    with pytest.raises(ActionError) as exc:
        actions.review_voucher(admin_user, v)
    assert messages(exc) == ["审核人不能是制单人"]


def test_the_reviewer_cannot_also_approve(tree, users, admin_user):
    v = dues(users, tree)
    actions.review_voucher(admin_user, v)
    with pytest.raises(ActionError) as exc:
        actions.approve_voucher(admin_user, v)
    assert messages(exc) == ["批准人不能是审核人"]


def test_steps_happen_in_order(tree, users):
    v = dues(users, tree)
    with pytest.raises(ActionError):
        actions.approve_voucher(users.chair, v)
    with pytest.raises(ActionError) as exc:
        actions.post_voucher(users.finance, v)
    assert "只有已批准的凭证可以记账" in messages(exc)[0]


def test_an_approved_voucher_cannot_be_edited(tree, users):
    v = dues(users, tree)
    actions.review_voucher(users.auditor, v)
    actions.approve_voucher(users.chair, v)
    with pytest.raises(ActionError) as exc:
        actions.update_voucher(users.finance, v, summary="改")
    assert messages(exc) == ["已审核的凭证不能修改，请作红字冲销"]
    v.refresh_from_db()
    assert v.summary == "收3月会费"


def test_a_draft_is_edited_and_its_lines_replaced(tree, users):
    v = dues(users, tree)
    actions.update_voucher(users.finance, v, summary="收3月会费（补）",
                           lines=[line("101", "50"), line("401", credit="50")])
    v.refresh_from_db()
    assert v.summary == "收3月会费（补）" and v.total_debit == D("50")
    assert sorted(v.lines.values_list("account__code", flat=True)) == ["101", "401"]
    assert AuditEntry.objects.get(action="voucher_update").changes["lines"] == [
        "102 借 2280.00；401 贷 2280.00", "101 借 50.00；401 贷 50.00"]


def test_a_refused_edit_leaves_the_draft_as_it_was(tree, users):
    v = dues(users, tree)
    with pytest.raises(ActionError):
        actions.update_voucher(users.finance, v, lines=[line("101", "50"), line("401", credit="40")])
    assert v.lines.count() == 2 and Voucher.objects.get().total_debit == D("2280")


def test_a_returned_voucher_goes_back_to_draft_with_the_reason_audited(tree, users):
    v = dues(users, tree)
    actions.review_voucher(users.auditor, v)
    actions.return_voucher(users.chair, v, reason="附件不全")
    v.refresh_from_db()
    assert v.status == "draft" and v.reviewed_by is None
    assert AuditEntry.objects.get(action="voucher_return").note == "附件不全"


# ---- reversal ----

def test_a_posted_voucher_is_corrected_by_a_reversing_voucher_with_swapped_lines(tree, users):
    v = book(users.finance, users.auditor, users.chair, tree.school, MARCH, "收3月会费",
             [line("102", "2280"), line("401", credit="2280")])
    r = actions.reverse_voucher(users.finance, v, date=datetime.date(2026, 3, 31), reason="金额有误")
    assert (r.status, r.reverses, r.summary) == ("draft", v, "冲销记-2026-0001：金额有误")
    assert [(ln.account.code, ln.debit, ln.credit) for ln in r.lines.order_by("line_no")] == [
        ("102", 0, D("2280")), ("401", D("2280"), 0)]
    actions.review_voucher(users.auditor, r)
    actions.approve_voucher(users.chair, r)
    actions.post_voucher(users.finance, r)
    assert queries.balances(tree.school, end=datetime.date(2026, 3, 31))["102"].net == 0


def test_a_voucher_is_reversed_only_once(tree, users):
    v = book(users.finance, users.auditor, users.chair, tree.school, MARCH, "x",
             [line("102", "1"), line("401", credit="1")])
    actions.reverse_voucher(users.finance, v, date=MARCH, reason="错")
    with pytest.raises(ActionError) as exc:
        actions.reverse_voucher(users.finance, v, date=MARCH, reason="错")
    assert "已入账" in messages(exc)[0]


def test_a_draft_is_not_reversed(tree, users):
    with pytest.raises(ActionError) as exc:
        actions.reverse_voucher(users.finance, dues(users, tree), date=MARCH, reason="x")
    assert messages(exc) == ["只有已记账的凭证需要冲销；未记账的凭证请退回后修改或删除"]


# ---- periods ----

def test_a_month_with_unposted_vouchers_cannot_be_closed(tree, users):
    v = dues(users, tree)
    with pytest.raises(ActionError) as exc:
        actions.close_period(users.finance, tree.school, 2026, 3)
    assert messages(exc) == [f"2026年3月还有未记账的凭证：{v.label}"]


def test_nothing_is_entered_or_posted_into_a_closed_period(tree, users):
    book(users.finance, users.auditor, users.chair, tree.school, MARCH, "x",
         [line("102", "1"), line("401", credit="1")])
    late = dues(users, tree, date=datetime.date(2026, 4, 1))
    actions.close_period(users.finance, tree.school, 2026, 3)
    with pytest.raises(ActionError) as exc:
        dues(users, tree)
    assert exc.value.message_dict["date"] == ["2026年3月已结账，不能再录入或记账；如需更正请在未结账期间作红字冲销"]
    with pytest.raises(ActionError):
        actions.update_voucher(users.finance, late, date=MARCH)
    assert Voucher.objects.count() == 2


def test_posting_into_a_period_closed_meanwhile_is_refused(tree, users, admin_user):
    v = dues(users, tree)
    actions.review_voucher(users.auditor, v)
    actions.approve_voucher(users.chair, v)
    Period.objects.filter(union=tree.school, year=2026, month=3).update(status="closed")
    with pytest.raises(ActionError) as exc:
        actions.post_voucher(users.finance, v)
    assert "2026年3月已结账" in messages(exc)[0]
    assert not VoucherLine.objects.filter(posted=True).exists()


def test_months_are_closed_in_order(tree, users):
    dues(users, tree, date=datetime.date(2026, 2, 1))
    with pytest.raises(ActionError) as exc:
        actions.close_period(users.finance, tree.school, 2026, 3)
    assert messages(exc) == ["请先结账2026年2月"]


def test_only_an_administrator_reopens_a_period_and_gives_a_reason(tree, users, admin_user):
    actions.close_period(users.auditor, tree.school, 2026, 3)
    with pytest.raises(PermissionDenied):
        actions.reopen_period(users.chair, tree.school, 2026, 3, reason="更正")
    with pytest.raises(ActionError):
        actions.reopen_period(admin_user, tree.school, 2026, 3, reason="")
    period = actions.reopen_period(admin_user, tree.school, 2026, 3, reason="审计调整")
    assert period.status == "open"
    assert AuditEntry.objects.get(action="period_reopen").note == "审计调整"


# ---- attachments ----

def test_a_scanned_receipt_is_attached_and_audited(tree, users):
    v = dues(users, tree)
    a = actions.add_attachment(users.finance, v, SimpleUploadedFile("发票 3月.PDF", b"%PDF-1.4 x",
                                                                     content_type="application/pdf"))
    assert (a.name, a.size, a.uploaded_by) == ("发票 3月.PDF", 10, users.finance)
    assert a.file.name.startswith("vouchers/") and a.file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="voucher_attach").exists()


def test_an_executable_is_not_accepted_as_a_receipt(tree, users):
    v = dues(users, tree)
    with pytest.raises(ActionError) as exc:
        actions.add_attachment(users.finance, v, SimpleUploadedFile("invoice.exe", b"MZ"))
    assert exc.value.message_dict["file"] == ["不支持“.exe”文件，请上传PDF、OFD或图片（JPG、PNG等）"]
    assert not Attachment.objects.exists()


# ---- the database guards ----

def test_the_database_refuses_a_line_with_two_sides_or_an_unbalanced_total(tree, users):
    from django.db import IntegrityError, transaction

    v = dues(users, tree)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherLine.objects.filter(voucher=v, line_no=1).update(credit=D("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=v.pk).update(total_debit=D("1"))
