"""Filters of the plan pages: units, quantities and months in the current language (``plans.labels``)."""
from django import template

from .. import labels

register = template.Library()


@register.filter
def quantity(value, unit):
    """``{{ value|quantity:unit }}``: "12人" / "12 people", "85.5%"."""
    return labels.quantity(value, unit)


@register.filter
def unit_name(unit):
    return labels.unit_name(unit)


@register.filter
def month_name(month):
    return labels.month_name(month)
