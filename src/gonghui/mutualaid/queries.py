"""Read-only figures for pages, API, metrics and reminders: each is one or two set-based queries."""
import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gonghui.core.metrics import percent
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Organisation

from .models import Attendance, Claim, ClaimStatus, Enrolment, HealthCheckSlot, MutualAidPlan, plan_label

RENEWAL_WINDOW = 60   # days before a plan's coverage ends
SLOT_WINDOW = 14      # days ahead for health-check slots
CURRENT = ~Q(status__in=[Status.TERMINATED, Status.TRANSFERRING])


def subtree_ids(org):
    return Organisation.objects.subtree(org).values("id")


def participation(check):
    """Per slot of a round: the group, how many attended, how many were on its roster, the rate."""
    slots = list(HealthCheckSlot.objects.filter(round=check).select_related("org").order_by("org__path"))
    if not slots:
        return []
    attended = dict(Attendance.objects.filter(round=check).values_list("slot_id").annotate(n=Count("id"))
                    .order_by())
    members = Member.objects.filter(CURRENT, union=check.union)
    sizes = members.aggregate(**{f"s{s.pk}": Count("id", filter=Q(org__path__startswith=s.org.path))
                                 for s in slots})
    rows = []
    for s in slots:
        n, roster = attended.get(s.pk, 0), sizes[f"s{s.pk}"]
        rows.append({"slot": s, "org": s.org, "attended": n, "roster": roster, "rate": percent(n, roster)})
    return rows


def round_totals(check):
    attended = Attendance.objects.filter(round=check).count()
    roster = Member.objects.filter(CURRENT, union=check.union).count()
    return {"attended": attended, "roster": roster, "rate": percent(attended, roster)}


def coverage_by_plan(org, day):
    """(plan, members covered on ``day``) for enrolments in ``org``'s subtree."""
    rows = (Enrolment.objects.filter(org__in=subtree_ids(org), plan__coverage_start__lte=day,
                                     plan__coverage_end__gte=day)
            .values("plan_id", "plan__name", "plan__year").annotate(n=Count("member_id", distinct=True))
            .order_by("-n", "plan__name"))
    return [(plan_label(r["plan__year"], r["plan__name"]), r["n"], r["plan_id"]) for r in rows]


def claims_by_status(org, year):
    rows = dict(Claim.objects.filter(org__in=subtree_ids(org), incident_date__year=year).values_list("status")
                .annotate(n=Count("id")).order_by())
    return [(s.label, rows.get(s.value, 0)) for s in ClaimStatus]


def claims_money(org, year):
    row = Claim.objects.filter(org__in=subtree_ids(org), incident_date__year=year).aggregate(
        claimed=Sum("amount_claimed"), approved=Sum("amount_approved", filter=Q(status__in=["approved", "paid"])),
        paid=Sum("amount_approved", filter=Q(status="paid")))
    return {k: v or 0 for k, v in row.items()}


def renewals_due(plans, org, today=None):
    """Plans with members in ``org`` whose cover ends within 60 days and which have no next year yet."""
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=RENEWAL_WINDOW)
    due = (plans.filter(coverage_end__gte=today, coverage_end__lte=end, renewals__isnull=True)
           .filter(enrolments__org__in=subtree_ids(org), enrolments__deleted_at__isnull=True)
           .annotate(n=Count("enrolments", distinct=True)).order_by("coverage_end"))
    return [{"plan": p, "members": p.n, "days": (p.coverage_end - today).days} for p in due.select_related("owner")]


def upcoming_slots(slots, today=None):
    today = today or timezone.localdate()
    return list(slots.filter(date__gte=today, date__lte=today + datetime.timedelta(days=SLOT_WINDOW),
                             round__deleted_at__isnull=True)
                .select_related("org", "round").order_by("date", "start_time")[:50])


def plan_totals(plan, org):
    """Head count and premiums of ``plan`` within ``org``'s subtree."""
    row = Enrolment.objects.filter(plan=plan, org__in=subtree_ids(org)).aggregate(
        n=Count("id"), premium=Sum("premium"), union=Sum("union_pays"), member=Sum("member_pays"))
    return {k: v or 0 for k, v in row.items()}


def plans_for_org(user, cap, org):
    """Plans usable in ``org``: its own, its union's, and its federations' (within what the user sees)."""
    prefixes = org.ancestor_paths()
    return (MutualAidPlan.objects.visible_to(user, cap)
            .filter(Q(owner__path__in=prefixes) | Q(owner__in=subtree_ids(org)))
            .select_related("owner"))
