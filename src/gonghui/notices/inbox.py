"""Notices: unread ones for the member (未读公开事项), and the officer's notices about to expire."""
import datetime

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import PUBLISH_NOTICES

from .models import Notice, Read, addressed_to


def unread(user, today):
    member = scope.member_of(user)
    if member is None:
        return Notice.objects.none()
    return (Notice.objects.public().filter(status=Notice.Status.PUBLISHED, pk__in=addressed_to(member))
            .exclude(pk__in=Read.objects.filter(member=member).values("notice_id"))
            .select_related("union").order_by("-disclosed_on", "-id"))


def expiring(user, today):
    """Published notices whose posting ends within a week (公开期将满)."""
    return (Notice.objects.visible_to(user, PUBLISH_NOTICES)
            .filter(status=Notice.Status.PUBLISHED, period_end__gte=today,
                    period_end__lte=today + datetime.timedelta(days=7))
            .select_related("union").order_by("period_end", "id"))


def item(n):
    return inbox.Item(title=n.title, url=reverse("notices:notice", args=[n.pk]), pk=n.pk, org=n.union.name,
                      due=n.period_end, detail=_("公开期 %(start)s至%(end)s") % {"start": n.period_start,
                                                                            "end": n.period_end})


inbox.register(inbox.Source(
    key="notices.unread", label=gettext_lazy("未读的公开事项"), capability=inbox.MEMBER, rows=unread, item=item,
    list_url="notices:mine", order=60, extra={"hub": "notices"}))

inbox.register(inbox.Source(
    key="notices.expiring", label=gettext_lazy("本周到期的公开事项"), capability=PUBLISH_NOTICES, rows=expiring,
    item=item, list_url="notices:list", order=50))
