"""Soft delete and restore written once (``core.softdelete``): lock, refuse, stamp, save, audit — in one
transaction, nothing written when refused. Worked on an organisation (any soft-deletable model serves)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.core.softdelete import restore, soft_delete
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def entries(obj):
    return list(AuditEntry.objects.filter(object_type="orgs.organisation", object_id=obj.pk).order_by("id")
                .values_list("action", "org_id", "changes", "note"))


def test_soft_delete_stamps_saves_and_audits_in_one_go(tree, users):
    group = tree.g1
    before = entries(group)
    row = soft_delete(group, actor=users.chair, org=tree.school, code="delete", note="建错了",
                      before={"deleted": False}, after=lambda r: {"deleted": r.deleted_at is not None})
    assert row.deleted_at is not None and group.deleted_at == row.deleted_at  # the caller's instance too
    assert Organisation.all_objects.get(pk=group.pk).deleted_at == row.deleted_at
    assert not Organisation.objects.filter(pk=group.pk).exists()
    new = entries(group)[len(before):]
    assert new == [("delete", tree.school.pk, {"deleted": [False, True]}, "建错了")]


def test_restore_clears_the_stamp_and_audits(tree, users):
    group = tree.g1
    soft_delete(group, actor=users.chair, org=tree.school)
    row = restore(group, actor=users.chair, org=lambda r: r.parent)
    assert row.deleted_at is None and group.deleted_at is None
    assert Organisation.objects.filter(pk=group.pk).exists()
    assert entries(group)[-1][:2] == ("restore", tree.b1.pk)  # org computed from the locked row: its parent


def test_a_refusing_check_writes_nothing(tree, users):
    group = tree.g1
    before = entries(group)
    seen = []

    def check(row):
        seen.append(row.pk)
        raise ActionError("该小组还有活动", field="org")

    with pytest.raises(ActionError) as refused:
        soft_delete(group, actor=users.chair, org=tree.school, check=check)
    assert refused.value.message_dict == {"org": ["该小组还有活动"]}
    assert seen == [group.pk]
    assert Organisation.objects.get(pk=group.pk).deleted_at is None and group.deleted_at is None
    assert entries(group) == before


def test_deleting_twice_or_restoring_a_live_row_is_refused_with_the_apps_message(tree, users):
    group = tree.g1
    with pytest.raises(ActionError) as live:
        restore(group, actor=users.chair, not_deleted="该小组未被删除", field="group")
    assert live.value.message_dict == {"group": ["该小组未被删除"]}
    soft_delete(group, actor=users.chair)
    with pytest.raises(ActionError) as twice:
        soft_delete(group, actor=users.chair)
    assert twice.value.message_dict == {"__all__": ["该记录已删除"]}
    assert [e[0] for e in entries(group)].count("delete") == 1


def test_a_manager_that_hides_deleted_rows_finds_none_to_delete_again(tree, users):
    group = tree.g1
    soft_delete(group, actor=users.chair)
    with pytest.raises(Organisation.DoesNotExist):
        soft_delete(group, actor=users.chair, manager=Organisation.objects)


def test_touch_also_stamps_updated_at(tree, users):
    group = Organisation.objects.get(pk=tree.g1.pk)
    old = group.updated_at
    row = soft_delete(group, actor=users.chair, touch=True)
    assert row.updated_at > old and Organisation.all_objects.get(pk=group.pk).updated_at == row.updated_at


def test_the_row_is_locked_before_it_is_checked(tree, users):
    """The first read of the row is the locking one, and the check runs after it."""
    order = []
    with CaptureQueriesContext(connection) as queries:
        soft_delete(tree.g1, actor=users.chair, check=lambda row: order.append(len(queries.captured_queries)))
    reads = [i for i, q in enumerate(queries.captured_queries)
             if q["sql"].startswith("SELECT") and "orgs_organisation" in q["sql"]]
    assert reads and reads[0] < order[0]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in queries.captured_queries[reads[0]]["sql"]
