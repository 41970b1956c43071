"""The event's own spending (场地费, 服装, 餐费, 交通, 观影票, 纪念品 …): checked against the event's budget
under its lock and against the spending rules by ``spending.actions.record_expense``, which books it.
What has been spent is read by ``queries.budget_of``."""
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.core.capabilities import APPROVE_SPENDING, RECORD_EXPENSES, RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.members.models import Member

from ..models import Attendance, EventCost, Registration, RegStatus
from ..queries import ZERO, budget_of
from ._common import lock_event

COST_KINDS = ("outing", "uniform", "cinema", "other")
COST_MEMBERS = ("attendees", "confirmed")
COST_AUDIT = ["kind", "item", "amount_per_person", "head_count", "total"]


def _cost_members(event, members):
    """The ids of the members a cost is for: ``"attendees"`` (checked in), ``"confirmed"`` (confirmed
    registrations), or a list of members / ids, each of whom signed up for or attended the event."""
    if members in (None, "", "attendees"):
        ids = set(Attendance.objects.filter(event_id=event.pk).values_list("member_id", flat=True))
        if not ids:
            raise ActionError(_("本活动还没有人签到；可以改为发给已报名的会员"), field="members")
        return sorted(ids)
    if members == "confirmed":
        ids = set(Registration.objects.filter(event_id=event.pk, status=RegStatus.CONFIRMED)
                  .values_list("member_id", flat=True))
        if not ids:
            raise ActionError(_("本活动还没有确认报名的会员"), field="members")
        return sorted(ids)
    if isinstance(members, str):
        raise ActionError(_("发放对象应为已签到的会员、已报名的会员或会员名单"), field="members")
    try:
        ids = {m.pk if isinstance(m, Member) else int(m) for m in members}
    except (TypeError, ValueError):
        raise ActionError(_("发放对象应为会员编号（数字）"), field="members") from None
    if not ids:
        raise ActionError(_("请选择发放对象"), field="members")
    taking_part = set(Attendance.objects.filter(event_id=event.pk, member_id__in=ids)
                      .values_list("member_id", flat=True))
    taking_part |= set(Registration.objects.filter(event_id=event.pk, member_id__in=ids,
                                                   status=RegStatus.CONFIRMED).values_list("member_id", flat=True))
    strangers = ids - taking_part
    if strangers:
        raise ActionError(_("有%(n)s人没有报名或签到本活动") % {"n": len(strangers)}, field="members")
    return sorted(ids)


def _cost_inputs(event, *, kind, item, amount_per_person, date, description):
    from gonghui.spending.catalogue import EXPENSE_KINDS

    errors = {}
    if kind not in COST_KINDS:
        errors["kind"] = _("开支类型应为：%(kinds)s（奖品请在比赛项目中确认）") % {
            "kinds": words(EXPENSE_KINDS[k].label for k in COST_KINDS)}
    item = parsing.collect(errors, parsing.text, item, "item", required=True, max_length=60)
    amount = parsing.collect(errors, parsing.money, amount_per_person, "amount_per_person", positive=True)
    day = parsing.collect(errors, parsing.date_value, date, "date", required=False)
    description = parsing.collect(errors, parsing.text, description, "description", max_length=100)
    if errors:
        raise ActionError(errors=errors)
    return item, amount, day or event.event_date, description


def _outing_day_message(event, member_ids, day, amount):
    """The outing cap is per person per day: costs of the same day add up (transport, meal, tickets …).
    ``record_expense`` checks each expense alone, so the day's earlier outing benefits are added here."""
    from gonghui.spending.catalogue import money
    from gonghui.spending.models import Benefit
    from gonghui.spending.rules import effective_rule_set, effective_rules

    rule = effective_rules(effective_rule_set(event.union, day)).get("outing")
    if rule is None or rule.amount is None:
        return None
    rows = (Benefit.objects.filter(union_id=event.union_id, kind="outing", date=day, member_id__in=member_ids)
            .values("member_id").annotate(s=Sum("amount")).order_by())
    already = [row["s"] for row in rows if row["s"] + amount > rule.amount]
    if not already:
        return None
    most = max(already)
    return _("春秋游每人每天不超过%(cap)s元：%(n)s人当天已发放春秋游费用（最多%(most)s元），本次每人%(amount)s元，"
             "最多还可每人%(left)s元") % {"cap": money(rule.amount), "n": len(already), "most": money(most),
                                       "amount": money(amount), "left": money(max(rule.amount - most, ZERO))}


def _over_budget_message(event, figures, item, total, head_count, amount):
    from gonghui.spending.catalogue import money

    after = figures.spent + total
    return _("本次%(item)s合计%(total)s元（%(n)s人×%(amount)s元），连同已登记的活动开支%(costs)s元和奖品%(prizes)s元"
             "共%(sum)s元，超出活动预算%(budget)s元%(over)s元") % {
        "item": item, "total": money(total), "n": head_count, "amount": money(amount), "costs": money(figures.costs),
        "prizes": money(figures.prizes), "sum": money(after), "budget": money(event.budget),
        "over": money(after - event.budget)}


def _renamed(exc, rename):
    """``exc`` with its messages moved onto this form's fields."""
    errors = {}
    for field, messages in exc.message_dict.items():
        errors.setdefault(rename.get(field, field), []).extend(messages)
    return ActionError(errors=errors)


def _spend(actor, union, **kwargs):
    """``record_expense`` with its messages put on this form's fields (rule breaches on the amount)."""
    from gonghui.spending import actions as spending_actions

    try:
        return spending_actions.record_expense(actor, union, **kwargs)
    except ActionError as exc:
        raise _renamed(exc, {"__all__": "amount_per_person", "description": "item", "union": "__all__",
                             "account": "__all__"}) from None


@transaction.atomic
def record_event_cost(actor, event, *, kind, item, amount_per_person, members="attendees", date=None,
                      description="", override_reason="", submit_if_breached=False):
    """Record one cost of ``event`` for its participants (场地费, 服装, 餐费, 交通, 观影票, 纪念品 …).

    ``members``: "attendees" (checked in, the default), "confirmed" (confirmed registrations) or a list.
    The cost, with the event's confirmed prizes and earlier costs, must stay within the event's budget
    (refused otherwise, naming the amount over) — checked under the event's lock, so two costs recorded
    at once cannot both fit into what is left. The spending rules are checked by
    ``spending.actions.record_expense``: within them the expense is recorded with its benefit rows and a
    draft voucher; a breach is refused with the caps as the message, unless the chair gives
    ``override_reason`` or ``submit_if_breached`` leaves it pending for the chair.
    """
    from gonghui.spending.catalogue import EXPENSE_KINDS

    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    scope.require_any(actor, RECORD_EXPENSES, event.union)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    item, amount, day, description = _cost_inputs(event, kind=kind, item=item, amount_per_person=amount_per_person,
                                                  date=date, description=description)
    member_ids = _cost_members(event, members)
    total = amount * len(member_ids)
    figures = budget_of(event)
    if event.budget is not None and figures.spent + total > event.budget:
        raise ActionError(_over_budget_message(event, figures, item, total, len(member_ids), amount),
                          field="amount_per_person")
    reason = (override_reason or "").strip()
    day_breach = _outing_day_message(event, member_ids, day, amount) if kind == "outing" else None
    if day_breach and not reason:
        raise ActionError(day_breach, field="amount_per_person")
    if day_breach and not scope.can(actor, APPROVE_SPENDING, event.union):
        raise ActionError(_("突破开支规则须由有批准权限的负责人（工会主席）批准并写明理由"), field="override_reason")
    # The expense's description is a record in the books, written as the union keeps them.
    what = f"{event.title}·{item}" + (f"（{description}）" if description else "")
    account = event.budget_account or EXPENSE_KINDS[kind].account
    expense = _spend(actor, event.union, kind=kind, members=member_ids, amount_per_person=amount, date=day,
                     description=what[:200], account=account, override_reason=override_reason,
                     submit_if_breached=submit_if_breached)
    cost = EventCost.objects.create(event=event, union=event.union, expense=expense, kind=kind, item=item,
                                    amount_per_person=amount, head_count=expense.head_count, total=expense.total,
                                    recorded_by=actor)
    after = audit.snapshot(cost, COST_AUDIT)
    after.update({"expense": expense.pk, "status": expense.status, "date": str(day)})
    if day_breach:
        after["breaches"] = [day_breach]
    audit.record(actor, "record_cost", cost, org=event.union, after=after, note=reason[:200])
    return cost


@transaction.atomic
def cancel_event_cost(actor, cost, *, reason):
    """Withdraw a cost whose expense still waits for the chair (``spending.actions.reject_expense``: the
    chair's decision, with the reason). A recorded cost already has a draft voucher; the spending app has
    no way to take it back, so it is corrected in the books instead."""
    from gonghui.spending import actions as spending_actions
    from gonghui.spending.models import Expense

    event = lock_event(cost.event)
    cost = EventCost.objects.select_related("event__organiser", "event__union", "expense").get(pk=cost.pk)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if cost.expense.status != Expense.Status.PENDING:
        raise ActionError(_("只有待批准的开支可以撤销；已登记的开支已生成记账凭证，请由财务在账簿中更正"),
                          field="status")
    reason = parsing.text(reason)
    if not reason:
        raise ActionError(_("请说明撤销原因"), field="reason")
    try:
        expense = spending_actions.reject_expense(actor, cost.expense, note=reason)
    except ActionError as exc:
        raise _renamed(exc, {"decision_note": "reason"}) from None
    audit.record(actor, "cancel_cost", cost, org=cost.union, before={"status": Expense.Status.PENDING},
                 after={"status": expense.status}, note=reason[:200])
    cost.expense = expense
    return cost
