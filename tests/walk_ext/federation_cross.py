"""Scope-walk extension for the federation's push-downs: the county sends one notice to the school alone (marked
title and body), which the school answers. The walkers (the factory's chair, the school's member, the agency's
member) must not open it, its copy, or its answer, nor read its texts; nothing may change."""
import datetime

from django.db.models import Q
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.capabilities import FEDERATION, VIEW
from gonghui.federation import pushdown_actions
from gonghui.federation.models import PushDown, PushTarget
from gonghui.orgs.models import Organisation

SEGMENT_KINDS = {"pushdowns": "federation_pushdown", "received": "federation_pushtarget"}
TITLE, BODY, ANSWER = "县总工会仅致一中的密件通知", "一中专项密件正文", "一中对密件的回复"


def populate(world):
    t, u = world.tree, world.users
    pushdown = pushdown_actions.send(u.federation, t.county, kind="notice", title=TITLE, body=BODY,
                                     due_on=timezone.localdate() + datetime.timedelta(days=10), union_types=["school"])
    target = PushTarget.objects.get(pushdown=pushdown, union=t.school)
    pushdown_actions.respond(u.chair, target, how="reply", response=ANSWER)


def _visible_targets(user):
    unions = Organisation.objects.filter(scope.org_condition(user, VIEW, ""))
    feds = Organisation.objects.filter(scope.org_condition(user, FEDERATION, ""))
    return PushTarget.objects.filter(Q(union__in=unions) | Q(pushdown__federation__in=feds))


def extend(user, scope_):
    visible = PushDown.all_objects.visible_to(user, FEDERATION)
    hidden = PushDown.all_objects.exclude(pk__in=visible.values("pk"))
    guessed = (PushDown.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    scope_.strict["federation_pushdown"] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope_.lax["federation_pushdown"] = list(visible.order_by("pk").values_list("pk", flat=True)[:1])
    seen = _visible_targets(user)
    unseen = PushTarget.objects.exclude(pk__in=seen.values("pk"))
    guessed = (PushTarget.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    scope_.strict["federation_pushtarget"] = list(unseen.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope_.lax["federation_pushtarget"] = list(seen.order_by("pk").values_list("pk", flat=True)[:1])
    if not seen.filter(pushdown__title=TITLE).exists():
        scope_.secrets |= {TITLE, BODY, ANSWER}


def snapshot():
    return {"federation_pushdowns": list(PushDown.all_objects.order_by("pk").values_list(
        "pk", "title", "due_on", "deleted_at")),
            "federation_pushtargets": list(PushTarget.objects.order_by("pk").values_list(
                "pk", "state", "response", "reminders"))}
