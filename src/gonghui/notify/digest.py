"""A user's digest: what their inbox holds now, as one message per channel.

``collect(user, today, muted)`` asks each inbox source the user sees (``core.inbox.sources_for``) for its
count and first few rows — two queries per source, as the inbox page itself — leaving out muted sources,
sources that may not notify and ballot sources (``notify.privacy.may_notify``). ``render`` turns the sections
into a subject and a body: plain text for e-mail, markdown for the group robots. Only each item's title and
link are used (never its detail line), and every text passes ``privacy.clean``.

Worked example: a chair with 3 vouchers to approve (2 listed) and 1 transfer gets the subject
“工会待办：共4项” and a body listing “待审批凭证（3项）” with two titles and links, then “待接收的会员转入（1项）”.
"""
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import inbox

from . import privacy
from .models import Channel

ITEMS_PER_SOURCE = 5


@dataclass
class Section:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)  # [(title, absolute url)]


def absolute(url):
    base = getattr(settings, "GONGHUI_SITE_URL", "").rstrip("/")
    if not url:
        return base + "/"
    return url if url.startswith(("http://", "https://")) else f"{base}{url if url.startswith('/') else '/' + url}"


def collect(user, today, muted=()):
    sections = []
    for source in inbox.sources_for(user):
        if source.key in muted or not privacy.may_notify(source):
            continue
        rows = source.rows(user, today)
        count = rows.count()
        if not count:
            continue
        items = []
        for row in rows[:ITEMS_PER_SOURCE]:
            item = source.item(row)
            items.append((privacy.clean(item.title, source), absolute(item.url)))
        sections.append(Section(source.key, privacy.clean(str(source.label), source), count, items))
    return sections


def fingerprint(sections):
    text = "|".join(f"{s.key}:{s.count}:" + ",".join(u for _t, u in s.items) for s in sections)
    return hashlib.sha256(text.encode()).hexdigest()


def render(user, sections, channel):
    """(subject, body) of a digest for ``channel``: plain text for e-mail, markdown for the robots."""
    total = sum(s.count for s in sections)
    name = privacy.clean(getattr(user, "name", "") or user.get_username())
    subject = _("工会待办：共%(n)s项") % {"n": total}
    home, prefs = absolute(reverse("core:home")), absolute(reverse("notify:preferences"))
    lines = []
    if channel == Channel.EMAIL:
        lines.append(_("%(name)s，您好！您在工会系统中有以下待办：") % {"name": name})
        for s in sections:
            lines += ["", _("【%(label)s】%(n)s项") % {"label": s.label, "n": s.count}]
            for title, url in s.items:
                lines += [f"- {title}", f"  {url}"]
            if s.count > len(s.items):
                lines.append(_("  ……另有%(n)s项") % {"n": s.count - len(s.items)})
        lines += ["", _("查看全部待办：%(url)s") % {"url": home}, _("修改通知设置：%(url)s") % {"url": prefs}]
    else:
        lines.append("### " + _("%(name)s的待办（%(n)s项）") % {"name": name, "n": total})
        for s in sections:
            lines.append(f"**{s.label}**" + _("（%(n)s项）") % {"n": s.count})
            lines += [f"- [{title}]({url})" for title, url in s.items]
        lines.append(f"[{_('查看全部待办')}]({home})")
    body = "\n".join(lines)
    return privacy.check(privacy.clean(subject)), privacy.check(body)


def counts(sections):
    return {s.label: s.count for s in sections}
