"""Every change to suggestions goes through these functions (web, API, demo alike).

Each checks who may act, validates, writes and records the audit entry in one transaction, with the rows
its rule depends on locked: the union while a number is given (two submissions at once cannot take the same
number; the unique constraint is the last guard), the suggestion for every step after submission (evaluate,
decide, implement, benefit, reward). A member submits their own suggestion (with co-authors of the same
union); an officer holding SUGGESTIONS may submit on a member's behalf and does everything after.

The reward is money paid to members: it goes through ``spending.actions.record_expense`` (the one door) as a
prize (文体活动奖品 in the spending catalogue: the rule set's prize cap per person and the share of winners
among the people who took part — here the authors of the suggestions decided this year), so the per-person
limits apply and a voucher is drafted; a breach is refused with the rule's own message, unless the chair
signs it off with a reason (``override_reason``, APPROVE_SPENDING).
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.capabilities import SUGGESTIONS
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import collect, date_value, integer, money, text
from gonghui.core.softdelete import restore as _restore
from gonghui.core.softdelete import soft_delete
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from .models import DEFAULT_GRADES, Author, Evaluation, Grade, Kind, Suggestion, Target

FIELDS = ["number", "kind", "title", "status", "grade", "decided_on", "decision_reason", "implementer",
          "assigned_on", "implement_by", "implemented_on", "benefit", "benefit_evidence", "benefit_reference",
          "benefit_on", "reward_per_person", "reward_total", "rewarded_on", "reward_expense_id"]
MAX_SCORE = 100


def _require(actor, union):
    scope.require(actor, SUGGESTIONS, union)


def _lock_union(union):
    return Organisation.all_objects.select_for_update().get(pk=union.pk)


def _lock(actor, suggestion):
    row = (Suggestion.objects.select_for_update(of=("self",)).select_related("union")
           .filter(pk=suggestion.pk).first())
    if row is None:
        raise ActionError(_("找不到该建议"), field="suggestion")
    _require(actor, row.union)
    return row


def _snapshot(suggestion):
    return audit.snapshot(suggestion, FIELDS)


# ---- grades (data per union, default set) ----

def grades_for(union):
    """The union's grade scale: its own set when it has one, else the default set."""
    own = list(Grade.objects.filter(union=union))
    return own or [Grade(union=None, name=name, position=i, adopts=adopts)
                   for i, (name, adopts) in enumerate(DEFAULT_GRADES, start=1)]


def _grade(union, name, field="grade"):
    name = text(name, field, required=True, max_length=20, label=_("评审等级"))
    grade = next((g for g in grades_for(union) if g.name == name), None)
    if grade is None:
        raise ActionError(_("评审等级“%(name)s”不在本工会的等级设置中") % {"name": name}, field=field)
    return grade


@transaction.atomic
def save_grades(actor, union, rows):
    """Replace the union's grade scale (rows of name and adopts, in order). At least one grade adopts and
    one does not; names unique. Evaluations already given keep the names they had."""
    _require(actor, union)
    cleaned, seen, errors = [], set(), []
    for i, row in enumerate(rows or [], start=1):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        if len(name) > 20:
            errors.append(_("第%(n)s个等级：名称不能超过20个字") % {"n": i})
        elif name in seen:
            errors.append(_("等级“%(name)s”重复") % {"name": name})
        seen.add(name)
        cleaned.append((name, bool(row.get("adopts"))))
    if errors:
        raise ActionError(errors={"grades": errors})
    if not any(a for _n, a in cleaned) or all(a for _n, a in cleaned):
        raise ActionError(_("评审等级须至少有一个采纳等级和一个不采纳等级"), field="grades")
    _lock_union(union)
    before = {"grades": "、".join(g.name for g in grades_for(union))}
    Grade.objects.filter(union=union).delete()
    Grade.objects.bulk_create([Grade(union=union, name=n, adopts=a, position=i)
                               for i, (n, a) in enumerate(cleaned, start=1)])
    audit.record(actor, "suggestions_grades", union, org=union, before=before,
                 after={"grades": "、".join(n for n, _a in cleaned)})
    return grades_for(union)


# ---- submission ----

def _next_number(union, year):
    prefix = f"{year}-"
    used = Suggestion.all_objects.filter(union=union, number__startswith=prefix).values_list("number", flat=True)
    n = max((int(x[len(prefix):]) for x in used if x[len(prefix):].isdigit()), default=0) + 1
    return f"{prefix}{n:04d}"


@transaction.atomic
def submit(actor, lead, *, kind, title, proposal, problem="", expected_benefit="", coauthors=(), submitted_on=None):
    """A suggestion by ``lead`` (a member: the actor's own record, or any member of a union where the actor
    holds SUGGESTIONS), alone or with ``coauthors`` (members of the same union)."""
    if lead is None:
        raise ActionError(_("提出人：只有会员可以提出合理化建议"), field="lead")
    union = lead.union
    own = member_for(actor)
    if own is None or own.pk != lead.pk:
        _require(actor, union)
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("类别：请选择建议类别")
    title = collect(errors, text, title, "title", required=True, max_length=120, label=_("题目"))
    proposal = collect(errors, text, proposal, "proposal", required=True, max_length=8000, label=_("建议内容"))
    problem = collect(errors, text, problem, "problem", max_length=4000, label=_("存在问题"))
    expected_benefit = collect(errors, text, expected_benefit, "expected_benefit", max_length=4000,
                               label=_("预期效益"))
    others, strangers = [], []
    for m in coauthors or ():
        if m is None or m.pk == lead.pk or m.pk in {o.pk for o in others}:
            continue
        if m.union_id != union.pk or m.deleted_at is not None:
            strangers.append(_("合作者：%(name)s不是本工会会员，不能作为共同提出人") % {"name": m.name})
            continue
        others.append(m)
    if errors or strangers:
        raise ActionError(errors={**{k: [v] for k, v in errors.items()}, **({"coauthors": strangers} if strangers
                                                                             else {})})
    today = timezone.localdate()
    day = date_value(submitted_on, "submitted_on", not_future=True, label=_("提出日期")) if submitted_on else today
    _lock_union(union)
    number = _next_number(union, day.year)
    suggestion = Suggestion(union=union, org_id=lead.org_id, number=number, kind=kind, title=title, problem=problem,
                            proposal=proposal, expected_benefit=expected_benefit, team=bool(others),
                            submitted_on=day, submitted_by=actor)
    with unique_or(_("编号%(number)s刚刚被占用，请重试") % {"number": number}, field="title"):
        suggestion.save()
    Author.objects.bulk_create([Author(suggestion=suggestion, member=lead, lead=True)]
                               + [Author(suggestion=suggestion, member=m) for m in others])
    audit.record(actor, "suggestions_submit", suggestion, org=union,
                 after={**_snapshot(suggestion), "authors": "、".join([lead.name] + [m.name for m in others])})
    return suggestion


# ---- evaluation and decision ----

@transaction.atomic
def evaluate(actor, suggestion, *, grade, score, comment=""):
    """One evaluator's grade and score (0–100). Each evaluator grades a suggestion once."""
    suggestion = _lock(actor, suggestion)
    if suggestion.status != Suggestion.Status.SUBMITTED:
        raise ActionError(_("评审等级：该建议已评定，不能再评审"), field="grade")
    grade = _grade(suggestion.union, grade)
    score = integer(score, "score", minimum=0, maximum=MAX_SCORE, label=_("评分"))
    comment = text(comment, "comment", max_length=500, label=_("评审意见"))
    if Evaluation.objects.filter(suggestion=suggestion, evaluator=actor).exists():
        raise ActionError(_("评审等级：您已评审过这条建议，每位评审人只评一次"), field="grade")
    with unique_or(_("评审等级：您已评审过这条建议，每位评审人只评一次"), field="grade"):
        evaluation = Evaluation.objects.create(suggestion=suggestion, evaluator=actor, grade=grade.name, score=score,
                                               comment=comment, evaluated_on=timezone.localdate())
    audit.record(actor, "suggestions_evaluate", suggestion, org=suggestion.union,
                 after={"grade": grade.name, "score": score, "comment": comment})
    return evaluation


@transaction.atomic
def decide(actor, suggestion, *, adopted, grade="", reason="", decided_on=None):
    """The committee's decision after evaluation: adopted with a grade that adopts, or not adopted with
    the reason (graded with the scale's grade that does not adopt)."""
    suggestion = _lock(actor, suggestion)
    if suggestion.status != Suggestion.Status.SUBMITTED:
        raise ActionError(_("评定：该建议已经评定"), field="adopted")
    if not suggestion.evaluations.exists():
        raise ActionError(_("评定：请先由评审人评审打分"), field="adopted")
    decided_on = date_value(decided_on or timezone.localdate(), "decided_on", not_future=True, label=_("评定日期"))
    if decided_on < suggestion.submitted_on:
        raise ActionError(_("评定日期不能早于提出日期（%(day)s）") % {"day": suggestion.submitted_on.isoformat()},
                          field="decided_on")
    reason = text(reason, "reason", required=not adopted, max_length=500, label=_("不采纳理由"))
    if adopted:
        chosen = _grade(suggestion.union, grade)
        if not chosen.adopts:
            raise ActionError(_("评审等级：采纳的建议请选择采纳等级（“%(name)s”表示不采纳）")
                              % {"name": chosen.name}, field="grade")
    else:
        chosen = next((g for g in grades_for(suggestion.union) if not g.adopts), None)
    before = _snapshot(suggestion)
    suggestion.status = Suggestion.Status.ADOPTED if adopted else Suggestion.Status.REJECTED
    suggestion.grade = chosen.name if chosen else ""
    suggestion.decided_on, suggestion.decision_reason = decided_on, reason
    suggestion.save(update_fields=["status", "grade", "decided_on", "decision_reason"])
    audit.record(actor, "suggestions_decide", suggestion, org=suggestion.union, before=before,
                 after=_snapshot(suggestion))
    return suggestion


# ---- implementation and benefit ----

@transaction.atomic
def assign(actor, suggestion, *, implementer, assigned_on=None, implement_by=None):
    """Who implements an adopted suggestion, from when, and by when it is planned to be done."""
    suggestion = _lock(actor, suggestion)
    if suggestion.status != Suggestion.Status.ADOPTED:
        raise ActionError(_("实施责任人：只有已采纳、尚未实施的建议可以落实实施"), field="implementer")
    implementer = text(implementer, "implementer", required=True, max_length=100, label=_("实施责任人（部门）"))
    assigned_on = date_value(assigned_on or timezone.localdate(), "assigned_on", not_future=True,
                             label=_("落实日期"))
    if assigned_on < suggestion.decided_on:
        raise ActionError(_("落实日期不能早于评定日期（%(day)s）") % {"day": suggestion.decided_on.isoformat()},
                          field="assigned_on")
    implement_by = date_value(implement_by, "implement_by", required=False, label=_("计划完成日期"))
    if implement_by is not None and implement_by < assigned_on:
        raise ActionError(_("计划完成日期不能早于落实日期"), field="implement_by")
    before = _snapshot(suggestion)
    suggestion.implementer, suggestion.assigned_on, suggestion.implement_by = implementer, assigned_on, implement_by
    suggestion.save(update_fields=["implementer", "assigned_on", "implement_by"])
    audit.record(actor, "suggestions_assign", suggestion, org=suggestion.union, before=before,
                 after=_snapshot(suggestion))
    return suggestion


@transaction.atomic
def complete(actor, suggestion, *, implemented_on):
    suggestion = _lock(actor, suggestion)
    if suggestion.status != Suggestion.Status.ADOPTED or not suggestion.assigned_on:
        raise ActionError(_("实施完成日期：只有已落实实施责任人的建议可以登记实施完成"), field="implemented_on")
    implemented_on = date_value(implemented_on, "implemented_on", not_future=True, label=_("实施完成日期"))
    if implemented_on < suggestion.assigned_on:
        raise ActionError(_("实施完成日期不能早于落实日期（%(day)s）") % {"day": suggestion.assigned_on.isoformat()},
                          field="implemented_on")
    before = _snapshot(suggestion)
    suggestion.status, suggestion.implemented_on = Suggestion.Status.IMPLEMENTED, implemented_on
    suggestion.save(update_fields=["status", "implemented_on"])
    audit.record(actor, "suggestions_complete", suggestion, org=suggestion.union, before=before,
                 after=_snapshot(suggestion))
    return suggestion


@transaction.atomic
def record_benefit(actor, suggestion, *, amount, evidence, reference="", measured_on=None):
    """The measured benefit of an implemented suggestion (money saved, yuan), with how it was measured and a
    reference to the supporting document. Measured again, the new figure replaces the old (both audited)."""
    suggestion = _lock(actor, suggestion)
    if suggestion.status != Suggestion.Status.IMPLEMENTED:
        raise ActionError(_("实测效益：只有已实施的建议可以登记效益"), field="benefit")
    amount = money(amount, "benefit", label=_("实测效益"))
    evidence = text(evidence, "evidence", required=True, max_length=4000, label=_("效益测算依据"))
    reference = text(reference, "reference", max_length=200, label=_("证明材料"))
    measured_on = date_value(measured_on or timezone.localdate(), "measured_on", not_future=True,
                             label=_("效益测算日期"))
    if measured_on < suggestion.implemented_on:
        raise ActionError(_("效益测算日期不能早于实施完成日期（%(day)s）")
                          % {"day": suggestion.implemented_on.isoformat()}, field="measured_on")
    before = _snapshot(suggestion)
    suggestion.benefit, suggestion.benefit_evidence = amount, evidence
    suggestion.benefit_reference, suggestion.benefit_on = reference, measured_on
    suggestion.save(update_fields=["benefit", "benefit_evidence", "benefit_reference", "benefit_on"])
    audit.record(actor, "suggestions_benefit", suggestion, org=suggestion.union, before=before,
                 after=_snapshot(suggestion))
    return suggestion


# ---- reward (through spending.actions.record_expense) ----

def _people(union, year, extra_ids=(), rewarded=False):
    """Distinct authors of the union's suggestions decided in ``year`` (rewarded ones only when asked),
    with ``extra_ids`` added: one query."""
    q = Q(suggestion__union=union, suggestion__deleted_at__isnull=True, suggestion__decided_on__year=year)
    if rewarded:
        q &= Q(suggestion__reward_expense__isnull=False)
    ids = set(Author.objects.filter(q).values_list("member_id", flat=True).distinct())
    return len(ids | set(extra_ids))


@transaction.atomic
def reward(actor, suggestion, *, amount_per_person, paid_on=None, form="cash", override_reason=""):
    """Reward the authors of an adopted suggestion, once. The money goes through ``record_expense`` (kind
    "prize"): the spending rules apply per person and a voucher is drafted; a breach is refused with the
    rule's message."""
    from gonghui.spending import actions as spending_actions
    from gonghui.spending.catalogue import Form

    suggestion = _lock(actor, suggestion)
    if suggestion.reward_expense_id is not None:
        raise ActionError(_("奖励金额：该建议已于%(day)s奖励，不能重复奖励")
                          % {"day": suggestion.rewarded_on.isoformat()}, field="amount_per_person")
    if not suggestion.adopted:
        raise ActionError(_("奖励金额：只有已采纳的建议可以奖励"), field="amount_per_person")
    amount = money(amount_per_person, "amount_per_person", positive=True, label=_("每人奖励金额"))
    paid_on = date_value(paid_on or timezone.localdate(), "paid_on", not_future=True, label=_("奖励日期"))
    if paid_on < suggestion.decided_on:
        raise ActionError(_("奖励日期不能早于评定日期（%(day)s）") % {"day": suggestion.decided_on.isoformat()},
                          field="paid_on")
    if form not in (Form.CASH, Form.GOODS):
        raise ActionError(_("发放形式：请选择现金或实物"), field="form")
    author_ids = list(suggestion.authors.values_list("member_id", flat=True))
    year = suggestion.decided_on.year
    what = f"合理化建议{suggestion.number}《{suggestion.title}》{suggestion.grade}奖励"[:200]
    try:
        expense = spending_actions.record_expense(
            actor, suggestion.union, kind="prize", members=author_ids, amount_per_person=amount, date=paid_on,
            description=what, form=form, participants=_people(suggestion.union, year, author_ids),
            winners=_people(suggestion.union, year, author_ids, rewarded=True), override_reason=override_reason)
    except ActionError as exc:
        # The spending rules answer for the whole expense; here the reward is what breaks them: say so on it.
        errors = dict(exc.message_dict)
        broken = errors.pop("__all__", [])
        if broken:
            errors.setdefault("amount_per_person", [])
            errors["amount_per_person"] += [_("奖励金额：超出开支规则，%(rule)s") % {"rule": m} for m in broken]
        raise ActionError(errors=errors) from None
    if expense.status != expense.Status.RECORDED:  # pragma: no cover - record_expense refuses or books
        raise ActionError(_("奖励金额：开支未能入账"), field="amount_per_person")
    before = _snapshot(suggestion)
    suggestion.reward_per_person, suggestion.reward_total = amount, expense.total
    suggestion.rewarded_on, suggestion.reward_expense = paid_on, expense
    suggestion.save(update_fields=["reward_per_person", "reward_total", "rewarded_on", "reward_expense"])
    audit.record(actor, "suggestions_reward", suggestion, org=suggestion.union, before=before,
                 after=_snapshot(suggestion), note=override_reason[:500])
    return suggestion


# ---- targets ----

@transaction.atomic
def set_target(actor, union, *, year, per_person, per_group, per_branch):
    """The union's "3510"-style counts for a year (three numbers), set or changed."""
    _require(actor, union)
    if union.kind != OrgKind.GRASSROOTS:
        raise ActionError(_("目标按基层工会设置"), field="union")
    year = integer(year, "year", minimum=2000, maximum=2100, label=_("年度"))
    values = {name: integer(v, name, minimum=0, maximum=1000, label=label) for name, v, label in (
        ("per_person", per_person, _("每人每年条数")), ("per_group", per_group, _("每个班组每年条数")),
        ("per_branch", per_branch, _("每个车间（分会）每年条数")))}
    _lock_union(union)
    target = Target.objects.filter(union=union, year=year).first()
    before = audit.snapshot(target, ["year", "per_person", "per_group", "per_branch"]) if target else {}
    if target is None:
        target = Target(union=union, year=year, set_by=actor)
    for name, value in values.items():
        setattr(target, name, value)
    target.set_by = actor
    with unique_or(_("年度：该年度目标刚刚被设置，请刷新"), field="year"):
        target.save()
    audit.record(actor, "suggestions_target", target, org=union, before=before,
                 after=audit.snapshot(target, ["year", "per_person", "per_group", "per_branch"]))
    return target


# ---- deletion ----

@transaction.atomic
def delete(actor, suggestion, *, note=""):
    """Soft-delete a suggestion recorded by mistake (restorable); a rewarded one stays (its money is booked)."""
    def check(row):
        if row.reward_expense_id is not None:
            raise ActionError(_("该建议已发放奖励，不能删除"), field="suggestion")

    return soft_delete(suggestion, actor=actor, org=lambda row: row.union,
                       allow=lambda row: _require(actor, row.union), check=check, note=note,
                       manager=Suggestion.all_objects)


@transaction.atomic
def restore(actor, suggestion):
    return _restore(suggestion, actor=actor, org=lambda row: row.union, allow=lambda row: _require(actor, row.union),
                    manager=Suggestion.all_objects)
