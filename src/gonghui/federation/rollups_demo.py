"""Demo records for the federation's roll-ups where no other app's demo makes them: this year's fund
allocations of the demo county's unions (most settled, the oldest of every third union left unpaid past its due
day, so the funds roll-up shows overdue ones) and their budgets (approved, waiting for approval, being drafted).
Everything goes through ``funds.actions``; a union without an allocation rate or split table is skipped."""
import datetime

from django.core.exceptions import PermissionDenied

from gonghui.core import scope
from gonghui.core.capabilities import APPROVE_SPENDING
from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind, Organisation

BUDGET_LINES = [{"account": "50101", "amount": "10000"}, {"account": "50105", "amount": "20000", "note": "节日慰问"},
                {"account": "401", "amount": "30000"}]


def populate(ctx, county, officer):
    from gonghui.funds import actions as funds_actions

    today = ctx.today
    unions = list(Organisation.objects.filter(path__startswith=county.path, kind=Kind.GRASSROOTS).order_by("path"))
    months = [m for m in range(max(1, today.month - 3), today.month)]
    for n, union in enumerate(unions):
        for m in months:
            payroll = ctx.rng.randrange(200, 3000) * 1000
            try:
                allocation = funds_actions.record_allocation(ctx.admin, union, period=f"{today.year}-{m:02d}",
                                                             payroll_total=payroll, collection="direct")
                if n % 3 == 0 and m == months[0]:
                    continue  # unpaid past its due day: overdue
                day = min(datetime.date(today.year, m + 1, 10), today - datetime.timedelta(days=3))
                funds_actions.record_receipt(ctx.admin, allocation, date=day)
                if m != months[-1] or n % 2:
                    funds_actions.record_remittance(ctx.admin, allocation, date=day + datetime.timedelta(days=3))
            except ActionError:
                break
        try:
            budget = funds_actions.create_budget(ctx.admin, union, year=today.year, lines=BUDGET_LINES)
            if n % 3:
                funds_actions.submit_budget(ctx.admin, budget)
            approver = next((u for u in (officer, *ctx.users.values()) if u is not None and u != ctx.admin
                             and scope.can(u, APPROVE_SPENDING, union)), None)
            if n % 3 == 1 and approver is not None:
                funds_actions.approve_budget(approver, budget)
        except (ActionError, PermissionDenied):
            continue
