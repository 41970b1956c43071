"""Every change to competitions goes through these functions.

Each checks the actor's scope (RUN_EVENTS at the event's union), validates, writes and records the
audit entry in one transaction, so bad input leaves nothing behind. Scores are saved a sheet at a
time (``save_scores``: one transaction, set-based writes, one audit row per changed score); the
standings are recomputed as a whole after every change. Confirming an item's awards checks the
province's spending rules for prizes and the event's budget, records one expense per prize level
(``spending.actions.record_expense``, which drafts the voucher) and numbers the certificates; after
that the item's scores are locked.

Races: every rule is checked under the lock of the row it is about, taken in one order — the event
(an item's name is unique in its event; prizes and the event's other spending share its budget; the
same results are published once), then the item (its scores, prizes and awards), then a score. The
database's unique constraints back up the once-only rules (a name, a competitor's score in a round),
and a clash is refused in Chinese on the field, never a 500. Reading (the competitors, standings, the
results table) is in ``contests.queries``.
"""
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.activities.models import Event
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.models import AuditEntry
from gonghui.core.parsing import parse_money
from gonghui.spending.catalogue import money

from . import queries, scoring
from .models import (Aggregate, Award, Basis, Better, ContestItem, ItemStatus, Measure, Mode, PrizeRule,
                     ResultNotice, Score, Standing, TeamTotal)

LABELS = {
    "name": gettext_lazy("项目名称"), "mode": gettext_lazy("赛制"), "team_total": gettext_lazy("团体成绩"),
    "measure": gettext_lazy("计分方式"), "unit": gettext_lazy("单位"), "better": gettext_lazy("名次规则"),
    "rounds": gettext_lazy("轮数"), "aggregate": gettext_lazy("多轮成绩"), "description": gettext_lazy("规则说明"),
    "scores": gettext_lazy("成绩"), "prizes": gettext_lazy("奖项设置"), "level": gettext_lazy("奖项"),
    "basis": gettext_lazy("评奖方式"), "count": gettext_lazy("名额"), "threshold": gettext_lazy("达标成绩"),
    "amount": gettext_lazy("每人奖品金额"), "goods": gettext_lazy("奖品"), "value": gettext_lazy("成绩"),
    "reason": gettext_lazy("更正原因"), "event": gettext_lazy("活动"), "title": gettext_lazy("标题"),
    "item": gettext_lazy("比赛项目"), "override_reason": gettext_lazy("突破规则的理由"), "file": gettext_lazy("文件"),
}
ITEM_FIELDS = ["name", "mode", "team_total", "measure", "unit", "better", "rounds", "aggregate", "description"]
MAX_ROUNDS = 10


def _locked():
    return _("该项目的奖项已确认，成绩和奖项设置已锁定")


def _row_error(row, column, message):
    """A sheet's message naming its row and column: "第3行 成绩: 请输入数字"."""
    return _("第%(row)s行 %(column)s: %(message)s") % {"row": row, "column": column, "message": message}


def _lock_event(event_id):
    """The event row, locked until commit: the rules about the event as a whole are checked under it."""
    return Event.all_objects.select_for_update(no_key=True, of=("self",)).select_related("union").get(pk=event_id)


def _locked_item(actor, item, *, with_event=False):
    """The item re-read under its lock (after the event's, ``with_event``), in the actor's scope; refused
    when it was deleted meanwhile."""
    if with_event:
        _lock_event(item.event_id)
    item = (ContestItem.all_objects.select_for_update(of=("self",)).select_related("event", "union")
            .get(pk=item.pk))
    scope.require(actor, RUN_EVENTS, item.union)
    if item.deleted_at is not None:
        raise ActionError(_("该比赛项目已删除"))
    return item


# ---- items ----

def _choices_text(enum):
    return words(_("%(code)s（%(label)s）") % {"code": v, "label": label} for v, label in enum.choices)


def _clean_item(data, *, current=None):
    errors, clean = {}, {}
    get = lambda k, default="": data.get(k, getattr(current, k, default) if current else default)  # noqa: E731
    clean["name"] = str(get("name") or "").strip()
    if not clean["name"]:
        errors["name"] = _("不能为空")
    elif len(clean["name"]) > 60:
        errors["name"] = _("不超过60个字")
    choices = {"mode": (Mode, Mode.INDIVIDUAL), "team_total": (TeamTotal, TeamTotal.ENTERED),
               "measure": (Measure, Measure.COUNT), "better": (Better, None), "aggregate": (Aggregate, Aggregate.SUM)}
    for key, (enum, default) in choices.items():
        value = str(get(key) or default or "").strip()
        if key == "better" and not value:
            value = Better.LOWER if clean.get("measure") == Measure.TIME else Better.HIGHER
        if value not in enum.values:
            errors[key] = _("应为：%(choices)s") % {"choices": _choices_text(enum)}
        clean[key] = value
    raw_rounds = get("rounds", 1)
    try:
        clean["rounds"] = int(str(raw_rounds if raw_rounds not in (None, "") else 1).strip())
        if not 1 <= clean["rounds"] <= MAX_ROUNDS:
            errors["rounds"] = _("轮数应为1到%(max)s") % {"max": MAX_ROUNDS}
    except ValueError:
        errors["rounds"] = _("请输入整数")
    clean["unit"] = str(get("unit") or "").strip()[:10]
    if not clean["unit"] and clean.get("measure") == Measure.TIME:
        clean["unit"] = "秒"  # stored with the item, as a union writes its units
    clean["description"] = str(get("description") or "").strip()[:300]
    if errors:
        raise ActionError(errors=errors)
    return clean


def _item_snapshot(item):
    return audit.snapshot(item, ITEM_FIELDS + ["status"])


def _same_name(name_taken_message=None):
    return ActionError(name_taken_message or _("本活动已有同名项目"), field="name")


@transaction.atomic
def create_item(actor, event, data):
    """A new item of ``event`` (跳绳, 滚铁环接力 …); ``data`` holds the ``ITEM_FIELDS`` as typed. The name is
    checked under the event's lock."""
    event = _lock_event(event.pk)
    scope.require(actor, RUN_EVENTS, event.union)
    clean = _clean_item(data)
    if ContestItem.objects.filter(event=event, name=clean["name"]).exists():
        raise _same_name()
    try:
        with transaction.atomic():
            item = ContestItem.objects.create(event=event, union_id=event.union_id, created_by=actor, **clean)
    except IntegrityError:
        raise _same_name() from None
    audit.record(actor, "create", item, org=event.union, after=_item_snapshot(item))
    return item


@transaction.atomic
def update_item(actor, item, data):
    item = _locked_item(actor, item, with_event=True)
    before = _item_snapshot(item)
    clean = _clean_item(data, current=item)
    has_scores = Score.objects.filter(item=item).exists()
    if item.status == ItemStatus.AWARDED and any(clean[k] != getattr(item, k) for k in ITEM_FIELDS
                                                 if k not in ("name", "description", "unit")):
        raise ActionError(_locked(), field="__all__")
    if has_scores:
        for key in ("mode", "team_total", "measure"):
            if clean[key] != getattr(item, key):
                raise ActionError(_("已录入成绩，不能再改变赛制或计分方式"), field=key)
        if clean["rounds"] < item.rounds and Score.objects.filter(item=item, round__gt=clean["rounds"]).exists():
            raise ActionError(_("第%(n)s轮以后已有成绩，不能减少轮数") % {"n": clean["rounds"] + 1}, field="rounds")
    if ContestItem.objects.filter(event_id=item.event_id, name=clean["name"]).exclude(pk=item.pk).exists():
        raise _same_name()
    for key, value in clean.items():
        setattr(item, key, value)
    item.updated_at = timezone.now()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise _same_name() from None
    after = _item_snapshot(item)
    if after != before:
        audit.record(actor, "update", item, org=item.union, before=before, after=after)
        _recompute_standings(item)
    return item


@transaction.atomic
def delete_item(actor, item):
    item = _locked_item(actor, item)
    if item.status == ItemStatus.AWARDED:
        raise ActionError(_("奖项已确认并登记开支的项目不能删除"), field="__all__")
    item.deleted_at = timezone.now()
    item.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", item, org=item.union)
    return item


@transaction.atomic
def restore_item(actor, item):
    _lock_event(item.event_id)
    item = ContestItem.all_objects.select_for_update(of=("self",)).select_related("union").get(pk=item.pk)
    scope.require(actor, RUN_EVENTS, item.union)
    if item.deleted_at is None:
        return item
    if ContestItem.objects.filter(event_id=item.event_id, name=item.name).exists():
        raise _same_name(_("本活动已有同名项目，请先改名"))
    item.deleted_at = None
    try:
        with transaction.atomic():
            item.save(update_fields=["deleted_at"])
    except IntegrityError:
        raise _same_name(_("本活动已有同名项目，请先改名")) from None
    audit.record(actor, "restore", item, org=item.union)
    return item


# ---- scores ----

def _cell_label(item, round_no):
    return _("成绩") if item.rounds == 1 else _("第%(n)s轮") % {"n": round_no}


class SheetError(ActionError):
    """A refused score sheet: the messages on ``scores``, and the sheet's ``rows`` that hold them (so a page
    can mark those lines)."""

    def __init__(self, errors):
        super().__init__(errors={"scores": [errors[k] for k in sorted(errors)]})
        self.rows = sorted({row for row, _round in errors})


def _parse_sheet(item, rows):
    """Typed rows → ({(competitor key, round): Decimal or None}, {(row, round): message}).

    ``rows``: dicts ``{"row": n, "member": id}`` or ``{"row": n, "team": id}`` with ``"scores"``
    ``{round: text}``; ``row`` numbers the messages ("第3行 成绩: 请输入数字").
    """
    values, errors = {}, {}
    for index, row in enumerate(rows, start=1):
        n = row.get("row") or index
        try:
            key = (queries.team_key(int(row["team"])) if row.get("team") not in (None, "")
                   else queries.member_key(int(row["member"])))
        except (KeyError, TypeError, ValueError):
            errors[(n, 0)] = _("第%(row)s行: 请指明会员或参赛队") % {"row": n}
            continue
        for round_no, raw in (row.get("scores") or {}).items():
            try:
                round_no = int(round_no)
            except (TypeError, ValueError):
                errors[(n, 0)] = _("第%(row)s行: 轮次应为整数") % {"row": n}
                continue
            if not 1 <= round_no <= item.rounds:
                errors[(n, round_no)] = _("第%(row)s行: 本项目只有%(rounds)s轮") % {"row": n, "rounds": item.rounds}
                continue
            try:
                values[(key, round_no)] = scoring.parse_score(raw, item.measure)
            except scoring.ScoreError as exc:
                errors[(n, round_no)] = _row_error(n, _cell_label(item, round_no), exc)
    return values, errors


@transaction.atomic
def save_scores(actor, item, rows):
    """Save a sheet of scores for ``item`` in one go: new ones created, changed ones corrected (audited
    before/after), cleared ones removed. Any bad cell refuses the whole sheet, naming row and field
    (``SheetError``). Two sheets of one item saved at once take turns under the item's lock."""
    item = _locked_item(actor, item)
    if item.status == ItemStatus.AWARDED:
        raise ActionError(_locked(), field="scores")
    values, errors = _parse_sheet(item, rows)
    allowed = {c.key for c in queries.competitors(item)}
    row_of = {}
    for index, row in enumerate(rows, start=1):
        key = (queries.team_key(row["team"]) if row.get("team") not in (None, "")
               else queries.member_key(row.get("member")))
        try:
            key = (key[0], int(key[1]))
        except (TypeError, ValueError):
            continue
        row_of[key] = row.get("row") or index
        if key not in allowed:
            message = _("第%(row)s行: 不是本项目的参赛队") if key[0] == "t" else _("第%(row)s行: 不是本项目的参赛者")
            errors[(row_of[key], 0)] = message % {"row": row_of[key]}
    if errors:
        raise SheetError(errors)
    existing = {}
    for score in Score.objects.filter(item=item):
        key = queries.team_key(score.team_id) if score.team_id else queries.member_key(score.member_id)
        existing[(key, score.round)] = score
    now = timezone.now()
    new, changed, removed = [], [], []
    for (key, round_no), value in values.items():
        old = existing.get((key, round_no))
        if value is None:
            if old is not None:
                removed.append(old)
            continue
        if old is None:
            kind, pk = key
            new.append(Score(item=item, member_id=pk if kind == "m" else None, team_id=pk if kind == "t" else None,
                             round=round_no, value=value, entered_by=actor, entered_at=now))
        elif old.value != value:
            changed.append((old, old.value))
            old.value, old.entered_by, old.entered_at = value, actor, now
    try:
        with transaction.atomic():
            Score.objects.bulk_create(new)
    except IntegrityError:  # a score of the same competitor and round written meanwhile (only without the lock)
        raise ActionError(_("有成绩刚被他人同时录入，请刷新后重新保存"), field="scores") from None
    Score.objects.bulk_update([s for s, _old in changed], ["value", "entered_by", "entered_at"])
    Score.objects.filter(pk__in=[s.pk for s in removed]).delete()
    entries = [audit.entry(actor, "score", s, org=item.union, after=_score_fields(item, s)) for s in new]
    entries += [audit.entry(actor, "correct_score", s, org=item.union, before={"value": item.show(old)},
                            after={"value": item.show(s.value)}) for s, old in changed]
    entries += [audit.entry(actor, "delete_score", s, org=item.union, before=_score_fields(item, s))
                for s in removed]
    AuditEntry.objects.bulk_create(entries)
    if entries:
        _recompute_standings(item)
    return {"created": len(new), "changed": len(changed), "removed": len(removed)}


def _score_fields(item, score):
    return {"member": score.member_id, "team": score.team_id, "round": score.round, "value": item.show(score.value)}


@transaction.atomic
def correct_score(actor, score, *, value, reason):
    """Correct one recorded score, with a reason; the audit trail keeps the old and new value. The item
    is locked first (as a sheet being saved locks it), then the score."""
    gone = ActionError(_("该成绩已被清除，请刷新后重试"), field="value")
    current = Score.objects.select_related("item").filter(pk=score.pk).first()
    if current is None:
        raise gone
    item = _locked_item(actor, current.item)
    score = Score.objects.select_for_update().filter(pk=score.pk).first()
    if score is None:
        raise gone
    if item.status == ItemStatus.AWARDED:
        raise ActionError(_locked(), field="value")
    reason = (reason or "").strip()
    errors = {}
    try:
        parsed = scoring.parse_score(value, item.measure)
        if parsed is None:
            errors["value"] = _("不能为空")
    except scoring.ScoreError as exc:
        errors["value"] = str(exc)
    if not reason:
        errors["reason"] = _("请写明更正原因")
    if errors:
        raise ActionError(errors=errors)
    if parsed == score.value:
        return score
    before = {"value": item.show(score.value)}
    score.value, score.entered_by, score.entered_at = parsed, actor, timezone.now()
    score.save(update_fields=["value", "entered_by", "entered_at"])
    score.item = item
    audit.record(actor, "correct_score", score, org=item.union, before=before, after={"value": item.show(parsed)},
                 note=reason[:500])
    _recompute_standings(item)
    return score


def _recompute_standings(item):
    """Replace the item's standings from its scores: one read, one delete, one insert (under the item's lock)."""
    competitors = queries.competitors(item)
    per_key = {c.key: [] for c in competitors}
    for member_id, team_id, round_no, value in Score.objects.filter(item=item).values_list(
            "member_id", "team_id", "round", "value"):
        key = queries.team_key(team_id) if team_id else queries.member_key(member_id)
        per_key.setdefault(key, []).append(value)
    totals = {key: scoring.combine(vals, item.aggregate, item.better) for key, vals in per_key.items()}
    if item.is_team and not item.team_entered:
        team_of = {c.key: c.team_id for c in competitors}
        team_totals = {}
        for key, total in totals.items():
            team_id = team_of.get(key)
            if team_id is None:
                continue
            if total is not None:
                team_totals[queries.team_key(team_id)] = team_totals.get(queries.team_key(team_id),
                                                                         Decimal(0)) + total
            else:
                team_totals.setdefault(queries.team_key(team_id), None)
        totals = team_totals
    ranked = scoring.rank(list(totals.items()), item.better)
    Standing.objects.filter(item=item).delete()
    Standing.objects.bulk_create([
        Standing(item=item, member_id=s.key[1] if s.key[0] == "m" else None,
                 team_id=s.key[1] if s.key[0] == "t" else None, total=s.value, rank=s.rank, tied=s.tied)
        for s in ranked])
    return ranked


# ---- prizes ----

PRIZE_FIELDS = ("level", "basis", "count", "threshold", "amount", "goods")


def _clean_prizes(item, prizes):
    errors, clean, levels = [], [], set()
    for n, raw in enumerate(prizes, start=1):
        if not any(str(raw.get(k) or "").strip() for k in ("level", "count", "threshold", "amount", "goods")):
            continue
        level = str(raw.get("level") or "").strip()
        basis = str(raw.get("basis") or Basis.RANK).strip()
        row = {"level": level, "basis": basis, "goods": str(raw.get("goods") or "").strip()[:100], "order": n,
               "count": 0, "threshold": None}
        if not level:
            errors.append(_row_error(n, _("奖项"), _("不能为空")))
        elif len(level) > 20:
            errors.append(_row_error(n, _("奖项"), _("不超过20个字")))
        elif level in levels:
            errors.append(_row_error(n, _("奖项"), _("“%(level)s”重复") % {"level": level}))
        levels.add(level)
        if basis not in Basis.values:
            errors.append(_row_error(n, _("评奖方式"), _("应为按名次或按达标成绩")))
        elif basis == Basis.RANK:
            try:
                row["count"] = int(str(raw.get("count") or "").strip())
                if row["count"] <= 0:
                    raise ValueError
            except ValueError:
                errors.append(_row_error(n, _("名额"), _("请输入正整数")))
        else:
            try:
                row["threshold"] = scoring.parse_score(raw.get("threshold"), item.measure)
                if row["threshold"] is None:
                    errors.append(_row_error(n, _("达标成绩"), _("不能为空")))
            except scoring.ScoreError as exc:
                errors.append(_row_error(n, _("达标成绩"), exc))
        try:
            row["amount"] = parse_money(raw.get("amount")) if str(raw.get("amount") or "").strip() else Decimal("0.00")
            if row["amount"] < 0:
                errors.append(_row_error(n, _("每人奖品金额"), _("不能为负数")))
        except ValueError as exc:
            errors.append(_row_error(n, _("每人奖品金额"), exc))
        clean.append(row)
    if errors:
        raise ActionError(errors={"prizes": errors})
    return clean


def _other_items_prizes(item):
    """Prize money the event's other items hold against its budget (confirmed, or set by rank and not yet
    awarded): the figure the event's costs are checked against too (``activities.queries.prize_total``)."""
    from gonghui.activities.queries import prize_total

    return prize_total(item.event, exclude_item=item)


def _budget_message(item, total):
    """Why ``total`` of prizes does not fit the event's budget, with its other items' prizes and its other
    costs (场地、服装等活动经费); ``None`` when it fits. The caller holds the event's lock."""
    budget = item.event.budget
    if budget is None:
        return None
    from gonghui.activities.queries import live_costs

    others = _other_items_prizes(item)
    costs = live_costs(item.event).aggregate(s=Sum("total"))["s"] or Decimal("0.00")
    if others + costs + total <= budget:
        return None
    figures = {"total": money(others + total), "others": money(others), "costs": money(costs),
               "budget": money(budget)}
    if others and costs:
        message = _("奖品合计%(total)s元（其他项目已设或已确认的奖品%(others)s元），加上已记录的活动经费%(costs)s元，"
                    "超出活动预算%(budget)s元")
    elif others:
        message = _("奖品合计%(total)s元（其他项目已设或已确认的奖品%(others)s元），超出活动预算%(budget)s元")
    elif costs:
        message = _("奖品合计%(total)s元，加上已记录的活动经费%(costs)s元，超出活动预算%(budget)s元")
    else:
        message = _("奖品合计%(total)s元，超出活动预算%(budget)s元")
    return message % figures


def _prize_line(prize):
    """A prize level as the audit trail keeps it: "一等奖1名 200.00元"."""
    return _("%(prize)s %(amount)s元") % {"prize": prize.describe(), "amount": money(prize.amount)}


@transaction.atomic
def set_prizes(actor, item, prizes):
    """Replace the item's prize levels. ``prizes``: dicts of ``PRIZE_FIELDS`` as typed, in order (一等奖
    first); blank rows are skipped. Rank prizes that would cost more than the event's budget are refused
    (checked under the event's lock, as the event's costs are)."""
    item = _locked_item(actor, item, with_event=True)
    if item.status == ItemStatus.AWARDED:
        raise ActionError(_locked(), field="prizes")
    rows = _clean_prizes(item, prizes)
    planned = sum((r["amount"] * r["count"] for r in rows if r["basis"] == Basis.RANK), Decimal("0.00"))
    message = _budget_message(item, planned)
    if message:
        raise ActionError(errors={"prizes": [_("按名额计，%(message)s") % {"message": message}]})
    before = [_prize_line(p) for p in item.prize_rules.all()]
    item.prize_rules.all().delete()
    created = PrizeRule.objects.bulk_create([PrizeRule(item=item, **r) for r in rows])
    for p in created:
        p.item = item
    after = [_prize_line(p) for p in created]
    if before != after:
        audit.record(actor, "set_prizes", item, org=item.union, before={"prizes": before}, after={"prizes": after})
    return created


@transaction.atomic
def confirm_awards(actor, item, *, override_reason=""):
    """Give the prizes the standings earn: check the spending rules for prizes (per level, with the
    item's participants and winners) and the event's budget; record one expense per level with money;
    write the awards with certificate numbers; lock the item's scores. Under the event's and the item's
    locks: awards are confirmed once, and the budget is shared with the event's other spending."""
    from gonghui.spending import actions as spending_actions
    from gonghui.spending.rules import check_expense

    item = _locked_item(actor, item, with_event=True)
    if item.status == ItemStatus.AWARDED:
        raise ActionError(_("该项目的奖项已经确认"), field="__all__")
    rules = list(item.prize_rules.all())
    if not rules:
        raise ActionError(_("请先设置奖项"), field="prizes")
    planned = queries.preview(item)
    if not planned:
        raise ActionError(_("还没有成绩，或没有人达到获奖条件"), field="__all__")
    standings = queries.standings(item)
    members_of = {}
    if item.is_team:
        members_of = queries.team_members(item, [s.team_id for s in standings if s.rank])
        participants = sum(len(v) for v in members_of.values())
    else:
        participants = sum(1 for s in standings if s.rank)
    day = item.event.event_date
    by_level, errors = {}, []
    for p in planned:
        people = members_of.get(p.standing.team_id, []) if p.standing.team_id else [p.standing.member_id]
        if p.standing.team_id and not people:
            errors.append(_("%(team)s没有已报名的队员，无法发放奖品") % {"team": p.standing.team.name})
        by_level.setdefault(p.rule.pk, (p.rule, []))[1].append((p, people))
    winners = len({m for rule, rows in by_level.values() if rule.basis == Basis.RANK for _p, ppl in rows for m in ppl})
    total = sum((rule.amount * len(ppl) for rule, rows in by_level.values() for _p, ppl in rows), Decimal("0.00"))
    message = _budget_message(item, total)
    if message:
        errors.append(message)
    if errors:
        raise ActionError(errors={"__all__": errors})
    if not override_reason:
        breaches = []
        for rule, rows in by_level.values():
            if rule.amount <= 0:
                continue
            verdict = check_expense(item.union, kind="prize", amount_per_person=rule.amount,
                                    members=sorted({m for _p, ppl in rows for m in ppl}), date=day,
                                    participants=participants, winners=winners)
            for b in verdict.breaches:
                text = b.message if b.rule == "winners_share" else _("%(level)s：%(message)s") % {
                    "level": rule.level, "message": b.message}
                if text not in breaches:
                    breaches.append(text)
        if breaches:
            raise ActionError(errors={"__all__": breaches})
    awards, seq, expenses = [], 0, {}
    for rule, rows in by_level.values():
        member_ids = sorted({m for _p, ppl in rows for m in ppl})
        if rule.amount > 0:
            # The expense's description is a record in the books, written as the union keeps them.
            what = f"{item.event.title}·{item.name}{rule.level}" + (f"（{rule.goods}）" if rule.goods else "")
            expenses[rule.pk] = spending_actions.record_expense(
                actor, item.union, kind="prize", members=member_ids, amount_per_person=rule.amount, date=day,
                description=what[:200], participants=participants, winners=winners,
                account=item.event.budget_account or "", override_reason=override_reason)
        for p, ppl in rows:
            seq += 1
            awards.append(Award(
                item=item, union_id=item.union_id, rule=rule, member_id=p.standing.member_id,
                team_id=p.standing.team_id, level=rule.level, rank=p.prize.rank, tied=p.prize.tied,
                total=p.standing.total, people=len(ppl), amount=rule.amount * len(ppl),
                certificate_no=f"{item.union.code}-{day.year}-{item.pk:04d}-{seq:03d}",
                expense=expenses.get(rule.pk), awarded_on=day, confirmed_by=actor))
    Award.objects.bulk_create(awards)
    before = _item_snapshot(item)
    item.status = ItemStatus.AWARDED
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "updated_at"])
    audit.record(actor, "confirm_awards", item, org=item.union, before=before,
                 after={**_item_snapshot(item), "awards": len(awards), "prize_total": str(total)},
                 note=override_reason[:500])
    return awards


# ---- results ----

@transaction.atomic
def publish_results(actor, event, *, title=""):
    """Publish the event's results to its union's members: a snapshot of the standings and prizes (the
    published notice is a document of the union, in its language). Under the event's lock the same
    results are published once: a second click, or a colleague at the same moment, is refused."""
    event = _lock_event(event.pk)
    scope.require(actor, RUN_EVENTS, event.union)
    rows = queries.result_rows(event)
    if not rows:
        raise ActionError(_("还没有可公布的成绩"), field="event")
    title = (title or "").strip() or queries.default_result_title(event)
    if len(title) > 120:
        raise ActionError(_("不超过120个字"), field="title")
    if any(n.rows == rows for n in ResultNotice.objects.filter(event=event, title=title).only("rows")):
        raise ActionError(_("这份成绩公告已经发布，成绩没有变化"), field="event")
    notice = ResultNotice.objects.create(event=event, union_id=event.union_id, title=title,
                                         text=queries.result_text(event, rows), rows=rows, published_by=actor)
    audit.record(actor, "publish", notice, org=event.union, after={"title": title, "rows": len(rows)})
    return notice


@transaction.atomic
def withdraw_results(actor, notice):
    notice = ResultNotice.all_objects.select_for_update(of=("self",)).select_related("union").get(pk=notice.pk)
    scope.require(actor, RUN_EVENTS, notice.union)
    if notice.deleted_at is not None:
        raise ActionError(_("成绩公告已撤回"))
    notice.deleted_at = timezone.now()
    notice.save(update_fields=["deleted_at"])
    audit.record(actor, "withdraw", notice, org=notice.union)
    return notice
