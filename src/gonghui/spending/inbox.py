"""Spending decisions waiting for the chair: expenses beyond the rules (突破规则待批准)."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext

from gonghui.core import inbox
from gonghui.core.capabilities import APPROVE_SPENDING
from gonghui.core.errors import ActionError

from . import actions
from .models import Expense


def to_approve(user, today):
    return (Expense.objects.visible_to(user, APPROVE_SPENDING).filter(status=Expense.Status.PENDING)
            .select_related("union").order_by("date", "id"))


def item(e):
    return inbox.Item(title=e.description, url=reverse("spending:expense", args=[e.pk]), pk=e.pk, org=e.union.name,
                      due=e.date, detail=_("%(n)s人，合计%(total)s元") % {"n": e.head_count, "total": e.total})


def approve(user, pk, params):
    expense = Expense.objects.visible_to(user, APPROVE_SPENDING).get(pk=pk)
    try:
        actions.override_expense(user, expense, reason=params.get("reason", ""))
    except ActionError:
        expense.refresh_from_db()
        if expense.status == Expense.Status.RECORDED:
            done = inbox.handled_by(expense.override_by, expense.updated_at, pgettext("已办理", "批准"))
            raise ActionError(_("该开支%(done)s") % {"done": done},
                              field="status") from None
        if expense.status == Expense.Status.REJECTED:
            raise ActionError(_("该开支已于%(when)s退回：%(note)s")
                              % {"when": expense.updated_at.strftime("%Y-%m-%d"), "note": expense.decision_note},
                              field="status") from None
        raise


inbox.register(inbox.Source(
    key="spending.expenses_to_approve", label=gettext_lazy("待批准突破规则的开支"), capability=APPROVE_SPENDING,
    rows=to_approve, item=item, list_url="spending:expenses", order=12,
    batch=approve, batch_label=gettext_lazy("批准所选开支"), batch_params=("reason",)))
