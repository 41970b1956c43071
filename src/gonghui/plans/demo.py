"""Demo work plans: the featured unions' plans for last year (archived) and this year (adopted, copied
from last year's), tasks done up to last month with the records that fulfilled them, targets on the
catalogue's metrics, and a half-year summary drafted from the demo's records."""
import datetime

from gonghui.accounts.capabilities import VIEW
from gonghui.core import metrics

from . import actions
from .models import PlanStatus, TaskStatus


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
        records = _records(chair, plan)
        for i, task in enumerate(plan.tasks.filter(month__lt=ctx.today.month).order_by("month", "id")):
            actions.set_task_status(chair, task, TaskStatus.DONE,
                                    done_at=datetime.date(year, task.month, ctx.rng.randint(5, 25)))
            if i < len(records):
                try:
                    actions.link_record(chair, task, *records[i])
                except Exception:  # noqa: BLE001 - a record another app made may not fit; the demo goes on
                    pass
        if ctx.today.month >= 7:
            actions.draft_summary(chair, plan, "half_year", today=ctx.today)


def _records(user, plan):
    from gonghui.orgs.models import Organisation

    subtree = Organisation.objects.subtree(plan.union).values("id")
    out = []
    for model in actions.linkable_models():
        qs = model._default_manager.visible_to(user, VIEW).filter(**{f"{model.scope_org}__in": subtree})
        out += [(model._meta.label_lower, pk) for pk in qs.order_by("-pk").values_list("pk", flat=True)[:3]]
    return out
