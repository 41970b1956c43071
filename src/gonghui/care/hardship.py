"""The hardship class of DOMAIN.md §12, and the 低保 line that applies to a union on a day.

    per-capita monthly = (household disposable income − essential spending) ÷ 12 ÷ household size
    深度困难 below the 低保 line; 相对困难 below 2 × the line; 意外致困 after a disaster or line-of-duty
    event, or when crisis costs exceed 80% of the household's yearly income.

▶ income 36,000, essential spending 6,000, 3 people, 低保 900 → 833.33 → 深度困难.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from .models import HardshipClass, PovertyLine

CENT = Decimal("0.01")
CRISIS_SHARE = Decimal("0.8")
MIGRANT_SERVICE_DAYS = 365


def per_capita_monthly(income, spending, household_size):
    """Decimal yuan per person per month, two places, half up (never below zero)."""
    value = (Decimal(income) - Decimal(spending)) / Decimal(12) / Decimal(household_size)
    return max(value, Decimal("0")).quantize(CENT, ROUND_HALF_UP)


def classify(*, income, spending, household_size, line, disaster=False, crisis_costs=None):
    """(class, per-capita monthly amount). The deeper class wins when more than one applies."""
    per_capita = per_capita_monthly(income, spending, household_size)
    if per_capita < line:
        return HardshipClass.DEEP, per_capita
    if per_capita < 2 * line:
        return HardshipClass.RELATIVE, per_capita
    crisis = Decimal(crisis_costs or 0)
    if disaster or (crisis > 0 and crisis > CRISIS_SHARE * max(Decimal(income), Decimal("0"))):
        return HardshipClass.ACCIDENT, per_capita
    return HardshipClass.NONE, per_capita


def poverty_line(org, day):
    """The line set by the nearest organisation at or above ``org`` in force on ``day`` (one query)."""
    paths = [org.path[:i] for i in range(4, len(org.path) + 1, 4)]
    rows = (PovertyLine.objects.filter(org__path__in=paths, effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
            .select_related("org").order_by("-org__path", "-effective_from"))
    return rows.first()


def served_a_year(member, day):
    """Migrant workers need one year of actual employment (hire_date) before a file is opened."""
    if not member.hire_date:
        return False
    return member.hire_date <= day - datetime.timedelta(days=MIGRANT_SERVICE_DAYS)
