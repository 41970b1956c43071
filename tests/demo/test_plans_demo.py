"""The demo dataset gets work plans through the plan actions."""
import pytest

from gonghui.plans.models import Plan, PlanStatus, Summary


@pytest.mark.django_db
def test_the_demo_has_last_and_this_years_plans_for_the_featured_unions(demo):
    plans = Plan.objects.select_related("union", "copied_from__union").order_by("union__code", "year")
    by_union = {}
    for plan in plans:
        # The county's own plan, and the copies unions adopted from it (federation push-down), are not the
        # featured unions' yearly plans.
        if plan.union.is_federation or (plan.copied_from and plan.copied_from.union_id != plan.union_id):
            continue
        by_union.setdefault(plan.union.code, []).append(plan)
    assert len(by_union) == 2
    for union_plans in by_union.values():
        last, this = union_plans
        assert (last.status, this.status) == (PlanStatus.ARCHIVED, PlanStatus.ADOPTED)
        assert this.copied_from_id == last.pk and this.tasks.count() > last.tasks.count() - 1
        assert this.targets.filter(metric="members.added").exists()
        assert this.tasks.filter(status="done").exists()
    assert Summary.objects.count() == 2
