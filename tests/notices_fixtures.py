"""Helpers the notices tests share: categories by code and notices made through the actions."""
import datetime

from gonghui.notices import actions
from gonghui.notices.models import Category

TODAY = datetime.date(2026, 12, 3)


def category(code):
    return Category.objects.get(owner__isnull=True, code=code)


def draft(actor, union, *, code="finance", title="2026年上半年工会经费收支情况", start=None, days=15, **extra):
    start = start or TODAY
    return actions.create_notice(actor, union, category=category(code), title=title,
                                 body=extra.pop("body", "收入：会费 1,200.00 元\n\n- 慰问 2,000.00 元"),
                                 period_start=start, period_end=start + datetime.timedelta(days=days - 1), **extra)


def published(actor, union, *, today=None, **kwargs):
    notice = draft(actor, union, **kwargs)
    return actions.publish_notice(actor, notice, today=today or kwargs.get("start") or TODAY)
