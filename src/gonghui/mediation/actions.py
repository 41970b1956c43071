"""Every change to mediation records goes through these functions (web, API, demo alike).

Each checks MEDIATE at the union, validates, writes and records the audit entry in one transaction, with
the rows its rule depends on locked: the union while its committee is set up and a case number is given
(two applications at once cannot take the same number; the unique constraint is the last guard, through
``core.errors.unique_or``), the case for every step of its life (accept, refuse, sessions, outcome,
performance). Dispute details reach the audit trail only as "（已加密，已修改）".
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, periods, scope
from gonghui.core.capabilities import MEDIATE
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import date_value, money, text
from gonghui.orgs.models import Kind, Organisation

from .models import CLOCK_DAYS, Basis, Case, Claim, ClaimKind, Committee, CommitteeMember, Party, Session, Side

ENCRYPTED_CHANGED = "（已加密，已修改）"
CASE_FIELDS = ["number", "status", "applied_on", "worker_count", "accepted_on", "clock_ends", "clock_provisional",
               "arbitration_from", "refused_on", "refusal_reason", "outcome_on", "performance", "performance_due",
               "performed_on", "broken_on", "wage_claim"]
LABELS = {"employer": gettext_lazy("用人单位"), "members": gettext_lazy("委员"), "applied_on": gettext_lazy("申请日期"),
          "accepted_on": gettext_lazy("受理日期"), "refused_on": gettext_lazy("不予受理日期"),
          "reason": gettext_lazy("理由"), "workers": gettext_lazy("职工当事人"), "claims": gettext_lazy("请求事项"),
          "held_on": gettext_lazy("调解日期"), "minutes": gettext_lazy("调解笔录"), "outcome": gettext_lazy("结果"),
          "outcome_on": gettext_lazy("结案日期"), "terms": gettext_lazy("协议内容"),
          "performance_due": gettext_lazy("履行期限")}


def _require(actor, union):
    scope.require(actor, MEDIATE, union)


def _lock_union(union):
    return Organisation.all_objects.select_for_update().get(pk=union.pk)


def _lock_case(actor, case):
    case = Case.objects.select_for_update(of=("self",)).select_related("union").filter(pk=case.pk).first()
    if case is None:
        raise ActionError(_("找不到该调解案件"), field="case")
    _require(actor, case.union)
    return case


def _case_audit(case, secret=()):
    data = audit.snapshot(case, CASE_FIELDS)
    for name in secret:
        data[name] = ENCRYPTED_CHANGED
    return data


def clock(accepted_on: datetime.date):
    """The 15-day mediation period after acceptance (acceptance day not counted; a last day off work moves
    to the next working day) and the first day arbitration may be sought (the day after it ends).

    ▶ accepted 2026-03-02 → the period ends 2026-03-17; arbitration may be sought from 2026-03-18.
    """
    deadline = periods.add_days(accepted_on, CLOCK_DAYS)
    return deadline, deadline.day + datetime.timedelta(days=1)


# ---- the committee ----

def _clean_members(union, rows):
    """Committee members as given: name, side, basis, member (a union member, for union-member
    representatives and a union-member chair), is_chair, chair_agreed; the composition rules checked."""
    cleaned, errors = [], []
    for i, row in enumerate(rows or [], start=1):
        name = (row.get("name") or "").strip()
        member = row.get("member")
        if member is not None and not name:
            name = member.name
        side, basis = row.get("side"), row.get("basis")
        if not name:
            errors.append(_("第%(n)s位委员：请填写姓名") % {"n": i})
            continue
        if len(name) > 50:
            errors.append(_("第%(n)s位委员：姓名不能超过50个字") % {"n": i})
        if side not in Side.values:
            errors.append(_("第%(n)s位委员（%(name)s）：请选择代表方") % {"n": i, "name": name})
            continue
        if side == Side.EMPLOYEE and basis not in (Basis.UNION_MEMBER, Basis.ELECTED):
            errors.append(_("%(name)s：职工代表应由工会成员担任或由职工民主推举产生") % {"name": name})
        if side == Side.EMPLOYER and basis != Basis.NAMED:
            errors.append(_("%(name)s：企业代表应由企业负责人指定") % {"name": name})
        if basis == Basis.UNION_MEMBER and (member is None or member.union_id != union.pk):
            errors.append(_("%(name)s：以工会成员身份担任的委员须是本工会会员") % {"name": name})
        chair, agreed = bool(row.get("is_chair")), bool(row.get("chair_agreed"))
        if chair and not agreed and (member is None or member.union_id != union.pk):
            errors.append(_("%(name)s：调解委员会主任应由工会成员担任，或由双方推举") % {"name": name})
        cleaned.append({"name": name, "side": side, "basis": basis, "member": member, "is_chair": chair,
                        "chair_agreed": agreed and chair})
    if errors:
        raise ActionError(errors={"members": errors})
    if not any(m["side"] == Side.EMPLOYEE for m in cleaned):
        raise ActionError(_("调解委员会必须有职工代表（工会成员或职工推举的人员）"), field="members")
    if not any(m["side"] == Side.EMPLOYER for m in cleaned):
        raise ActionError(_("调解委员会必须有企业代表（企业负责人指定）"), field="members")
    chairs = [m for m in cleaned if m["is_chair"]]
    if len(chairs) != 1:
        raise ActionError(_("调解委员会应有且只有一名主任"), field="members")
    return cleaned


@transaction.atomic
def save_committee(actor, union, *, employer, established_on, members):
    """Set up the union's employer's mediation committee, or replace its composition (one per union)."""
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("调解委员会设在基层工会所在的用人单位"), field="union")
    _require(actor, union)
    employer = text(employer, "employer", required=True, max_length=200, label=_("用人单位"))
    established_on = date_value(established_on, "established_on", not_future=True, label=_("成立日期"))
    cleaned = _clean_members(union, members)
    _lock_union(union)
    committee = Committee.objects.filter(union=union).first()
    before = {}
    if committee is not None:
        before = {**audit.snapshot(committee, ["employer", "established_on"]),
                  "members": _composition(committee.members.all())}
    else:
        committee = Committee(union=union, recorded_by=actor)
    committee.employer, committee.established_on = employer, established_on
    with unique_or(_("本工会已设立调解委员会，请刷新后修改"), field="employer"):
        committee.save()
    committee.members.all().delete()
    rows = CommitteeMember.objects.bulk_create([CommitteeMember(committee=committee, **m) for m in cleaned])
    after = {**audit.snapshot(committee, ["employer", "established_on"]), "members": _composition(rows)}
    audit.record(actor, "mediation_committee", committee, org=union, before=before, after=after)
    return committee


def _composition(rows):
    return "；".join(f"{m.name}（{m.get_side_display()}{'，主任' if m.is_chair else ''}）" for m in rows)


# ---- cases ----

def _clean_claims(rows):
    cleaned, errors = [], []
    for i, row in enumerate(rows or [], start=1):
        kind = (row.get("kind") or "").strip()
        if not kind and not row.get("amount") and not row.get("description"):
            continue
        if kind not in ClaimKind.values:
            errors.append(_("第%(n)s项请求：请选择请求类别") % {"n": i})
            continue
        try:
            amount = money(row.get("amount"), "claims", required=False)
            description = text(row.get("description"), "claims", max_length=500)
        except ActionError as exc:
            errors.extend(_("第%(n)s项请求：%(message)s") % {"n": i, "message": m}
                          for m in exc.messages)
            continue
        cleaned.append({"kind": kind, "amount": amount, "description": description})
    if errors:
        raise ActionError(errors={"claims": errors})
    if not cleaned:
        raise ActionError(_("请至少填写一项请求事项"), field="claims")
    return cleaned


def _clean_workers(union, rows):
    cleaned = []
    for row in rows or []:
        member = row.get("member")
        name = (row.get("name") or "").strip() or (member.name if member is not None else "")
        if not name:
            continue
        if member is not None and member.union_id != union.pk:
            raise ActionError(_("%(name)s不是本工会会员；非会员职工请只填写姓名") % {"name": name}, field="workers")
        cleaned.append({"name": name[:100], "member": member})
    if not cleaned:
        raise ActionError(_("请填写申请调解的职工（会员或非会员）"), field="workers")
    return cleaned


def _next_number(union, year):
    prefix = f"{year}-"
    used = Case.all_objects.filter(union=union, number__startswith=prefix).values_list("number", flat=True)
    n = max((int(x[len(prefix):]) for x in used if x[len(prefix):].isdigit()), default=0) + 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def apply(actor, union, *, applied_on, workers, claims, facts=""):
    """A worker's (or workers') application to the union's employer's committee, with claims by kind."""
    _require(actor, union)
    applied_on = date_value(applied_on, "applied_on", not_future=True, label=_("申请日期"))
    cleaned_workers = _clean_workers(union, workers)
    cleaned_claims = _clean_claims(claims)
    facts = text(facts, "facts", max_length=4000)
    _lock_union(union)
    committee = Committee.objects.filter(union=union).first()
    if committee is None:
        raise ActionError(_("本单位尚未设立劳动争议调解委员会，请先设立"), field="union")
    number = _next_number(union, applied_on.year)
    case = Case(union=union, committee=committee, number=number, applied_on=applied_on, facts=facts,
                worker_count=len(cleaned_workers), recorded_by=actor,
                wage_claim=any(c["kind"] == ClaimKind.WAGES for c in cleaned_claims))
    with unique_or(_("案号%(number)s刚刚被占用，请重试") % {"number": number}, field="applied_on"):
        case.save()
    Party.objects.bulk_create([Party(case=case, role=Party.Role.WORKER, **w) for w in cleaned_workers]
                              + [Party(case=case, role=Party.Role.EMPLOYER, name=committee.employer)])
    Claim.objects.bulk_create([Claim(case=case, **c) for c in cleaned_claims])
    after = {**_case_audit(case, ["facts", "parties", "claims"] if facts else ["parties", "claims"]),
             "claim_kinds": "、".join(str(ClaimKind(c["kind"]).label) for c in cleaned_claims)}
    audit.record(actor, "mediation_apply", case, org=union, after=after)
    return case


@transaction.atomic
def accept(actor, case, *, accepted_on):
    """Accept the case: the 15-day clock starts (``clock``). Accepted before applied for is refused."""
    case = _lock_case(actor, case)
    if case.status != Case.Status.APPLIED:
        raise ActionError(_("只有待受理的申请可以受理（当前：%(status)s）") % {"status": case.get_status_display()},
                          field="accepted_on")
    accepted_on = date_value(accepted_on, "accepted_on", not_future=True, label=_("受理日期"))
    if accepted_on < case.applied_on:
        raise ActionError(_("受理日期（%(accepted)s）不能早于申请日期（%(applied)s）")
                          % {"accepted": accepted_on.isoformat(), "applied": case.applied_on.isoformat()},
                          field="accepted_on")
    before = _case_audit(case)
    deadline, arbitration = clock(accepted_on)
    case.status, case.accepted_on = Case.Status.ACCEPTED, accepted_on
    case.clock_ends, case.clock_provisional, case.arbitration_from = deadline.day, deadline.provisional, arbitration
    case.save(update_fields=["status", "accepted_on", "clock_ends", "clock_provisional", "arbitration_from"])
    audit.record(actor, "mediation_accept", case, org=case.union, before=before, after=_case_audit(case))
    return case


@transaction.atomic
def refuse(actor, case, *, refused_on, reason):
    """Refuse the application, with the reason (the worker may go to arbitration directly)."""
    case = _lock_case(actor, case)
    if case.status != Case.Status.APPLIED:
        raise ActionError(_("只有待受理的申请可以不予受理"), field="reason")
    refused_on = date_value(refused_on, "refused_on", not_future=True, label=_("不予受理日期"))
    if refused_on < case.applied_on:
        raise ActionError(_("不予受理日期不能早于申请日期（%(applied)s）") % {"applied": case.applied_on.isoformat()},
                          field="refused_on")
    reason = text(reason, "reason", required=True, max_length=300, label=_("不予受理理由"))
    before = _case_audit(case)
    case.status, case.refused_on, case.refusal_reason = Case.Status.REFUSED, refused_on, reason
    case.save(update_fields=["status", "refused_on", "refusal_reason"])
    audit.record(actor, "mediation_refuse", case, org=case.union, before=before, after=_case_audit(case))
    return case


@transaction.atomic
def record_session(actor, case, *, held_on, mediators, minutes, place=""):
    case = _lock_case(actor, case)
    if case.status != Case.Status.ACCEPTED:
        raise ActionError(_("案件已结案或尚未受理，不能登记调解"), field="held_on")
    held_on = date_value(held_on, "held_on", not_future=True, label=_("调解日期"))
    if held_on < case.accepted_on:
        raise ActionError(_("调解日期不能早于受理日期（%(day)s）") % {"day": case.accepted_on.isoformat()},
                          field="held_on")
    mediators = text(mediators, "mediators", required=True, max_length=200, label=_("调解员"))
    minutes = text(minutes, "minutes", required=True, max_length=8000, label=_("调解笔录"))
    place = text(place, "place", max_length=100)
    session = Session.objects.create(case=case, held_on=held_on, mediators=mediators, minutes=minutes,
                                     place=place, recorded_by=actor)
    audit.record(actor, "mediation_session", case, org=case.union,
                 after={"held_on": held_on.isoformat(), "mediators": mediators, "minutes": ENCRYPTED_CHANGED})
    return session


OUTCOMES = (Case.Status.AGREED, Case.Status.WITHDRAWN, Case.Status.FAILED)


@transaction.atomic
def close(actor, case, *, outcome, outcome_on, note="", terms="", performance_due=None):
    """The outcome: an agreement (its terms and the day it is to be performed by), withdrawal, or failure
    (the parties may go to arbitration; so may either once the 15 days pass without an agreement)."""
    case = _lock_case(actor, case)
    if case.status != Case.Status.ACCEPTED:
        raise ActionError(_("只有调解中的案件可以结案"), field="outcome")
    if outcome not in OUTCOMES:
        raise ActionError(_("请选择调解结果"), field="outcome")
    outcome_on = date_value(outcome_on, "outcome_on", not_future=True, label=_("结案日期"))
    if outcome_on < case.accepted_on:
        raise ActionError(_("结案日期不能早于受理日期（%(day)s）") % {"day": case.accepted_on.isoformat()},
                          field="outcome_on")
    note = text(note, "note", max_length=2000)
    terms = text(terms, "terms", required=outcome == Case.Status.AGREED, max_length=4000, label=_("协议内容"))
    due = None
    if outcome == Case.Status.AGREED:
        due = date_value(performance_due, "performance_due", required=False, label=_("履行期限"))
        if due is not None and due < outcome_on:
            raise ActionError(_("履行期限不能早于协议日期"), field="performance_due")
    before = _case_audit(case)
    case.status, case.outcome_on, case.outcome_note = outcome, outcome_on, note
    case.terms = terms if outcome == Case.Status.AGREED else ""
    case.performance = Case.Performance.PENDING if outcome == Case.Status.AGREED else ""
    case.performance_due = due
    case.save(update_fields=["status", "outcome_on", "outcome_note", "terms", "performance", "performance_due"])
    secret = [name for name, value in (("outcome_note", note), ("terms", terms)) if value]
    audit.record(actor, "mediation_close", case, org=case.union, before=before, after=_case_audit(case, secret))
    return case


@transaction.atomic
def record_performance(actor, case, *, performed, day, note=""):
    """Whether the agreement was performed; a broken wage agreement is flagged (支付令 route)."""
    case = _lock_case(actor, case)
    if case.status != Case.Status.AGREED or case.performance != Case.Performance.PENDING:
        raise ActionError(_("只有待履行的调解协议可以登记履行情况"), field="performed")
    day = date_value(day, "day", not_future=True, label=_("日期"))
    if day < case.outcome_on:
        raise ActionError(_("日期不能早于协议日期（%(day)s）") % {"day": case.outcome_on.isoformat()}, field="day")
    before = _case_audit(case)
    if performed:
        case.performance, case.performed_on = Case.Performance.PERFORMED, day
    else:
        case.performance, case.broken_on = Case.Performance.BROKEN, day
    note = text(note, "note", max_length=1000)
    if note:
        case.outcome_note = (case.outcome_note + "\n" if case.outcome_note else "") + note
    case.save(update_fields=["performance", "performed_on", "broken_on", "outcome_note"])
    audit.record(actor, "mediation_performance", case, org=case.union, before=before,
                 after=_case_audit(case, ["outcome_note"] if note else []))
    return case


@transaction.atomic
def delete_case(actor, case, *, note=""):
    """Soft-delete a case recorded by mistake (restorable)."""
    case = Case.all_objects.select_for_update(of=("self",)).select_related("union").get(pk=case.pk)
    _require(actor, case.union)
    if case.deleted_at is not None:
        raise ActionError(_("该案件已删除"), field="case")
    case.deleted_at = timezone.now()
    case.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", case, org=case.union, note=note)
    return case


@transaction.atomic
def restore_case(actor, case):
    case = Case.all_objects.select_for_update(of=("self",)).select_related("union").get(pk=case.pk)
    _require(actor, case.union)
    if case.deleted_at is None:
        raise ActionError(_("该案件未被删除"), field="case")
    case.deleted_at = None
    case.save(update_fields=["deleted_at"])
    audit.record(actor, "restore", case, org=case.union)
    return case
