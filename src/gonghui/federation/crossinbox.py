"""Inbox sources of cross-union work: transfers waiting longer than ``GONGHUI_TRANSFER_OVERDUE_DAYS`` (for the
receiving union and every federation above it) and push-downs waiting for a union's response
(``federation.pushdown``). Imported by ``federation/inbox.py``."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import EDIT_MEMBERS, FEDERATION, MANAGE_PLANS, PUBLISH_NOTICES
from gonghui.members.models import Transfer

from . import crossunion, pushdown
from .models import PushKind


def _overdue(user, today, cap):
    return (Transfer.objects.filter(crossunion.overdue_q(today)).filter(scope.org_condition(user, cap, "to_org"))
            .select_related("member", "from_org", "to_org").order_by("requested_at", "id"))


def overdue_for_union(user, today):
    return _overdue(user, today, EDIT_MEMBERS)


def overdue_for_federation(user, today):
    return _overdue(user, today, FEDERATION)


def _item(url_name):
    def item(t):
        sent = timezone.localdate(t.requested_at)
        days = (timezone.localdate() - sent).days
        url = reverse(url_name)
        if url_name == "federation:transfers":
            url += f"?state=overdue&org={t.to_org.code}"
        return inbox.Item(title=_("%(name)s 由%(src)s转入") % {"name": t.member.name, "src": t.from_org.name},
                          url=url, pk=t.pk, org=t.to_org.name,
                          due=sent + datetime.timedelta(days=crossunion.overdue_days()),
                          detail=_("已等待%(days)d天") % {"days": days})
    return item


inbox.register(inbox.Source(
    key="federation.transfers_overdue_union", label=gettext_lazy("超期未接收的会员转接"), capability=EDIT_MEMBERS,
    rows=overdue_for_union, item=_item("members:transfers"), list_url="members:transfers", order=16))
inbox.register(inbox.Source(
    key="federation.transfers_overdue", label=gettext_lazy("下级工会超期未接收的会员转接"), capability=FEDERATION,
    rows=overdue_for_federation, item=_item("federation:transfers"), list_url="federation:transfers", order=72))


# ---- push-downs: the unions' answers and the federation's overdue ones ----


def _to_answer(cap, kind):
    return lambda user, today: pushdown.to_answer(user, cap, kind)


def _target_item(t):
    detail = t.pushdown.federation.name
    if t.reminders:
        detail += " · " + _("已催办%(n)d次") % {"n": t.reminders}
    return inbox.Item(title=t.pushdown.title, url=reverse("federation:received_detail", args=[t.pk]), pk=t.pk,
                      org=t.union.name, due=t.pushdown.due_on, detail=detail)


inbox.register(inbox.Source(
    key="federation.notices_pushed", label=gettext_lazy("上级下发的通知待回复"), capability=PUBLISH_NOTICES,
    rows=_to_answer(PUBLISH_NOTICES, PushKind.NOTICE), item=_target_item, list_url="federation:received",
    order=17))
inbox.register(inbox.Source(
    key="federation.plans_pushed", label=gettext_lazy("上级下发的工作计划待回复"), capability=MANAGE_PLANS,
    rows=_to_answer(MANAGE_PLANS, PushKind.PLAN), item=_target_item, list_url="federation:received", order=18))
inbox.register(inbox.Source(
    key="federation.pushdowns_overdue", label=gettext_lazy("下发事项超期未回复"), capability=FEDERATION,
    rows=lambda user, today: pushdown.overdue_for_federation(user, today),
    item=lambda p: inbox.Item(title=p.title, url=reverse("federation:pushdown", args=[p.pk]), pk=p.pk,
                              org=p.federation.name, due=p.due_on,
                              detail=_("%(n)d个单位未回复") % {"n": p.n_waiting}),
    list_url="federation:pushdowns", order=73))
