"""Budgets submitted for approval (预算待审批), waiting for the chair."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext

from gonghui.core import inbox
from gonghui.core.capabilities import APPROVE_SPENDING
from gonghui.core.errors import ActionError

from . import actions
from .models import Budget, BudgetStatus


def to_approve(user, today):
    return (Budget.objects.visible_to(user, APPROVE_SPENDING).filter(status=BudgetStatus.SUBMITTED)
            .exclude(prepared_by=user).select_related("union").order_by("year", "id"))


def item(b):
    return inbox.Item(title=_("%(year)s年预算（第%(version)s版）") % {"year": b.year, "version": b.version},
                      url=reverse("funds:budget", args=[b.pk]), pk=b.pk, org=b.union.name, detail=b.note)


def approve(user, pk, params):
    budget = Budget.objects.visible_to(user, APPROVE_SPENDING).get(pk=pk)
    try:
        actions.approve_budget(user, budget)
    except ActionError:
        budget.refresh_from_db()
        if budget.status == BudgetStatus.APPROVED and budget.approved_at:
            done = inbox.handled_by(budget.approved_by, budget.approved_at, pgettext("已办理", "批准"))
            raise ActionError(_("该预算%(done)s") % {"done": done}, field="status") from None
        raise


inbox.register(inbox.Source(
    key="funds.budgets_to_approve", label=gettext_lazy("待审批的预算"), capability=APPROVE_SPENDING,
    rows=to_approve, item=item, list_url="funds:budgets", order=11,
    batch=approve, batch_label=gettext_lazy("批准所选预算")))
