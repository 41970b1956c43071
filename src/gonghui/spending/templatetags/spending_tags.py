"""Template filters of the spending pages."""
from django import template

from gonghui.spending.catalogue import festival_label

register = template.Library()


@register.filter
def festival(name):
    """A stored festival name (春节) in the current language."""
    return festival_label(name) if name else ""
