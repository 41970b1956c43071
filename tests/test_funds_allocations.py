"""Recording the employer's allocation (工会经费): amounts, split, receipt, remittance, tax refund, bad input."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.funds import actions
from gonghui.funds.models import Allocation, AllocationStatus, FundsEntry, Level
from gonghui.ledger.models import Voucher

LAST_YEAR = timezone.localdate().year - 1
MARCH = f"{LAST_YEAR}-03"
PAID = datetime.date(LAST_YEAR, 4, 10)


def lines_of(voucher):
    return sorted((line.account.code, line.debit, line.credit) for line in voucher.lines.select_related("account"))


def voucher(ref):
    return Voucher.objects.get(source_ref=ref)


@pytest.fixture
def march(users, tree):
    return actions.record_allocation(users.finance, tree.school, period=MARCH, payroll_total="1,250,000.00",
                                     collection="direct")


def test_the_worked_example_is_recorded_with_the_national_rate_and_split(march, tree):
    assert (march.amount, march.grassroots_amount, march.upward_amount) == (D("25000.00"), D("15000.00"),
                                                                             D("10000.00"))
    assert march.rate == 2 and march.grassroots_rate == 60 and march.split_rule.federation is None
    assert march.status == AllocationStatus.PENDING and march.period_label == f"{LAST_YEAR}年3月"
    entry = AuditEntry.objects.get(action="funds_allocation", object_id=march.pk)
    assert entry.org == tree.school and entry.changes["amount"] == [None, "25000.00"]


def test_a_direct_receipt_makes_a_draft_voucher_crediting_402_and_221(march, users):
    entry = actions.record_receipt(users.finance, march, date=PAID)
    v = voucher(f"funds:{march.pk}:receipt")
    assert v.status == "draft" and v.source == "funds" and v.date == PAID
    assert lines_of(v) == [("102", D("25000.00"), D("0")), ("221", D("0"), D("10000.00")),
                           ("402", D("0"), D("15000.00"))]
    march.refresh_from_db()
    assert march.status == AllocationStatus.RECEIVED and march.received_on == PAID and entry.amount == D("25000.00")


def test_paying_the_upward_share_debits_221_and_can_be_split_in_instalments(march, users):
    actions.record_receipt(users.finance, march, date=PAID)
    actions.record_remittance(users.finance, march, date=PAID, amount="4000")
    march.refresh_from_db()
    assert march.status == AllocationStatus.RECEIVED
    actions.record_remittance(users.finance, march, date=PAID)  # the rest: 6,000.00
    march.refresh_from_db()
    assert march.status == AllocationStatus.SETTLED
    assert lines_of(voucher(f"funds:{march.pk}:remit:2")) == [("102", D("0"), D("6000.00")),
                                                              ("221", D("6000.00"), D("0"))]
    with pytest.raises(ActionError, match="已全部上解"):
        actions.record_remittance(users.finance, march, date=PAID)


def test_remitting_more_than_is_owed_is_refused_and_writes_nothing(march, users):
    actions.record_receipt(users.finance, march, date=PAID)
    vouchers = Voucher.objects.count()
    with pytest.raises(ActionError) as exc:
        actions.record_remittance(users.finance, march, date=PAID, amount="10000.01")
    assert exc.value.message_dict == {"amount": ["超过尚欠上级的10000.00元"]}
    assert Voucher.objects.count() == vouchers and FundsEntry.objects.filter(kind="remittance").count() == 0


def test_a_tax_collected_allocation_waits_for_the_refund_and_books_it_to_402(users, tree):
    alloc = actions.record_allocation(users.finance, tree.school, period=f"{LAST_YEAR}-Q2",
                                      payroll_total="3750000", collection="tax")
    assert alloc.amount == D("75000.00") and alloc.refund_expected == D("45000.00")
    assert alloc.status_label == "待返还"
    actions.record_refund(users.finance, alloc, date=datetime.date(LAST_YEAR, 7, 20), amount="40000")
    alloc.refresh_from_db()
    assert alloc.status == AllocationStatus.PARTIAL and alloc.status_label == "部分返还"
    assert lines_of(voucher(f"funds:{alloc.pk}:refund:1")) == [("102", D("40000.00"), D("0")),
                                                               ("402", D("0"), D("40000.00"))]
    actions.record_refund(users.finance, alloc, date=datetime.date(LAST_YEAR, 7, 25), amount="5500")
    alloc.refresh_from_db()
    assert alloc.status == AllocationStatus.SETTLED and alloc.status_label == "已返还"
    # 5,000 completes the 60%; the 500 beyond it is the upper union's 回拨 subsidy.
    assert lines_of(voucher(f"funds:{alloc.pk}:refund:2")) == [("102", D("5500.00"), D("0")),
                                                               ("402", D("0"), D("5000.00")),
                                                               ("40301", D("0"), D("500.00"))]


def test_tax_and_direct_actions_are_not_mixed_up(march, users, tree):
    with pytest.raises(ActionError, match="收到上级返还|拨缴经费到账"):
        actions.record_refund(users.finance, march, date=PAID, amount="1")
    tax = actions.record_allocation(users.finance, tree.school, period=f"{LAST_YEAR}-04", payroll_total="100",
                                    collection="tax")
    with pytest.raises(ActionError, match="收到上级返还"):
        actions.record_receipt(users.finance, tax, date=PAID)
    with pytest.raises(ActionError, match="无需上解"):
        actions.record_remittance(users.finance, tax, date=PAID)


def test_the_nearest_federation_table_applies_and_its_levels_are_frozen_on_the_allocation(users, tree, admin_user):
    actions.create_split_rule(admin_user, tree.county, effective_from="2000-01-01", grassroots_share="60",
                              shares=[("county", "15"), ("city", "10"), ("province", "10"), ("national", "5")])
    town = actions.create_split_rule(admin_user, tree.town, effective_from="2010-01-01", grassroots_share="70",
                                     shares=[{"level": "town", "share": "10"}, {"level": "county", "share": "20"}])
    alloc = actions.record_allocation(users.finance, tree.school, period=MARCH, payroll_total="1250000",
                                      collection="direct")
    assert alloc.split_rule == town and (alloc.grassroots_amount, alloc.upward_amount) == (D("17500.00"),
                                                                                          D("7500.00"))
    assert [s.level for s in town.shares.all()] == [Level.TOWN, Level.COUNTY]


def test_a_union_rate_overrides_the_national_rate_from_its_date(users, tree):
    actions.set_rate(users.finance, tree.school, effective_from=f"{LAST_YEAR}-04-01", rate="1.5")
    march = actions.record_allocation(users.finance, tree.school, period=MARCH, payroll_total="100000",
                                      collection="direct")
    april = actions.record_allocation(users.finance, tree.school, period=f"{LAST_YEAR}-04", payroll_total="100000",
                                      collection="direct")
    assert (march.amount, april.amount) == (D("2000.00"), D("1500.00"))


@pytest.mark.parametrize("payroll, message", [("0", "必须大于0"), ("-5", "必须大于0"), ("1.234", "两位小数"),
                                              ("一百万", "不是金额")])
def test_zero_negative_or_malformed_payroll_is_refused(users, tree, payroll, message):
    with pytest.raises(ActionError) as exc:
        actions.record_allocation(users.finance, tree.school, period=MARCH, payroll_total=payroll,
                                  collection="direct")
    assert message in exc.value.message_dict["payroll_total"][0]
    assert not Allocation.objects.exists()


def test_a_future_month_is_refused(users, tree):
    today = timezone.localdate()
    future = f"{today.year + 1}-01"
    with pytest.raises(ActionError) as exc:
        actions.record_allocation(users.finance, tree.school, period=future, payroll_total="1", collection="direct")
    assert exc.value.message_dict["period"] == [f"{today.year + 1}年1月尚未开始，不能登记未来期间的经费"]


def test_a_duplicate_or_overlapping_period_is_refused(march, users, tree):
    for period in (MARCH, f"{LAST_YEAR}-Q1"):
        with pytest.raises(ActionError) as exc:
            actions.record_allocation(users.finance, tree.school, period=period, payroll_total="1",
                                      collection="direct")
        assert exc.value.message_dict["period"] == [f"{LAST_YEAR}年3月的经费已登记，不能重复登记"]
    assert Allocation.objects.count() == 1


def test_a_voided_allocation_frees_its_period_but_one_with_money_cannot_be_voided(march, users, tree):
    with pytest.raises(ActionError, match="请填写作废原因"):
        actions.void_allocation(users.finance, march, reason=" ")
    actions.void_allocation(users.finance, march, reason="工资总额录错")
    again = actions.record_allocation(users.finance, tree.school, period=MARCH, payroll_total="1000000",
                                      collection="direct")
    actions.record_receipt(users.finance, again, date=PAID)
    with pytest.raises(ActionError, match="红字冲销"):
        actions.void_allocation(users.finance, again, reason="x")


def test_a_receipt_in_a_closed_ledger_period_leaves_nothing_behind(march, users, tree):
    from gonghui.ledger.models import Period

    Period.objects.create(union=tree.school, year=LAST_YEAR, month=4, status="closed")
    with pytest.raises(ActionError, match="已结账"):
        actions.record_receipt(users.finance, march, date=PAID)
    march.refresh_from_db()
    assert march.status == AllocationStatus.PENDING and not FundsEntry.objects.exists()
    assert not AuditEntry.objects.filter(action="funds_receipt").exists()


def test_a_receipt_dated_in_the_future_or_before_the_period_is_refused(march, users):
    with pytest.raises(ActionError) as exc:
        actions.record_receipt(users.finance, march, date=timezone.localdate() + datetime.timedelta(days=1))
    assert exc.value.message_dict == {"date": ["不能晚于今天"]}
    with pytest.raises(ActionError, match="不能早于所属期间开始"):
        actions.record_receipt(users.finance, march, date=datetime.date(LAST_YEAR, 2, 28))


def test_only_the_unions_bookkeeper_records_funds(users, tree):
    for user in (users.chair, users.auditor, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.record_allocation(user, tree.school, period=MARCH, payroll_total="1", collection="direct")
    with pytest.raises(ActionError, match="属于基层工会"):
        actions.record_allocation(users.finance, tree.b1, period=MARCH, payroll_total="1", collection="direct")


def test_the_due_day_is_the_15th_of_the_next_month_and_a_later_day_makes_it_overdue():
    from gonghui.funds.periods import due_date, overdue_before

    assert due_date(datetime.date(2026, 11, 30)) == datetime.date(2026, 12, 15)
    assert due_date(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 15)
    assert due_date(datetime.date(2026, 1, 31), due_day=31) == datetime.date(2026, 2, 28)
    assert overdue_before(datetime.date(2026, 12, 15)) == datetime.date(2026, 11, 1)  # November due today
    assert overdue_before(datetime.date(2026, 12, 16)) == datetime.date(2026, 12, 1)  # November now overdue


def test_unsettled_allocations_past_due_wait_in_the_bookkeepers_and_the_county_officers_inbox(march, users, tree):
    from gonghui.core import inbox

    today = datetime.date(LAST_YEAR, 4, 16)
    own, below = inbox.get("funds.allocations_overdue"), inbox.get("funds.allocations_overdue_below")
    assert list(own.rows(users.finance, datetime.date(LAST_YEAR, 4, 15))) == []  # due that day, not yet late
    assert [a.pk for a in own.rows(users.finance, today)] == [march.pk]
    assert [a.pk for a in below.rows(users.federation, today)] == [march.pk]
    assert below.rows(users.chair, today).count() == 0 and own.rows(users.outsider, today).count() == 0
    item = own.item(own.rows(users.finance, today)[0])
    assert item.due == datetime.date(LAST_YEAR, 4, 15) and item.url.endswith(f"/funds/allocations/{march.pk}/")
    actions.void_allocation(users.finance, march, reason="重复登记")
    assert own.rows(users.finance, today).count() == 0 and below.rows(users.federation, today).count() == 0
