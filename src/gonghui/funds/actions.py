"""Every change to union funds and budgets goes through these functions (web, API and CLI alike).

Each checks scope, validates, writes and records the audit entry in one transaction, so refused
input leaves nothing behind — including the ledger voucher a receipt creates: the voucher is written
by ``ledger.actions.create_voucher`` inside the same transaction.

Vouchers (all drafts, ``source="funds"``, ``source_ref="funds:<allocation id>:<kind>[:<n>]"``):

* direct allocation received:  Dr 102 银行存款 (whole allocation) / Cr 402 拨缴经费收入 (grassroots
  share) / Cr 221 应付上级经费 (upward share);
* upward share paid:           Dr 221 应付上级经费 / Cr 102 银行存款;
* tax-collected refund (返还) received: Dr 102 / Cr 402 拨缴经费收入 up to the grassroots share still
  expected, and Cr 40301 回拨经费补助 for anything the upper union returns beyond it. The 60% returned
  is the union's own retained allocation, so it is income of the same line (402) as under direct
  allocation and the two modes read alike in the income statement; only an extra return (回拨) is a
  subsidy of the upper union (DOMAIN.md §5: 403 上级补助收入, sub-account for returned funds).
"""
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from gonghui.core.i18n import words

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, MANAGE_ORGS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import collect, date_value, money, percent
from gonghui.core.softdelete import soft_delete
from gonghui.orgs.models import FEDERATION_KINDS, Kind, Organisation

from . import periods, rules
from .models import (
    LEVEL_ORDER,
    Allocation,
    AllocationRate,
    AllocationStatus,
    Budget,
    BudgetLine,
    BudgetRevision,
    BudgetStatus,
    Collection,
    EntryKind,
    FundsEntry,
    Level,
    LineKind,
    ReserveStatus,
    SetupReserve,
    SplitRule,
    SplitShare,
)

BANK, RETAINED_INCOME, PAYABLE_UPWARD, RETURNED_SUBSIDY = "102", "402", "221", "40301"
ALLOCATION_FIELDS = ["union", "period_start", "period_end", "payroll_total", "rate", "amount", "grassroots_rate",
                     "grassroots_amount", "upward_amount", "collection", "split_rule", "status", "received_on",
                     "note", "void_reason"]
LABELS = {"union": gettext_lazy("基层工会"), "period": gettext_lazy("期间"), "payroll_total": gettext_lazy("工资总额"),
          "collection": gettext_lazy("收缴方式"), "date": gettext_lazy("日期"), "amount": gettext_lazy("金额"),
          "rate": gettext_lazy("拨缴比例"), "effective_from": gettext_lazy("起始日期"),
          "grassroots_share": gettext_lazy("基层工会留成"), "shares": gettext_lazy("分成比例"),
          "federation": gettext_lazy("总工会"), "reason": gettext_lazy("原因"), "employer_name": gettext_lazy("单位名称"),
          "employer_uscc": gettext_lazy("统一社会信用代码"), "lines": gettext_lazy("预算项目"),
          "year": gettext_lazy("年度"), "status": gettext_lazy("状态"), "note": gettext_lazy("备注"),
          "source": gettext_lazy("依据")}


# ---- shared checks ----

def _require_union(union):
    if union is None or union.deleted_at is not None:
        raise ActionError(_("基层工会不存在"), field="union")
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("工会经费和预算属于基层工会，%(name)s是%(kind)s")
                          % {"name": union.name, "kind": _(str(union.get_kind_display()))}, field="union")


def _lock(org):
    """Serialise changes of one organisation's funds (duplicate checks then hold). FOR NO KEY UPDATE: rows
    that refer to the organisation (audit entries, vouchers) are still written meanwhile."""
    list(Organisation.all_objects.select_for_update(no_key=True).filter(pk=org.pk).values_list("pk", flat=True))


def _lock_national_tables():
    """The national default split tables have no federation row to lock: lock the tables themselves
    (the data migration seeds them, so there is always one) to set a new one at a time."""
    list(SplitRule.all_objects.select_for_update().filter(federation__isnull=True).order_by("pk")
         .values_list("pk", flat=True))


def _once(create, errors, field, message):
    """``create()`` in a savepoint: the unique row another request wrote meanwhile (the database's
    constraint is the last guard behind the locks) is the rule's own message on ``field``, never a 500."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        pass
    errors[field] = message
    raise ActionError(errors=errors)


def _period(value, errors, field="period"):
    if isinstance(value, tuple):
        return value
    try:
        start, end = periods.parse_period(value)
    except ValueError as exc:
        errors[field] = str(exc)
        return None
    today = timezone.localdate()
    if start > today:
        errors[field] = _("%(period)s尚未开始，不能登记未来期间的经费") % {"period": periods.label(start, end)}
        return None
    return start, end


def _stored(text):
    """``text()`` in the language of stored records (voucher summaries, audit notes are Chinese whoever acts)."""
    with override(settings.LANGUAGE_CODE):
        return text()


def _raise(errors):
    if errors:
        raise ActionError(errors=errors)


# ---- rates and split tables ----

@transaction.atomic
def set_rate(actor, union, *, effective_from, rate, source=""):
    """Set a union's own allocation rate from a date (the national default applies until then)."""
    _require_union(union)
    scope.require(actor, KEEP_BOOKS, union)
    _lock(union)
    errors = {}
    day = collect(errors, date_value, effective_from, "effective_from")
    pct = collect(errors, percent, rate, "rate", places=4, above_minimum=True)
    if day and AllocationRate.objects.filter(union=union, effective_from=day).exists():
        errors["effective_from"] = _("%(day)s起的比例已设置，如需更改请另设起始日期") % {"day": f"{day:%Y-%m-%d}"}
    _raise(errors)
    row = _once(lambda: AllocationRate.objects.create(union=union, effective_from=day, rate=pct,
                                                      source=(source or "")[:200], created_by=actor),
                errors, "effective_from",
                _("%(day)s起的比例已设置，如需更改请另设起始日期") % {"day": f"{day:%Y-%m-%d}"})
    audit.record(actor, "funds_rate", row, org=union,
                 after=audit.snapshot(row, ["union", "effective_from", "rate", "source"]))
    return row


def _require_federation(actor, federation):
    if federation is None:
        if not (actor and actor.is_superuser):
            raise ActionError(_("只有系统管理员可以设置全国默认分成表"), field="federation")
        return
    if federation.deleted_at is not None or federation.kind not in FEDERATION_KINDS:
        raise ActionError(_("分成表只能由总工会设置"), field="federation")
    scope.require(actor, MANAGE_ORGS, federation)


def clean_shares(grassroots_share, shares, errors):
    """Validate a split table: the grassroots share plus every level's share is exactly 100%."""
    grassroots = collect(errors, percent, grassroots_share, "grassroots_share", above_minimum=True)
    cleaned, seen = [], set()
    for i, row in enumerate(shares or [], start=1):
        level, share = (row.get("level"), row.get("share")) if isinstance(row, dict) else row
        level = (level or "").strip()
        if not level and str(share or "").strip() == "":
            continue
        if level not in LEVEL_ORDER:
            errors[f"shares.{i}"] = _("第%(row)s行层级应为：%(levels)s") % {"row": i, "levels": words(Level.labels)}
            continue
        if level in seen:
            errors[f"shares.{i}"] = _("第%(row)s行：%(level)s重复") % {"row": i, "level": Level(level).label}
            continue
        seen.add(level)
        pct = collect(errors, percent, share, f"shares.{i}", above_minimum=True,
                      label=_("第%(row)s行（%(level)s）比例") % {"row": i, "level": Level(level).label})
        if pct is None:
            continue
        cleaned.append((level, pct))
    if not cleaned and "shares" not in errors:
        errors["shares"] = _("请至少填写一个上级层级的比例")
    if grassroots is not None and cleaned and not any(k.startswith("shares") for k in errors):
        total = grassroots + sum(p for _l, p in cleaned)
        if total != 100:
            errors["shares"] = (_("基层留成与各级分成合计应为100%%，现为%(total)s%%（相差%(difference)s%%）")
                                % {"total": f"{total.normalize():f}", "difference": f"{(100 - total).normalize():f}"})
    return grassroots, sorted(cleaned, key=lambda r: LEVEL_ORDER[r[0]])


@transaction.atomic
def create_split_rule(actor, federation, *, effective_from, grassroots_share, shares, source="", note=""):
    """A federation's split table from a date; ``shares`` are (level, percent) pairs or dicts."""
    _require_federation(actor, federation)
    if federation is not None:
        _lock(federation)
    else:
        _lock_national_tables()
    errors = {}
    day = collect(errors, date_value, effective_from, "effective_from")
    grassroots, cleaned = clean_shares(grassroots_share, shares, errors)
    if day and SplitRule.objects.filter(federation=federation, effective_from=day).exists():
        errors["effective_from"] = (_("%(day)s起的分成表已存在，如需更改请先删除或另设起始日期")
                                    % {"day": f"{day:%Y-%m-%d}"})
    _raise(errors)
    rule = _once(lambda: SplitRule.objects.create(federation=federation, effective_from=day,
                                                  grassroots_share=grassroots, source=(source or "")[:200],
                                                  note=(note or "")[:200], created_by=actor),
                 errors, "effective_from",
                 _("%(day)s起的分成表已存在，如需更改请先删除或另设起始日期") % {"day": f"{day:%Y-%m-%d}"})
    SplitShare.objects.bulk_create([SplitShare(rule=rule, level=lv, share=pct) for lv, pct in cleaned])
    with override(settings.LANGUAGE_CODE):  # the audit trail is written in Chinese, whoever acts
        table = "；".join(f"{Level(lv).label}{pct}%" for lv, pct in cleaned)
    audit.record(actor, "funds_split_create", rule, org=federation,
                 after={**audit.snapshot(rule, ["federation", "effective_from", "grassroots_share", "source"]),
                        "shares": table})
    return rule


@transaction.atomic
def delete_split_rule(actor, rule, *, reason=""):
    """Remove a split table that no allocation has used yet (used ones stay: allocations cite them)."""
    def check(rule):
        if Allocation.objects.filter(split_rule=rule).exists():
            raise ActionError(_("该分成表已用于经费拨缴记录，不能删除；如比例有变，请设置新的起始日期"),
                              field="effective_from")

    return soft_delete(rule, actor=actor, code="funds_split_delete", org=lambda r: r.federation,
                       allow=lambda r: _require_federation(actor, r.federation), check=check,
                       note=(reason or "")[:500], manager=SplitRule.objects.select_related("federation"))


# ---- allocations ----

@transaction.atomic
def record_allocation(actor, union, *, period, payroll_total, collection, note=""):
    """Record a month's or quarter's allocation: amount and split computed from the rules in force."""
    _require_union(union)
    scope.require(actor, KEEP_BOOKS, union)
    _lock(union)
    errors = {}
    span = _period(period, errors)
    payroll = collect(errors, money, payroll_total, "payroll_total", positive=True)
    if collection not in Collection.values:
        errors["collection"] = _("请选择收缴方式（行政直接拨缴或税务代收）")
    if span:
        clash = (Allocation.objects.filter(union=union, voided_at__isnull=True, period_start__lte=span[1],
                                           period_end__gte=span[0]).first())
        if clash:
            errors["period"] = _("%(period)s的经费已登记，不能重复登记") % {"period": clash.period_label}
    _raise(errors)
    start, end = span
    rate_row = rules.rate_for(union, start)
    rule = rules.split_rule_for(union, start)
    if rate_row is None or rule is None:
        raise ActionError(_("没有适用的拨缴比例或分成表，请先设置"), field="period")
    amount = rules.allocation_amount(payroll, rate_row.rate)
    grassroots, upward = rules.split_amount(amount, rule.grassroots_share)
    allocation = _once(lambda: Allocation.objects.create(
        union=union, period_start=start, period_end=end, payroll_total=payroll, rate=rate_row.rate, amount=amount,
        grassroots_rate=rule.grassroots_share, grassroots_amount=grassroots, upward_amount=upward,
        collection=collection, split_rule=rule, note=(note or "")[:200], recorded_by=actor),
        errors, "period", _("%(period)s的经费已登记，不能重复登记") % {"period": periods.label(start, end)})
    audit.record(actor, "funds_allocation", allocation, org=union,
                 after=audit.snapshot(allocation, ALLOCATION_FIELDS))
    return allocation


def _locked(allocation):
    return Allocation.objects.select_for_update(of=("self",)).select_related("union", "split_rule").get(pk=allocation.pk)


def _entry_total(allocation, kind):
    return allocation.entries.filter(kind=kind).aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _voucher(actor, allocation, *, date, summary, lines, ref):
    from gonghui.ledger.actions import create_voucher

    lines = [dict(account=code, debit=debit, credit=credit, memo="") for code, debit, credit in lines
             if debit or credit]
    return create_voucher(actor, union=allocation.union, date=date, summary=summary, lines=lines,
                          source="funds", source_ref=ref)


def _entry(actor, allocation, kind, day, amount, ref, note):
    try:
        with transaction.atomic():
            return FundsEntry.objects.create(allocation=allocation, kind=kind, date=day, amount=amount,
                                             source_ref=ref, note=(note or "")[:200], recorded_by=actor)
    except IntegrityError:
        raise ActionError(_("该笔收付已登记"), field="date") from None


def _settle(actor, allocation, before, status, action, entry, voucher):
    allocation.status = status
    if allocation.received_on is None:
        allocation.received_on = entry.date
    allocation.save(update_fields=["status", "received_on"])
    audit.record(actor, action, allocation, org=allocation.union, before=before,
                 after=audit.snapshot(allocation, ALLOCATION_FIELDS),
                 note=_stored(lambda: f"{entry.get_kind_display()}{entry.amount}元，凭证{voucher}"))
    return entry


def _prepare(actor, allocation, date):
    allocation = _locked(allocation)
    scope.require(actor, KEEP_BOOKS, allocation.union)
    if allocation.is_void:
        raise ActionError(_("该经费拨缴记录已作废"), field="status")
    errors = {}
    day = collect(errors, date_value, date, "date", not_future=True)
    if day and day < allocation.period_start:
        errors["date"] = _("不能早于所属期间开始（%(day)s）") % {"day": f"{allocation.period_start:%Y-%m-%d}"}
    _raise(errors)
    return allocation, day


@transaction.atomic
def record_receipt(actor, allocation, *, date, note=""):
    """Direct allocation: the employer's payment arrived (the whole allocation, in one payment)."""
    allocation, day = _prepare(actor, allocation, date)
    if allocation.collection != Collection.DIRECT:
        raise ActionError(_("税务代收的经费由上级工会返还，请登记“收到上级返还”"), field="status")
    if allocation.status != AllocationStatus.PENDING:
        raise ActionError(_("该期间的拨缴经费已登记到账"), field="status")
    before = audit.snapshot(allocation, ALLOCATION_FIELDS)
    ref = f"funds:{allocation.pk}:receipt"
    voucher = _voucher(actor, allocation, date=day, ref=ref,
                       summary=_stored(lambda: f"收到{allocation.period_label}工会经费拨缴款"),
                       lines=[(BANK, allocation.amount, 0), (RETAINED_INCOME, 0, allocation.grassroots_amount),
                              (PAYABLE_UPWARD, 0, allocation.upward_amount)])
    entry = _entry(actor, allocation, EntryKind.RECEIPT, day, allocation.amount, ref, note)
    status = AllocationStatus.RECEIVED if allocation.upward_amount else AllocationStatus.SETTLED
    return _settle(actor, allocation, before, status, "funds_receipt", entry, voucher)


@transaction.atomic
def record_remittance(actor, allocation, *, date, amount=None, note=""):
    """Direct allocation: (part of) the upward share paid to the upper union; default: all still owed."""
    allocation, day = _prepare(actor, allocation, date)
    if allocation.collection != Collection.DIRECT:
        raise ActionError(_("税务代收的经费已由税务部门全额上缴，无需上解"), field="status")
    if allocation.status == AllocationStatus.PENDING:
        raise ActionError(_("请先登记拨缴经费到账，再上解上级"), field="status")
    owed = allocation.upward_amount - _entry_total(allocation, EntryKind.REMITTANCE)
    if owed <= 0:
        raise ActionError(_("该期间应上解的经费已全部上解"), field="status")
    errors = {}
    paid = owed if amount in (None, "") else collect(errors, money, amount, "amount", positive=True)
    if paid is not None and paid > owed:
        errors["amount"] = _("超过尚欠上级的%(owed)s元") % {"owed": owed}
    _raise(errors)
    before = audit.snapshot(allocation, ALLOCATION_FIELDS)
    n = allocation.entries.filter(kind=EntryKind.REMITTANCE).count() + 1
    ref = f"funds:{allocation.pk}:remit:{n}"
    voucher = _voucher(actor, allocation, date=day, ref=ref,
                       summary=_stored(lambda: f"上解{allocation.period_label}上级工会经费"),
                       lines=[(PAYABLE_UPWARD, paid, 0), (BANK, 0, paid)])
    entry = _entry(actor, allocation, EntryKind.REMITTANCE, day, paid, ref, note)
    status = AllocationStatus.SETTLED if paid == owed else AllocationStatus.RECEIVED
    return _settle(actor, allocation, before, status, "funds_remittance", entry, voucher)


@transaction.atomic
def record_refund(actor, allocation, *, date, amount, note=""):
    """Tax-collected allocation: (part of) the grassroots share returned by the upper union (返还)."""
    allocation, day = _prepare(actor, allocation, date)
    if allocation.collection != Collection.TAX:
        raise ActionError(_("行政直接拨缴的经费请登记“拨缴经费到账”"), field="status")
    if allocation.status == AllocationStatus.SETTLED:
        raise ActionError(_("该期间应返还的经费已全部到账"), field="status")
    errors = {}
    received = collect(errors, money, amount, "amount", positive=True)
    _raise(errors)
    expected_left = allocation.grassroots_amount - _entry_total(allocation, EntryKind.REFUND)
    retained = min(received, expected_left)
    extra = received - retained
    before = audit.snapshot(allocation, ALLOCATION_FIELDS)
    n = allocation.entries.filter(kind=EntryKind.REFUND).count() + 1
    ref = f"funds:{allocation.pk}:refund:{n}"
    voucher = _voucher(actor, allocation, date=day, ref=ref,
                       summary=_stored(lambda: f"收到上级返还{allocation.period_label}工会经费"),
                       lines=[(BANK, received, 0), (RETAINED_INCOME, 0, retained), (RETURNED_SUBSIDY, 0, extra)])
    entry = _entry(actor, allocation, EntryKind.REFUND, day, received, ref, note)
    status = AllocationStatus.SETTLED if received >= expected_left else AllocationStatus.PARTIAL
    return _settle(actor, allocation, before, status, "funds_refund", entry, voucher)


@transaction.atomic
def void_allocation(actor, allocation, *, reason):
    """Void an allocation recorded by mistake, before any money was recorded against it."""
    allocation = _locked(allocation)
    scope.require(actor, KEEP_BOOKS, allocation.union)
    if allocation.is_void:
        raise ActionError(_("该经费拨缴记录已作废"), field="status")
    if allocation.entries.exists():
        raise ActionError(_("已有到账或上解记录，不能作废；如有错误请在账簿中红字冲销相应凭证"), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请填写作废原因"), field="reason")
    allocation.voided_at = timezone.now()
    allocation.void_reason = reason[:200]
    allocation.save(update_fields=["voided_at", "void_reason"])
    audit.record(actor, "funds_void", allocation, org=allocation.union, note=reason[:500])
    return allocation


# ---- set-up reserve (建会筹备金) ----

RESERVE_FIELDS = ["federation", "employer_name", "employer_uscc", "period_start", "period_end", "payroll_total",
                  "rate", "amount", "received_on", "status", "returned_to", "returned_on", "note"]


def _require_reserve_keeper(actor, federation):
    if federation is None or federation.deleted_at is not None or federation.kind not in FEDERATION_KINDS:
        raise ActionError(_("建会筹备金由总工会代管，请选择总工会"), field="federation")
    scope.require(actor, KEEP_BOOKS, federation)


@transaction.atomic
def record_reserve(actor, federation, *, employer_name, period, payroll_total, received_on, employer_uscc="",
                   note=""):
    """An employer without a union paid the set-up reserve (the allocation rate of its payroll)."""
    _require_reserve_keeper(actor, federation)
    _lock(federation)
    errors = {}
    name = (employer_name or "").strip()
    if not name:
        errors["employer_name"] = _("不能为空")
    uscc = (employer_uscc or "").strip().upper()
    if uscc:
        from gonghui.orgs.validators import validate_uscc

        try:
            uscc = validate_uscc(uscc)
        except Exception as exc:  # a ValidationError with a Chinese message
            errors["employer_uscc"] = exc.messages[0]
    span = _period(period, errors)
    payroll = collect(errors, money, payroll_total, "payroll_total", positive=True)
    day = collect(errors, date_value, received_on, "received_on", not_future=True)
    if span and name and SetupReserve.objects.filter(federation=federation, employer_name=name,
                                                     period_start__lte=span[1], period_end__gte=span[0]).exists():
        errors["period"] = _("%(employer)s%(period)s的筹备金已登记") % {"employer": name, "period": periods.label(*span)}
    _raise(errors)
    rate_row = rules.rate_for(federation, span[0])
    reserve = _once(lambda: SetupReserve.objects.create(
        federation=federation, employer_name=name, employer_uscc=uscc, period_start=span[0], period_end=span[1],
        payroll_total=payroll, rate=rate_row.rate, amount=rules.allocation_amount(payroll, rate_row.rate),
        received_on=day, note=(note or "")[:200], recorded_by=actor),
        errors, "period", _("%(employer)s%(period)s的筹备金已登记") % {"employer": name, "period": periods.label(*span)})
    audit.record(actor, "funds_reserve", reserve, org=federation, after=audit.snapshot(reserve, RESERVE_FIELDS))
    return reserve


@transaction.atomic
def return_reserve(actor, reserve, *, union, date, note=""):
    """The employer's union is founded: the federation returns the reserve to it."""
    reserve = SetupReserve.objects.select_for_update(of=("self",)).select_related("federation").get(pk=reserve.pk)
    _require_reserve_keeper(actor, reserve.federation)
    if reserve.status == ReserveStatus.RETURNED:
        raise ActionError(_("该筹备金已返还"), field="status")
    errors = {}
    if union is None or union.kind != Kind.GRASSROOTS or union.deleted_at is not None:
        errors["union"] = _("请选择新成立的基层工会")
    elif not union.is_within(reserve.federation):
        errors["union"] = _("%(union)s不在%(federation)s之下") % {"union": union.name,
                                                               "federation": reserve.federation.name}
    day = collect(errors, date_value, date, "date", not_future=True)
    if day and day < reserve.received_on:
        errors["date"] = _("不能早于收到日期（%(day)s）") % {"day": f"{reserve.received_on:%Y-%m-%d}"}
    _raise(errors)
    before = audit.snapshot(reserve, RESERVE_FIELDS)
    reserve.status, reserve.returned_to, reserve.returned_on = ReserveStatus.RETURNED, union, day
    reserve.returned_by = actor
    if note:
        reserve.note = (note or "")[:200]
    reserve.save(update_fields=["status", "returned_to", "returned_on", "returned_by", "note"])
    audit.record(actor, "funds_reserve_return", reserve, org=reserve.federation, before=before,
                 after=audit.snapshot(reserve, RESERVE_FIELDS))
    return reserve


# ---- budgets ----

def clean_budget_lines(lines, errors):
    """Budget lines as (kind, code, name, amount, note): income lines on income accounts, expense lines on
    expense accounts of the chart, each at most once, and never a parent together with its sub-account."""
    from gonghui.ledger.models import DEFAULT_CHART, Account

    rows, codes = [], []
    for i, raw in enumerate(lines or [], start=1):
        code = str(raw.get("account") or raw.get("account_code") or "").strip()
        amount_text = raw.get("amount")
        if not code and str(amount_text or "").strip() == "":
            continue
        rows.append((i, code, raw.get("kind") or "", amount_text, (raw.get("note") or "")[:200]))
        codes.append(code)
    accounts = {a.code: a for a in Account.objects.filter(chart=DEFAULT_CHART, code__in=codes)}
    cleaned, seen = [], {}
    for i, code, kind, amount_text, note in rows:
        account = accounts.get(code)
        if account is None:
            errors[f"lines.{i}"] = (_("第%(row)s行：科目“%(code)s”不存在") % {"row": i, "code": code} if code
                                    else _("第%(row)s行：请填写科目") % {"row": i})
            continue
        if kind and kind not in LineKind.values:
            errors[f"lines.{i}"] = _("第%(row)s行：收支类型应为收入或支出") % {"row": i}
            continue
        kind = kind or account.kind
        if kind == LineKind.EXPENSE and account.kind != "expense":
            errors[f"lines.{i}"] = (_("%(account)s不是支出科目，支出预算只能按支出科目（501职工活动支出及其明细、502…510）编制")
                                    % {"account": account})
            continue
        if kind == LineKind.INCOME and account.kind != "income":
            errors[f"lines.{i}"] = _("%(account)s不是收入科目，收入预算只能按收入科目（401…408）编制") % {"account": account}
            continue
        if kind not in LineKind.values:
            errors[f"lines.{i}"] = _("%(account)s不是收支科目，预算只能按收入或支出科目编制") % {"account": account}
            continue
        amount = collect(errors, money, amount_text, f"lines.{i}", label=_("%(account)s的金额") % {"account": account})
        if amount is None:
            continue
        clash = next((c for c in seen if c == code or c.startswith(code) or code.startswith(c)), None)
        if clash == code:
            errors[f"lines.{i}"] = _("科目%(code)s重复（第%(row)s行）") % {"code": code, "row": seen[clash]}
            continue
        if clash:
            errors[f"lines.{i}"] = (_("%(account)s与%(other)s是上下级科目，不能同时编列；请只按一级科目或只按明细科目编制")
                                    % {"account": account, "other": clash})
            continue
        seen[code] = i
        cleaned.append((kind, code, account.name, amount, note))
    if not cleaned and not errors:
        errors["lines"] = _("请至少填写一个预算项目")
    return cleaned


def _line_map(budget):
    return {line.account_code: line for line in budget.lines.all()}


def _write_lines(budget, cleaned):
    """Replace the working lines with ``cleaned``, keeping each kept line's approved figure."""
    existing = _line_map(budget)
    keep = {code for _k, code, _n, _a, _note in cleaned}
    BudgetLine.objects.filter(budget=budget).exclude(account_code__in=keep).delete()
    new, changed = [], []
    for kind, code, name, amount, note in cleaned:
        line = existing.get(code)
        if line is None:
            new.append(BudgetLine(budget=budget, kind=kind, account_code=code, account_name=name, amount=amount,
                                  note=note))
        else:
            line.kind, line.account_name, line.amount, line.note = kind, name, amount, note
            changed.append(line)
    BudgetLine.objects.bulk_create(new)
    BudgetLine.objects.bulk_update(changed, ["kind", "account_name", "amount", "note"])


def _changes(before: dict, cleaned) -> list:
    """[{account, name, before, after}] for every line added, removed or changed."""
    after = {code: (name, amount) for _k, code, name, amount, _n in cleaned}
    out = []
    for code in sorted(set(before) | set(after)):
        old = before.get(code)
        new = after.get(code)
        old_amount = old[1] if old else None
        new_amount = new[1] if new else None
        if old_amount != new_amount:
            out.append({"account": code, "name": (new or old)[0],
                        "before": None if old_amount is None else str(old_amount),
                        "after": None if new_amount is None else str(new_amount)})
    return out


def _amounts(budget):
    return {line.account_code: (line.account_name, line.amount) for line in budget.lines.all()}


def _budget_year(year, errors):
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        errors["year"] = _("年度应为四位数字，如2026")
        return None
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        errors["year"] = _("年度应在2000–%(last)s之间") % {"last": this_year + 1}
        return None
    return year


@transaction.atomic
def create_budget(actor, union, *, year, lines, note=""):
    _require_union(union)
    scope.require(actor, KEEP_BOOKS, union)
    _lock(union)
    errors = {}
    year = _budget_year(year, errors)
    cleaned = clean_budget_lines(lines, errors)
    if year and Budget.objects.filter(union=union, year=year).exists():
        errors["year"] = _("%(year)s年预算已存在，请在原预算上修改或调整") % {"year": year}
    _raise(errors)
    budget = _once(lambda: Budget.objects.create(union=union, year=year, note=(note or "")[:200], prepared_by=actor),
                   errors, "year", _("%(year)s年预算已存在，请在原预算上修改或调整") % {"year": year})
    _write_lines(budget, cleaned)
    audit.record(actor, "budget_create", budget, org=union, after={"year": year, "lines": _changes({}, cleaned)})
    return budget


def _locked_budget(budget):
    return Budget.objects.select_for_update(of=("self",)).select_related("union").get(pk=budget.pk)


@transaction.atomic
def update_budget(actor, budget, *, lines, note=None):
    """Change the figures of a budget still being prepared (编制中)."""
    budget = _locked_budget(budget)
    scope.require(actor, KEEP_BOOKS, budget.union)
    if budget.status != BudgetStatus.DRAFT:
        message = (_("已批准的预算不能直接修改，请办理预算调整并说明原因") if budget.status == BudgetStatus.APPROVED
                   else _("预算已报送待审批，不能修改；请审批人退回后再修改"))
        raise ActionError(message, field="status")
    errors = {}
    cleaned = clean_budget_lines(lines, errors)
    _raise(errors)
    before = _amounts(budget)
    _write_lines(budget, cleaned)
    budget.prepared_by, budget.prepared_at = actor, timezone.now()
    if note is not None:
        budget.note = (note or "")[:200]
    budget.save(update_fields=["prepared_by", "prepared_at", "note"])
    audit.record(actor, "budget_update", budget, org=budget.union, after={"lines": _changes(before, cleaned)})
    return budget


@transaction.atomic
def submit_budget(actor, budget):
    budget = _locked_budget(budget)
    scope.require(actor, KEEP_BOOKS, budget.union)
    if budget.status != BudgetStatus.DRAFT:
        raise ActionError(_("预算状态为“%(status)s”，只有编制中的预算可以报送") % {"status": budget.get_status_display()},
                          field="status")
    if not budget.lines.exists():
        raise ActionError(_("预算没有任何项目，不能报送"), field="lines")
    budget.status, budget.submitted_by, budget.submitted_at = BudgetStatus.SUBMITTED, actor, timezone.now()
    budget.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit.record(actor, "budget_submit", budget, org=budget.union, before={"status": BudgetStatus.DRAFT},
                 after={"status": budget.status}, note=f"第{budget.version}版")
    return budget


@transaction.atomic
def approve_budget(actor, budget):
    """Approve the submitted version (APPROVE_SPENDING, never by whoever prepared its figures)."""
    budget = _locked_budget(budget)
    scope.require(actor, APPROVE_SPENDING, budget.union)
    if budget.status != BudgetStatus.SUBMITTED:
        raise ActionError(_("预算状态为“%(status)s”，只有待审批的预算可以批准") % {"status": budget.get_status_display()},
                          field="status")
    if actor.pk in (budget.prepared_by_id, budget.submitted_by_id):
        raise ActionError(_("不能审批自己编制或报送的预算，请由其他有审批权的负责人审批"), field="status")
    BudgetLine.objects.filter(budget=budget).update(approved_amount=F("amount"))
    budget.status, budget.approved_by, budget.approved_at = BudgetStatus.APPROVED, actor, timezone.now()
    budget.approved_version = budget.version
    budget.save(update_fields=["status", "approved_by", "approved_at", "approved_version"])
    audit.record(actor, "budget_approve", budget, org=budget.union, before={"status": BudgetStatus.SUBMITTED},
                 after={"status": budget.status}, note=f"第{budget.version}版")
    return budget


@transaction.atomic
def return_budget(actor, budget, *, reason):
    """Send a submitted budget (or adjustment) back to its preparer with a reason."""
    budget = _locked_budget(budget)
    scope.require(actor, APPROVE_SPENDING, budget.union)
    if budget.status != BudgetStatus.SUBMITTED:
        raise ActionError(_("只有待审批的预算可以退回"), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请填写退回原因"), field="reason")
    budget.status = BudgetStatus.DRAFT
    budget.save(update_fields=["status"])
    audit.record(actor, "budget_return", budget, org=budget.union, before={"status": BudgetStatus.SUBMITTED},
                 after={"status": budget.status}, note=reason[:500])
    return budget


@transaction.atomic
def adjust_budget(actor, budget, *, lines, reason):
    """调整: change an approved budget's figures as a new version with its reason, submitted for approval.

    Until the new version is approved, warnings and execution keep using the last approved figures.
    """
    budget = _locked_budget(budget)
    scope.require(actor, KEEP_BOOKS, budget.union)
    if budget.status != BudgetStatus.APPROVED:
        raise ActionError(_("只有已批准的预算需要办理调整；编制中的预算可直接修改"), field="status")
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请填写调整原因")
    cleaned = clean_budget_lines(lines, errors)
    before = _amounts(budget)
    changes = _changes(before, cleaned) if not errors else []
    if not errors and not changes:
        errors["lines"] = _("调整后的预算与原预算相同")
    _raise(errors)
    _write_lines(budget, cleaned)
    budget.version += 1
    budget.status, budget.prepared_by, budget.prepared_at = BudgetStatus.SUBMITTED, actor, timezone.now()
    budget.submitted_by, budget.submitted_at = actor, timezone.now()
    budget.save(update_fields=["version", "status", "prepared_by", "prepared_at", "submitted_by", "submitted_at"])
    revision = BudgetRevision.objects.create(budget=budget, version=budget.version, reason=reason[:500],
                                             changes=changes, created_by=actor)
    audit.record(actor, "budget_adjust", budget, org=budget.union, after={"lines": changes},
                 note=f"第{revision.version}版：{reason}"[:500])
    return budget


def lines_input(budget):
    """The budget's working lines as the dicts ``update_budget``/``adjust_budget`` take."""
    return [{"kind": line.kind, "account": line.account_code, "amount": line.amount, "note": line.note}
            for line in budget.lines.all()]
