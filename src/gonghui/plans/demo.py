"""Demo work plans: the featured unions' plans for last year (archived) and this year (adopted, copied
from last year's), tasks done up to last month with a record of their kind held in their month, targets on the
catalogue's metrics, and a half-year summary drafted from the demo's records."""
import datetime

from gonghui.core import metrics
from gonghui.core.errors import ActionError

from . import actions
from .models import Plan, PlanStatus, TaskStatus
from .summaries import matching_records


def _users(ctx, key):
    return ctx.users.get(f"{key}_chair") or ctx.admin


def populate(ctx):
    year = ctx.today.year
    for key, template in (("school", "school"), ("factory", "enterprise")):
        union = ctx.unions.get(key)
        if union is None:
            continue
        chair = _users(ctx, key)
        last = actions.create_plan(chair, union, year=year - 1, title=f"{union.name}{year - 1}年工作计划",
                                   template=template)
        actions.set_plan_status(chair, last, PlanStatus.ADOPTED)
        for task in last.tasks.all():
            actions.set_task_status(chair, task, TaskStatus.DONE,
                                    done_at=datetime.date(year - 1, task.month or 12, 20))
        actions.set_plan_status(chair, last, PlanStatus.ARCHIVED)
        plan = actions.create_plan(chair, union, year=year, title=f"{union.name}{year}年工作计划", copy_from=last)
        if metrics.get("members.added"):
            actions.add_target(chair, plan, metric="members.added", threshold=ctx.rng.choice([10, 20, 30]),
                               source_text=f"年内新增会员{10}名以上")
        actions.add_task(chair, plan, title="发展新入职职工入会", month=min(ctx.today.month, 12), capability="members",
                         owner="组织委员")
        actions.set_plan_status(chair, plan, PlanStatus.ADOPTED)
        done = []
        for task in plan.tasks.filter(month__lt=ctx.today.month).order_by("month", "id"):
            actions.set_task_status(chair, task, TaskStatus.DONE,
                                    done_at=datetime.date(year, task.month, ctx.rng.randint(5, 25)))
            done.append(task)
        # A task is linked to a record of its kind held in its month (never an unrelated or future one).
        matches = matching_records(plan, done, ctx.today)
        for task in done:
            for record in matches.get(task.pk, [])[:1]:
                try:
                    actions.link_record(chair, task, record["model"], record["pk"])
                except ActionError:  # a record the chair does not see: the task stays unlinked
                    pass


def finish(ctx):
    """The half-year summary, drafted last: after every app's records and the books' month-end postings (the
    other apps' ``finish`` steps), so what it states is what the records show."""
    if ctx.today.month < 7:
        return
    for key in ("school", "factory"):
        union = ctx.unions.get(key)
        if union is None:
            continue
        plan = Plan.objects.filter(union=union, year=ctx.today.year).order_by("-id").first()
        if plan is not None:
            actions.draft_summary(_users(ctx, key), plan, "half_year", today=ctx.today)

