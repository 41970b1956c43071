"""Every change to dues data goes through these functions (web, API, CLI and imports alike).

Each checks the actor's capability at the union (``core.scope``), validates with Chinese messages
naming the field (``ActionError``), writes and records the audit entry in one transaction. The roll is
generated set-based (``dues.roll``): a handful of statements whatever the number of members.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, RECORD_WAGES
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.models import AuditEntry
from gonghui.core.parsing import money, parse_date, percent
from gonghui.members import actions as member_actions
from gonghui.members import validation as member_validation
from gonghui.members.dues import monthly_dues
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation

from . import months, roll as roll_sql
from .models import (DEFAULT_RATE, DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRemittance,
                     DuesRoll, Frequency, ItemStatus, RollStatus, Source, WageBaseChange)

MAX_RATE = Decimal("0.05")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")
FEN = Decimal("0.01")

POLICY_FIELDS = ["union", "effective_from", "rate", "frequency", "group_share", "note"]
EXEMPTION_FIELDS = ["member", "start_month", "end_month", "reason", "decision_no", "approved_by"]
ROLL_FIELDS = ["month", "months", "status", "rate", "group_share", "heads", "due_heads", "exempt_heads",
               "paid_heads", "total_due", "total_paid"]
BATCH_FIELDS = ["roll", "month", "batch_no", "file_name", "rows", "total", "mismatches"]
REMITTANCE_FIELDS = ["roll", "to_org", "amount", "paid_at", "note"]
TOTALS = roll_sql.TOTAL_COLUMNS


# ---- shared checks ----

def grassroots(org, field="org"):
    """``org`` when it is a live grassroots union; dues belong to one, never to a branch or federation."""
    if org is None or org.deleted_at is not None:
        raise ActionError(_("组织不存在"), field=field)
    if org.kind != Kind.GRASSROOTS:
        values = {"name": org.name, "kind": _(str(org.get_kind_display()))}
        if org.kind in (Kind.BRANCH, Kind.GROUP):
            message = _("会费按基层工会收缴，“%(name)s”是%(kind)s，请选择其所属的基层工会") % values
        else:
            message = _("会费按基层工会收缴，“%(name)s”是%(kind)s") % values
        raise ActionError(message, field=field)
    return org


def month_value(value, field="month", *, today=None, allow_future=False):
    try:
        return months.parse_month(value, today=today, allow_future=allow_future)
    except ValueError as exc:
        raise ActionError(str(exc), field=field) from None


def _require(actor, cap, org):
    """``scope.require``, except for the system itself (``actor`` None: the command line run without a
    user, as ``members.importing`` treats it)."""
    if actor is not None:
        scope.require(actor, cap, org)


def _actor_or_none(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _lock_unions(union_ids):
    """Lock the unions' rows (in id order): the once-per-month rules of a union (one policy from a month,
    one roll per month, one reminder per member and month) are checked by one transaction at a time.
    FOR NO KEY UPDATE: rows that refer to a union (audit entries, vouchers) are still written meanwhile."""
    list(Organisation.all_objects.select_for_update(no_key=True).filter(pk__in=union_ids).order_by("pk")
         .values_list("pk", flat=True))


def _lock_member(member):
    """Lock the member's row: the rules across a member's rows (no two exemptions of the same months, the
    latest wage base in force) are checked by one transaction at a time."""
    list(Member.all_objects.select_for_update(no_key=True).filter(pk=member.pk).values_list("pk", flat=True))


def _once(create, message, field):
    """``create()`` with a unique row written meanwhile by another request as the rule's own message."""
    with unique_or(message, field):
        return create()


# ---- policy ----

def default_policy(union, month=None):
    """The national baseline when a union has set nothing: 0.5%, monthly, no internal split."""
    return DuesPolicy(union=union, effective_from=month or datetime.date(1950, 1, 1), rate=DEFAULT_RATE,
                      frequency=Frequency.MONTHLY, group_share=ZERO, note=_("全国默认：月工资收入的0.5%"))


def policy_for(union, month):
    """The policy in force in ``month`` (the latest one starting on or before it), or the default."""
    found = DuesPolicy.objects.filter(union=union, effective_from__lte=month).order_by("-effective_from").first()
    return found or default_policy(union, month)


def policies_for(unions, month):
    """{union id: policy in force in ``month``} for many unions in one query."""
    latest = {}
    rows = DuesPolicy.objects.filter(union__in=unions, effective_from__lte=month).order_by("union_id", "effective_from")
    for policy in rows:
        latest[policy.union_id] = policy
    return latest


@transaction.atomic
def set_policy(actor, union, *, effective_from, rate_percent, frequency=Frequency.MONTHLY, group_share="0", note=""):
    """Set the dues policy from a month on (replacing one set for the same month).

    Final rolls keep the rate and split they were made with; later rolls use the new policy.
    """
    union = grassroots(union, "union")
    scope.require(actor, KEEP_BOOKS, union)
    errors = {}
    values = {}
    for name, call in (
        ("effective_from", lambda: month_value(effective_from, "effective_from", allow_future=True)),
        ("rate_percent", lambda: percent(rate_percent, "rate_percent", minimum=Decimal("0.001"),
                                         maximum=Decimal("5"), places=3)),
        ("group_share", lambda: percent(group_share or "0", "group_share")),
    ):
        try:
            values[name] = call()
        except ActionError as exc:
            errors.update(exc.message_dict)
    if frequency not in Frequency.values:
        errors["frequency"] = [_("请选择“按月收缴”或“按季收缴”")]
    elif frequency == Frequency.QUARTERLY and "effective_from" in values \
            and values["effective_from"].month not in months.QUARTER_STARTS:
        errors["effective_from"] = [_("按季收缴须从季度首月（1、4、7、10月）起生效")]
    if errors:
        raise ActionError(errors=errors)
    rate = (values["rate_percent"] / HUNDRED).quantize(Decimal("0.00001"))
    _lock_unions([union.pk])  # one policy per month: a second request waits, then replaces the first's
    policy = DuesPolicy.objects.select_for_update().filter(union=union, effective_from=values["effective_from"]).first()
    before = audit.snapshot(policy, POLICY_FIELDS) if policy else {}
    if policy is None:
        policy = DuesPolicy(union=union, effective_from=values["effective_from"], created_by=_actor_or_none(actor))
    policy.rate, policy.frequency, policy.group_share = rate, frequency, values["group_share"]
    policy.note = (note or "")[:200]
    _once(policy.save, _("%(month)s起的会费设置刚刚已被他人保存，请刷新后再试")
          % {"month": months.label(policy.effective_from)}, "effective_from")
    audit.record(actor, "dues_policy", policy, org=union, before=before, after=audit.snapshot(policy, POLICY_FIELDS))
    return policy


# ---- wage bases ----

@transaction.atomic
def record_wage_base(actor, member, *, wage_base, effective_from, source=Source.MANUAL, note="", today=None):
    """Record a member's new wage base from a month on; when it is the latest change in force, the
    member's own base (and so ``dues_monthly``) changes too, through ``members.actions.update_member``
    so the member's audit trail stays in one place."""
    member = Member.objects.select_related("org", "union").get(pk=member.pk)
    scope.require_any(actor, RECORD_WAGES, member.org)
    _lock_member(member)  # which change is the latest in force is decided one change at a time
    errors = {}
    values, problems, _warnings = member_validation.clean({"wage_base": wage_base}, partial=True)
    if problems:
        errors.update({k: [v] for k, v in problems.items()})
    elif values.get("wage_base") is None:
        errors["wage_base"] = [_("不能为空")]
    try:
        month = month_value(effective_from, "effective_from", today=today)
    except ActionError as exc:
        errors.update(exc.message_dict)
    if source not in Source.values:
        errors["source"] = [_("来源应为：手工录入、工资表或批量导入")]
    if errors:
        raise ActionError(errors=errors)
    base = values["wage_base"]
    policy = policy_for(member.union, month)
    change = WageBaseChange.objects.create(
        union=member.union, member=member, effective_from=month, wage_base=base, rate=policy.rate,
        dues_amount=monthly_dues(base, policy.rate), source=source, note=(note or "")[:200],
        created_by=_actor_or_none(actor))
    audit.record(actor, "wage_base", change, org=member.org,
                 after=audit.snapshot(change, ["member", "effective_from", "wage_base", "dues_amount", "source"]),
                 note=note)
    later = WageBaseChange.objects.filter(member=member, effective_from__gt=month).exists()
    if not later:
        member_actions.update_member(actor, member, {"wage_base": str(base)})
    return change


# ---- exemptions ----

@transaction.atomic
def grant_exemption(actor, member, *, start_month, end_month=None, reason, decision_no, today=None):
    """A hardship exemption by decision of the union committee (recorded with its decision number)."""
    member = Member.objects.select_related("org", "union").get(pk=member.pk)
    scope.require(actor, APPROVE_SPENDING, member.union)
    errors = {}
    start = end = None
    try:
        start = month_value(start_month, "start_month", today=today, allow_future=True)
    except ActionError as exc:
        errors.update(exc.message_dict)
    if end_month not in (None, ""):
        try:
            end = month_value(end_month, "end_month", today=today, allow_future=True)
        except ActionError as exc:
            errors.update(exc.message_dict)
    if start and end and end < start:
        errors["end_month"] = [_("截止月份不能早于起始月份")]
    if not (reason or "").strip():
        errors["reason"] = [_("请写明减免理由")]
    if not (decision_no or "").strip():
        errors["decision_no"] = [_("请填写工会委员会的决定文号")]
    if member.status != "active":
        errors["member"] = [_("只有在籍会员需要减免（当前：%(status)s；保留会籍会员自动免缴）")
                            % {"status": _(str(member.get_status_display()))}]
    if errors:
        raise ActionError(errors=errors)
    _lock_member(member)  # no two exemptions of the same months, even when granted at the same moment
    overlapping = DuesExemption.objects.filter(member=member, revoked_at__isnull=True).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=start))
    if end:
        overlapping = overlapping.filter(start_month__lte=end)
    if overlapping.exists():
        raise ActionError(_("该会员在这段时间已有减免"), field="start_month")
    exemption = DuesExemption.objects.create(union=member.union, member=member, start_month=start, end_month=end,
                                             reason=reason.strip()[:200], decision_no=decision_no.strip()[:50],
                                             approved_by=actor)
    audit.record(actor, "dues_exempt", exemption, org=member.org,
                 after=audit.snapshot(exemption, EXEMPTION_FIELDS), note=exemption.decision_no)
    return exemption


@transaction.atomic
def revoke_exemption(actor, exemption, *, note):
    exemption = DuesExemption.objects.select_for_update(of=("self",)).select_related("member", "union").get(pk=exemption.pk)
    scope.require(actor, APPROVE_SPENDING, exemption.union)
    if exemption.revoked_at:
        raise ActionError(_("该减免已撤销"))
    if not (note or "").strip():
        raise ActionError(_("请写明撤销原因"), field="note")
    exemption.revoked_at, exemption.revoked_by, exemption.revoke_note = timezone.now(), actor, note.strip()[:200]
    exemption.save()
    audit.record(actor, "dues_exempt_revoke", exemption, org=exemption.union, note=exemption.revoke_note)
    return exemption


# ---- the roll ----

@dataclass
class RunResult:
    month: datetime.date
    rolls: list = field(default_factory=list)
    inserted: int = 0
    kept_paid: int = 0
    skipped_final: int = 0
    heads: int = 0
    exempt: int = 0
    no_base: int = 0
    total_due: Decimal = ZERO

    @property
    def roll(self):
        return self.rolls[0] if len(self.rolls) == 1 else None


def _nothing(*args, **kwargs):
    return None


@transaction.atomic
def run_roll(actor, union, month, *, today=None, progress=None):
    """Generate (or regenerate, while draft) the roll of one union for ``month``."""
    union = grassroots(union)
    _require(actor, KEEP_BOOKS, union)
    month = month_value(month, today=today)
    return _run(actor, Organisation.objects.filter(pk=union.pk), month, single=True, progress=progress or _nothing)


@transaction.atomic
def run_rolls(actor, federation, month, *, today=None, progress=None):
    """Generate the rolls of every grassroots union under ``federation`` (the command line and the
    bench): still a few set-based statements in all. Final rolls are left as they are."""
    if federation is None or federation.deleted_at is not None:
        raise ActionError(_("组织不存在"), field="org")
    month = month_value(month, today=today)
    unions = Organisation.objects.subtree(federation).filter(kind=Kind.GRASSROOTS)
    if actor is not None:
        unions = unions.filter(scope.org_condition(actor, KEEP_BOOKS, ""))
    return _run(actor, unions, month, single=False, progress=progress or _nothing)


def _check_period(single, union, policy, month):
    """The roll's length in months, or an ActionError for a month a quarterly union cannot start on."""
    if policy.frequency != Frequency.QUARTERLY:
        return 1
    if month.month not in months.QUARTER_STARTS:
        if single:
            raise ActionError(_("“%(name)s”按季收缴会费，请选择季度首月（1、4、7、10月）") % {"name": union.name},
                              field="month")
        return None
    return 3


def _covered_by_quarter(union_ids, month):
    """Unions whose quarterly roll of one of the two previous months already covers ``month``."""
    earlier = [months.add_months(month, -1), months.add_months(month, -2)]
    rows = DuesRoll.objects.filter(union__in=union_ids, months=3, month__in=earlier).values_list("union_id", "month")
    return {union_id: start for union_id, start in rows if months.add_months(start, 3) > month}


def _update_settings(rolls):
    """Store each regenerated draft's policy values: one UPDATE per distinct combination (a county has
    a handful), never Django's per-row CASE of ``bulk_update``."""
    groups = {}
    for roll in rolls:
        groups.setdefault((roll.months, roll.rate, roll.group_share, roll.run_at), []).append(roll.pk)
    for (length, rate, share, run_at), pks in groups.items():
        for start in range(0, len(pks), 500):
            DuesRoll.objects.filter(pk__in=pks[start:start + 500]).update(months=length, rate=rate, group_share=share,
                                                                         run_at=run_at)


def _plan(actor, unions, union_ids, month, *, single, result):
    """Which rolls to create and which drafts to regenerate (and which unions to leave alone): the
    policy in force gives each roll its rate, split and length. A single union's problem is an error;
    in a federation-wide run that union is skipped."""
    policies = policies_for(union_ids, month)
    covered = _covered_by_quarter(union_ids, month)
    existing = {r.union_id: r for r in DuesRoll.objects.select_for_update().filter(month=month, union__in=union_ids)}
    now, actor_row = timezone.now(), _actor_or_none(actor)
    to_create, to_update, skipped = [], [], []
    for union in unions:
        policy = policies.get(union.pk) or default_policy(union, month)
        if union.pk in covered:
            if single:
                raise ActionError(_("%(month)s已包含在%(start)s起的季度会费表中")
                                  % {"month": months.label(month), "start": months.label(covered[union.pk])},
                                  field="month")
            skipped.append(union.pk)
            continue
        length = _check_period(single, union, policy, month)
        if length is None:
            skipped.append(union.pk)
            continue
        roll = existing.get(union.pk)
        if roll is not None and roll.is_final:
            if single:
                raise ActionError(_("%(period)s的会费表已定稿，不能重新生成") % {"period": roll.period_label},
                                  field="month")
            result.skipped_final += 1
            continue
        if roll is None:
            roll = DuesRoll(union=union, month=month, created_by=actor_row, created_at=now)
            to_create.append(roll)
        else:
            to_update.append(roll)
        roll.union = union
        roll.months, roll.rate, roll.group_share, roll.run_at = length, policy.rate, policy.group_share, now
    return to_create, to_update, skipped


def _run(actor, unions_qs, month, *, single, progress):
    """Plan the rolls, then: replace the drafts' unpaid and exempt lines with one INSERT … SELECT,
    recompute their totals with one UPDATE, and audit each roll."""
    phases = 5
    progress(0, phases, _("生成会费表"))
    # the unions' rows locked as they are read (in id order): one roll per union and month, a second run
    # waits for the first (FOR NO KEY UPDATE: rows referring to a union are still written meanwhile)
    unions = list(unions_qs.select_for_update(no_key=True, of=("self",)).only("id", "code", "name", "path", "kind")
                  .order_by("pk"))
    result = RunResult(month=month)
    if not unions:
        return result
    union_ids = unions_qs.values("id")
    to_create, to_update, skipped = _plan(actor, unions, union_ids, month, single=single, result=result)
    _once(lambda: DuesRoll.objects.bulk_create(to_create, batch_size=500),
          _("%(month)s的会费表刚刚已由他人生成，请刷新后再试") % {"month": months.label(month)}, "month")
    _update_settings(to_update)
    rolls = to_create + to_update
    if not rolls:
        return result
    progress(1, phases)
    drafts = DuesRoll.objects.filter(month=month, status=RollStatus.DRAFT, union__in=union_ids)
    if skipped:  # a quarterly union asked for a month inside its quarter keeps whatever it has
        drafts = drafts.exclude(union__in=skipped)
    kept = DuesItem.objects.filter(roll__in=drafts.values("id"), status=ItemStatus.PAID)
    result.kept_paid = kept.count() if to_update else 0
    if to_update:
        DuesItem.objects.filter(roll__in=drafts.values("id")).exclude(status=ItemStatus.PAID).delete()
    progress(2, phases)
    sql, params = drafts.values("id").query.sql_with_params()
    hardship = (DuesExemption.objects.filter(union__in=union_ids, revoked_at__isnull=True, start_month__lte=month)
                .filter(Q(end_month__isnull=True) | Q(end_month__gte=month)).exists())
    standard = not drafts.exclude(rate=roll_sql.STANDARD_RATE).exists()
    result.inserted = roll_sql.insert_items(months.month_end(month), sql, params, hardship=hardship,
                                            keep_existing=bool(result.kept_paid), standard=standard)
    progress(3, phases)
    refresh_totals(drafts)
    progress(4, phases)
    fresh = {row["id"]: row for row in drafts.values("id", *TOTALS)}
    entries = []
    for roll in rolls:
        for name in TOTALS:
            setattr(roll, name, fresh[roll.pk][name])
        result.heads += roll.heads
        result.exempt += roll.exempt_heads
        result.no_base += roll.no_base_heads
        result.total_due += roll.total_due
        entries.append(audit.entry(actor, "dues_roll_run", roll, org=roll.union,
                                   after=audit.snapshot(roll, ROLL_FIELDS),
                                   note=f"生成{roll.stored_period_label}会费表：{roll.heads}人，应缴{roll.total_due}元"))
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    result.rolls = rolls
    progress(phases, phases)
    return result


def refresh_totals(rolls):
    """Recompute the kept totals of ``rolls`` (a queryset, or a list of rolls refreshed in place) from
    their lines, set-based (``roll.update_totals``)."""
    queryset = rolls if hasattr(rolls, "query") else DuesRoll.objects.filter(pk__in=[r.pk for r in rolls])
    sql, params = queryset.values("id").query.sql_with_params()
    roll_sql.update_totals(sql, params)
    if not hasattr(rolls, "query"):
        fresh = {row["id"]: row for row in DuesRoll.objects.filter(pk__in=[r.pk for r in rolls]).values("id", *TOTALS)}
        for roll in rolls:
            for name in TOTALS:
                setattr(roll, name, fresh[roll.pk][name])


@transaction.atomic
def finalize_roll(actor, roll):
    """定稿: the roll is locked against regeneration (payments can still be recorded against it)."""
    roll = DuesRoll.objects.select_for_update(of=("self",)).select_related("union").get(pk=roll.pk)
    _require(actor, KEEP_BOOKS, roll.union)
    if roll.is_final:
        raise ActionError(_("%(period)s的会费表已定稿") % {"period": roll.period_label})
    if not roll.heads:
        raise ActionError(_("会费表没有任何会员，不能定稿；请先生成"))
    before = audit.snapshot(roll, ["status"])
    roll.status, roll.finalized_by, roll.finalized_at = RollStatus.FINAL, _actor_or_none(actor), timezone.now()
    roll.save(update_fields=["status", "finalized_by", "finalized_at"])
    audit.record(actor, "dues_roll_final", roll, org=roll.union, before=before,
                 after=audit.snapshot(roll, ["status"]), note=f"{roll.stored_period_label}会费表定稿")
    return roll


# ---- payroll batches ----

def record_batch(actor, roll, *, month, batch_no, file_name, file_hash, payments, mismatches, paid_at=None):
    """Write a checked payroll batch: the batch row, its lines marked paid, the roll's totals, the
    draft receipt voucher (Dr 102 银行存款 / Cr 401 会费收入) and the audit entry.

    ``payments`` is [(item id, amount deducted)]; the caller (``dues.payroll``) has validated every row
    with the roll locked, inside the transaction this runs in.
    """
    from gonghui.ledger import actions as ledger_actions

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_batch must run inside the import's transaction")
    scope.require(actor, KEEP_BOOKS, roll.union)
    paid_at = paid_at or timezone.localdate()
    total = sum((amount for _pk, amount in payments), ZERO)
    try:
        with transaction.atomic():
            batch = DuesBatch.objects.create(union=roll.union, roll=roll, month=month, batch_no=batch_no,
                                             file_name=file_name[:200], file_hash=file_hash, rows=len(payments),
                                             total=total, mismatches=mismatches, imported_by=_actor_or_none(actor))
    except IntegrityError:
        raise ActionError(_("该代扣批次刚刚已被导入（同一文件或同一批次号），本次未做任何更改"), field="file") from None
    roll_sql.mark_paid(payments, paid_at=paid_at, batch_id=batch.pk)
    refresh_totals([roll])
    label = batch.batch_no or str(batch.pk)
    ledger_actions.create_voucher(
        actor, union=roll.union, date=paid_at,
        summary=f"收{months.stored_label(month)}代扣会费（批次{label}，{len(payments)}人）",
        lines=[{"account": "102", "debit": total, "credit": ZERO, "memo": f"代扣会费批次{label}"},
               {"account": "401", "debit": ZERO, "credit": total, "memo": f"{months.stored_label(month)}会费"}],
        source="dues", source_ref=batch.source_ref)
    audit.record(actor, "dues_batch", batch, org=roll.union, after=audit.snapshot(batch, BATCH_FIELDS),
                 note=f"导入代扣批次{label}：{len(payments)}人，{total}元")
    return batch


# ---- reminders ----

@transaction.atomic
def send_reminders(actor, union, *, min_months=1, today=None):
    """Record a reminder for every member of ``union`` in arrears for at least ``min_months`` months,
    at most one per member per month (sending twice in a month adds nobody). Returns the new ones."""
    from .queries import arrears

    union = grassroots(union)
    scope.require(actor, KEEP_BOOKS, union)
    if not isinstance(min_months, int) or not 1 <= min_months <= 120:
        raise ActionError(_("欠缴月数应为1到120之间的整数"), field="min_months")
    this_month = months.current_month(today)
    _lock_unions([union.pk])  # one reminder per member and month, even when sent twice at once
    rows = list(arrears(union, min_months=min_months, today=today))
    already = set(DuesReminder.objects.filter(union=union, month=this_month).values_list("member_id", flat=True))
    reminders = [DuesReminder(union=union, member_id=row["member_id"], month=this_month,
                              unpaid_months=min(row["months"], 32767), amount=row["amount"],
                              sent_by=_actor_or_none(actor))
                 for row in rows if row["member_id"] not in already]
    _once(lambda: DuesReminder.objects.bulk_create(reminders, batch_size=1000),
          _("本月的欠缴提醒刚刚已由他人发出，请刷新后再试"), "min_months")
    created = list(DuesReminder.objects.filter(union=union, month=this_month,
                                               member_id__in=[r.member_id for r in reminders]).select_related("member"))
    AuditEntry.objects.bulk_create([
        audit.entry(actor, "dues_remind", r, org=union,
                    note=f"{months.stored_label(this_month)}提醒欠缴{r.unpaid_months}个月，{r.amount}元")
        for r in created], batch_size=1000)
    return created


# ---- the internal split ----

@transaction.atomic
def record_remittance(actor, roll, *, to_org, amount, paid_at, note="", today=None):
    """Record dues passed on to a branch or group under the roll's internal split."""
    from .queries import remittance_rows

    roll = DuesRoll.objects.select_for_update(of=("self",)).select_related("union").get(pk=roll.pk)
    scope.require(actor, KEEP_BOOKS, roll.union)
    errors = {}
    if not roll.group_share:
        raise ActionError(_("%(period)s会费表没有内部分成（分成比例为0）") % {"period": roll.period_label},
                          field="to_org")
    if to_org is None or to_org.union_id != roll.union_id or to_org.kind not in (Kind.BRANCH, Kind.GROUP):
        errors["to_org"] = [_("请选择本工会的分工会或工会小组")]
    try:
        amount = money(amount, "amount", positive=True)
    except ActionError as exc:
        errors.update(exc.message_dict)
    try:
        day = parse_date(paid_at)
        if day is None:
            errors["paid_at"] = [_("不能为空")]
        elif day > (today or timezone.localdate()):
            errors["paid_at"] = [_("不能晚于今天")]
    except ValueError as exc:
        errors["paid_at"] = [str(exc)]
    if errors:
        raise ActionError(errors=errors)
    owed = {row["org"].pk: row for row in remittance_rows(roll)}.get(to_org.pk)
    balance = owed["balance"] if owed else ZERO
    if amount > balance:
        raise ActionError(_("超过应拨付余额%(balance)s元") % {"balance": balance}, field="amount")
    remittance = DuesRemittance.objects.create(union=roll.union, roll=roll, to_org=to_org, amount=amount,
                                               paid_at=day, note=(note or "")[:200], recorded_by=_actor_or_none(actor))
    audit.record(actor, "dues_remit", remittance, org=roll.union,
                 after=audit.snapshot(remittance, REMITTANCE_FIELDS), note=note or "")
    return remittance
