"""Arrears, reminders, the six-month report, collection rates and the internal split (dues.queries)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.dues import actions, queries
from gonghui.dues.models import DuesItem, DuesReminder, DuesRemittance
from gonghui.members.models import Member

TODAY = datetime.date(2026, 4, 10)


def pay(roll, member, amount=None):
    item = DuesItem.objects.get(roll=roll, member=member)
    DuesItem.objects.filter(pk=item.pk).update(status="paid", paid_amount=amount or item.amount, paid_at=TODAY)
    actions.refresh_totals([roll])


@pytest.fixture
def half_year(users, members, tree):
    """Rolls for 2025-10 … 2026-04 (April not yet due on 10 April); 张敏 paid every month, 王强 only October."""
    rolls = {}
    for month in ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"):
        rolls[month] = actions.run_roll(users.finance, tree.school, month, today=TODAY).roll
        pay(rolls[month], members.zhang)
    pay(rolls["2025-10"], members.wang)
    return rolls


def names(rows):
    ids = [r["member_id"] for r in rows]
    return sorted(Member.objects.filter(pk__in=ids).values_list("name", flat=True))


def test_the_arrears_list_totals_unpaid_months_per_member(members, tree, half_year):
    rows = {r["member_id"]: r for r in queries.arrears(tree.school, today=TODAY)}
    wang = rows[members.wang.pk]
    assert (wang["months"], wang["amount"]) == (5, Decimal("114.00"))
    assert (wang["first"], wang["last"]) == (datetime.date(2025, 11, 1), datetime.date(2026, 3, 1))
    assert members.zhang.pk not in rows
    assert queries.arrears_totals(tree.school, today=TODAY) == (2, 11, Decimal("250.80"))


def test_the_current_months_roll_is_not_yet_arrears(members, tree, half_year):
    assert names(queries.arrears(tree.school, min_months=6, today=TODAY)) == ["赵丽"]


def test_the_six_month_report_lists_members_who_paid_nothing_for_six_months(members, tree, half_year):
    assert names(queries.lapsed(tree.school, today=TODAY)) == ["赵丽"]
    assert Member.objects.get(pk=members.zhao.pk).status == "active"  # a report only, never a termination


def test_reminders_are_sent_once_per_member_per_month(users, members, tree, half_year):
    sent = actions.send_reminders(users.finance, tree.school, min_months=2, today=TODAY)
    assert sorted(r.member.name for r in sent) == ["王强", "赵丽"]
    assert actions.send_reminders(users.finance, tree.school, min_months=1, today=TODAY) == []
    reminder = DuesReminder.objects.get(member=members.wang)
    assert reminder.month == datetime.date(2026, 4, 1) and reminder.unpaid_months == 5


def test_sending_reminders_needs_the_finance_officer_and_a_sane_count(users, tree, half_year):
    with pytest.raises(PermissionDenied):
        actions.send_reminders(users.chair, tree.school, today=TODAY)
    with pytest.raises(ActionError, match="1到120"):
        actions.send_reminders(users.finance, tree.school, min_months=0, today=TODAY)


def test_collection_rate_per_group_by_amount_and_by_heads(members, tree, half_year):
    rows, total = queries.roll_rates(half_year["2026-03"])
    by_org = {r.org.code: r for r in rows}
    assert (by_org["SCH"].amount_rate, by_org["SCH"].head_rate) == (Decimal("100.0"), Decimal("100.0"))
    assert (by_org["SCH-G1"].due, by_org["SCH-G1"].paid, by_org["SCH-G1"].amount_rate) == (
        Decimal("22.80"), Decimal("0.00"), Decimal("0.0"))
    assert total.due == Decimal("60.60") and total.paid_heads == 1 and total.head_rate == Decimal("33.3")


def test_year_to_date_collection_counts_the_rolls_of_the_year_so_far(members, tree, half_year):
    rows, total = queries.year_rates(tree.school, datetime.date(2026, 3, 1))
    assert total.due_heads == 9 and total.paid_heads == 3 and total.paid == Decimal("45.00")


def test_the_finance_home_reads_collection_by_group(members, tree, half_year):
    rows = queries.collection_by_group(tree.school, 2026, 3)
    assert {r["code"]: (r["due"], r["paid"], r["rate"]) for r in rows}["SCH"] == (1, 1, Decimal("100.0"))
    assert queries.collection_by_group(tree.school, 2024, 1) is None


@pytest.fixture
def split_roll(users, members, tree):
    actions.set_policy(users.finance, tree.school, effective_from="2026-01", rate_percent="0.5", group_share="60")
    roll = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    pay(roll, members.wang)
    pay(roll, members.zhang)
    return roll


def test_the_internal_split_owes_each_group_its_share_of_what_was_collected(tree, split_roll):
    rows = {r["org"].code: r for r in queries.remittance_rows(split_roll)}
    assert split_roll.group_share == Decimal("60.00")
    assert set(rows) == {"SCH-G1"}  # 张敏 is registered at the union itself: her dues stay there
    assert (rows["SCH-G1"]["collected"], rows["SCH-G1"]["owed"], rows["SCH-G1"]["balance"]) == (
        Decimal("22.80"), Decimal("13.68"), Decimal("13.68"))


def test_a_remittance_is_tracked_against_what_is_owed(users, tree, split_roll):
    actions.record_remittance(users.finance, split_roll, to_org=tree.g1, amount="10.00", paid_at="2026-04-05",
                              today=TODAY)
    row = queries.remittance_rows(split_roll)[0]
    assert (row["remitted"], row["balance"]) == (Decimal("10.00"), Decimal("3.68"))
    with pytest.raises(ActionError, match="超过应拨付余额3.68元"):
        actions.record_remittance(users.finance, split_roll, to_org=tree.g1, amount="5", paid_at="2026-04-05",
                                  today=TODAY)
    assert DuesRemittance.objects.count() == 1


@pytest.mark.parametrize("org, amount, paid_at, field", [
    ("factory", "1", "2026-04-05", "to_org"), ("g1", "0", "2026-04-05", "amount"),
    ("g1", "1.234", "2026-04-05", "amount"), ("g1", "1", "2026-05-01", "paid_at")])
def test_a_remittance_needs_a_group_of_the_union_a_positive_amount_and_a_past_date(users, tree, split_roll, org,
                                                                                    amount, paid_at, field):
    with pytest.raises(ActionError) as caught:
        actions.record_remittance(users.finance, split_roll, to_org=getattr(tree, org), amount=amount,
                                  paid_at=paid_at, today=TODAY)
    assert field in caught.value.message_dict and not DuesRemittance.objects.exists()


def test_arrears_are_one_query_whatever_the_roster(members, tree, half_year, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(queries.arrears(tree.school, today=TODAY))
