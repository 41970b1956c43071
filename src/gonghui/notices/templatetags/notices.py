"""``notice_body``: a notice's plain text shown safely — escaped, blank lines make paragraphs, lines
starting with "- " make a list, **text** is bold. Nothing else the author types becomes markup."""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def blocks(text):
    """``[("p", paragraph text) | ("list", [item, ...])]`` from the body's lines."""
    out, para, items = [], [], []

    def flush():
        if para:
            out.append(("p", "\n".join(para)))
            para.clear()
        if items:
            out.append(("list", list(items)))
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "* ", "· ")):
            if para:
                out.append(("p", "\n".join(para)))
                para.clear()
            items.append(line[2:].strip())
        else:
            if items:
                out.append(("list", list(items)))
                items.clear()
            para.append(line)
    flush()
    return out


def _inline(text):
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", str(escape(text)))


@register.filter
def notice_body(text):
    html = []
    for kind, content in blocks(text):
        if kind == "list":
            html.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in content) + "</ul>")
        else:
            html.append("<p>" + _inline(content).replace("\n", "<br>") + "</p>")
    return mark_safe("".join(html))
