"""``{% history_link obj %}``: the "历史记录" button of a detail page, to the object's audit history.

Shown only to users who may open it (``core.audit_labels.may_open_history``), without a query when the page
has the object's organisation loaded already.
"""
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from gonghui.core import audit_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context, obj, css="button secondary", wrap=False):
    """The link, or nothing; ``wrap=True`` puts it in a paragraph of its own (pages without an actions bar)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None or not audit_labels.may_open_history(user, obj):
        return ""
    url = reverse("core:audit_object", args=[obj._meta.label_lower, obj.pk])
    link = format_html('<a class="{}" href="{}">{}</a>', css, url, _("历史记录"))
    return format_html('<p class="history-link">{}</p>', link) if wrap else link
