"""Plan actions: authoring from blank, template or last year's plan; tasks, targets and links; their
validation messages, scope and the audit trail."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.plans import actions
from gonghui.plans.models import Plan, PlanKind, PlanStatus, Target, Task, TaskStatus

from .plans_fixtures import school_plan


def test_a_blank_annual_plan_covers_the_calendar_year_and_is_audited(users, tree):
    plan = school_plan(users.chair, tree)
    assert plan.period() == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert (plan.status, plan.origin) == (PlanStatus.DRAFT, "blank")
    entry = AuditEntry.objects.get(object_type="plans.plan", object_id=plan.pk)
    assert entry.action == "create" and entry.org_id == tree.school.pk


def test_a_half_year_plan_needs_its_half_and_an_autumn_semester_ends_in_january(users, tree):
    with pytest.raises(ActionError) as err:
        actions.create_plan(users.chair, tree.school, kind=PlanKind.HALF_YEAR, year=2026, title="半年计划")
    assert err.value.message_dict == {"part": ["请选择上半年或下半年"]}
    plan = actions.create_plan(users.chair, tree.school, kind=PlanKind.SEMESTER, year=2026, part=2, title="秋季")
    assert plan.period() == (datetime.date(2026, 8, 1), datetime.date(2027, 1, 31))
    assert plan.month_bounds(1) == (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31))


@pytest.mark.parametrize("year,message", [("abc", "年度应为四位数字"), (1999, "年度应在2000至2100之间")])
def test_a_bad_year_is_refused(users, tree, year, message):
    with pytest.raises(ActionError) as err:
        actions.create_plan(users.chair, tree.school, year=year, title="计划")
    assert err.value.message_dict == {"year": [message]}


def test_plans_are_only_for_grassroots_unions_and_federations(users, tree):
    with pytest.raises(ActionError) as err:
        actions.create_plan(users.chair, tree.b1, year=2026, title="分工会计划")
    assert err.value.message_dict == {"union": ["只能为基层工会或总工会制定工作计划"]}


def test_an_officer_of_another_union_may_not_create_or_change_the_plan(users, tree):
    with pytest.raises(PermissionDenied):
        actions.create_plan(users.outsider, tree.school, year=2026, title="越权")
    plan = school_plan(users.chair, tree)
    with pytest.raises(PermissionDenied):
        actions.add_task(users.outsider, plan, title="越权任务", month=3)
    with pytest.raises(PermissionDenied):
        actions.add_task(users.federation, plan, title="总工会只读", month=3)


def test_a_plan_from_the_school_template_has_sections_tasks_and_targets(users, tree):
    plan = school_plan(users.chair, tree, template="school")
    assert plan.origin == "template" and plan.guiding_thought
    assert plan.sections.filter(level=1).count() == 4
    assert plan.sections.filter(level=2).count() >= 4
    assert set(plan.tasks.values_list("month", flat=True)) >= {3, 9, 12}
    assert "dues.collection_rate" in set(plan.targets.values_list("metric", flat=True))


def test_copying_last_years_plan_keeps_the_outline_and_resets_progress(users, tree):
    old = school_plan(users.chair, tree, year=2025, title="2025年计划", template="enterprise")
    task = old.tasks.first()
    actions.set_task_status(users.chair, task, TaskStatus.DONE, done_at=datetime.date(2025, 6, 1))
    new = school_plan(users.chair, tree, year=2026, title="2026年计划", copy_from=old)
    assert new.origin == "copy" and new.copied_from_id == old.pk
    assert new.sections.count() == old.sections.count()
    child = new.sections.filter(level=2).first()
    assert child.parent.plan_id == new.pk
    assert new.tasks.count() == old.tasks.count()
    assert set(new.tasks.values_list("status", flat=True)) == {TaskStatus.TODO}
    assert new.targets.count() == old.targets.count()


def test_a_task_in_month_13_is_refused_with_the_month_message(users, tree):
    plan = school_plan(users.chair, tree)
    for month in (13, 0, "十三"):
        with pytest.raises(ActionError) as err:
            actions.add_task(users.chair, plan, title="年终晚会", month=month)
        assert err.value.message_dict == {"month": ["月份应为1至12"]}
    task = actions.add_task(users.chair, plan, title="年终晚会", month="12月")
    assert task.month == 12


def test_a_target_must_name_a_known_metric_and_a_possible_threshold(users, tree):
    plan = school_plan(users.chair, tree)
    with pytest.raises(ActionError) as err:
        actions.add_target(users.chair, plan, metric="nope.metric", threshold="90")
    assert err.value.message_dict == {"metric": ["未知指标"]}
    with pytest.raises(ActionError) as err:
        actions.add_target(users.chair, plan, metric="dues.collection_rate", threshold="120")
    assert err.value.message_dict == {"threshold": ["百分比应在0至100之间"]}
    with pytest.raises(ActionError) as err:
        actions.add_target(users.chair, plan, metric="members.added", threshold="-3")
    assert err.value.message_dict == {"threshold": ["目标值不能为负数"]}
    with pytest.raises(ActionError) as err:
        actions.add_target(users.chair, plan, metric="members.added", threshold="十")
    assert err.value.message_dict == {"threshold": ["目标值应为数字"]}
    target = actions.add_target(users.chair, plan, metric="dues.collection_rate", threshold="95%", comparator="gte")
    assert target.threshold == Decimal("95.00")


def test_tasks_move_through_their_states_and_done_needs_a_date_not_in_the_future(users, tree, settings):
    plan = school_plan(users.chair, tree)
    task = actions.add_task(users.officer, plan, title="召开教代会", month=3, capability="congress")
    with pytest.raises(ActionError) as err:
        actions.set_task_status(users.chair, task, TaskStatus.DONE, done_at=datetime.date(2099, 1, 1))
    assert err.value.message_dict == {"done_at": ["完成日期不能晚于今天"]}
    actions.set_task_status(users.chair, task, TaskStatus.DONE, done_at=datetime.date(2026, 3, 20))
    task.refresh_from_db()
    assert (task.status, task.done_at) == (TaskStatus.DONE, datetime.date(2026, 3, 20))
    actions.set_task_status(users.chair, task, TaskStatus.DOING)
    task.refresh_from_db()
    assert task.done_at is None
    actions_logged = list(AuditEntry.objects.filter(object_type="plans.task", object_id=task.pk)
                          .order_by("id").values_list("action", flat=True))
    assert actions_logged == ["create", "set_status", "set_status"]


def test_an_archived_plan_cannot_be_changed(users, tree):
    plan = school_plan(users.chair, tree)
    actions.set_plan_status(users.chair, plan, PlanStatus.ADOPTED)
    actions.set_plan_status(users.chair, plan, PlanStatus.ARCHIVED)
    with pytest.raises(ActionError) as err:
        actions.add_task(users.chair, plan, title="晚了", month=5)
    assert err.value.message_dict == {"__all__": ["计划已归档，不能修改"]}


def test_deleting_a_plan_is_soft_and_it_can_be_restored(users, tree):
    plan = school_plan(users.chair, tree)
    actions.delete_plan(users.chair, plan)
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert Plan.all_objects.filter(pk=plan.pk).exists()
    actions.restore_plan(users.chair, plan)
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_deleted_tasks_and_targets_are_hidden_but_kept(users, tree):
    plan = school_plan(users.chair, tree)
    task = actions.add_task(users.chair, plan, title="任务", month=4)
    target = actions.add_target(users.chair, plan, metric="members.added", threshold="5")
    actions.delete_task(users.chair, task)
    actions.delete_target(users.chair, target)
    assert not plan.tasks.exists() and not plan.targets.exists()
    assert Task.all_objects.filter(pk=task.pk).exists() and Target.all_objects.filter(pk=target.pk).exists()
    actions.restore_task(users.chair, task)
    assert plan.tasks.count() == 1


def test_a_section_tree_is_built_under_its_parent(users, tree):
    plan = school_plan(users.chair, tree)
    top = actions.add_section(users.chair, plan, title="加强民主管理")
    child = actions.add_section(users.chair, plan, title="开好教代会", body="三月召开。", parent=top)
    assert (top.level, child.level, child.parent_id) == (1, 2, top.pk)
    other = school_plan(users.chair, tree, title="另一个计划")
    with pytest.raises(ActionError) as err:
        actions.add_section(users.chair, other, title="错挂", parent=top)
    assert err.value.message_dict == {"parent": ["上级条目不属于本计划"]}
    actions.delete_section(users.chair, top)
    assert not plan.sections.exists()


def _disclosure(users, union, title):
    from gonghui.finaudit import actions as fin

    return fin.create_disclosure(users, union=union, start=datetime.date(2026, 1, 1),
                                 end=datetime.date(2026, 6, 30), title=title)


def test_a_record_of_the_union_is_linked_to_the_task_it_fulfils(users, tree):
    plan = school_plan(users.chair, tree)
    task = actions.add_task(users.chair, plan, title="公布上半年经费收支", month=7, capability="finance")
    disclosure = _disclosure(users.chair, tree.school, "一中上半年经费公开")
    link = actions.link_record(users.chair, task, "finaudit.disclosure", disclosure.pk)
    assert link.label == "一中上半年经费公开"
    with pytest.raises(ActionError) as err:
        actions.link_record(users.chair, task, "finaudit.disclosure", disclosure.pk)
    assert err.value.message_dict == {"record": ["该记录已关联"]}
    actions.unlink_record(users.chair, link)
    assert not task.links.exists()


def test_a_record_of_another_union_or_an_unknown_type_cannot_be_linked(users, tree):
    plan = school_plan(users.chair, tree)
    task = actions.add_task(users.chair, plan, title="公开", month=7)
    foreign = _disclosure(users.outsider, tree.factory, "机械厂经费公开")
    with pytest.raises(ActionError) as err:
        actions.link_record(users.chair, task, "finaudit.disclosure", foreign.pk)
    assert err.value.message_dict == {"record": ["记录不存在或不在本工会"]}
    for label in ("members.member", "nosuch.model", "garbage"):
        with pytest.raises(ActionError) as err:
            actions.link_record(users.chair, task, label, 1)
        assert err.value.message_dict == {"record": ["记录类型不正确"]}
