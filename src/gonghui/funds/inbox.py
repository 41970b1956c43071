"""Budgets submitted for approval (预算待审批), waiting for the chair; allocations past their due day (经费拨缴逾期):
the union's own for its bookkeeper, the unions below for the federation's finance officer."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, pgettext

from gonghui.core import inbox, scope
from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, VIEW_FINANCE
from gonghui.core.errors import ActionError

from . import actions
from .models import Allocation, AllocationStatus, Budget, BudgetStatus
from .periods import due_date, overdue_before


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


def _overdue(allocations, today):
    return (allocations.filter(voided_at__isnull=True, period_end__lt=overdue_before(today))
            .exclude(status=AllocationStatus.SETTLED).select_related("union").order_by("period_end", "union__path", "id"))


def overdue_own(user, today):
    """Allocations of the bookkeeper's union not settled after their due day."""
    return _overdue(Allocation.objects.visible_to(user, KEEP_BOOKS), today)


def overdue_below(user, today):
    """For an upper union: the allocations of the unions below it not settled after their due day."""
    return _overdue(Allocation.objects.filter(scope.below_condition(user, VIEW_FINANCE, "union"))
                    .exclude(scope.org_condition(user, KEEP_BOOKS, "union")), today)


def allocation_item(a):
    return inbox.Item(title=str(a), url=reverse("funds:allocation", args=[a.pk]), pk=a.pk, org=a.union.name,
                      due=due_date(a.period_end), detail=f"{a.status_label} {a.amount}元")


inbox.register(inbox.Source(
    key="funds.allocations_overdue", label=gettext_lazy("逾期未结清的工会经费拨缴"), capability=KEEP_BOOKS,
    rows=overdue_own, item=allocation_item, list_url="funds:index", order=26))

inbox.register(inbox.Source(
    key="funds.allocations_overdue_below", label=gettext_lazy("下级工会逾期未结清的经费拨缴"),
    capability=VIEW_FINANCE, rows=overdue_below, item=allocation_item, list_url="funds:index", order=27))
