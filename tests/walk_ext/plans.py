"""Scope-walk extension for work plans: plans, sections, tasks, targets, links and summaries of the
school, the factory and the agency union."""
import datetime

from django.db.models import Max

from gonghui.core.capabilities import VIEW
from gonghui.plans import actions
from gonghui.plans.models import Plan, PlanSection, Summary, Target, Task, TaskLink

NAME_KINDS = {"plan_id": "plan", "plan_section_id": "plan_section", "plan_task_id": "plan_task",
              "plan_target_id": "plan_target", "plan_link_id": "plan_link", "plan_summary_id": "plan_summary"}


def _plan(user, union, word):
    plan = actions.create_plan(user, union, year=2026, title=f"{union.name}{word}工作计划")
    section = actions.add_section(user, plan, title=f"{word}条目", body=f"{word}正文")
    actions.add_task(user, plan, title=f"{word}任务", month=3, section=section)
    actions.add_target(user, plan, metric="members.total", threshold=1, label=f"{word}目标")
    actions.draft_summary(user, plan, "year_end", today=datetime.date(2026, 12, 1))
    return plan


def populate(world):
    users = world.users
    _plan(users.chair, world.tree.school, "一中甲")
    _plan(users.outsider, world.tree.factory, "机械厂乙")
    _plan(world.agency_chair, world.agency, "机关丙")
    gone = _plan(users.chair, world.tree.school, "一中已删丁")
    actions.delete_plan(users.chair, gone)
    from gonghui.finaudit import actions as fin

    disclosure = fin.create_disclosure(world.agency_chair, union=world.agency, start=datetime.date(2026, 1, 1),
                                       end=datetime.date(2026, 6, 30), title="机关经费公开戊")
    task = Task.objects.filter(plan__union=world.agency).first()
    actions.link_record(world.agency_chair, task, "finaudit.disclosure", disclosure.pk)


def _ids(model, visible, manager=None):
    manager = manager or model.objects
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:2]), hidden)


def extend(user, scope):
    plans = Plan.all_objects.visible_to(user, VIEW)
    scope.strict["plan"], scope.lax["plan"], hidden = _ids(Plan, plans, Plan.all_objects)
    scope.secrets |= set(hidden.values_list("title", flat=True))
    sections = PlanSection.objects.filter(plan__in=plans.values("id"))
    scope.strict["plan_section"], scope.lax["plan_section"], hidden = _ids(PlanSection, sections)
    scope.secrets |= set(hidden.values_list("title", flat=True))
    tasks = Task.all_objects.filter(plan__in=plans.values("id"))
    scope.strict["plan_task"], scope.lax["plan_task"], hidden = _ids(Task, tasks, Task.all_objects)
    scope.secrets |= set(hidden.values_list("title", flat=True))
    targets = Target.all_objects.filter(plan__in=plans.values("id"))
    scope.strict["plan_target"], scope.lax["plan_target"], hidden = _ids(Target, targets, Target.all_objects)
    scope.secrets |= set(hidden.values_list("label", flat=True))
    links = TaskLink.objects.filter(task__plan__in=plans.values("id"))
    scope.strict["plan_link"], scope.lax["plan_link"], hidden = _ids(TaskLink, links)
    scope.secrets |= set(hidden.values_list("label", flat=True))
    summaries = Summary.all_objects.visible_to(user, VIEW)
    scope.strict["plan_summary"], scope.lax["plan_summary"], hidden = _ids(Summary, summaries, Summary.all_objects)


def snapshot():
    return {
        "plans": list(Plan.all_objects.order_by("pk").values_list("pk", "title", "status", "guiding_thought",
                                                                   "deleted_at", "updated_at")),
        "plan_sections": list(PlanSection.objects.order_by("pk").values_list("pk", "title", "body", "parent_id")),
        "plan_tasks": list(Task.all_objects.order_by("pk").values_list("pk", "title", "month", "status",
                                                                       "deleted_at")),
        "plan_targets": list(Target.all_objects.order_by("pk").values_list("pk", "metric", "threshold",
                                                                           "deleted_at")),
        "plan_links": list(TaskLink.objects.order_by("pk").values_list("pk", "task_id", "object_id")),
        "plan_summaries": list(Summary.all_objects.order_by("pk").values_list("pk", "title", "status",
                                                                              "deleted_at")),
    }
