"""Reading dues: arrears, the six-month report, collection rates and the internal split.

Each is one or two GROUP BY queries over the roll lines (``DuesItem``), whatever the number of
members; callers pass a union they have already checked the user may see.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum

from gonghui.orgs.models import Organisation

from . import months
from .models import DuesItem, DuesRemittance, DuesRoll, ItemStatus

ZERO = Decimal("0.00")
LAPSE_MONTHS = 6  # DOMAIN.md §1: six months without paying dues (and without taking part)


def _overdue(today=None):
    """Lines whose roll period has ended before the current month (a monthly roll of March is due
    by the end of March; a quarterly roll of January–March by the end of March)."""
    current = months.current_month(today)
    return (Q(roll__months=1, roll__month__lte=months.add_months(current, -1))
            | Q(roll__months=3, roll__month__lte=months.add_months(current, -3)))


def arrears(union, *, min_months=1, today=None, since=None):
    """Per member in arrears for at least ``min_months`` months: member_id, months, amount, first, last.

    Ordered by member id (the keyset of the arrears page); ``since`` limits the rolls looked at.
    """
    lines = DuesItem.objects.filter(_overdue(today), roll__union=union, status=ItemStatus.UNPAID)
    if since is not None:
        lines = lines.filter(roll__month__gte=since)
    return (lines.values("member_id").order_by("member_id")
            .annotate(months=Sum("roll__months"), amount=Sum("amount"), first=Min("roll__month"),
                      last=Max("roll__month"))
            .filter(months__gte=min_months))


def arrears_totals(union, *, min_months=1, today=None, since=None):
    """(members, months, amount) over the whole arrears list: one query."""
    rows = list(arrears(union, min_months=min_months, today=today, since=since).values_list("months", "amount"))
    return len(rows), sum(m for m, _a in rows), sum((a for _m, a in rows), ZERO).quantize(Decimal("0.01"))


def lapsed(union, *, today=None):
    """Members who paid nothing for the last six complete months (DOMAIN.md §1): a report to check
    by hand, never acted on automatically (membership ends only by a decision on the member's page)."""
    since = months.add_months(months.current_month(today), -LAPSE_MONTHS)
    return arrears(union, min_months=LAPSE_MONTHS, today=today, since=since)


def page(qs, after=None, size=50):
    """A keyset page of an ``arrears`` queryset (ordered by member id): (rows, next member id)."""
    if after:
        qs = qs.filter(member_id__gt=after)
    rows = list(qs[: size + 1])
    if len(rows) > size:
        return rows[:size], rows[size - 1]["member_id"]
    return rows, None


# ---- lines that ask nothing ----

def not_due(roll):
    """Lines of ``roll`` that ask nothing, by reason, each with its label (one GROUP BY): exemptions
    (保留会籍, 困难减免) apart from fees that round to 0.00 below the base and bases not recorded."""
    from .models import ExemptReason, line_label

    rows = (DuesItem.objects.filter(roll=roll, status=ItemStatus.EXEMPT).values("exempt_reason").order_by()
            .annotate(n=Count("id")))
    counts = {row["exempt_reason"]: row["n"] for row in rows}
    return [{"reason": reason, "label": line_label(ItemStatus.EXEMPT, reason), "heads": counts[reason]}
            for reason in ExemptReason.values if counts.get(reason)]


# ---- collection rates ----

@dataclass
class Rate:
    """Collection for one organisation (or the total): due and paid, by amount and by heads."""

    org: object
    due: Decimal = ZERO
    paid: Decimal = ZERO
    due_heads: int = 0
    paid_heads: int = 0
    exempt_heads: int = 0

    @property
    def amount_rate(self):
        return round(self.paid * 100 / self.due, 1) if self.due else None

    @property
    def head_rate(self):
        return round(Decimal(self.paid_heads * 100) / self.due_heads, 1) if self.due_heads else None

    @property
    def unpaid(self):
        return self.due - self.paid


def _rates(lines):
    """Rates per organisation of ``lines`` (one GROUP BY) plus the total, in tree order."""
    exempt, paid = Q(status=ItemStatus.EXEMPT), Q(status=ItemStatus.PAID)
    grouped = list(lines.values("org_id").order_by()
                   .annotate(due=Sum("amount", filter=~exempt), paid=Sum("paid_amount", filter=paid),
                             due_heads=Count("id", filter=~exempt), paid_heads=Count("id", filter=paid),
                             exempt_heads=Count("id", filter=exempt)))
    orgs = {o.pk: o for o in Organisation.all_objects.filter(pk__in=[r["org_id"] for r in grouped])}
    rows, total = [], Rate(org=None)
    for r in grouped:
        rate = Rate(org=orgs[r["org_id"]], due=(r["due"] or ZERO).quantize(Decimal("0.01")),
                    paid=(r["paid"] or ZERO).quantize(Decimal("0.01")), due_heads=r["due_heads"],
                    paid_heads=r["paid_heads"], exempt_heads=r["exempt_heads"])
        rows.append(rate)
        total.due += rate.due
        total.paid += rate.paid
        total.due_heads += rate.due_heads
        total.paid_heads += rate.paid_heads
        total.exempt_heads += rate.exempt_heads
    rows.sort(key=lambda rate: rate.org.path)
    return rows, total


def roll_rates(roll):
    """Per-organisation totals of one roll (the roll page and the month's collection rate)."""
    return _rates(DuesItem.objects.filter(roll=roll))


def month_rates(union, month):
    """Collection per organisation for the union's roll of ``month`` (empty when there is none)."""
    return _rates(DuesItem.objects.filter(roll__union=union, roll__month=month))


def collection_by_group(union, year, month):
    """The finance home's table (``finaudit.figures.dues_collection``): per organisation of the roll of
    ``year``-``month``, heads due and paid and the rate by heads; ``None`` when there is no roll."""
    rows, _total = month_rates(union, datetime.date(year, month, 1))
    if not rows:
        return None
    return [{"code": r.org.code, "name": r.org.name, "due": r.due_heads, "paid": r.paid_heads,
             "rate": r.head_rate if r.head_rate is not None else Decimal("0.0"),
             "due_amount": r.due, "paid_amount": r.paid} for r in rows]


def year_rates(union, month):
    """Collection per organisation over the rolls of ``month``'s year up to ``month`` (year to date)."""
    start = datetime.date(month.year, 1, 1)
    return _rates(DuesItem.objects.filter(roll__union=union, roll__month__gte=start, roll__month__lte=month))


# ---- the internal split ----

def remittance_rows(roll):
    """Per branch or group of ``roll``: collected, owed (the group share of it), remitted and balance."""
    share = roll.group_share / 100
    collected = dict(DuesItem.objects.filter(roll=roll, status=ItemStatus.PAID).exclude(org_id=roll.union_id)
                     .values("org_id").order_by().annotate(s=Sum("paid_amount")).values_list("org_id", "s"))
    remitted = dict(DuesRemittance.objects.filter(roll=roll).values("to_org_id").order_by()
                    .annotate(s=Sum("amount")).values_list("to_org_id", "s"))
    orgs = Organisation.all_objects.filter(pk__in=set(collected) | set(remitted)).order_by("path")
    rows = []
    for org in orgs:
        got = (collected.get(org.pk) or ZERO).quantize(Decimal("0.01"))
        owed = (got * share).quantize(Decimal("0.01"))
        paid = (remitted.get(org.pk) or ZERO).quantize(Decimal("0.01"))
        rows.append({"org": org, "collected": got, "owed": owed, "remitted": paid, "balance": owed - paid})
    return rows


def rolls_of(union):
    return DuesRoll.objects.filter(union=union).order_by("-month")
