"""Races in the books (ledger.actions): a voucher's source entered once (unique ``ledger_voucher_source_ref``,
checked and then guarded by the constraint inside a savepoint), numbers given one at a time under the
sequence row's lock, a month closed or entered into under the period row's lock, and each workflow step
taken once under the voucher's lock. Deterministic tests stage the race in one thread; the threaded ones run
two calls at once on PostgreSQL (SQLite serialises writers by itself)."""
import datetime
from decimal import Decimal as D

import pytest
from django.db import connection

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.ledger import actions
from gonghui.ledger.models import MonthTotal, Period, Voucher, VoucherLine

from .fixtures.races import competitor_first, together
from .walk_ext.ledger import line

MARCH = datetime.date(2026, 3, 5)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def dues(users, tree, **kw):
    args = dict(union=tree.school, date=MARCH, summary="收3月会费",
                lines=[line("102", "2280.00"), line("401", credit="2280.00")])
    args.update(kw)
    return actions.create_voucher(users.finance, **args)


def second_auditor(tree):
    from gonghui.accounts.models import Role

    from .conftest import make_user

    user = make_user("auditor2")
    Role.objects.create(user=user, org=tree.school, kind="auditor")
    return user


def approved(users, tree):
    v = dues(users, tree)
    actions.review_voucher(users.auditor, v)
    return actions.approve_voucher(users.chair, v)


def _first(monkeypatch, name, competing):
    """``competing()`` runs just before this call's ``actions.<name>`` (once)."""
    competitor_first(monkeypatch, actions, name, competing)


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_source_entered_by_another_request_between_the_check_and_the_insert_is_refused_in_chinese(
        tree, users, monkeypatch):
    _first(monkeypatch, "_open_period", lambda: dues(users, tree, source="dues", source_ref="dues:SCH:7"))
    with pytest.raises(ActionError) as exc:
        dues(users, tree, source="dues", source_ref="dues:SCH:7")
    assert exc.value.message_dict == {"source_ref": ["“dues:SCH:7”已入账，不能重复记账"]}
    # the competing voucher was written inside the refused call's transaction and went back with it
    assert not Voucher.all_objects.exists() and not VoucherLine.objects.exists()
    assert not AuditEntry.objects.filter(action="voucher_create").exists()


@pytest.mark.django_db
def test_a_voucher_entered_while_its_month_is_being_closed_is_refused_and_nothing_is_written(
        tree, users, monkeypatch):
    _first(monkeypatch, "_open_period", lambda: actions.close_period(users.finance, tree.school, 2026, 3))
    with pytest.raises(ActionError) as exc:
        dues(users, tree)
    assert exc.value.message_dict == {"date": [
        "2026年3月已结账，不能再录入或记账；如需更正请在未结账期间作红字冲销"]}
    assert not Voucher.all_objects.exists() and not VoucherLine.objects.exists()


@pytest.mark.django_db
def test_a_review_sent_from_a_page_read_before_another_review_is_refused_and_reviewed_once(tree, users):
    v = dues(users, tree)
    stale = Voucher.objects.get(pk=v.pk)
    actions.review_voucher(users.auditor, v)
    with pytest.raises(ActionError) as exc:
        actions.review_voucher(second_auditor(tree), stale)
    assert exc.value.message_dict == {"status": ["凭证记-2026-0001状态为“已审核”，只有待审核的凭证可以审核"]}
    v.refresh_from_db()
    assert v.reviewed_by == users.auditor
    assert AuditEntry.objects.filter(action="voucher_review").count() == 1


@pytest.mark.django_db
def test_posting_from_a_page_read_before_the_voucher_was_sent_back_is_refused_and_nothing_is_posted(tree, users):
    v = approved(users, tree)
    stale = Voucher.objects.get(pk=v.pk)
    actions.return_voucher(users.chair, v, reason="附件不全")
    with pytest.raises(ActionError) as exc:
        actions.post_voucher(users.finance, stale)
    assert exc.value.message_dict == {"status": ["凭证记-2026-0001状态为“待审核”，只有已批准的凭证可以记账"]}
    assert not VoucherLine.objects.filter(posted=True).exists() and not MonthTotal.objects.exists()


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_vouchers_entered_at_once_get_the_next_two_numbers(tree, users):
    outcomes = together([lambda: dues(users, tree), lambda: dues(users, tree)], results=True)
    assert all(isinstance(o, Voucher) for o in outcomes), outcomes
    assert sorted(Voucher.objects.values_list("number", flat=True)) == [1, 2]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_source_entered_twice_at_once_is_booked_once_and_the_other_is_refused_in_chinese(tree, users):
    outcomes = together([lambda: dues(users, tree, source="dues", source_ref="dues:SCH:7")] * 2, results=True)
    refusals = [o for o in outcomes if not isinstance(o, Voucher)]
    assert len(refusals) == 1, outcomes
    assert refusals[0] in ({"source_ref": ["“dues:SCH:7”已入账，不能重复记账"]},
                           {"source_ref": ["“dues:SCH:7”已入账（凭证记-2026-0001），不能重复记账"]}), outcomes
    assert Voucher.objects.filter(source_ref="dues:SCH:7").count() == 1
    assert AuditEntry.objects.filter(action="voucher_create").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_month_closed_while_a_voucher_is_entered_in_it_never_ends_closed_with_an_unposted_voucher(tree, users):
    outcomes = together([lambda: actions.close_period(users.finance, tree.school, 2026, 3),
                         lambda: dues(users, tree)], results=True)
    closed, entered = isinstance(outcomes[0], Period), isinstance(outcomes[1], Voucher)
    assert closed != entered, outcomes
    if closed:
        assert outcomes[1] == {"date": ["2026年3月已结账，不能再录入或记账；如需更正请在未结账期间作红字冲销"]}
        assert not Voucher.objects.exists()
    else:
        assert outcomes[0] == {"period": ["2026年3月还有未记账的凭证：记-2026-0001"]}
        assert not Period.objects.filter(status="closed").exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_voucher_posted_twice_at_once_is_posted_once_and_counted_once_in_the_month(tree, users):
    v = approved(users, tree)
    pages = [Voucher.objects.get(pk=v.pk) for _ in range(2)]
    outcomes = together([lambda: actions.post_voucher(users.finance, pages[0]),
                         lambda: actions.post_voucher(users.finance, pages[1])])
    assert sorted(outcomes, key=str) == [
        "ok", {"status": ["凭证记-2026-0001状态为“已记账”，只有已批准的凭证可以记账"]}], outcomes
    assert AuditEntry.objects.filter(action="voucher_post").count() == 1
    assert {(t.account.code, t.debit, t.credit) for t in MonthTotal.objects.select_related("account")} == {
        ("102", D("2280.00"), D("0.00")), ("401", D("0.00"), D("2280.00"))}
