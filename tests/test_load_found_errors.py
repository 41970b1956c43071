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
