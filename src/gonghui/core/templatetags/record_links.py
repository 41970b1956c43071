"""``{% record_links obj %}``: the links other apps registered for ``obj``'s model (``core.record_links``)."""
from django import template
from django.utils.html import format_html, format_html_join

from gonghui.core import record_links as links

register = template.Library()


@register.simple_tag(takes_context=True)
def record_links(context, obj):
    request = context.get("request")
    rows = links.for_object(getattr(request, "user", None), obj) if obj is not None else []
    if not rows:
        return ""
    items = format_html_join("", '<a class="button secondary small" href="{}">{}</a>', ((u, l) for l, u in rows))
    return format_html('<p class="record-links">{}</p>', items)
