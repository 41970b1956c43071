"""Template filters of the spending pages."""
from django import template

from gonghui.spending.catalogue import festival_label

register = template.Library()


@register.filter
def festival(name):
    """A stored festival name (春节) in the current language."""
    return festival_label(name) if name else ""


@register.filter
def check_outcome(check_result):
    """The outcome of the spending check an expense keeps (``Expense.check_result``), in words."""
    from gonghui.spending.rules import StoredCheck

    check = StoredCheck(check_result)
    return check.outcome_label if check.outcome else ""
