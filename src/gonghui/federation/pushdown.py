"""Reading push-downs (``pushdown_actions`` writes them): the federation's list with its answer counts, the
response table per unit below and per union, and the unions' waiting items.

Set-based: the federation's list is one query with conditional counts; a push-down's table is one GROUP BY
over its targets and one ``orgs.rollup.roll_up``; a union's inbox is one query. An answer counts as *in time*
or *late*; a union that has not answered by ``due_on`` is *overdue*.
"""
from django.db.models import Count, Q
from django.utils import timezone

from gonghui.core.capabilities import FEDERATION
from gonghui.orgs.rollup import roll_up

from .models import PushDown, PushState, PushTarget

WAITING = Q(state=PushState.WAITING)
UNIT_COLUMNS = ("unions", "answered", "late", "waiting", "overdue")


def sent_by(user, federation, today=None):
    """The push-downs ``federation`` sent (newest first) with ``n_unions``, ``n_answered``, ``n_late``,
    ``n_waiting`` and ``n_overdue``: one query."""
    today = today or timezone.localdate()
    return (PushDown.objects.visible_to(user, FEDERATION).filter(federation=federation)
            .annotate(n_unions=Count("targets"), n_answered=Count("targets", filter=~Q(targets__state=PushState.WAITING)),
                      n_late=Count("targets", filter=Q(targets__late=True)),
                      n_waiting=Count("targets", filter=Q(targets__state=PushState.WAITING)),
                      n_overdue=Count("targets", filter=Q(targets__state=PushState.WAITING, due_on__lt=today)))
            .select_related("created_by"))


def unit_table(pushdown, today=None):
    """``[(unit, unions, answered, late, waiting, overdue)]`` per unit directly below the federation."""
    today = today or timezone.localdate()
    overdue = pushdown.due_on < today
    counts = {row["union_id"]: (row["n"], row["n"] - row["waiting"], row["late"], row["waiting"],
                                row["waiting"] if overdue else 0)
              for row in PushTarget.objects.filter(pushdown=pushdown).values("union_id")
              .annotate(n=Count("id"), waiting=Count("id", filter=WAITING), late=Count("id", filter=Q(late=True)))
              .order_by()}
    return roll_up(pushdown.federation, counts)


def targets(pushdown, *, state=""):
    qs = PushTarget.objects.filter(pushdown=pushdown).select_related("union", "responded_by")
    if state == "waiting":
        qs = qs.filter(WAITING)
    elif state == "answered":
        qs = qs.exclude(WAITING)
    elif state == "late":
        qs = qs.filter(late=True)
    return qs


def to_answer(user, cap, kind):
    """Push-downs of ``kind`` waiting for an answer from the unions ``user`` answers for with ``cap``."""
    return (PushTarget.objects.visible_to(user, cap).filter(WAITING, pushdown__kind=kind,
                                                            pushdown__deleted_at__isnull=True)
            .select_related("pushdown", "pushdown__federation", "union").order_by("pushdown__due_on", "id"))


def received(user, union):
    """Every push-down ``union`` received (answered or not), newest first."""
    return (PushTarget.objects.filter(union=union, pushdown__deleted_at__isnull=True)
            .select_related("pushdown", "pushdown__federation", "responded_by").order_by("-pushdown_id"))


def overdue_for_federation(user, today=None):
    """Push-downs past their deadline with unions still silent, in the federations ``user`` runs."""
    today = today or timezone.localdate()
    return (PushDown.objects.visible_to(user, FEDERATION).filter(due_on__lt=today)
            .annotate(n_waiting=Count("targets", filter=Q(targets__state=PushState.WAITING)))
            .filter(n_waiting__gt=0).select_related("federation").order_by("due_on", "id"))


