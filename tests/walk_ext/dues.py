"""Scope-walk extension for dues: rolls, a payroll batch, an exemption, a reminder, a remittance and a
policy for the school union (in the chair's scope) and for the agency union (out of everyone's but its
own officers'), so every dues URL is walked with ids it must refuse and strings it must not show."""
from decimal import Decimal

from django.db.models import Max
from openpyxl import Workbook

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.dues import actions, months, payroll
from gonghui.dues.models import (DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRemittance,
                                 DuesRoll, WageBaseChange)
from gonghui.members.models import Member

SEGMENT_KINDS = {"rolls": "dues_roll", "batches": "dues_batch", "exemptions": "dues_exemption"}
SECRETS = {"SCH": ("学校会费减免理由（不得外泄）", "校工发〔2026〕9号", "学校代扣名单.xlsx"),
           "AGY": ("机关会费减免理由（不得外泄）", "机工发〔2026〕7号", "机关代扣名单.xlsx")}


def _batch(user, union, path, member, amount, month):
    wb = Workbook()
    ws = wb.active
    ws.append(["会员编号", "姓名", "扣缴金额", "月份"])
    ws.append([member.member_no, member.name, str(amount), months.iso(month)])
    wb.save(path)
    result = payroll.run_import(user, union, path, batch_no=f"{union.code}-1")
    assert result.ok, result.problems


def _union_data(user, approver, union, member, tmp):
    """A policy with a split, last month's roll with one paid line, an exemption, a reminder and a
    remittance for ``union``."""
    reason, decision, file_name = SECRETS[union.code]
    month = months.add_months(months.current_month(), -1)
    actions.set_policy(user, union, effective_from=months.iso(months.add_months(month, -1)), rate_percent="0.5",
                       group_share="60", note=f"{union.name}会费设置")
    actions.run_roll(user, union, months.add_months(month, -1))
    roll = actions.run_roll(user, union, month).roll
    item = DuesItem.objects.filter(roll=roll, status="unpaid").select_related("member").order_by("id").first()
    _batch(user, union, tmp / file_name, item.member, item.amount, month)
    # Not a member with a self-service login: members see their own exemptions, and this one is a secret.
    others = (Member.objects.filter(union=union, status="active", user__isnull=True).exclude(pk=item.member_id)
              .order_by("id"))
    exempted = others.first() or member
    actions.grant_exemption(approver, exempted, start_month=months.iso(month), reason=reason, decision_no=decision)
    actions.send_reminders(user, union, min_months=1)
    if item.org_id != union.pk:
        actions.record_remittance(user, roll, to_org=item.org, amount=Decimal("0.01"),
                                  paid_at=months.current_month())


def populate(world):
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp(prefix="walk-dues-"))
    u = world.users
    _union_data(u.finance, u.chair, world.tree.school, world.members.zhang, tmp)
    actions.record_wage_base(u.chair, world.members.wang, wage_base="4567.00",
                             effective_from=months.iso(months.current_month()), source="payroll")
    for agency_member in Member.objects.filter(union=world.agency).order_by("id"):
        actions.record_wage_base(world.admin, agency_member, wage_base="6000.00",
                                 effective_from=months.iso(months.add_months(months.current_month(), -3)))
    _union_data(world.admin, world.admin, world.agency, None, tmp)


def _ids(model, visible):
    hidden = list(model.objects.exclude(pk__in=visible.values("pk")).order_by("pk").values_list("pk", flat=True)[:3])
    guess = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return hidden + [guess], list(visible.order_by("pk").values_list("pk", flat=True)[:1])


def extend(user, scope):
    for kind, model in (("dues_roll", DuesRoll), ("dues_batch", DuesBatch), ("dues_exemption", DuesExemption)):
        scope.strict[kind], scope.lax[kind] = _ids(model, model.objects.visible_to(user, VIEW_FINANCE))
    visible_unions = set(DuesRoll.objects.visible_to(user, VIEW_FINANCE).values_list("union__code", flat=True))
    for code, strings in SECRETS.items():
        if code not in visible_unions:
            scope.secrets |= set(strings)


def snapshot():
    return {
        "dues_rolls": list(DuesRoll.objects.order_by("pk").values_list("pk", "status", "heads", "total_due",
                                                                     "total_paid", "run_at")),
        "dues_items": list(DuesItem.objects.order_by("pk").values_list("pk", "status", "paid_amount", "batch_id")),
        "dues_batches": list(DuesBatch.objects.order_by("pk").values_list("pk", "file_hash")),
        "dues_policies": list(DuesPolicy.objects.order_by("pk").values_list("pk", "rate", "group_share")),
        "dues_exemptions": list(DuesExemption.objects.order_by("pk").values_list("pk", "revoked_at")),
        "dues_reminders": list(DuesReminder.objects.order_by("pk").values_list("pk", "member_id", "month")),
        "dues_remittances": list(DuesRemittance.objects.order_by("pk").values_list("pk", "amount")),
        "dues_wages": list(WageBaseChange.objects.order_by("pk").values_list("pk", "member_id")),
    }
