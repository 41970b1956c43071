"""Scope-walk extension for the federation's employer registry: two employers in the town's registry (one founded
as a union below). Only FEDERATION holders at the area see an entry; its name must not leak to anyone else, and
nothing may change."""
from gonghui.core.capabilities import FEDERATION
from gonghui.federation.models import Employer, StatsReport

from ..federation_fixtures import employer

SEGMENT_KINDS = {"employers": "federation_employer"}
NAME_KINDS = {"area": "federation_rollup_area"}  # the roll-up pages and API: every area, with the forged ?org=


def populate(world):
    t, u = world.tree, world.users
    employer(u.federation, t.town, 30, name="青石镇保密电子厂", employees=120)
    employer(u.federation, t.town, 31, name="青石镇保密物流公司", employees=40, migrant=10)


def extend(user, scope):
    visible = Employer.all_objects.visible_to(user, FEDERATION)
    hidden = Employer.all_objects.exclude(pk__in=visible.values("pk"))
    guessed = (Employer.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    scope.strict["federation_employer"] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax["federation_employer"] = list(visible.order_by("pk").values_list("pk", flat=True)[:1])
    scope.secrets |= set(hidden.values_list("name", flat=True))
    from gonghui.federation.rollups import AREAS

    scope.lax["federation_rollup_area"] = list(AREAS)


def snapshot():
    return {"federation_employers": list(Employer.all_objects.order_by("pk").values_list(
        "pk", "name", "employees", "union_id", "deleted_at")),
            "federation_stats_reports": list(StatsReport.objects.order_by("pk").values_list("pk", "org_id", "state"))}
