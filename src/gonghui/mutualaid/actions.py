"""Every change to mutual-aid plans, enrolments, claims and health checks goes through these functions.

Each checks the actor's scope (CARE manages; a member may submit a claim for themself), validates,
writes and records the audit entry in one transaction, so refused input leaves nothing behind. Batch
enrolment and renewal are set-based: one query for the members, one for who is already enrolled,
``bulk_create`` for the rows, one audit entry for the batch. A claim's medical description is never
written to the audit trail, only the fact that it was given.

Races: each action checks and writes with the row its rule depends on locked (``select_for_update``):
the owner while a plan's name is checked, the plan while members are enrolled (once per plan) or it is
renewed (next year's plan published once), the enrolment while a claim is checked against the limits
(and while it is cancelled), the claim while it moves (approved or paid once), the round while its slots
and attendance are written (a member ticked once per round). A row a competitor slipped in regardless
(the unique constraints) ends in the same Chinese refusal, never a 500; a row deleted meanwhile too.
"""
import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.capabilities import CARE, MANAGE_ORGS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses, words
from gonghui.core.parsing import date_value, integer, money
from gonghui.core.softdelete import restore, soft_delete
from gonghui.members.models import Member
from gonghui.orgs.models import MEMBER_HOLDING_KINDS, Kind, Organisation

from . import eligibility
from .models import (GRANTED_STATUSES, OPEN_STATUSES, Attendance, Claim, ClaimStatus, ClaimStep, EligibleSex,
                     Enrolment, EnrolmentBatch, HealthCheckRound, HealthCheckSlot, MutualAidPlan, Payer, PlanKind)

SERVICE_ACCOUNT = "509"  # 职工服务支出: premiums the union pays for its members' mutual-aid cover
BANK_ACCOUNT = "102"     # 银行存款
ENCRYPTED = "（已加密）"  # stored in the audit trail as it is; the audit pages translate it
LABELS = {
    "owner": gettext_lazy("制定组织"), "name": gettext_lazy("名称"), "provider": gettext_lazy("承办机构"),
    "kind": gettext_lazy("类别"), "year": gettext_lazy("年度"), "coverage_start": gettext_lazy("保障起始日"),
    "coverage_end": gettext_lazy("保障终止日"), "premium": gettext_lazy("每人保费"),
    "payer": gettext_lazy("缴费方式"), "union_share": gettext_lazy("工会每人承担"),
    "eligible_sex": gettext_lazy("性别限制"), "min_age": gettext_lazy("最低年龄"), "max_age": gettext_lazy("最高年龄"),
    "per_claim_limit": gettext_lazy("单次给付上限"), "yearly_limit": gettext_lazy("年度累计给付上限"),
    "note": gettext_lazy("说明"), "plan": gettext_lazy("计划"), "org": gettext_lazy("参保范围"),
    "members": gettext_lazy("会员"), "enrolment": gettext_lazy("参保记录"), "amount": gettext_lazy("申请金额"),
    "amount_claimed": gettext_lazy("申请金额"), "amount_approved": gettext_lazy("核准金额"),
    "incident_date": gettext_lazy("就医（出险）日期"), "diagnosis": gettext_lazy("病情及就医说明"),
    "decision_note": gettext_lazy("审核意见"), "paid_on": gettext_lazy("给付日期"), "status": gettext_lazy("状态"),
    "union": gettext_lazy("基层工会"), "place": gettext_lazy("地点"), "start_date": gettext_lazy("开始日期"),
    "end_date": gettext_lazy("结束日期"), "date": gettext_lazy("日期"), "start_time": gettext_lazy("开始时间"),
    "end_time": gettext_lazy("结束时间"), "attended": gettext_lazy("到检会员"), "voucher": gettext_lazy("记账凭证"),
}
PLAN_FIELDS = ["name", "provider", "kind", "year", "coverage_start", "coverage_end", "premium", "payer",
               "union_share", "eligible_sex", "include_retained", "min_age", "max_age", "per_claim_limit",
               "yearly_limit", "note"]


def _locked(queryset, pk, message, field, of=("self",)):
    """The row ``pk`` of ``queryset`` read again and locked (with the related rows named in ``of``); gone
    meanwhile (deleted) → ``message``."""
    row = queryset.select_for_update(of=of).filter(pk=pk).first()
    if row is None:
        raise ActionError(message, field=field)
    return row


def _locked_plan(plan):
    return _locked(MutualAidPlan.objects.select_related("owner"), plan.pk, _("该计划已被删除"), "plan")


# ---- plans ----

def _require_owner(actor, owner):
    """A federation's plan: its officers (CARE or MANAGE_ORGS there); a union's: CARE in the union."""
    if owner.is_federation:
        scope.require_any(actor, (CARE, MANAGE_ORGS), owner)
    elif owner.kind == Kind.GRASSROOTS:
        scope.require(actor, CARE, owner)
    else:
        raise ActionError(_("互助保障计划由基层工会或总工会制定"), field="owner")


def _clean_plan(data):
    errors = {}

    def attempt(field, call):
        try:
            return call()
        except ActionError as exc:
            errors.setdefault(field, []).extend(exc.message_dict.get(field, exc.messages))
            return None

    clean = {
        "name": (data.get("name") or "").strip(),
        "provider": (data.get("provider") or "").strip(),
        "kind": data.get("kind") or "",
        "note": (data.get("note") or "").strip(),
        "payer": data.get("payer") or Payer.UNION,
        "eligible_sex": data.get("eligible_sex") or "",
        "include_retained": bool(data.get("include_retained")),
    }
    if not clean["name"]:
        errors["name"] = [_("不能为空")]
    if clean["kind"] not in PlanKind.values:
        errors["kind"] = [_("应为：%(choices)s") % {"choices": words(k.label for k in PlanKind)}]
    if clean["payer"] not in Payer.values:
        errors["payer"] = [_("应为：%(choices)s") % {"choices": words(k.label for k in Payer)}]
    if clean["eligible_sex"] not in EligibleSex.values:
        errors["eligible_sex"] = [_("应为：不限、男、女")]
    clean["year"] = attempt("year", lambda: integer(data.get("year"), "year", minimum=2000, maximum=2100))
    for field in ("coverage_start", "coverage_end"):
        clean[field] = attempt(field, lambda field=field: date_value(data.get(field), field))
    for field in ("premium", "per_claim_limit", "yearly_limit"):
        clean[field] = attempt(field, lambda field=field: money(data.get(field), field, positive=True))
    clean["min_age"] = attempt("min_age", lambda: integer(data.get("min_age"), "min_age", required=False,
                                                       minimum=16, maximum=100))
    clean["max_age"] = attempt("max_age", lambda: integer(data.get("max_age"), "max_age", required=False,
                                                       minimum=16, maximum=100))
    share = attempt("union_share", lambda: money(data.get("union_share"), "union_share", required=False))
    start, end, year = clean["coverage_start"], clean["coverage_end"], clean["year"]
    if start and end:
        if end < start:
            errors.setdefault("coverage_end", []).append(_("保障终止日不能早于保障起始日"))
        elif end >= _shift_year(start, 1):
            errors.setdefault("coverage_end", []).append(_("一个计划年度的保障期不能超过一年"))
    if start and year and start.year != year:
        errors.setdefault("coverage_start", []).append(_("保障起始日应在%(year)s年内") % {"year": year})
    if clean["min_age"] is not None and clean["max_age"] is not None and clean["min_age"] > clean["max_age"]:
        errors.setdefault("max_age", []).append(_("最高年龄不能小于最低年龄"))
    per_claim, yearly, premium = clean["per_claim_limit"], clean["yearly_limit"], clean["premium"]
    if per_claim and yearly and per_claim > yearly:
        errors.setdefault("per_claim_limit", []).append(_("单次给付上限不能高于年度累计给付上限"))
    if premium is not None and clean["payer"] == Payer.SPLIT:
        if share is None or not (0 < share < premium):
            errors.setdefault("union_share", []).append(
                _("分担时工会每人承担应大于0且小于保费%(premium)s元") % {"premium": premium})
    if clean["payer"] == Payer.UNION:
        share = premium
    elif clean["payer"] == Payer.MEMBER:
        share = Decimal("0.00")
    clean["union_share"] = share if share is not None else Decimal("0.00")
    if errors:
        raise ActionError(errors=errors)
    return clean


def _shift_year(day_, years):
    try:
        return day_.replace(year=day_.year + years)
    except ValueError:  # 29 February
        return day_.replace(year=day_.year + years, day=28)


@transaction.atomic
def create_plan(actor, owner, **data):
    """A new plan year of ``owner`` (a federation's plan is used by the unions beneath it); one plan of a
    name a year, checked with the owner locked."""
    if owner is None or owner.deleted_at is not None:
        raise ActionError(_("组织不存在"), field="owner")
    _require_owner(actor, owner)
    clean = _clean_plan(data)
    Organisation.all_objects.select_for_update().filter(pk=owner.pk).first()
    if MutualAidPlan.objects.filter(owner=owner, year=clean["year"], name=clean["name"]).exists():
        raise ActionError(_("本组织已有%(year)s年度的“%(name)s”") % {"year": clean["year"], "name": clean["name"]},
                          field="name")
    plan = MutualAidPlan.objects.create(owner=owner, created_by=actor, renewed_from=data.get("renewed_from"),
                                        **clean)
    audit.record(actor, "create", plan, org=owner, after=audit.snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def update_plan(actor, plan, **data):
    plan = _locked_plan(plan)
    _require_owner(actor, plan.owner)
    before = audit.snapshot(plan, PLAN_FIELDS)
    merged = {**before, **{k: v for k, v in data.items() if k in PLAN_FIELDS}}
    merged["premium"], merged["union_share"] = data.get("premium", plan.premium), data.get("union_share",
                                                                                            plan.union_share)
    clean = _clean_plan(merged)
    if plan.enrolments.exists():
        changed = [LABELS[f] for f in ("premium", "payer", "union_share", "coverage_start", "year")
                   if clean[f] != getattr(plan, f)]
        if changed:
            raise ActionError(_("已有会员参保，不能再修改%(fields)s；如需调整请先取消参保") % {"fields": words(changed)},
                              field="__all__")
    for name, value in clean.items():
        setattr(plan, name, value)
    plan.updated_at = timezone.now()
    plan.save()
    after = audit.snapshot(plan, PLAN_FIELDS)
    if after != before:
        audit.record(actor, "update", plan, org=plan.owner, before=before, after=after)
    return plan


@transaction.atomic
def delete_plan(actor, plan):
    def check(plan):
        if plan.enrolments.exists():
            raise ActionError(_("已有会员参保的计划不能删除；请先取消参保"), field="plan")

    return soft_delete(plan, actor=actor, org=lambda p: p.owner, allow=lambda p: _require_owner(actor, p.owner),
                       check=check, already=_("该计划已被删除"), field="plan",
                       manager=MutualAidPlan.all_objects.select_related("owner"))


@transaction.atomic
def restore_plan(actor, plan):
    return restore(plan, actor=actor, org=lambda p: p.owner, allow=lambda p: _require_owner(actor, p.owner),
                   not_deleted=_("该计划未被删除"), field="plan", manager=MutualAidPlan.all_objects)


# ---- enrolment ----

def _shares(plan):
    union_pays = plan.premium if plan.payer == Payer.UNION else (
        Decimal("0.00") if plan.payer == Payer.MEMBER else plan.union_share)
    return union_pays, plan.premium - union_pays


def _enrol_org(actor, plan, org):
    if org is None or org.deleted_at is not None or org.kind not in MEMBER_HOLDING_KINDS:
        raise ActionError(_("请选择基层工会、分工会或工会小组"), field="org")
    scope.require(actor, CARE, org)
    union = org.union if org.kind != Kind.GRASSROOTS else org
    if not union.path.startswith(plan.owner.path):
        raise ActionError(_("%(union)s不能使用%(owner)s的计划") % {"union": union.name, "owner": plan.owner.name},
                          field="plan")
    if plan.coverage_end < timezone.localdate():
        raise ActionError(_("该计划的保障期已于%(date)s结束，不能再参保") % {"date": f"{plan.coverage_end:%Y-%m-%d}"},
                          field="plan")
    return union


def _write_batch(actor, plan, union, org, rows, skipped, kind, note=""):
    """Create the batch and its enrolments from ``rows`` (member id, org id), set-based."""
    union_pays, member_pays = _shares(plan)
    n = len(rows)
    batch = EnrolmentBatch.objects.create(
        plan=plan, union=union, org=org, kind=kind, date=timezone.localdate(), head_count=n, skipped=skipped,
        premium_total=plan.premium * n, union_total=union_pays * n, member_total=member_pays * n, created_by=actor)
    now = timezone.now()
    try:
        with transaction.atomic():
            Enrolment.objects.bulk_create([
                Enrolment(plan=plan, member_id=member_id, union=union, org_id=org_id, batch=batch,
                          premium=plan.premium, union_pays=union_pays, member_pays=member_pays,
                          created_at=now, updated_at=now)
                for member_id, org_id in rows], batch_size=2000)
    except IntegrityError:
        raise ActionError(_("有会员刚刚被他人登记参保，请刷新后重试"), field="members") from None
    audit.record(actor, kind, batch, org=union, note=note, after={
        "plan": str(plan), "org": org.name, "head_count": n, "premium_total": str(batch.premium_total),
        "union_total": str(batch.union_total), "skipped": skipped})
    return batch


@transaction.atomic
def enrol(actor, plan, org, *, members=None, draft_voucher=False):
    """Enrol members of ``org`` (a group, a branch or the whole union) in ``plan`` in one batch.

    ``members`` (ids or Member objects) names who to enrol: each must belong to ``org``'s subtree, be
    eligible and not yet enrolled, or the whole batch is refused naming them. Without ``members``,
    everyone eligible in ``org`` is enrolled and the rest are counted by reason in ``batch.skipped``.
    The plan is locked while who is already enrolled is read and the batch written (once per plan).
    """
    plan = _locked_plan(plan)
    union = _enrol_org(actor, plan, org)
    people = Member.objects.filter(org__in=Organisation.objects.subtree(org).values("id"))
    strict = members is not None
    if strict:
        ids = {m.pk if isinstance(m, Member) else int(m) for m in members}
        if not ids:
            raise ActionError(_("请至少选择一名会员"), field="members")
        people = people.filter(pk__in=ids)
    values = list(people.values_list("id", "org_id", "name", "sex", "birth_date", "status"))
    if strict and len(values) != len(ids):
        raise ActionError(_("有%(n)s名会员不在%(org)s或不存在") % {"n": len(ids) - len(values), "org": org.name},
                          field="members")
    enrolled = set(Enrolment.objects.filter(plan=plan, member_id__in=[v[0] for v in values])
                   .values_list("member_id", flat=True)) if strict else set(
        Enrolment.objects.filter(plan=plan, union=union).values_list("member_id", flat=True))
    rows, skipped, refused = [], {}, []
    for member_id, org_id, name, sex, birth, status in values:
        code = "duplicate" if member_id in enrolled else eligibility.reason_code(plan, sex, birth, status)
        if code is None:
            rows.append((member_id, org_id))
            continue
        skipped[eligibility.REASONS[code]] = skipped.get(eligibility.REASONS[code], 0) + 1
        if strict:
            refused.append(_refusal(plan, name, sex, birth, code))
    if refused:
        raise ActionError(errors={"members": refused})
    if not rows:
        if skipped:
            counts = words(_("%(reason)s%(n)s人") % {"reason": _(reason), "n": n} for reason, n in skipped.items())
            message = _("%(org)s没有可参保的会员（%(counts)s）") % {"org": org.name, "counts": counts}
        else:
            message = _("%(org)s没有可参保的会员") % {"org": org.name}
        raise ActionError(message, field="org")
    batch = _write_batch(actor, plan, union, org, rows, skipped, EnrolmentBatch.Kind.ENROL)
    if draft_voucher:
        batch.voucher = draft_premium_voucher(actor, batch)
    return batch


def _refusal(plan, name, sex, birth, code):
    person = type("Person", (), {"name": name, "sex": sex, "birth_date": birth})
    return eligibility.message(plan, person, code)


@transaction.atomic
def cancel_enrolment(actor, enrolment, *, note=""):
    """Withdraw one member from a plan (soft; restorable); refused while they have claims."""
    enrolment = _locked(Enrolment.objects.select_related("member", "plan"), enrolment.pk,
                        _("该参保记录已被取消"), "enrolment")
    scope.require(actor, CARE, enrolment.org)
    if enrolment.claims.exclude(status=ClaimStatus.REJECTED).exists():
        raise ActionError(_("该会员在本计划有给付申请，不能取消参保"), field="enrolment")
    enrolment.deleted_at = timezone.now()
    enrolment.save(update_fields=["deleted_at"])
    audit.record(actor, "cancel", enrolment, org=enrolment.org, note=note[:500],
                 before={"plan": str(enrolment.plan), "member": enrolment.member.name})
    return enrolment


@transaction.atomic
def restore_enrolment(actor, enrolment):
    """Undo a cancellation, unless the member has been enrolled in the plan again (checked with the plan
    locked, as enrolment does)."""
    enrolment = Enrolment.all_objects.select_related("member", "plan").get(pk=enrolment.pk)
    scope.require(actor, CARE, enrolment.org)
    _locked_plan(enrolment.plan)
    enrolment = Enrolment.all_objects.select_for_update(of=("self",)).select_related("member", "plan").get(
        pk=enrolment.pk)
    if enrolment.deleted_at is None:
        raise ActionError(_("该参保记录未被取消"), field="enrolment")
    again = _("%(name)s已重新参加本计划") % {"name": enrolment.member.name}
    if Enrolment.objects.filter(plan=enrolment.plan, member=enrolment.member).exists():
        raise ActionError(again, field="enrolment")
    enrolment.deleted_at = None
    try:
        with transaction.atomic():
            enrolment.save(update_fields=["deleted_at"])
    except IntegrityError:
        raise ActionError(again, field="enrolment") from None
    audit.record(actor, "restore", enrolment, org=enrolment.org,
                 after={"plan": str(enrolment.plan), "member": enrolment.member.name})
    return enrolment


def next_year_plan(plan):
    return MutualAidPlan.objects.filter(renewed_from=plan).order_by("id").first()


@transaction.atomic
def publish_next_year(actor, plan, **changes):
    """Next year's plan, copied from ``plan`` with its dates a year later (``changes`` may set a new
    premium or limits). The owner's officers publish it; unions then renew their members into it."""
    plan = _locked_plan(plan)
    _require_owner(actor, plan.owner)
    existing = next_year_plan(plan)
    if existing is not None:
        raise ActionError(_("已发布%(plan)s") % {"plan": existing.label}, field="plan")
    data = {f: getattr(plan, f) for f in PLAN_FIELDS}
    data.update(year=plan.year + 1, coverage_start=_shift_year(plan.coverage_start, 1),
                coverage_end=_shift_year(plan.coverage_end, 1), renewed_from=plan)
    data.update({k: v for k, v in changes.items() if k in PLAN_FIELDS and v not in (None, "")})
    return create_plan(actor, plan.owner, **data)


@transaction.atomic
def renew(actor, plan, org, *, draft_voucher=False):
    """Renew ``org``'s members of last year's ``plan`` into next year's (created from it if absent).

    The next year's plan is made by whoever may manage the plan's owner; a union using a federation's
    plan renews once the federation has published next year's. Members no longer eligible (retired
    where the plan excludes them, terminated, …) are left out and counted by reason.

    Last year's plan is locked while next year's is looked for, so two renewals at once publish it once
    (the second renews into the plan the first published).
    """
    scope.require(actor, CARE, org)
    plan = _locked_plan(plan)
    following = next_year_plan(plan)
    if following is None:
        if not (scope.can(actor, CARE, plan.owner) or (plan.owner.is_federation
                                                        and scope.can(actor, MANAGE_ORGS, plan.owner))):
            raise ActionError(_("%(owner)s尚未发布%(year)s年度的“%(name)s”") % {
                "owner": plan.owner.name, "year": plan.year + 1, "name": plan.name}, field="plan")
        following = publish_next_year(actor, plan)
    following = _locked_plan(following)
    union = _enrol_org(actor, following, org)
    last = Enrolment.objects.filter(plan=plan, org__in=Organisation.objects.subtree(org).values("id"))
    values = list(Member.objects.filter(pk__in=last.values("member_id"))
                  .values_list("id", "org_id", "sex", "birth_date", "status"))
    if not values:
        raise ActionError(_("%(org)s上一年度没有会员参加该计划") % {"org": org.name}, field="org")
    enrolled = set(Enrolment.objects.filter(plan=following, union=union).values_list("member_id", flat=True))
    rows, skipped = [], {}
    for member_id, org_id, sex, birth, status in values:
        code = "duplicate" if member_id in enrolled else eligibility.reason_code(following, sex, birth, status)
        if code is None:
            rows.append((member_id, org_id))
        else:
            skipped[eligibility.REASONS[code]] = skipped.get(eligibility.REASONS[code], 0) + 1
    if not rows:
        raise ActionError(_("%(org)s上一年度的参保会员都已续保或不再符合条件") % {"org": org.name}, field="org")
    batch = _write_batch(actor, following, union, org, rows, skipped, EnrolmentBatch.Kind.RENEW,
                         note=f"由{plan}续保")
    if draft_voucher:
        batch.voucher = draft_premium_voucher(actor, batch)
    return batch


@transaction.atomic
def draft_premium_voucher(actor, batch):
    """The draft voucher for what the union pays: Dr 509 职工服务支出 / Cr 102 银行存款.

    Premiums are not member benefits under the spending caps, so no expense is recorded: the voucher
    goes to the bookkeeper, who reviews and posts it.
    """
    from gonghui.ledger import actions as ledger_actions

    batch = EnrolmentBatch.objects.select_for_update(of=("self",)).select_related("plan", "union").get(pk=batch.pk)
    scope.require(actor, CARE, batch.union)
    if batch.voucher_id:
        raise ActionError(_("该批次已生成记账凭证"), field="voucher")
    if batch.union_total <= 0:
        raise ActionError(_("该计划保费由会员个人缴纳，工会无支出，无需记账"), field="voucher")
    plan = batch.plan
    memo = f"{plan}保费 {batch.head_count}人"
    summary = f"{plan}（{plan.provider or plan.owner}）保费：{batch.head_count}人×{_shares(plan)[0]}元"
    voucher = ledger_actions.create_voucher(
        actor, union=batch.union, date=batch.date, summary=summary[:200],
        lines=[{"account": SERVICE_ACCOUNT, "debit": batch.union_total, "credit": Decimal("0"), "memo": memo},
               {"account": BANK_ACCOUNT, "debit": Decimal("0"), "credit": batch.union_total, "memo": memo}],
        source="mutualaid", source_ref=f"mutualaid:{batch.pk}", category=SERVICE_ACCOUNT)
    batch.voucher = voucher
    batch.save(update_fields=["voucher"])
    audit.record(actor, "voucher", batch, org=batch.union, after={"voucher": voucher.label})
    return voucher


# ---- claims ----

def remaining(enrolment, *, exclude=None):
    """How much of the plan's yearly limit is left for this member (open claims count at their amount)."""
    claims = Claim.objects.filter(enrolment=enrolment).exclude(pk=getattr(exclude, "pk", None))
    open_total = claims.filter(status__in=OPEN_STATUSES).aggregate(s=Sum("amount_claimed"))["s"] or 0
    granted = claims.filter(status__in=GRANTED_STATUSES).aggregate(s=Sum("amount_approved"))["s"] or 0
    return max(enrolment.plan.yearly_limit - open_total - granted, Decimal("0.00"))


def _check_limits(enrolment, amount, field, *, exclude=None):
    plan = enrolment.plan
    if amount > plan.per_claim_limit:
        raise ActionError(_("超过%(plan)s单次给付上限%(limit)s元") % {"plan": plan.name, "limit": plan.per_claim_limit},
                          field=field)
    left = remaining(enrolment, exclude=exclude)
    if amount > left:
        raise ActionError(_("超过%(plan)s年度累计给付上限%(limit)s元：本年度还可申请%(left)s元")
                          % {"plan": plan.name, "limit": plan.yearly_limit, "left": left}, field=field)


def _claim_audit(claim):
    data = audit.snapshot(claim, ["incident_date", "amount_claimed", "amount_approved", "status", "decision_note",
                                  "paid_on"])
    data["diagnosis"] = ENCRYPTED if claim.diagnosis else None
    return data


def _step(claim, actor, note=""):
    ClaimStep.objects.create(claim=claim, status=claim.status, by=actor if actor.is_authenticated else None,
                             note=note[:200])


@transaction.atomic
def submit_claim(actor, enrolment, *, amount, incident_date, diagnosis):
    """A claim on ``enrolment``: by the member themself, or by a CARE officer on their behalf.

    The enrolment is locked while the limits are checked, so two claims at once cannot pass the yearly
    limit together (the second sees the first)."""
    enrolment = _locked(Enrolment.objects.select_related("plan", "member"), enrolment.pk,
                        _("该参保记录已被取消"), "enrolment")
    if enrolment.member.user_id != actor.pk:
        scope.require(actor, CARE, enrolment.org)
    errors = {}
    try:
        amount = money(amount, "amount_claimed", positive=True)
    except ActionError as exc:
        errors.update(exc.message_dict)
    try:
        incident_date = date_value(incident_date, "incident_date")
    except ActionError as exc:
        errors.update(exc.message_dict)
    diagnosis = (diagnosis or "").strip()
    if not diagnosis:
        errors["diagnosis"] = [_("请填写病情及就医说明")]
    plan = enrolment.plan
    if "incident_date" not in errors:
        if incident_date > timezone.localdate():
            errors["incident_date"] = [_("不能晚于今天")]
        elif not plan.covers(incident_date):
            errors["incident_date"] = [_("不在%(plan)s的保障期（%(start)s至%(end)s）内") % {
                "plan": plan.label, "start": f"{plan.coverage_start:%Y-%m-%d}", "end": f"{plan.coverage_end:%Y-%m-%d}"}]
    if errors:
        raise ActionError(errors=errors)
    _check_limits(enrolment, amount, "amount_claimed")
    claim = Claim.objects.create(enrolment=enrolment, plan=plan, member=enrolment.member, union=enrolment.union,
                                 org=enrolment.org, incident_date=incident_date, amount_claimed=amount,
                                 diagnosis=diagnosis, submitted_by=actor)
    _step(claim, actor)
    audit.record(actor, "claim_submit", claim, org=claim.org, after=_claim_audit(claim))
    return claim


TRANSITIONS = {
    "review": ((ClaimStatus.SUBMITTED,), ClaimStatus.REVIEWING),
    "approve": ((ClaimStatus.REVIEWING,), ClaimStatus.APPROVED),
    "reject": ((ClaimStatus.SUBMITTED, ClaimStatus.REVIEWING), ClaimStatus.REJECTED),
    "pay": ((ClaimStatus.APPROVED,), ClaimStatus.PAID),
}
VERBS = {"review": gettext_lazy("开始审核"), "approve": gettext_lazy("核准"), "reject": gettext_lazy("不予核准"),
         "pay": gettext_lazy("登记给付")}


def _moving(actor, claim, move):
    """The claim read again and locked (a step taken once: the second of two at once finds it moved)."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("plan", "enrolment__plan").get(pk=claim.pk)
    scope.require(actor, CARE, claim.org)
    sources, _target = TRANSITIONS[move]
    if claim.status not in sources:
        allowed = words(ClaimStatus(s).label for s in sources)
        raise ActionError(_("只有%(allowed)s的申请可以%(verb)s（当前：%(status)s）") % {
            "allowed": allowed, "verb": VERBS[move], "status": claim.get_status_display()}, field="status")
    return claim, _claim_audit(claim)


def _moved(actor, claim, move, before, note=""):
    claim.status = TRANSITIONS[move][1]
    claim.updated_at = timezone.now()
    claim.save()
    _step(claim, actor, note)
    audit.record(actor, f"claim_{move}", claim, org=claim.org, before=before, after=_claim_audit(claim), note=note)
    return claim


@transaction.atomic
def review_claim(actor, claim):
    claim, before = _moving(actor, claim, "review")
    return _moved(actor, claim, "review", before)


@transaction.atomic
def approve_claim(actor, claim, *, amount=None, note=""):
    """Approve at ``amount`` (default: as claimed), within the per-claim and remaining yearly limits."""
    claim, before = _moving(actor, claim, "approve")
    amount = claim.amount_claimed if amount in (None, "") else money(amount, "amount_approved", positive=True)
    if amount > claim.amount_claimed:
        raise ActionError(_("核准金额不能高于申请金额%(amount)s元") % {"amount": claim.amount_claimed},
                          field="amount_approved")
    Enrolment.all_objects.select_for_update().filter(pk=claim.enrolment_id).first()  # the limits, one at a time
    _check_limits(claim.enrolment, amount, "amount_approved", exclude=claim)
    claim.amount_approved = amount
    claim.decision_note = (note or "").strip()[:200]
    return _moved(actor, claim, "approve", before, claim.decision_note)


@transaction.atomic
def reject_claim(actor, claim, *, note):
    claim, before = _moving(actor, claim, "reject")
    note = (note or "").strip()
    if not note:
        raise ActionError(_("请写明不予核准的原因"), field="decision_note")
    claim.decision_note = note[:200]
    return _moved(actor, claim, "reject", before, claim.decision_note)


@transaction.atomic
def pay_claim(actor, claim, *, paid_on=None, note=""):
    claim, before = _moving(actor, claim, "pay")
    paid_on = date_value(paid_on, "paid_on", required=False) or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ActionError(_("给付日期不能晚于今天"), field="paid_on")
    if paid_on < claim.incident_date:
        raise ActionError(_("给付日期不能早于就医（出险）日期"), field="paid_on")
    claim.paid_on = paid_on
    return _moved(actor, claim, "pay", before, (note or "").strip())


# ---- health checks ----

ROUND_FIELDS = ["name", "year", "provider", "place", "start_date", "end_date", "note"]


def _clean_round(data):
    errors = {}
    clean = {k: (data.get(k) or "").strip() for k in ("name", "provider", "place", "note")}
    for field in ("name", "provider"):
        if not clean[field]:
            errors[field] = [_("不能为空")]
    for field in ("start_date", "end_date"):
        try:
            clean[field] = date_value(data.get(field), field)
        except ActionError as exc:
            errors.update(exc.message_dict)
    try:
        clean["year"] = integer(data.get("year") or (clean.get("start_date").year if clean.get("start_date") else None),
                             "year", minimum=2000, maximum=2100)
    except ActionError as exc:
        errors.update(exc.message_dict)
    start, end = clean.get("start_date"), clean.get("end_date")
    if start and end and end < start:
        errors.setdefault("end_date", []).append(_("结束日期不能早于开始日期"))
    if start and clean.get("year") and start.year != clean["year"]:
        errors.setdefault("start_date", []).append(_("开始日期应在%(year)s年内") % {"year": clean["year"]})
    if errors:
        raise ActionError(errors=errors)
    return clean


@transaction.atomic
def create_round(actor, union, **data):
    if union is None or union.kind != Kind.GRASSROOTS:
        raise ActionError(_("体检由基层工会组织"), field="union")
    scope.require(actor, CARE, union)
    clean = _clean_round(data)
    check = HealthCheckRound.objects.create(union=union, created_by=actor, **clean)
    audit.record(actor, "create", check, org=union, after=audit.snapshot(check, ROUND_FIELDS))
    return check


def _locked_round(check):
    return _locked(HealthCheckRound.objects.select_related("union"), check.pk, _("该体检安排已被删除"), "round")


def _locked_slot(slot, field):
    """The slot and its round read again and locked in one statement (the round: slots of a branch and of a
    group in it share members, who are ticked once per round)."""
    slot = _locked(HealthCheckSlot.objects.select_related("round", "org", "union"), slot.pk, _("该时段已被删除"),
                   field, of=("self", "round"))
    if slot.round.deleted_at is not None:
        raise ActionError(_("该体检安排已被删除"), field=field)
    return slot


@transaction.atomic
def update_round(actor, check, **data):
    check = _locked_round(check)
    scope.require(actor, CARE, check.union)
    before = audit.snapshot(check, ROUND_FIELDS)
    clean = _clean_round({**before, **data})
    outside = check.slots.exclude(date__gte=clean["start_date"], date__lte=clean["end_date"]).count()
    if outside:
        raise ActionError(_("有%(n)s个时段不在新的体检日期内，请先调整时段") % {"n": outside}, field="end_date")
    for name, value in clean.items():
        setattr(check, name, value)
    check.updated_at = timezone.now()
    check.save()
    after = audit.snapshot(check, ROUND_FIELDS)
    if after != before:
        audit.record(actor, "update", check, org=check.union, before=before, after=after)
    return check


@transaction.atomic
def delete_round(actor, check):
    check = _locked_round(check)
    scope.require(actor, CARE, check.union)
    if Attendance.objects.filter(round=check).exists():
        raise ActionError(_("已登记到检的体检安排不能删除"), field="round")
    check.deleted_at = timezone.now()
    check.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", check, org=check.union)
    return check


def _time(value, field, *, required=True):
    if isinstance(value, datetime.time):
        return value
    text = str(value or "").strip().replace("：", ":")
    if not text:
        if required:
            raise ActionError(_("不能为空"), field=field)
        return None
    try:
        return datetime.datetime.strptime(text[:5], "%H:%M").time()
    except ValueError:
        raise ActionError(_("“%(text)s”不是有效时间，请写成08:30") % {"text": text}, field=field) from None


@transaction.atomic
def add_slot(actor, check, *, org, date, start_time, end_time=None, note=""):
    """Schedule one group (or branch) of the union for a day and time of the round (once per group,
    checked with the round locked)."""
    check = _locked_round(check)
    scope.require(actor, CARE, check.union)
    errors = {}
    if org is None or not org.path.startswith(check.union.path) or org.kind not in MEMBER_HOLDING_KINDS:
        errors["org"] = [_("请选择%(union)s的分工会或工会小组") % {"union": check.union.name}]
    values = {}
    for field, call in (("date", lambda: date_value(date, "date")),
                        ("start_time", lambda: _time(start_time, "start_time")),
                        ("end_time", lambda: _time(end_time, "end_time", required=False))):
        try:
            values[field] = call()
        except ActionError as exc:
            errors.update(exc.message_dict)
    when = values.get("date")
    if when and not (check.start_date <= when <= check.end_date):
        errors.setdefault("date", []).append(_("不在体检日期（%(start)s至%(end)s）内") % {
            "start": f"{check.start_date:%Y-%m-%d}", "end": f"{check.end_date:%Y-%m-%d}"})
    if values.get("end_time") and values.get("start_time") and values["end_time"] <= values["start_time"]:
        errors.setdefault("end_time", []).append(_("结束时间应晚于开始时间"))
    taken = _("%(org)s已安排了时段") % {"org": org.name} if org is not None else ""
    if not errors and HealthCheckSlot.objects.filter(round=check, org=org).exists():
        errors["org"] = [taken]
    if errors:
        raise ActionError(errors=errors)
    try:
        with transaction.atomic():
            slot = HealthCheckSlot.objects.create(round=check, union=check.union, org=org,
                                                  note=(note or "").strip()[:200], **values)
    except IntegrityError:
        raise ActionError(taken, field="org") from None
    audit.record(actor, "slot_add", check, org=check.union, after={
        "org": org.name, "date": values["date"].isoformat(), "start_time": values["start_time"].strftime("%H:%M")})
    return slot


@transaction.atomic
def delete_slot(actor, slot):
    slot = _locked_slot(slot, "slot")
    scope.require(actor, CARE, slot.union)
    if slot.attendance.exists():
        raise ActionError(_("该时段已登记到检，不能删除"), field="slot")
    audit.record(actor, "slot_delete", slot.round, org=slot.union,
                 before={"org": slot.org.name, "date": slot.date.isoformat()})
    slot.delete()


def roster(slot):
    """Members expected at ``slot``: current members of its group's subtree."""
    return Member.objects.filter(org__in=Organisation.objects.subtree(slot.org).values("id")).exclude(
        status__in=["terminated", "transferring"])


@transaction.atomic
def save_attendance(actor, slot, member_ids):
    """Tick who attended ``slot`` (the whole roster at once): one transaction, set-based, with the slot and
    its round locked (a member is ticked once per round)."""
    slot = _locked_slot(slot, "attended")
    scope.require(actor, CARE, slot.union)
    if slot.date > timezone.localdate():
        raise ActionError(_("体检日期%(date)s尚未到，不能登记到检") % {"date": f"{slot.date:%Y-%m-%d}"}, field="attended")
    try:
        ids = {int(m.pk if isinstance(m, Member) else m) for m in member_ids or []}
    except (TypeError, ValueError):
        raise ActionError(_("会员编号应为整数"), field="attended") from None
    on_roster = set(roster(slot).filter(pk__in=ids).values_list("id", flat=True))
    if ids - on_roster:
        raise ActionError(_("有%(n)s名会员不在%(org)s的名单中") % {"n": len(ids - on_roster), "org": slot.org.name},
                          field="attended")
    elsewhere = list(Attendance.objects.filter(round=slot.round, member_id__in=ids).exclude(slot=slot)
                     .select_related("member", "slot__org")[:5])
    if elsewhere:
        raise ActionError(errors={"attended": [_("%(name)s已在%(org)s的时段登记到检") % {
            "name": a.member.name, "org": a.slot.org.name} for a in elsewhere]})
    before = set(Attendance.objects.filter(slot=slot).values_list("member_id", flat=True))
    Attendance.objects.filter(slot=slot).exclude(member_id__in=ids).delete()
    try:  # no savepoint needed: the refusal leaves this action's transaction at once, rolling it all back
        Attendance.objects.bulk_create([Attendance(slot=slot, round=slot.round, member_id=m, ticked_by=actor)
                                        for m in sorted(ids - before)], batch_size=2000)
    except IntegrityError:  # ticked at another slot regardless: nothing of this list is kept
        raise ActionError(_("有会员刚刚在其他时段登记到检，请刷新后重试"), field="attended") from None
    if before != ids:
        audit.record(actor, "attendance", slot.round, org=slot.union,
                     before={"org": slot.org.name, "attended": len(before)},
                     after={"org": slot.org.name, "attended": len(ids)})
    return len(ids)

