"""Transfers (会员关系接转) waiting for the receiving union."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import EDIT_MEMBERS
from gonghui.core.errors import ActionError

from . import actions
from .models import Transfer


def to_accept(user, today):
    """Pending transfers into the user's subtrees (the receiving side: the transfers page's inbox)."""
    return (Transfer.objects.filter(state=Transfer.State.PENDING)
            .filter(scope.org_condition(user, EDIT_MEMBERS, "to_org"))
            .select_related("member", "from_org", "to_org").order_by("requested_at", "id"))


def item(t):
    return inbox.Item(title=_("%(name)s 由%(src)s转入") % {"name": t.member.name, "src": t.from_org.name},
                      url=reverse("members:transfers"), pk=t.pk, org=t.to_org.name,
                      due=None, detail=t.reason)


_VERB = {Transfer.State.ACCEPTED: pgettext_lazy("已办理", "接收"), Transfer.State.DECLINED: pgettext_lazy("已办理", "退回"),
         Transfer.State.CANCELLED: pgettext_lazy("已办理", "撤销")}


def accept(user, pk, params):
    transfer = Transfer.objects.filter(scope.org_condition(user, EDIT_MEMBERS, "to_org")).get(pk=pk)
    try:
        actions.accept_transfer(user, transfer, note=str(params.get("note") or ""))
    except ActionError:
        transfer.refresh_from_db()
        if transfer.state != Transfer.State.PENDING:
            done = inbox.handled_by(transfer.decided_by, transfer.decided_at, _VERB[transfer.state])
            raise ActionError(_("该转接%(done)s") % {"done": done}, field="state") from None
        raise


inbox.register(inbox.Source(
    key="members.transfers_to_accept", label=gettext_lazy("待接收的会员转接"), capability=EDIT_MEMBERS,
    rows=to_accept, item=item, list_url="members:transfers", order=15,
    batch=accept, batch_label=gettext_lazy("接收所选会员")))
