"""Demo books for the school and the factory: a year of routine vouchers — the federation's quarterly
回拨经费 and the month's office, training and service spending — each prepared by the union's
accountant, reviewed by its auditor, approved by its chair and posted, so the finance home, the ledger
and the monthly statements show this year's figures. Everything goes through ``ledger.actions``.

``finish`` runs after the other apps have added their records: the drafts they left (dues batches,
gifts and event costs booked through the spending rules) dated before this month are reviewed,
approved and posted as an accountant would at month end; of this month's, some are left waiting for
the chair's approval and some, approved, for posting — work waiting in the to-do lists.
"""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError

from . import actions
from .models import Voucher, VoucherStatus

ZERO = Decimal("0.00")
# account, summary, low and high amount per hundred members (yuan)
MONTHLY = [
    ("504", "购买办公用品", 40, 90),
    ("50101", "职工读书角购书及培训资料", 60, 160),
    ("509", "职工之家水电及日常维护", 50, 120),
    ("50106", "职工小家茶水用品", 20, 60),
]
QUARTERLY_INCOME = ("40301", "收到县总工会回拨经费", 2600, 3400)


def _officers(ctx, key):
    users = [ctx.users.get(f"{key}_{role}") for role in ("finance", "auditor", "chair")]
    return users if all(users) else None


def _through(voucher, auditor, chair, finance, *, until=VoucherStatus.POSTED):
    """Take a draft voucher through review, approval and posting (up to ``until``)."""
    steps = [(VoucherStatus.DRAFT, actions.review_voucher, auditor, VoucherStatus.REVIEWED),
             (VoucherStatus.REVIEWED, actions.approve_voucher, chair, VoucherStatus.APPROVED),
             (VoucherStatus.APPROVED, actions.post_voucher, finance, VoucherStatus.POSTED)]
    for needed, step, actor, reached in steps:
        if voucher.status != needed:
            continue
        if needed != VoucherStatus.APPROVED and actor.pk in (voucher.prepared_by_id, voucher.reviewed_by_id):
            return voucher  # the same person cannot take two steps; a real office would ask a colleague
        voucher = step(actor, voucher)
        if reached == until:
            break
    return voucher


def _line(account, debit, credit, memo=""):
    return {"account": account, "debit": debit, "credit": credit, "memo": memo}


def populate(ctx):
    from gonghui.members.models import Member

    today = ctx.today
    for key in ("school", "factory"):
        union, people = ctx.unions.get(key), _officers(ctx, key)
        if union is None or people is None:
            continue
        finance, auditor, chair = people
        size = max(Member.objects.filter(union=union).count(), 100)
        rng = ctx.rng
        for month in range(1, today.month + 1):
            day = min(datetime.date(today.year, month, 25), today)
            if day.month != month:
                continue
            if month % 3 == 1:  # the quarter's 回拨 arrives in its first month
                account, summary, low, high = QUARTERLY_INCOME
                amount = Decimal(rng.randint(low, high) * size // 100)
                lines = [_line("102", amount, ZERO, summary), _line(account, ZERO, amount, summary)]
                received = datetime.date(today.year, month, min(10, day.day))
                v = actions.create_voucher(finance, union=union, date=received, summary=summary, lines=lines)
                _through(v, auditor, chair, finance)
            # the month's routine spending on one voucher; this month's three wait for the accountant to
            # post, for the chair to approve and for the auditor to review
            past = month < today.month
            groups = [MONTHLY] if past else [MONTHLY[:2], MONTHLY[2:3], MONTHLY[3:]]
            for n, group in enumerate(groups):
                lines, total = [], ZERO
                for account, summary, low, high in group:
                    amount = Decimal(rng.randint(low, high) * size // 100)
                    lines.append(_line(account, amount, ZERO, summary))
                    total += amount
                lines.append(_line("102", ZERO, total, "银行付款"))
                v = actions.create_voucher(finance, union=union, date=day, lines=lines,
                                           summary=f"{month}月日常支出（{'、'.join(g[1] for g in group)}）"[:200])
                if past:
                    _through(v, auditor, chair, finance)
                elif n < 2:
                    _through(v, auditor, chair, finance,
                             until=VoucherStatus.APPROVED if n == 0 else VoucherStatus.REVIEWED)


def finish(ctx):
    """Post the other apps' drafts of past months; leave this month's waiting at each step."""
    today = ctx.today
    first = today.replace(day=1)
    for key in ("school", "factory"):
        union, people = ctx.unions.get(key), _officers(ctx, key)
        if union is None or people is None:
            continue
        finance, auditor, chair = people
        drafts = list(Voucher.objects.filter(union=union, status=VoucherStatus.DRAFT).exclude(source="manual")
                      .order_by("date", "number"))
        recent = [v for v in drafts if v.date >= first]
        for v in drafts:
            if v.date >= first:
                continue
            try:
                _through(v, auditor, chair, finance)
            except ActionError:
                continue  # a closed period or a voucher refused for a reason of its own stays a draft
        for i, v in enumerate(recent):
            until = (VoucherStatus.REVIEWED, VoucherStatus.APPROVED, None)[i % 3]
            if until is None:
                continue  # left a draft: waiting to be reviewed
            try:
                _through(v, auditor, chair, finance, until=until)
            except ActionError:
                continue
