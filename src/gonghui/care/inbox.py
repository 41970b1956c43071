"""Care: hardship files whose re-verification is due (困难职工档案到期复核), within the reminders' window;
greetings not yet signed for — the member's own, and those of the groups a group leader signs for."""
import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.accounts.models import Role, RoleKind
from gonghui.core import inbox, scope
from gonghui.core.capabilities import CARE, VIEW

from . import actions
from .models import DistributionRow, HardshipFile
from .reminders import REVERIFY_DAYS


def reverifications_due(user, today):
    due_by = today + datetime.timedelta(days=REVERIFY_DAYS)
    return (HardshipFile.objects.visible_to(user, CARE)
            .filter(status=HardshipFile.Status.ACTIVE, next_verification__lte=due_by)
            .select_related("member", "union").order_by("next_verification", "id"))


def item(f):
    return inbox.Item(title=_("%(name)s 困难档案复核") % {"name": f.member.name},
                      url=reverse("care:file", args=[f.pk]), pk=f.pk, org=f.union.name, due=f.next_verification)


inbox.register(inbox.Source(
    key="care.reverifications_due", label=gettext_lazy("到期复核的困难职工档案"), capability=CARE,
    rows=reverifications_due, item=item, list_url="care:reminders", order=45, notify=False))


SIGN_DAYS = 60  # greetings handed out within this many days still wait for a signature


def _unsigned(today):
    return DistributionRow.objects.filter(signed_at__isnull=True,
                                          distribution__date__gte=today - datetime.timedelta(days=SIGN_DAYS))


def mine_to_sign(user, today):
    member = scope.member_of(user)
    if member is None:
        return DistributionRow.objects.none()
    return _unsigned(today).filter(member=member).select_related("distribution", "union").order_by("-id")


def group_to_sign(user, today):
    """Unsigned greetings the user may sign for (``actions.sign_as``): in the groups they lead (groups are
    the leaves of the tree) and, for care officers, in their subtrees."""
    led = Role.objects.filter(user=user, kind=RoleKind.GROUP_LEADER).values("org_id")
    return (_unsigned(today).filter(scope.org_condition(user, CARE, "org") | Q(org__in=led))
            .select_related("distribution", "member", "union").order_by("-id"))


def mine_item(row):
    d = row.distribution
    return inbox.Item(title=d.description, url=reverse("care:my"), pk=row.pk, org=row.union.name, due=d.date)


def group_item(row):
    d = row.distribution
    return inbox.Item(title=_("%(name)s：%(what)s") % {"name": row.member.name, "what": d.description},
                      url=reverse("care:greeting", args=[d.pk]), pk=row.pk, org=row.union.name, due=d.date)


def sign(user, pk, params):
    """Sign on the member's behalf (group leader) through the care action; a row already signed says when."""
    row = DistributionRow.objects.visible_to(user, VIEW).get(pk=pk)
    actions.sign_row(user, row)


inbox.register(inbox.Source(
    key="care.mine_to_sign", label=gettext_lazy("待我签收的慰问"), capability=inbox.MEMBER, rows=mine_to_sign,
    item=mine_item, list_url="care:my", order=68, extra={"hub": "care"}))

inbox.register(inbox.Source(
    key="care.group_to_sign", label=gettext_lazy("小组待签收的慰问"), capability=VIEW, rows=group_to_sign,
    item=group_item, list_url="care:greetings", order=80, notify=False,
    batch=sign, batch_label=gettext_lazy("代签所选慰问")))
