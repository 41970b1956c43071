"""Every change to spending rules and expenses goes through these functions.

Each checks the actor's scope, validates, writes and records the audit entry in one transaction, so
a refused change leaves nothing behind. Rule sets: a union or federation adjusts its own set only
within the set that applies from above (``rules.base_rule_set``); a federation chooses the set its
unions follow. Expenses: ``record_expense`` runs ``rules.check_expense``; a breach blocks, is sent
to the chair (``submit_if_breached``), or is overridden with a written reason by someone holding
APPROVE_SPENDING; a recorded expense writes one ``Benefit`` per member and a draft ledger voucher.
"""
import re
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, MANAGE_ORGS, RECORD_EXPENSES
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import parse_money
from gonghui.ledger.pickers import code_of as account_code
from gonghui.core.softdelete import soft_delete
from gonghui.orgs.models import Kind, Organisation

from . import catalogue as cat
from .catalogue import EXPENSE_KINDS, FORM_LABELS, ITEMS, RuleKind, money, normalise_festival
from .models import Benefit, Expense, FederationRuleChoice, Rule, RuleSet
from .rules import allowed_sets_for, base_rule_set, check_expense, describe, effective_rules, looser, union_of

BANK_ACCOUNT = "102"  # 银行存款: expenses are paid from the bank account
LABELS = {
    "name": gettext_lazy("名称"), "source": gettext_lazy("依据文件"), "effective_from": gettext_lazy("生效日期"),
    "effective_to": gettext_lazy("失效日期"), "note": gettext_lazy("说明"), "rule_set": gettext_lazy("规则集"),
    "kind": gettext_lazy("开支类型"), "members": gettext_lazy("发放对象"), "amount_per_person": gettext_lazy("每人金额"),
    "date": gettext_lazy("发放日期"), "description": gettext_lazy("内容"), "form": gettext_lazy("发放形式"),
    "festival": gettext_lazy("节日"), "participants": gettext_lazy("参赛人数"), "winners": gettext_lazy("获奖人数"),
    "account": gettext_lazy("支出科目"), "override_reason": gettext_lazy("突破规则的理由"),
    "decision_note": gettext_lazy("退回原因"),
    **{code: item.label for code, item in ITEMS.items()},
}


# ---- rule values ----

def _split(value):
    if isinstance(value, (list, tuple)):
        parts = value
    else:
        parts = []
        for part in re.split(r"[、,，;；\n]+", str(value or "")):
            # 元旦 春节 is two names; "Spring Festival" (a name in English) is one
            parts += [part] if re.search(r"[A-Za-z]", part) else part.split()
    return [str(p).strip() for p in parts if str(p).strip()]


def _clean_value(code, raw):
    """One rule's value from text (or a list) → the Rule fields, or ValueError with a Chinese message."""
    item = ITEMS[code]
    if item.measure in cat.MONEY_MEASURES:
        amount = parse_money(raw)
        if amount <= 0:
            raise ValueError(_("上限必须大于0"))
        return {"amount": amount}
    if item.measure == cat.DISTINCT_FESTIVALS:
        try:
            count = int(str(raw).strip())
        except ValueError:
            raise ValueError(_("应为正整数")) from None
        if count <= 0:
            raise ValueError(_("次数上限必须大于0"))
        return {"count": count}
    if item.measure == cat.RATIO:
        try:
            fraction = Fraction(str(raw).strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(_("应写成分数，如1/3")) from None
        if not 0 < fraction <= 1:
            raise ValueError(_("比例必须大于0且不超过1"))
        return {"fraction": f"{fraction.numerator}/{fraction.denominator}"}
    values = _split(raw)
    if item.kind == RuleKind.ALLOWED:
        values = [normalise_festival(v) for v in values]
        if not values:
            raise ValueError(_("至少列出一个节日"))
    else:
        by_label = {"现金": cat.Form.CASH, "购物卡": cat.Form.CARD, "代金券": cat.Form.CARD, "卡": cat.Form.CARD,
                    "实物": cat.Form.GOODS}
        by_label.update({"cash": cat.Form.CASH, "card": cat.Form.CARD, "cards": cat.Form.CARD,
                         "voucher": cat.Form.CARD, "vouchers": cat.Form.CARD, "goods": cat.Form.GOODS})
        by_label.update({str(label).casefold(): code for code, label in FORM_LABELS.items()})  # as shown in English
        values = [v if v in FORM_LABELS or v in by_label else v.casefold() for v in values]
        unknown = [v for v in values if v not in FORM_LABELS and v not in by_label]
        if unknown:
            raise ValueError(_("未知的发放形式：%(forms)s（可选：现金、购物卡、代金券）") % {"forms": words(unknown)})
        values = sorted({by_label.get(v, v) for v in values})
    return {"values": list(dict.fromkeys(values))}


def clean_rules(values):
    """``{item code: text}`` → unsaved ``Rule`` rows; a blank value means "as the set above"."""
    errors, rules = {}, []
    for code, raw in (values or {}).items():
        if code not in ITEMS:
            errors.setdefault("rules", []).append(_("未知的规则项目：%(code)s") % {"code": code})
            continue
        if raw is None or raw == "" or raw == []:
            continue
        try:
            fields = _clean_value(code, raw)
        except ValueError as exc:
            errors[code] = [str(exc)]
            continue
        rules.append(Rule(item=code, kind=ITEMS[code].kind, **fields))
    if errors:
        raise ActionError(errors=errors)
    return rules


def _within(rules, base):
    """Refuse any rule looser than the same item in ``base`` (a federation's set)."""
    parent = effective_rules(base)
    errors = {}
    for rule in rules:
        message = looser(parent.get(rule.item), rule)
        if message:
            errors[rule.item] = [message]
    if errors:
        raise ActionError(errors=errors)


def _rules_snapshot(rules):
    return {rule.item: describe(rule) for rule in rules}


def _rule_set_snapshot(rule_set, rules):
    data = audit.snapshot(rule_set, ["name", "region", "source", "effective_from", "effective_to", "parent", "note"])
    data["rules"] = _rules_snapshot(rules)
    return data


# ---- locks ----

def _lock_org(org):
    """Lock an organisation's row: the rules across its rows (its rule sets' dates never overlap, one
    chosen set per federation, every member's yearly caps) are checked by one transaction at a time.
    FOR NO KEY UPDATE: rows that refer to the organisation (audit entries, vouchers) are still written."""
    list(Organisation.all_objects.select_for_update(no_key=True).filter(pk=org.pk).values_list("pk", flat=True))


# ---- rule sets ----

def _require_owner(actor, owner):
    """Unions adjust with APPROVE_SPENDING (the chair); federations with MANAGE_ORGS (their officers)."""
    if owner.is_federation:
        scope.require(actor, MANAGE_ORGS, owner)
    elif owner.kind == Kind.GRASSROOTS:
        scope.require(actor, APPROVE_SPENDING, owner)
    else:
        raise ActionError(_("只有基层工会或总工会可以调整开支规则"), field="owner")


def _check_dates(owner, effective_from, effective_to, *, exclude=None):
    if effective_from is None:
        raise ActionError(_("不能为空"), field="effective_from")
    if effective_to is not None and effective_to < effective_from:
        raise ActionError(_("失效日期不能早于生效日期"), field="effective_to")
    others = RuleSet.objects.filter(owner=owner).exclude(pk=getattr(exclude, "pk", None))
    for other in others:
        ends_before = effective_to is not None and effective_to < other.effective_from
        starts_after = other.effective_to is not None and effective_from > other.effective_to
        if not (ends_before or starts_after):
            raise ActionError(_("与本单位已有的规则集“%(name)s”（%(period)s）生效期重叠；请先为它填写失效日期")
                              % {"name": other.name, "period": other.period_label}, field="effective_from")


@transaction.atomic
def adjust_rule_set(actor, owner, *, name, effective_from, effective_to=None, source="", note="", rules):
    """Create ``owner``'s own rule set, derived from (and no looser than) the set that applies from above."""
    _require_owner(actor, owner)
    name = (name or "").strip()
    if not name:
        raise ActionError(_("不能为空"), field="name")
    _lock_org(owner)  # two sets adjusted at once are checked against each other's dates
    _check_dates(owner, effective_from, effective_to)
    rows = clean_rules(rules)
    base = base_rule_set(owner, effective_from)
    _within(rows, base)
    rule_set = RuleSet.objects.create(name=name, region=base.region, source=(source or "").strip(),
                                      effective_from=effective_from, effective_to=effective_to, parent=base,
                                      owner=owner, note=(note or "").strip(), created_by=actor)
    for row in rows:
        row.rule_set = rule_set
    Rule.objects.bulk_create(rows)
    audit.record(actor, "create", rule_set, org=owner, after=_rule_set_snapshot(rule_set, rows))
    return rule_set


@transaction.atomic
def update_rule_set(actor, rule_set, *, name=None, effective_to=None, source=None, note=None, rules=None):
    """Change an organisation's own set; ``rules`` (if given) replaces all its own rules."""
    rule_set = RuleSet.objects.get(pk=rule_set.pk)
    if rule_set.owner_id is None:
        raise ActionError(_("预置规则集不能修改；请为本单位调整一套规则集"), field="rule_set")
    owner = rule_set.owner
    _require_owner(actor, owner)
    _lock_org(owner)  # the owner before the set, as adjust_rule_set and delete_rule_set take them
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    own = list(rule_set.rules.all())
    before = _rule_set_snapshot(rule_set, own)
    if name is not None:
        if not name.strip():
            raise ActionError(_("不能为空"), field="name")
        rule_set.name = name.strip()
    rule_set.effective_to = effective_to
    _check_dates(owner, rule_set.effective_from, effective_to, exclude=rule_set)
    if source is not None:
        rule_set.source = source.strip()
    if note is not None:
        rule_set.note = note.strip()
    rows = own if rules is None else clean_rules(rules)
    base = base_rule_set(owner, rule_set.effective_from)
    _within(rows, base)
    rule_set.parent = base
    rule_set.region = base.region
    rule_set.updated_at = timezone.now()
    rule_set.save()
    if rules is not None:
        rule_set.rules.all().delete()
        for row in rows:
            row.rule_set = rule_set
        Rule.objects.bulk_create(rows)
    after = _rule_set_snapshot(rule_set, rows)
    if before != after:
        audit.record(actor, "update", rule_set, org=owner, before=before, after=after)
    return rule_set


@transaction.atomic
def delete_rule_set(actor, rule_set, *, note=""):
    """Withdraw an organisation's own set (soft): its unions fall back to the set above."""
    def allow(rule_set):
        if rule_set.owner_id is None:
            raise ActionError(_("预置规则集不能删除"), field="rule_set")
        _require_owner(actor, rule_set.owner)

    def check(rule_set):
        chooser = FederationRuleChoice.objects.filter(rule_set=rule_set).select_related("org").first()
        if chooser:
            raise ActionError(_("%(org)s正在选用该规则集，请先改选其他规则集") % {"org": chooser.org.name}, field="rule_set")
        if RuleSet.objects.filter(parent=rule_set).exists():
            raise ActionError(_("有下级单位的规则集派生自该规则集，不能删除"), field="rule_set")

    return soft_delete(rule_set, actor=actor, org=lambda r: r.owner, allow=allow, check=check, note=note,
                       manager=RuleSet.objects)


@transaction.atomic
def choose_rule_set(actor, federation, rule_set):
    """The set ``federation``'s unions follow (``None``: follow the federation above, or the baseline)."""
    if not federation.is_federation:
        raise ActionError(_("只有总工会可以选用规则集；基层工会请调整本单位的规则集"), field="org")
    scope.require(actor, MANAGE_ORGS, federation)
    _lock_org(federation)  # one choice per federation, even when chosen twice at once
    if rule_set is not None:  # a set withdrawn meanwhile (delete_rule_set locks it) is no longer allowed
        list(RuleSet.all_objects.select_for_update(no_key=True).filter(pk=rule_set.pk).values_list("pk", flat=True))
    current = FederationRuleChoice.objects.select_for_update().filter(org=federation).first()
    before = {"rule_set": current.rule_set.name if current else None}
    if rule_set is None:
        if current:
            audit.record(actor, "clear_rules", current, org=federation, before=before, after={"rule_set": None})
            current.delete()
        return None
    if not allowed_sets_for(federation).filter(pk=rule_set.pk).exists():
        raise ActionError(_("只能选用预置规则集，或本级及上级总工会制定的规则集"), field="rule_set")
    if current is None:
        current = FederationRuleChoice(org=federation)
    current.rule_set, current.chosen_by, current.chosen_at = rule_set, actor, timezone.now()
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:  # the database's one-choice rule, behind the lock
        raise ActionError(_("该总工会的规则集刚刚已由他人选用，请刷新后再试"), field="rule_set") from None
    after = {"rule_set": rule_set.name}
    if before != after:
        audit.record(actor, "choose_rules", current, org=federation, before=before, after=after)
    return current


# ---- expenses ----

def _expense_inputs(union, *, kind, amount_per_person, date, description, form, account):
    errors = {}
    if union.kind != Kind.GRASSROOTS:
        errors["union"] = _("开支只能登记在基层工会")
    if not (description or "").strip():
        errors["description"] = _("不能为空")
    try:  # a code ("50105"), a name ("会员慰问支出") or its pinyin; blank: the kind's own account
        account = account_code(account, field="account", prefix="5")
    except ActionError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        account = ""
    account = account or (EXPENSE_KINDS[kind].account if kind in EXPENSE_KINDS else "")
    if errors:
        raise ActionError(errors=errors)
    return account


def _breach_list(verdict):
    return [b.as_dict() for b in verdict.breaches]


def _book(voucher_actor, expense, member_ids):
    """Write the members' benefit rows and the draft voucher (Dr expense account / Cr bank)."""
    from gonghui.ledger import actions as ledger_actions

    with override(settings.LANGUAGE_CODE):  # the voucher is written in Chinese, whoever records the expense
        label = str(EXPENSE_KINDS[expense.kind].label)
    festival = f"（{expense.festival}）" if expense.festival else ""
    summary = f"{label}{festival}：{expense.description}，{expense.head_count}人×{money(expense.amount_per_person)}元"
    memo = f"{label}{festival} {expense.head_count}人"
    voucher = ledger_actions.create_voucher(
        voucher_actor, union=expense.union, date=expense.date, summary=summary[:200],
        lines=[{"account": expense.account, "debit": expense.total, "credit": Decimal("0"), "memo": memo},
               {"account": BANK_ACCOUNT, "debit": Decimal("0"), "credit": expense.total, "memo": memo}],
        source="expense", source_ref=f"expense:{expense.pk}", category=expense.account,
        override_reason=expense.override_reason, override_by=expense.override_by)
    expense.voucher = voucher
    expense.status = Expense.Status.RECORDED
    expense.member_ids = []
    expense.save(update_fields=["voucher", "status", "member_ids", "breaches", "check_result", "override_reason",
                                "override_by"])
    Benefit.objects.bulk_create([
        Benefit(union=expense.union, member_id=member_id, expense=expense, kind=expense.kind,
                festival=expense.festival, date=expense.date, amount=expense.amount_per_person,
                description=expense.description, form=expense.form, voucher=voucher,
                recorded_by=expense.recorded_by)
        for member_id in member_ids
    ])
    return expense


EXPENSE_AUDIT_FIELDS = ["kind", "festival", "date", "amount_per_person", "head_count", "total", "description", "form",
                        "account", "rule_set", "status"]


def _expense_snapshot(expense, member_ids):
    data = audit.snapshot(expense, EXPENSE_AUDIT_FIELDS)
    data["members"] = sorted(member_ids)
    return data


def _record_override(actor, expense, verdict, reason):
    if not scope.can(actor, APPROVE_SPENDING, expense.union):
        raise ActionError(_("突破开支规则须由有批准权限的负责人（工会主席）批准并写明理由"), field="override_reason")
    expense.override_reason, expense.override_by = reason, actor
    expense.breaches = _breach_list(verdict)
    audit.record(actor, "override", expense, org=expense.union, before={"rule_set": expense.rule_set.name},
                 after={"override_reason": reason, "breaches": [b.message for b in verdict.breaches]},
                 note="突破开支规则")


@transaction.atomic
def record_expense(actor, union, *, kind, members, amount_per_person, date, description, form=cat.Form.GOODS,
                   festival=None, participants=None, winners=None, account="", override_reason="",
                   submit_if_breached=False):
    """Check and record an expense for ``members`` of ``union``.

    Within the rules: recorded at once (benefits + draft voucher). Breaching them: refused (the
    breaches as the message), unless ``override_reason`` is given by someone with APPROVE_SPENDING,
    or ``submit_if_breached`` saves it as pending for the chair to override or reject.
    """
    union = union_of(union)
    scope.require_any(actor, RECORD_EXPENSES, union)
    _lock_org(union)  # the yearly caps are checked against what is recorded, one expense of a union at a time
    account = _expense_inputs(union, kind=kind, amount_per_person=amount_per_person, date=date,
                              description=description, form=form, account=account)
    verdict = check_expense(union, kind=kind, amount_per_person=amount_per_person, members=members, date=date,
                            form=form, festival=festival, participants=participants, winners=winners)
    reason = (override_reason or "").strip()
    if not verdict.ok and not reason and not submit_if_breached:
        raise ActionError(errors={"__all__": [b.message for b in verdict.breaches]})
    member_ids = sorted(verdict_members(union, members))
    expense = Expense.objects.create(
        union=union, kind=kind, festival=verdict.festival, date=date, amount_per_person=amount_per_person,
        head_count=len(member_ids), total=amount_per_person * len(member_ids), description=description.strip(),
        form=form, participants=participants, winners=winners, account=account, rule_set=verdict.rule_set,
        status=Expense.Status.PENDING if not verdict.ok else Expense.Status.RECORDED,
        breaches=_breach_list(verdict), check_result=verdict.as_dict(), member_ids=member_ids, recorded_by=actor)
    audit.record(actor, "create", expense, org=union, after=_expense_snapshot(expense, member_ids))
    if verdict.ok:
        return _book(actor, expense, member_ids)
    if reason:
        _record_override(actor, expense, verdict, reason)
        return _book(actor, expense, member_ids)
    return expense


def verdict_members(union, members):
    """The ids of the chosen members (already validated by ``check_expense``)."""
    from django.db.models import QuerySet

    from gonghui.members.models import Member

    if isinstance(members, QuerySet):
        return set(members.values_list("id", flat=True))
    return {m.pk if isinstance(m, Member) else int(m) for m in members}


def _pending(expense):
    expense = Expense.objects.select_for_update(of=("self",)).select_related("union", "rule_set").get(pk=expense.pk)
    if expense.status != Expense.Status.PENDING:
        raise ActionError(_("该开支不在待批准状态"), field="status")
    return expense


@transaction.atomic
def override_expense(actor, expense, *, reason):
    """The chair lets a pending expense through despite its breaches, with a written reason.

    The rules are checked again (other gifts may have been recorded meanwhile). The voucher is
    prepared in the name of whoever entered the expense unless the approver also keeps the books:
    preparing and approving stay with different people, as the ledger requires.
    """
    _lock_org(Expense.objects.only("union_id").get(pk=expense.pk).union)  # as record_expense: caps checked again
    expense = _pending(expense)
    scope.require(actor, APPROVE_SPENDING, expense.union)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请写明突破规则的理由"), field="override_reason")
    verdict = check_expense(expense.union, kind=expense.kind, amount_per_person=expense.amount_per_person,
                            members=expense.member_ids, date=expense.date, form=expense.form,
                            festival=expense.festival, participants=expense.participants, winners=expense.winners)
    member_ids = list(expense.member_ids)
    expense.check_result = verdict.as_dict()
    if verdict.ok:
        expense.breaches = []
    else:
        _record_override(actor, expense, verdict, reason)
    preparer = actor if scope.can(actor, KEEP_BOOKS, expense.union) else expense.recorded_by
    return _book(preparer, expense, member_ids)


@transaction.atomic
def reject_expense(actor, expense, *, note=""):
    expense = _pending(expense)
    scope.require(actor, APPROVE_SPENDING, expense.union)
    note = (note or "").strip()
    if not note:
        raise ActionError(_("请写明退回原因"), field="decision_note")
    expense.status, expense.decision_note, expense.member_ids = Expense.Status.REJECTED, note[:200], []
    expense.updated_at = timezone.now()
    expense.save(update_fields=["status", "decision_note", "member_ids", "updated_at"])
    audit.record(actor, "reject", expense, org=expense.union, before={"status": Expense.Status.PENDING},
                 after={"status": Expense.Status.REJECTED}, note=note)
    return expense
