"""Activities open for sign-up that the member has not signed up for (报名中)."""
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope

from .models import ACTIVE_STATUSES, Event, EventStatus, Registration


def open_signups(user, today):
    member = scope.member_of(user)
    if member is None:
        return Event.objects.none()
    now = timezone.now()
    mine = Registration.objects.filter(member=member, status__in=ACTIVE_STATUSES).values("event_id")
    return (Event.objects.for_member(member).filter(status=EventStatus.OPEN)
            .filter(Q(signup_opens__isnull=True) | Q(signup_opens__lte=now))
            .filter(Q(signup_closes__isnull=True) | Q(signup_closes__gt=now))
            .exclude(pk__in=mine).select_related("union").order_by("starts_at", "id"))


def item(e):
    closes = timezone.localtime(e.signup_closes).strftime("%Y-%m-%d %H:%M") if e.signup_closes else ""
    return inbox.Item(title=e.title, url=reverse("activities:my_event", args=[e.pk]), pk=e.pk, org=e.union.name,
                      due=timezone.localdate(e.signup_closes) if e.signup_closes else None,
                      detail=_("报名截止 %(when)s") % {"when": closes} if closes else "")


inbox.register(inbox.Source(
    key="activities.open_signups", label=gettext_lazy("可以报名的活动"), capability=inbox.MEMBER, rows=open_signups,
    item=item, list_url="activities:mine", order=65, extra={"hub": "signups"}))
