"""Races in work plans (plans.actions): a record linked to a task once (unique ``task_link_once``) under the
plan's lock, with the constraint turned into the Chinese refusal when the check is overtaken, and a plan's
status, deletion and restoration checked against the plan as it is now. Deterministic tests stage the race in
one thread; the threaded one runs two calls at once on PostgreSQL."""
import datetime

import pytest
from django.db import connection

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.finaudit import actions as fin
from gonghui.plans import actions
from gonghui.plans.models import Plan, TaskLink

from .fixtures.races import together as _together
from .plans_fixtures import school_plan

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def task_and_record(users, tree):
    plan = school_plan(users.chair, tree)
    task = actions.add_task(users.chair, plan, title="公布上半年经费收支", month=7, capability="finance")
    disclosure = fin.create_disclosure(users.chair, union=tree.school, start=datetime.date(2026, 1, 1),
                                       end=datetime.date(2026, 6, 30), title="一中上半年经费公开")
    return task, disclosure


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_link_made_meanwhile_turns_the_unique_constraint_into_the_chinese_refusal(users, tree, monkeypatch):
    task, disclosure = task_and_record(users, tree)
    actions.link_record(users.chair, task, "finaudit.disclosure", disclosure.pk)
    monkeypatch.setattr(TaskLink.objects, "filter", lambda *a, **kw: TaskLink.objects.none())  # the check misses it
    with pytest.raises(ActionError) as err:
        actions.link_record(users.chair, task, "finaudit.disclosure", disclosure.pk)
    assert err.value.message_dict == {"record": ["该记录已关联"]}
    monkeypatch.undo()
    assert TaskLink.objects.filter(task=task).count() == 1
    assert AuditEntry.objects.filter(action="link").count() == 1


@pytest.mark.django_db
def test_a_plan_deleted_from_two_pages_is_deleted_once(users, tree):
    plan = school_plan(users.chair, tree)
    stale = Plan.objects.get(pk=plan.pk)
    actions.delete_plan(users.chair, plan)
    with pytest.raises(ActionError) as err:
        actions.delete_plan(users.chair, stale)
    assert err.value.message_dict == {"__all__": ["计划已删除"]}
    assert AuditEntry.objects.filter(action="delete", object_type="plans.plan", object_id=plan.pk).count() == 1


@pytest.mark.django_db
def test_a_record_is_not_linked_to_a_plan_archived_after_the_page_was_read(users, tree):
    task, disclosure = task_and_record(users, tree)
    stale_task = type(task).objects.select_related("plan").get(pk=task.pk)
    actions.set_plan_status(users.chair, task.plan, "adopted")
    actions.set_plan_status(users.chair, task.plan, "archived")
    with pytest.raises(ActionError) as err:
        actions.link_record(users.chair, stale_task, "finaudit.disclosure", disclosure.pk)
    assert err.value.message_dict == {"__all__": ["计划已归档，不能修改"]}
    assert not TaskLink.objects.exists()


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_record_linked_twice_at_once_is_linked_once_with_a_chinese_refusal(users, tree):
    task, disclosure = task_and_record(users, tree)
    outcomes = _together([lambda: actions.link_record(users.chair, task, "finaudit.disclosure", disclosure.pk)] * 2)
    assert sorted(outcomes, key=str) == ["ok", {"record": ["该记录已关联"]}], outcomes
    assert TaskLink.objects.filter(task=task).count() == 1
    assert AuditEntry.objects.filter(action="link").count() == 1
