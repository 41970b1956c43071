"""Scope-walk extension for union funds and budgets (gonghui.funds).

The school union gets an allocation with its receipt voucher and an approved budget; the agency union
(out of scope of both walkers) the same; the county federation holds a set-up reserve of an employer
without a union; the town federation (above the school, the factory and the agency: context for all)
has a split table.
"""
import datetime

from django.utils import timezone

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.funds import actions
from gonghui.funds.models import Allocation, Budget, BudgetLine, FundsEntry, SetupReserve, SplitRule

SEGMENT_KINDS = {"allocations": "funds_allocation", "budgets": "funds_budget", "splits": "funds_split",
                 "reserves": "funds_reserve"}

YEAR = timezone.localdate().year - 1
SECRET_NOTES = {"SCH": "第一中学三月经费备注", "AGY": "机关工会三月经费备注"}
SECRET_BUDGET_NOTES = {"SCH": "第一中学年度预算说明", "AGY": "机关工会年度预算说明"}
RESERVE_EMPLOYER = "尚未建会的星辰科技公司"
LINES = [{"account": "50105", "amount": "20000"}, {"account": "401", "amount": "30000"}]


def _union_funds(preparer, approver, union):
    allocation = actions.record_allocation(preparer, union, period=f"{YEAR}-03", payroll_total="1250000",
                                           collection="direct", note=SECRET_NOTES[union.code])
    actions.record_receipt(preparer, allocation, date=datetime.date(YEAR, 4, 10))
    budget = actions.create_budget(preparer, union, year=YEAR, lines=LINES, note=SECRET_BUDGET_NOTES[union.code])
    actions.submit_budget(preparer, budget)
    actions.approve_budget(approver, budget)


def populate(world):
    u = world.users
    _union_funds(u.finance, u.chair, world.tree.school)
    _union_funds(world.admin, world.agency_chair, world.agency)
    actions.create_split_rule(world.admin, world.tree.town, effective_from="2020-01-01", grassroots_share="60",
                              shares=[("town", "10"), ("county", "20"), ("national", "10")], source="镇总工会分成办法")
    actions.record_reserve(world.admin, world.tree.county, employer_name=RESERVE_EMPLOYER, period=f"{YEAR}-05",
                           payroll_total="100000", received_on=datetime.date(YEAR, 6, 1))


def _split(model_qs, visible_qs, guessed):
    visible = set(visible_qs.values_list("pk", flat=True))
    every = list(model_qs.order_by("pk").values_list("pk", flat=True))
    return [pk for pk in every if pk not in visible][:3] + [guessed], [pk for pk in every if pk in visible][:1]


def extend(user, scope):
    guessed = 10 ** 6
    for kind, model in (("funds_allocation", Allocation), ("funds_budget", Budget), ("funds_reserve", SetupReserve)):
        scope.strict[kind], scope.lax[kind] = _split(model.objects, model.objects.visible_to(user, VIEW_FINANCE),
                                                     guessed)
    scope.strict["funds_split"], scope.lax["funds_split"] = _split(SplitRule.objects,
                                                                   SplitRule.objects.in_view_of(user), guessed)
    seen_unions = set(Allocation.objects.visible_to(user, VIEW_FINANCE).values_list("union__code", flat=True))
    scope.secrets |= {note for code, note in SECRET_NOTES.items() if code not in seen_unions}
    scope.secrets |= {note for code, note in SECRET_BUDGET_NOTES.items() if code not in seen_unions}
    if not SetupReserve.objects.visible_to(user, VIEW_FINANCE).exists():
        scope.secrets.add(RESERVE_EMPLOYER)


def snapshot():
    return {
        "funds_allocations": list(Allocation.objects.order_by("pk").values_list("pk", "status", "voided_at",
                                                                               "received_on", "amount")),
        "funds_entries": list(FundsEntry.objects.order_by("pk").values_list("pk", "kind", "amount")),
        "funds_budgets": list(Budget.objects.order_by("pk").values_list("pk", "status", "version")),
        "funds_budget_lines": list(BudgetLine.objects.order_by("pk").values_list("pk", "amount", "approved_amount")),
        "funds_splits": list(SplitRule.all_objects.order_by("pk").values_list("pk", "deleted_at")),
        "funds_reserves": list(SetupReserve.objects.order_by("pk").values_list("pk", "status", "returned_to_id")),
    }
