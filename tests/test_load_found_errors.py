"""Server errors the load test (bench/load_bench.py) found, fixed at their cause.

The suite runs most tests inside a transaction, which hid these: under the production server (autocommit) a
member edit or move through the API answered 500 ("select_for_update cannot be used outside of a
transaction"), because the ``transaction.atomic`` of ``update_member`` and ``move_member`` had slipped onto
the helper written above each. These tests call the actions the way a request does: outside any transaction.
"""
import pytest
from django.db import connection

from gonghui.members import actions
from gonghui.members.models import Member


@pytest.mark.django_db(transaction=True)
def test_a_member_edit_outside_a_transaction_is_saved_and_a_stale_copy_refused(users, members):
    assert not connection.in_atomic_block
    seen = members.wang.updated_at
    actions.update_member(users.chair, members.wang, {"post": "教研组长"}, seen=seen)
    assert Member.objects.get(pk=members.wang.pk).post == "教研组长"
    from gonghui.core.errors import ActionError

    with pytest.raises(ActionError, match="请刷新页面核对后再保存"):
        actions.update_member(users.officer, members.wang, {"post": "年级组长"}, seen=seen)
    assert Member.objects.get(pk=members.wang.pk).post == "教研组长"


@pytest.mark.django_db(transaction=True)
def test_a_member_move_outside_a_transaction_is_saved(users, members, tree):
    assert not connection.in_atomic_block
    actions.move_member(users.chair, members.wang, tree.b2)
    assert Member.objects.get(pk=members.wang.pk).org_id == tree.b2.pk


@pytest.mark.django_db(transaction=True)
def test_the_api_edits_a_member_outside_a_transaction(client, users, members):
    client.force_login(users.officer)
    member = client.get(f"/api/members/{members.wang.pk}/").json()
    response = client.patch(f"/api/members/{members.wang.pk}/", {"post": "备课组长", "updated_at": member["updated_at"]},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    again = client.patch(f"/api/members/{members.wang.pk}/", {"post": "年级组长", "updated_at": member["updated_at"]},
                         content_type="application/json")
    assert again.status_code == 400 and "请刷新页面核对后再保存" in again.content.decode()
    assert Member.objects.get(pk=members.wang.pk).post == "备课组长"


# The locks below are PostgreSQL's (SQLite takes no row locks): what is asserted is the SQL PostgreSQL receives.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_locking_a_member_or_a_voucher_does_not_lock_its_organisation_row(users, members, tree):
    """Under 200 users, vouchers entered, approved and posted in one union deadlocked with member edits: the
    row lock of a member or voucher loaded with its organisation (``select_related``) locked the organisation
    row too (``FOR UPDATE`` covers every joined table), the row every voucher, period and audit entry of the
    union refers to. Only the member's or voucher's own row is locked now."""
    import datetime
    from decimal import Decimal

    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    from gonghui.ledger import actions as ledger_actions
    from gonghui.ledger.models import Voucher

    voucher = Voucher(union=tree.school, year=2026, number=1, date=datetime.date(2026, 12, 1), summary="办公用品",
                      total_debit=Decimal("1.00"), total_credit=Decimal("1.00"))
    voucher.save()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        actions._locked(members.wang)
        ledger_actions._locked(voucher)
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 2
    assert locks[0].endswith('FOR UPDATE OF "members_member"')
    assert locks[1].endswith('FOR UPDATE OF "ledger_voucher"')
