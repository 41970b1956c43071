"""Notices to an event's participants (通知参加者): one in-app ``Message`` to each recipient."""
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError

from ..models import ACTIVE_STATUSES, Message, Notice, RegStatus
from ._common import lock_event


def notify(actor, event, title, body, audience, member_ids, record=True):
    """Send one notice to ``member_ids`` (inside the caller's transaction); audited unless ``record`` is
    false (a promotion from the waiting list is audited as such)."""
    notice = Notice.objects.create(event=event, title=title[:100], body=body, audience=audience,
                                   recipients=len(member_ids), sent_by=actor if actor and actor.pk else None)
    Message.objects.bulk_create([Message(notice=notice, member_id=m) for m in member_ids])
    if record:
        audit.record(actor, "notify", notice, org=event.union, after={"title": notice.title,
                                                                      "recipients": notice.recipients})
    return notice


@transaction.atomic
def notify_participants(actor, event, *, title, body, audience=Notice.Audience.ALL):
    """通知参加者: one in-app message to each signed-up (and, if chosen, waiting) member."""
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    errors = {}
    title = parsing.text(title)
    body = parsing.text(body)
    if not title:
        errors["title"] = [_("不能为空")]
    if not body:
        errors["body"] = [_("不能为空")]
    if audience not in Notice.Audience.values:
        errors["audience"] = [_("发送对象无效")]
    if errors:
        raise ActionError(errors=errors)
    statuses = [RegStatus.CONFIRMED] if audience == Notice.Audience.CONFIRMED else list(ACTIVE_STATUSES)
    ids = list(event.registrations.filter(status__in=statuses).values_list("member_id", flat=True))
    if not ids:
        raise ActionError(_("还没有可通知的报名者"), field="audience")
    return notify(actor, event, title, body, audience, ids)
