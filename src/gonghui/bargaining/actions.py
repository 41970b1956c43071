"""Every change to bargaining records goes through these functions (web, API, demo alike).

Each checks scope (RIGHTS at the contract's union), validates, writes and records the audit entry in one
transaction, with the rows its rules depend on locked: the contract for its negotiators (at most 10 a side,
one chief a side, no one on both sides), rounds and drafts (numbers in order) and its lifecycle steps. The
unique constraints are the last guard: a row a competitor slipped in regardless ends in the same Chinese
refusal (``core.errors.unique_or``), never a 500.

The congress vote that approves a draft is the congress app's own (``congress.actions.votes``): a contract
links to a ``Resolution`` of its union's congress and reads whether it passed — the counting (quorum of two
thirds present, more than half of all delegates or employees for) is never repeated here.
"""
import datetime
import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, scope
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import date_value, integer, text
from gonghui.orgs.models import Kind as OrgKind

from . import rules
from .models import BargainingRequest, Clause, Contract, ContractKind, Draft, FigureCode, Negotiator, Round, Side

REQUEST_FIELDS = ["kind", "from_side", "employer", "received_on", "topics", "answer_due", "status", "answered_on",
                  "answer"]
CONTRACT_FIELDS = ["kind", "title", "employer", "status", "employees_covered", "resolution", "approved_draft",
                   "signed_on", "term_years", "starts_on", "ends_on", "filing_due", "filed_on", "filed_late",
                   "in_force_from", "objection"]
LABELS = {"kind": gettext_lazy("合同类型"), "from_side": gettext_lazy("提出方"), "employer": gettext_lazy("用人单位"),
          "received_on": gettext_lazy("收到要约日期"), "topics": gettext_lazy("协商事项"),
          "answered_on": gettext_lazy("答复日期"), "answer": gettext_lazy("答复内容"), "title": gettext_lazy("合同名称"),
          "side": gettext_lazy("所属方"), "name": gettext_lazy("姓名"), "member_no": gettext_lazy("会员编号"),
          "date": gettext_lazy("日期"), "minutes": gettext_lazy("会议纪要"), "clauses": gettext_lazy("条款"),
          "resolution": gettext_lazy("职代会表决事项"), "signed_on": gettext_lazy("签订日期"),
          "term_years": gettext_lazy("期限（年）"), "starts_on": gettext_lazy("起始日期"),
          "filed_on": gettext_lazy("报送劳动行政部门日期"), "employees_covered": gettext_lazy("覆盖职工人数")}


def _lock(obj):
    list(type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    obj.refresh_from_db()
    return obj


def _union(actor, union):
    if union is None or union.kind != OrgKind.GRASSROOTS:
        raise ActionError(_("集体协商由基层工会进行"), field="union")
    scope.require(actor, RIGHTS, union)
    return union


def _choice(value, choices, field):
    if value not in choices.values:
        raise ActionError(_("请选择有效的选项"), field=field)
    return value


def _contract(actor, contract):
    """The contract locked and read again, within the actor's scope."""
    scope.require(actor, RIGHTS, contract.union)
    _lock(contract)
    if contract.deleted_at is not None:
        raise ActionError(_("该集体合同已删除"))
    return contract


# ---- requests to bargain ----

@transaction.atomic
def create_request(actor, union, *, kind, from_side, employer, received_on, topics):
    """Record a request to bargain (from the union or the employer); the 20-day answer clock starts."""
    _union(actor, union)
    kind = _choice(kind, ContractKind, "kind")
    from_side = _choice(from_side, Side, "from_side")
    employer = text(employer, "employer", required=True, max_length=100)
    received_on = date_value(received_on, "received_on", required=True)
    topics = text(topics, "topics", required=True, max_length=4000)
    due = rules.answer_due(received_on)
    r = BargainingRequest.objects.create(union=union, kind=kind, from_side=from_side, employer=employer,
                                         received_on=received_on, topics=topics, answer_due=due.day,
                                         due_provisional=due.provisional, recorded_by=actor)
    audit.record(actor, "bargaining_request", r, org=union, after=audit.snapshot(r, REQUEST_FIELDS))
    return r


@transaction.atomic
def answer_request(actor, request, *, accept, answered_on, answer=""):
    scope.require(actor, RIGHTS, request.union)
    _lock(request)
    if request.status != BargainingRequest.Status.WAITING:
        raise ActionError(_("该要约已经答复"), field="answer")
    answered_on = date_value(answered_on, "answered_on", required=True)
    if answered_on < request.received_on:
        raise ActionError(_("答复日期不能早于收到要约日期"), field="answered_on")
    answer = text(answer, "answer", required=not accept, max_length=4000)
    before = audit.snapshot(request, REQUEST_FIELDS)
    request.status = BargainingRequest.Status.ACCEPTED if accept else BargainingRequest.Status.DECLINED
    request.answered_on, request.answer = answered_on, answer
    request.save(update_fields=["status", "answered_on", "answer"])
    audit.record(actor, "bargaining_answer", request, org=request.union, before=before,
                 after=audit.snapshot(request, REQUEST_FIELDS))
    return request


# ---- contracts ----

@transaction.atomic
def create_contract(actor, union, *, kind, title, employer, employees_covered=0, request=None):
    _union(actor, union)
    kind = _choice(kind, ContractKind, "kind")
    title = text(title, "title", required=True, max_length=120)
    employer = text(employer, "employer", required=True, max_length=100)
    covered = integer(employees_covered or 0, "employees_covered", minimum=0)
    if request is not None and request.union_id != union.pk:
        raise ActionError(_("协商要约不属于该工会"), field="request")
    c = Contract.objects.create(union=union, kind=kind, title=title, employer=employer, employees_covered=covered,
                                request=request, recorded_by=actor)
    audit.record(actor, "create", c, org=union, after=audit.snapshot(c, CONTRACT_FIELDS))
    return c


def _person_key(member, name):
    return f"m{member.pk}" if member is not None else "n:" + re.sub(r"\s+", "", name)


@transaction.atomic
def add_negotiator(actor, contract, *, side, name="", member=None, position="", chief=False):
    """Name a negotiator: 3–10 per side, one chief per side, no one on both sides (the same member, or the
    same name when no member is named)."""
    _contract(actor, contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("合同已签订，不能再更换协商代表"), field="side")
    side = _choice(side, Side, "side")
    if member is not None:
        if member.union_id != contract.union_id:
            raise ActionError(_("找不到该会员，或不在您的权限范围内"), field="member_no")
        name = member.name
    name = text(name, "name", required=True, max_length=40)
    key = _person_key(member, name)
    other = contract.negotiators.filter(person_key=key).first()
    if other is not None:
        if other.side != side:
            raise ActionError(_("%(name)s已是%(side)s协商代表，同一人不能同时代表双方") % {
                "name": name, "side": other.get_side_display()}, field="name")
        raise ActionError(_("%(name)s已是协商代表") % {"name": name}, field="name")
    if contract.negotiators.filter(side=side).count() >= rules.NEGOTIATORS_MAX:
        raise ActionError(_("每方协商代表最多%(n)s人") % {"n": rules.NEGOTIATORS_MAX}, field="side")
    if chief and contract.negotiators.filter(side=side, chief=True).exists():
        raise ActionError(_("该方已有首席代表"), field="chief")
    n = Negotiator(contract=contract, side=side, name=name, member=member, position=(position or "").strip()[:60],
                   chief=bool(chief), person_key=key)
    with unique_or(_("%(name)s已是协商代表") % {"name": name}, field="name"):
        n.save()
    audit.record(actor, "bargaining_negotiator", contract, org=contract.union,
                 after={"negotiator": f"{n.get_side_display()} {name}" + ("（首席）" if n.chief else "")})
    return n


@transaction.atomic
def remove_negotiator(actor, negotiator):
    contract = _contract(actor, negotiator.contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("合同已签订，不能再更换协商代表"), field="side")
    label = f"{negotiator.get_side_display()} {negotiator.name}"
    negotiator.delete()
    audit.record(actor, "bargaining_negotiator_remove", contract, org=contract.union, before={"negotiator": label})


def team_problems(contract) -> dict:
    """What keeps the teams from bargaining: fewer than 3 on a side, or no chief (field → message)."""
    counts = {side: [0, 0] for side in Side.values}
    for side, chief in contract.negotiators.values_list("side", "chief"):
        counts[side][0] += 1
        counts[side][1] += int(chief)
    problems = {}
    for side, (n, chiefs) in counts.items():
        label = Side(side).label
        if n < rules.NEGOTIATORS_MIN:
            problems[side] = _("%(side)s协商代表不足%(n)s人") % {"side": label, "n": rules.NEGOTIATORS_MIN}
        elif not chiefs:
            problems[side] = _("%(side)s尚未指定首席代表") % {"side": label}
    return problems


@transaction.atomic
def record_round(actor, contract, *, date, minutes, place=""):
    _contract(actor, contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("合同已签订，协商已结束"), field="date")
    problems = team_problems(contract)
    if problems:
        raise ActionError(errors={"side": list(problems.values())})
    day = date_value(date, "date", required=True)
    minutes = text(minutes, "minutes", required=True, max_length=20000)
    number = (contract.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    r = Round(contract=contract, number=number, date=day, place=(place or "").strip()[:100], minutes=minutes,
              recorded_by=actor)
    with unique_or(_("请重试：该轮次已登记"), field="date"):
        r.save()
    audit.record(actor, "bargaining_round", contract, org=contract.union,
                 after={"round": number, "date": day.isoformat()})
    return r


def parse_clauses(raw) -> list[dict]:
    """Clauses from lines ``条款号|标题|内容[|数值项|数值|单位]`` (the web form) or a list of dicts (the API)."""
    rows = []
    if isinstance(raw, str):
        for i, line in enumerate(l for l in raw.splitlines() if l.strip()):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3:
                raise ActionError(_("第%(n)s行应为“条款号|标题|内容”") % {"n": i + 1}, field="clauses")
            rows.append({"number": parts[0], "title": parts[1], "text": parts[2],
                         "figure_code": parts[3] if len(parts) > 3 else "",
                         "figure": parts[4] if len(parts) > 4 else "", "figure_unit": parts[5] if len(parts) > 5 else ""})
    else:
        rows = [dict(r) for r in (raw or [])]
    if not rows:
        raise ActionError(_("至少需要一个条款"), field="clauses")
    seen, out = set(), []
    for i, r in enumerate(rows):
        number = str(r.get("number") or "").strip()[:10]
        title = str(r.get("title") or "").strip()[:60]
        body = str(r.get("text") or "").strip()
        if not number or not title or not body:
            raise ActionError(_("第%(n)s条缺少条款号、标题或内容") % {"n": i + 1}, field="clauses")
        if number in seen:
            raise ActionError(_("条款号%(number)s重复") % {"number": number}, field="clauses")
        seen.add(number)
        code = str(r.get("figure_code") or "").strip()
        if code and code not in FigureCode.values:
            raise ActionError(_("条款%(number)s的数值项无效") % {"number": number}, field="clauses")
        figure = r.get("figure")
        if figure not in (None, ""):
            try:
                figure = Decimal(str(figure).replace("%", "").strip()).quantize(Decimal("0.01"))
            except Exception:
                raise ActionError(_("条款%(number)s的数值应为数字") % {"number": number}, field="clauses") from None
            if not code:
                code = FigureCode.OTHER
        else:
            figure = None
        out.append({"number": number, "title": title, "text": body, "figure_code": code if figure is not None else "",
                    "figure": figure, "figure_unit": str(r.get("figure_unit") or "").strip()[:8], "position": i})
    return out


@transaction.atomic
def add_draft(actor, contract, *, proposed_by, clauses, note="", round=None, date=None):
    """A new version of the text, clause by clause (compare versions with ``queries.compare``)."""
    _contract(actor, contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("合同已签订，不能再提交草案"), field="clauses")
    proposed_by = _choice(proposed_by, Side, "proposed_by")
    rows = parse_clauses(clauses)
    if round is not None and round.contract_id != contract.pk:
        raise ActionError(_("该协商会议不属于本合同"), field="round")
    version = (contract.drafts.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    day = date_value(date, "date", required=False) or (round.date if round else None)
    if day is None:
        from django.utils import timezone
        day = timezone.localdate()
    d = Draft(contract=contract, version=version, round=round, proposed_by=proposed_by,
              note=(note or "").strip()[:200], created_on=day, recorded_by=actor)
    with unique_or(_("请重试：该稿次已登记"), field="clauses"):
        d.save()
    Clause.objects.bulk_create([Clause(draft=d, **r) for r in rows])
    audit.record(actor, "bargaining_draft", contract, org=contract.union,
                 after={"draft": version, "clauses": len(rows)})
    return d


@transaction.atomic
def link_vote(actor, contract, *, resolution, draft):
    """Put a draft to the congress: link the congress's resolution (of this union, kind 集体合同) that votes on
    it. The congress app runs and counts the vote."""
    _contract(actor, contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("合同已签订"), field="resolution")
    if resolution is None or resolution.union_id != contract.union_id or resolution.deleted_at is not None:
        raise ActionError(_("找不到该表决事项"), field="resolution")
    if resolution.kind != resolution.ResKind.CONTRACT:
        raise ActionError(_("表决事项的类别应为“集体合同”"), field="resolution")
    if draft is None or draft.contract_id != contract.pk:
        raise ActionError(_("请选择本合同的草案"), field="draft")
    before = audit.snapshot(contract, CONTRACT_FIELDS)
    contract.resolution, contract.approved_draft = resolution, draft
    contract.save(update_fields=["resolution", "approved_draft"])
    audit.record(actor, "bargaining_vote", contract, org=contract.union, before=before,
                 after=audit.snapshot(contract, CONTRACT_FIELDS))
    return contract


def approval(contract):
    """(approved, message): whether the congress passed the draft, from the congress's own count."""
    r = contract.resolution
    if r is None:
        return False, _("尚未提交职代会（职工大会）审议")
    if r.status != r.Status.CLOSED:
        return False, _("职代会尚未完成表决计票")
    if not r.passed:
        return False, _("职代会表决未通过")
    return True, ""


@transaction.atomic
def sign(actor, contract, *, signed_on, term_years, starts_on=None, employees_covered=None):
    """Sign the approved draft: the term (1–3 years) runs from ``starts_on`` (the signing day by default)."""
    _contract(actor, contract)
    if contract.status != Contract.Status.NEGOTIATING:
        raise ActionError(_("该合同已签订"), field="signed_on")
    errors = {}
    signed_on = date_value(signed_on, "signed_on", required=True)
    try:
        years = integer(term_years, "term_years", required=True)
    except ActionError as e:
        errors.update(e.message_dict)
        years = None
    if years is not None and not rules.TERM_MIN <= years <= rules.TERM_MAX:
        errors["term_years"] = [_("集体合同期限为%(a)s至%(b)s年") % {"a": rules.TERM_MIN, "b": rules.TERM_MAX}]
    ok, message = approval(contract)
    if not ok:
        errors["resolution"] = [message]
    starts_on = date_value(starts_on, "starts_on", required=False) or signed_on
    if starts_on < signed_on:
        errors["starts_on"] = [_("起始日期不能早于签订日期")]
    if errors:
        raise ActionError(errors=errors)
    before = audit.snapshot(contract, CONTRACT_FIELDS)
    due = rules.filing_due(signed_on)
    contract.status = Contract.Status.SIGNED
    contract.signed_on, contract.term_years, contract.starts_on = signed_on, years, starts_on
    contract.ends_on = rules.term_end(starts_on, years)
    contract.remind_from = rules.remind_from(contract.ends_on)
    contract.filing_due, contract.clock_provisional = due.day, due.provisional
    if employees_covered not in (None, ""):
        contract.employees_covered = integer(employees_covered, "employees_covered", minimum=0)
    contract.save()
    audit.record(actor, "bargaining_sign", contract, org=contract.union, before=before,
                 after=audit.snapshot(contract, CONTRACT_FIELDS))
    return contract


@transaction.atomic
def file(actor, contract, *, filed_on):
    """Filed with the labour department: in force after 15 days without objection (computed)."""
    _contract(actor, contract)
    if contract.status != Contract.Status.SIGNED:
        raise ActionError(_("合同签订后才能报送备案"), field="filed_on")
    filed_on = date_value(filed_on, "filed_on", required=True)
    if filed_on < contract.signed_on:
        raise ActionError(_("报送日期不能早于签订日期（%(day)s）") % {"day": contract.signed_on.isoformat()},
                          field="filed_on")
    before = audit.snapshot(contract, CONTRACT_FIELDS)
    start = rules.in_force_from(filed_on)
    contract.status = Contract.Status.FILED
    contract.filed_on, contract.filed_late = filed_on, filed_on > contract.filing_due
    contract.in_force_from = max(start.day, contract.starts_on)
    contract.clock_provisional = contract.clock_provisional or start.provisional
    contract.save()
    audit.record(actor, "bargaining_file", contract, org=contract.union, before=before,
                 after=audit.snapshot(contract, CONTRACT_FIELDS))
    return contract


@transaction.atomic
def record_objection(actor, contract, *, objection):
    """The labour department objected within its 15 days: the contract is not in force."""
    _contract(actor, contract)
    if contract.status != Contract.Status.FILED:
        raise ActionError(_("合同报送备案后才能登记审查意见"), field="objection")
    objection = text(objection, "objection", required=True, max_length=4000)
    before = audit.snapshot(contract, CONTRACT_FIELDS)
    contract.status, contract.objection, contract.in_force_from = Contract.Status.OBJECTED, objection, None
    contract.save()
    audit.record(actor, "bargaining_objection", contract, org=contract.union, before=before,
                 after=audit.snapshot(contract, CONTRACT_FIELDS))
    return contract


@transaction.atomic
def delete_contract(actor, contract):
    _contract(actor, contract)
    from django.utils import timezone
    contract.deleted_at = timezone.now()
    contract.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", contract, org=contract.union)
    return contract


@transaction.atomic
def restore_contract(actor, contract):
    scope.require(actor, RIGHTS, contract.union)
    _lock(contract)
    contract.deleted_at = None
    contract.save(update_fields=["deleted_at"])
    audit.record(actor, "restore", contract, org=contract.union)
    return contract
