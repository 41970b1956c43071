"""The ledger's waiting vouchers (待办): to review (经审), to approve (chair), to post (finance)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, KEEP_BOOKS
from gonghui.core.errors import ActionError

from . import actions
from .models import Voucher, VoucherStatus


def _waiting(user, cap, status):
    return (Voucher.objects.visible_to(user, cap).filter(status=status)
            .select_related("union").order_by("date", "id"))


def to_review(user, today):
    return _waiting(user, AUDIT_BOOKS, VoucherStatus.DRAFT).exclude(prepared_by=user)


def to_approve(user, today):
    """Reviewed vouchers the user may approve: never one they prepared or reviewed (four eyes)."""
    return (_waiting(user, APPROVE_SPENDING, VoucherStatus.REVIEWED)
            .exclude(prepared_by=user).exclude(reviewed_by=user))


def to_post(user, today):
    return _waiting(user, KEEP_BOOKS, VoucherStatus.APPROVED)


def item(v):
    return inbox.Item(title=f"{v.label} {v.summary}", url=reverse("ledger:voucher", args=[v.pk]), pk=v.pk,
                      org=v.union.name, due=v.date, detail=_("金额 %(amount)s元") % {"amount": v.total_debit})


# What an already-handled voucher says, by the step the batch takes.
_DONE = {
    "approve": (("approved_by", "approved_at"), pgettext_lazy("已办理", "审批")),
    "review": (("reviewed_by", "reviewed_at"), pgettext_lazy("已办理", "审核")),
    "post": (("posted_by", "posted_at"), pgettext_lazy("已办理", "记账")),
}


def _act(action, step, cap):
    def run(user, pk, params):
        voucher = Voucher.objects.visible_to(user, cap).get(pk=pk)
        try:
            action(user, voucher)
        except ActionError:
            voucher.refresh_from_db()
            (by, at), verb = _DONE[step]
            if getattr(voucher, at) is not None:
                done = inbox.handled_by(getattr(voucher, by), getattr(voucher, at), verb)
                raise ActionError(_("该凭证%(voucher)s%(done)s") % {"voucher": voucher.label, "done": done},
                                  field="status") from None
            raise
    return run


inbox.register(inbox.Source(
    key="ledger.vouchers_to_approve", label=gettext_lazy("待批准的凭证"), capability=APPROVE_SPENDING,
    rows=to_approve, item=item, list_url="ledger:vouchers", order=10,
    batch=_act(actions.approve_voucher, "approve", APPROVE_SPENDING), batch_label=gettext_lazy("批准所选凭证")))

inbox.register(inbox.Source(
    key="ledger.vouchers_to_review", label=gettext_lazy("待审核的凭证"), capability=AUDIT_BOOKS,
    rows=to_review, item=item, list_url="ledger:vouchers", order=20,
    batch=_act(actions.review_voucher, "review", AUDIT_BOOKS), batch_label=gettext_lazy("审核所选凭证")))

inbox.register(inbox.Source(
    key="ledger.vouchers_to_post", label=gettext_lazy("待记账的凭证"), capability=KEEP_BOOKS,
    rows=to_post, item=item, list_url="ledger:vouchers", order=20,
    batch=_act(actions.post_voucher, "post", KEEP_BOOKS), batch_label=gettext_lazy("记账所选凭证")))
