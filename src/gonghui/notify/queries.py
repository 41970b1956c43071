"""Reading notification data in scope: a user's own preferences, the union whose robots carry their messages,
the channels an officer may edit and the outbox they may see (``MANAGE_ORGS`` at the union)."""
from gonghui.core.capabilities import MANAGE_ORGS, VIEW
from gonghui.orgs.unions import unions_for
from gonghui.members.queries import member_for

from .models import Message, Preference, UnionChannel

CHANNEL_CAP = MANAGE_ORGS  # chairs and officers set their unions' robots and see their outbox


def preference_for(user):
    """The user's preferences (an unsaved default row when they never saved any)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def home_union(user):
    """The union whose group robots carry the user's messages: their member record's union, else the first
    union where they hold a role (None for a superuser without either)."""
    member = member_for(user)
    if member is not None:
        return member.union
    return unions_for(user, VIEW).first()


def channel_for(union):
    return UnionChannel.objects.filter(union=union).first() or UnionChannel(union=union)


def outbox_for(user, union=None):
    rows = Message.objects.visible_to(user, CHANNEL_CAP)
    if union is not None:
        rows = rows.filter(union=union)
    return rows
