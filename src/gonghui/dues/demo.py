"""Demo dues for the school and the factory: the month's roll generated and finalised by the union's
accountant for every past month of this year, each paid by the payroll-withholding batch imported the
following month (a few members missed, so arrears show), the receipt booked as a draft voucher that the
ledger demo posts at month end. Last month's roll is finalised with its batch not yet imported, and
this month's roll is not yet run: work waiting for the accountant. Through ``dues.actions``."""
import datetime
import hashlib

from gonghui.core.errors import ActionError

from . import actions, months
from .models import DuesItem, ItemStatus

MISSED_SHARE = 0.03


def populate(ctx):
    for key in ("school", "factory"):
        union, finance = ctx.unions.get(key), ctx.users.get(f"{key}_finance")
        if union is None or finance is None:
            continue
        _union(ctx, union, finance)


def _union(ctx, union, finance):
    today, rng = ctx.today, ctx.rng
    this_month = today.replace(day=1)
    for number in range(1, today.month):
        month = datetime.date(today.year, number, 1)
        try:
            roll = actions.run_roll(finance, union, month, today=today).roll
            if roll is None or not roll.heads:
                continue
            roll = actions.finalize_roll(finance, roll)
        except ActionError:
            continue
        if months.add_months(month, 1) >= this_month:
            continue  # last month's batch is still to be imported
        items = DuesItem.objects.filter(roll=roll, status=ItemStatus.UNPAID).order_by("pk")
        payments = [(pk, amount) for pk, amount in items.values_list("pk", "amount") if rng.random() >= MISSED_SHARE]
        if not payments:
            continue
        paid_at = min(months.add_months(month, 1).replace(day=10), today)
        batch_no = f"{month:%Y%m}-01"
        digest = hashlib.sha256(f"demo:{union.code}:{batch_no}".encode()).hexdigest()
        try:
            actions.record_batch(finance, roll, month=month, batch_no=batch_no,
                                 file_name=f"{month:%Y年%m月}工资代扣会费.xlsx", file_hash=digest,
                                 payments=payments, mismatches=0, paid_at=paid_at)
        except ActionError:
            continue
