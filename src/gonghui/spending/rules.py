"""Which rules apply to a union, and whether an expense keeps to them.

* ``effective_rule_set(org, day)``: the union's own adjusted set, else the set chosen by the nearest
  federation above it, else the national baseline — each in the version in force on ``day``.
* ``effective_rules(rule_set)``: its rules merged with those it inherits from its parents.
* ``check_expense(union, …)``: the verdict for one expense, per member, with the amounts already
  given this year read in one aggregate query for all members together.
"""
import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.errors import ActionError
from gonghui.core.i18n import words

from . import catalogue as cat
from .catalogue import (EXPENSE_KINDS, FORM_LABELS, ITEMS, Form, festival_label, festival_labels, money,
                        normalise_festival)
from .models import Benefit, FederationRuleChoice, Rule, RuleSet

NATIONAL_REGION = "全国"
ZERO = Decimal("0.00")


# ---- which set applies ----

def _version_on(rule_set, day):
    """``rule_set`` if in force on ``day``, else the version of the same family (owner and region) that is."""
    if rule_set.effective_from <= day and (rule_set.effective_to is None or rule_set.effective_to >= day):
        return rule_set
    return (RuleSet.objects.filter(owner_id=rule_set.owner_id, region=rule_set.region).effective_on(day)
            .order_by("-effective_from").first())


def national_baseline(day):
    presets = RuleSet.objects.filter(owner__isnull=True, region=NATIONAL_REGION)
    return presets.effective_on(day).order_by("-effective_from").first() or presets.order_by("effective_from").first()


def federation_rule_set(org, day, *, include_self=True):
    """The set chosen by the nearest federation at or above ``org`` (one query), or the baseline."""
    top = len(org.path) + (4 if include_self else 0)
    paths = [org.path[:i] for i in range(4, top, 4)]
    choices = (FederationRuleChoice.objects.filter(org__path__in=paths, org__deleted_at__isnull=True)
               .select_related("rule_set", "org").order_by("-org__path"))
    for choice in choices:
        version = _version_on(choice.rule_set, day) if choice.rule_set.deleted_at is None else None
        if version is not None:
            return version
    return national_baseline(day)


def own_rule_set(org, day):
    return RuleSet.objects.filter(owner=org).effective_on(day).order_by("-effective_from").first()


def union_of(org):
    """The grassroots union an organisation belongs to (itself for a union)."""
    if org.union_id and org.union_id != org.pk:
        return org.union
    return org


def effective_rule_set(org, day=None):
    """The rule set an organisation follows on ``day``: its own, else its federations', else the baseline."""
    day = day or timezone.localdate()
    org = union_of(org) if not org.is_federation else org
    return own_rule_set(org, day) or federation_rule_set(org, day, include_self=org.is_federation)


def base_rule_set(owner, day):
    """The set an organisation's own adjustment must stay within: what applies from above it."""
    return federation_rule_set(owner, day, include_self=False)


# ---- what the set says ----

@dataclass
class EffectiveRules:
    rule_set: RuleSet
    chain: list          # the set, then its parent, grandparent …
    rules: dict          # item code -> Rule (the nearest set in the chain that states it)

    def get(self, item):
        return self.rules.get(item)

    def table(self):
        """Rows in catalogue order: (item code, Item, Rule or None)."""
        return [(code, item, self.rules.get(code)) for code, item in ITEMS.items()]


def effective_rules_many(rule_sets):
    """``{set id: EffectiveRules}`` for many sets at once: one query per level of parents missing from
    ``rule_sets`` (usually none) and one for all their rules, never a query per set."""
    by_id = {rs.pk: rs for rs in rule_sets}
    missing = {rs.parent_id for rs in by_id.values() if rs.parent_id and rs.parent_id not in by_id}
    while missing:
        by_id.update({rs.pk: rs for rs in RuleSet.all_objects.filter(pk__in=missing)})
        missing = {rs.parent_id for rs in by_id.values() if rs.parent_id and rs.parent_id not in by_id}
    own = {}
    for rule in Rule.objects.filter(rule_set_id__in=list(by_id)).order_by("id"):
        rule.rule_set = by_id[rule.rule_set_id]
        own.setdefault(rule.rule_set_id, []).append(rule)
    result = {}
    for rule_set in rule_sets:
        chain, current = [], rule_set
        while current is not None and current not in chain:
            chain.append(current)
            current = by_id.get(current.parent_id)
        rules = {}
        for member in chain:
            for rule in own.get(member.pk, []):
                rules.setdefault(rule.item, rule)
        result[rule_set.pk] = EffectiveRules(rule_set, chain, rules)
    return result


def effective_rules(rule_set):
    """The set's rules merged with those it inherits (the nearest set stating an item wins)."""
    return effective_rules_many([rule_set])[rule_set.pk]


def stated(rule):
    """Whether ``rule`` holds the value its item needs (a rule row with its amount, count or fraction
    missing is bad data: the check reports it as no limit, never as a limit it does not have)."""
    if rule is None:
        return False
    measure = ITEMS[rule.item].measure
    if measure in cat.MONEY_MEASURES:
        return rule.amount is not None
    if measure == cat.DISTINCT_FESTIVALS:
        return rule.count is not None
    if measure == cat.RATIO:
        return bool(rule.fraction)
    return True


def describe(rule):
    """A rule's value as the rule table shows it."""
    if rule is None:
        return "—"
    if not stated(rule):
        return _("未填写")
    measure = ITEMS[rule.item].measure
    if measure == cat.RATIO:
        return f"≤ {rule.fraction}"
    if measure == cat.DISTINCT_FESTIVALS:
        return f"≤ {rule.count}"
    if rule.kind == cat.RuleKind.FORBIDDEN:
        return words(FORM_LABELS.get(v, v) for v in rule.values)
    if rule.kind == cat.RuleKind.ALLOWED:
        return festival_labels(rule.values)
    return money(rule.amount)


def looser(parent_rule, rule):
    """Why ``rule`` is looser than ``parent_rule`` (a message in the current language), or None when within it."""
    if not stated(parent_rule) or not stated(rule):
        return None
    item = ITEMS[rule.item]
    values = {"item": item.label, "parent": parent_rule.rule_set.name}
    if item.measure in cat.MONEY_MEASURES and rule.amount > parent_rule.amount:
        return (_("%(item)s上限%(cap)s元高于上级规则集“%(parent)s”的%(parent_cap)s元；本单位只能收紧、不能放宽")
                % {**values, "cap": money(rule.amount), "parent_cap": money(parent_rule.amount)})
    if item.measure == cat.DISTINCT_FESTIVALS and rule.count > parent_rule.count:
        return (_("%(item)s%(count)s个多于上级规则集“%(parent)s”的%(parent_count)s个；本单位只能收紧、不能放宽")
                % {**values, "count": rule.count, "parent_count": parent_rule.count})
    if item.measure == cat.RATIO and Fraction(rule.fraction) > Fraction(parent_rule.fraction):
        return (_("%(item)s%(fraction)s高于上级规则集“%(parent)s”的%(parent_fraction)s；本单位只能收紧、不能放宽")
                % {**values, "fraction": rule.fraction, "parent_fraction": parent_rule.fraction})
    if item.kind == cat.RuleKind.ALLOWED:
        extra = [v for v in rule.values if v not in parent_rule.values]
        if extra:
            return (_("%(extra)s不在上级规则集“%(parent)s”允许的范围内（%(allowed)s）")
                    % {**values, "extra": festival_labels(extra), "allowed": festival_labels(parent_rule.values)})
    if item.kind == cat.RuleKind.FORBIDDEN:
        dropped = [FORM_LABELS.get(v, v) for v in parent_rule.values if v not in rule.values]
        if dropped:
            return _("不能取消上级规则集“%(parent)s”的禁止事项：%(forms)s") % {**values, "forms": words(dropped)}
    return None


# ---- the check ----

class Outcome:
    """What a spending check found, in one word (the API's ``outcome``)."""

    WITHIN = "within"            # the applicable set states a limit and the expense keeps to it
    OVER = "over"                # above a limit the set states (a cap, a count, a share)
    NO_LIMIT = "no_limit"        # the set states no limit for this kind: never "within", the chair signs off
    NOT_ALLOWED = "not_allowed"  # a form the set forbids (cash, shopping cards)
    UNCAPPED = "uncapped"        # no rule set states a per-person limit for this kind (其他职工活动): budget only

    LABELS = {
        WITHIN: gettext_lazy("符合开支标准"), OVER: gettext_lazy("超出开支标准"),
        NO_LIMIT: gettext_lazy("本级标准未规定该项限额"), NOT_ALLOWED: gettext_lazy("不允许的开支"),
        UNCAPPED: gettext_lazy("该类开支不设每人限额"),
    }
    # Outcomes that need the chair's written sign-off before the expense is recorded.
    NEEDS_SIGN_OFF = {OVER, NO_LIMIT, NOT_ALLOWED}


@dataclass
class Breach:
    member_id: int | None
    rule: str             # item code
    cap: object           # Decimal, count or fraction; None when the set states no limit
    already: Decimal | None
    allowed_remaining: Decimal | None
    message: str
    member_name: str = ""
    rule_label: str = ""
    outcome: str = Outcome.OVER

    def as_dict(self):
        data = asdict(self)
        for key in ("cap", "already", "allowed_remaining"):
            if data[key] is not None:
                data[key] = str(data[key])
        return data


@dataclass
class Basis:
    """One limit the check applied (or looked for and did not find): which set states it, which
    article (the item of the set's source document) and the limit itself (None: not stated)."""

    item: str
    article: str
    limit: str | None
    rule_set: str
    source: str

    def as_dict(self):
        return asdict(self)


@dataclass
class Verdict:
    """The one result of a spending check every page and the API read: the outcome, the rule set
    applied, the article and limit it found (``limit`` None: the set states none), and the breaches."""

    ok: bool
    breaches: list = field(default_factory=list)
    rule_set: RuleSet | None = None
    head_count: int = 0
    festival: str = ""
    outcome: str = Outcome.WITHIN
    basis: list = field(default_factory=list)   # Basis rows, the money limits for this kind first

    @property
    def needs_sign_off(self):
        return self.outcome in Outcome.NEEDS_SIGN_OFF

    @property
    def outcome_label(self):
        return str(Outcome.LABELS[self.outcome])

    @property
    def rule_set_name(self):
        return self.rule_set.name if self.rule_set else ""

    @property
    def source(self):
        return self.rule_set.source if self.rule_set else ""

    @property
    def article(self):
        return self.basis[0].article if self.basis else ""

    @property
    def limit(self):
        return self.basis[0].limit if self.basis else None

    def member_breaches(self):
        return [b for b in self.breaches if b.member_id is not None]

    def general_breaches(self):
        return [b for b in self.breaches if b.member_id is None]

    def as_dict(self):
        """JSON-ready; also what an expense keeps (``Expense.check_result``) so its page shows the same."""
        return {"ok": self.ok, "outcome": self.outcome, "outcome_label": self.outcome_label,
                "needs_sign_off": self.needs_sign_off, "rule_set": self.rule_set_name,
                "rule_set_id": self.rule_set.pk if self.rule_set else None, "source": self.source,
                "article": self.article, "limit": self.limit, "head_count": self.head_count,
                "festival": self.festival, "basis": [b.as_dict() for b in self.basis],
                "breaches": [b.as_dict() for b in self.breaches]}


class StoredCheck:
    """A check result kept on an expense (``Expense.check_result``), read like a ``Verdict``."""

    def __init__(self, data):
        self.data = data or {}
        self.outcome = self.data.get("outcome", "")
        self.rule_set_name = self.data.get("rule_set", "")
        self.source = self.data.get("source", "")
        self.article = self.data.get("article", "")
        self.limit = self.data.get("limit")
        self.head_count = self.data.get("head_count", 0)
        self.basis = [Basis(**row) for row in self.data.get("basis", [])]
        self.breaches = self.data.get("breaches", [])

    @property
    def outcome_label(self):
        return str(Outcome.LABELS.get(self.outcome, self.outcome))

    @property
    def needs_sign_off(self):
        return self.outcome in Outcome.NEEDS_SIGN_OFF

    @property
    def ok(self):
        return not self.needs_sign_off

    def general_breaches(self):
        return [b for b in self.breaches if b.get("member_id") is None]

    def member_breaches(self):
        return [b for b in self.breaches if b.get("member_id") is not None]

    def __bool__(self):
        return bool(self.data)


def cap_items(kind, festival=""):
    """The money-limit items of the catalogue that bound an expense of ``kind`` (its festival for gifts)."""
    codes = []
    for code, item in ITEMS.items():
        if item.expense != kind or item.measure not in cat.MONEY_MEASURES:
            continue
        if item.measure == cat.PER_FESTIVAL and (item.festival == cat.SPRING_FESTIVAL) != (
                festival == cat.SPRING_FESTIVAL):
            continue
        codes.append(code)
    return codes


def basis_of(effective, codes):
    rows = []
    for code in codes:
        rule = effective.get(code)
        stating = rule.rule_set if rule is not None else effective.rule_set
        rows.append(Basis(item=code, article=str(ITEMS[code].label),
                          limit=describe(rule) if stated(rule) else None,
                          rule_set=stating.name, source=stating.source))
    return rows


def _no_limit_breach(effective, kind, festival):
    """The finding "the set states no limit for this kind", or None when it states one (or the
    catalogue has no limit item for the kind at all)."""
    codes = cap_items(kind, festival)
    if not codes or any(stated(effective.get(code)) for code in codes):
        return None
    blank = next((effective.get(code) for code in codes if effective.get(code) is not None), None)
    code = blank.item if blank is not None else codes[0]
    item = ITEMS[code]
    if blank is not None:  # a row for the item with no amount: bad data, said plainly
        message = (_("“%(set)s”的%(item)s限额没有填写金额（规则数据不完整，本级标准未规定该项限额），不能视为符合标准，"
                     "须由工会主席签批") % {"set": blank.rule_set.name, "item": item.label})
    else:
        message = (_("“%(set)s”未规定%(item)s的限额（本级标准未规定该项限额），不能视为符合标准，须由工会主席签批")
                   % {"set": effective.rule_set.name, "item": EXPENSE_KINDS[kind].label})
    return Breach(None, code, None, None, None, message, rule_label=str(item.label),
                  outcome=Outcome.NO_LIMIT)


def _outcome(breaches, kind, festival):
    found = {b.outcome for b in breaches}
    for outcome in (Outcome.NOT_ALLOWED, Outcome.OVER, Outcome.NO_LIMIT):
        if outcome in found:
            return outcome
    return Outcome.WITHIN if cap_items(kind, festival) else Outcome.UNCAPPED


def _member_rows(union, members):
    """(id, name) of the chosen members, all of ``union``; one query at most."""
    from gonghui.members.models import Member, Status

    if isinstance(members, QuerySet):
        rows = list(members.values_list("id", "name", "union_id", "status"))
    else:
        members = list(members or [])
        if members and all(isinstance(m, Member) for m in members):
            rows = [(m.pk, m.name, m.union_id, m.status) for m in members]
        else:
            try:
                ids = {int(m) for m in members}
            except (TypeError, ValueError):
                raise ActionError(_("发放对象应为会员编号（数字）"), field="members") from None
            rows = list(Member.objects.filter(pk__in=ids).values_list("id", "name", "union_id", "status"))
            if len(rows) != len(ids):
                raise ActionError(_("有的发放对象不是本工会的会员"), field="members")
    unique = {}
    for pk, name, union_id, status in rows:
        if union_id != union.pk:
            raise ActionError(_("有的发放对象不是本工会的会员"), field="members")
        if status == Status.TERMINATED:
            raise ActionError(_("%(name)s已终止会籍，不能发放") % {"name": name}, field="members")
        unique[pk] = name
    if not unique:
        raise ActionError(_("请选择发放对象"), field="members")
    return unique


def _clean(effective, *, kind, amount_per_person, date, form, festival, participants, winners):
    errors = {}
    if kind not in EXPENSE_KINDS:
        errors["kind"] = _("开支类型应为：%(kinds)s") % {"kinds": words(k.label for k in EXPENSE_KINDS.values())}
    if amount_per_person is None:
        errors["amount_per_person"] = _("不能为空")
    elif amount_per_person <= 0:
        errors["amount_per_person"] = _("每人金额必须大于0")
    if date is None:
        errors["date"] = _("不能为空")
    if form not in FORM_LABELS:
        errors["form"] = _("发放形式应为：实物、现金、购物卡")
    festival = normalise_festival(festival) if kind == "festival" else ""
    if kind == "festival":
        allowed = effective.get("festival_allowed") if effective else None
        if not festival:
            errors["festival"] = _("请填写节日")
        elif allowed and festival not in allowed.values:
            errors["festival"] = (_("“%(festival)s”不是法定节日，节日慰问品只能在以下节日发放：%(allowed)s")
                                  % {"festival": festival, "allowed": festival_labels(allowed.values)})
    if kind == "prize" and effective and effective.get("winners_share"):
        if participants is None or winners is None:
            errors["participants"] = _("评奖活动请填写参赛人数和获奖人数")
        elif participants <= 0 or winners < 0:
            errors["participants"] = _("参赛人数必须大于0，获奖人数不能为负数")
        elif winners > participants:
            errors["winners"] = _("获奖人数不能多于参赛人数")
    if errors:
        raise ActionError(errors=errors)
    return festival


def _year_totals(member_ids, kind, year):
    """{member_id: {festival: total}} of benefits of ``kind`` in ``year``: one GROUP BY query."""
    totals = {}
    rows = (Benefit.objects.filter(member_id__in=member_ids, kind=kind, date__gte=datetime.date(year, 1, 1),
                                   date__lte=datetime.date(year, 12, 31))
            .values("member_id", "festival").annotate(total=Sum("amount")).order_by())
    for row in rows:
        totals.setdefault(row["member_id"], {})[row["festival"]] = row["total"] or ZERO
    return totals


def _yearly_breach(rule, member_id, name, already, amount, festival):
    item = ITEMS[rule.item]
    cap = rule.amount
    if already + amount <= cap:
        return None
    remaining = max(cap - already, ZERO)
    what = (_("%(festival)s慰问品") % {"festival": festival_label(festival)} if item.measure == cat.PER_FESTIVAL
            else str(item.short))
    message = (_("%(name)s：本年度已发放%(what)s%(already)s元，上限%(cap)s元，最多还可发放%(remaining)s元（本次每人%(amount)s元）")
               % {"name": name, "what": what, "already": money(already), "cap": money(cap),
                  "remaining": money(remaining), "amount": money(amount)})
    return Breach(member_id, rule.item, cap, already, remaining, message, name, str(item.label))


def _per_member_breaches(effective, kind, festival, amount, names, year):
    yearly = [r for r in effective.rules.values()
              if ITEMS[r.item].expense == kind and ITEMS[r.item].measure in (cat.YEAR_TOTAL, cat.PER_FESTIVAL)]
    yearly = [r for r in yearly if ITEMS[r.item].measure == cat.YEAR_TOTAL
              or (ITEMS[r.item].festival == cat.SPRING_FESTIVAL) == (festival == cat.SPRING_FESTIVAL)]
    yearly = [r for r in yearly if stated(r)]
    count_rule = effective.get("festival_count") if kind == "festival" else None
    count_rule = count_rule if stated(count_rule) else None
    if not yearly and not count_rule:
        return []
    totals = _year_totals(list(names), kind, year)
    breaches = []
    for member_id, name in names.items():
        given = totals.get(member_id, {})
        for rule in yearly:
            if ITEMS[rule.item].measure == cat.YEAR_TOTAL:
                already = sum(given.values(), ZERO)
            else:
                already = given.get(festival, ZERO)
            breach = _yearly_breach(rule, member_id, name, already, amount, festival)
            if breach:
                breaches.append(breach)
        if count_rule:
            seen = sorted(f for f, total in given.items() if total > 0 and f != festival)
            if len(seen) >= count_rule.count:
                breaches.append(Breach(
                    member_id, count_rule.item, count_rule.count, None, None,
                    _("%(name)s：本年度已在%(n)s个节日发放慰问品（%(festivals)s），最多%(most)s个节日")
                    % {"name": name, "n": len(seen), "festivals": festival_labels(seen), "most": count_rule.count},
                    name, str(ITEMS[count_rule.item].label)))
    return breaches


def _general_breaches(effective, kind, amount, form, participants, winners):
    breaches = []
    for rule in effective.rules.values():
        item = ITEMS[rule.item]
        if item.expense != kind or not stated(rule):
            continue
        if item.measure == cat.PER_OCCASION and amount > rule.amount:
            breaches.append(Breach(None, rule.item, rule.amount, None, rule.amount,
                                   _("%(item)s每人不超过%(cap)s元，本次每人%(amount)s元")
                                   % {"item": item.label, "cap": money(rule.amount), "amount": money(amount)},
                                   rule_label=str(item.label)))
        elif item.measure == cat.RATIO and participants:
            most = int(Fraction(participants) * Fraction(rule.fraction))
            if winners > most:
                breaches.append(Breach(None, rule.item, rule.fraction, None, None,
                                       _("获奖人数%(winners)s人超过参赛人数%(participants)s人的%(fraction)s（最多%(most)s人）")
                                       % {"winners": winners, "participants": participants,
                                          "fraction": rule.fraction, "most": most}, rule_label=str(item.label)))
        elif item.kind == cat.RuleKind.FORBIDDEN and form in rule.values:
            breaches.append(Breach(None, rule.item, None, None, None,
                                   _("%(kind)s只能发放实物，不得发放%(form)s")
                                   % {"kind": EXPENSE_KINDS[kind].label, "form": FORM_LABELS[form]},
                                   rule_label=str(item.label), outcome=Outcome.NOT_ALLOWED))
    return breaches


def check_expense(union, *, kind, amount_per_person, members, date, form=Form.GOODS, festival=None,
                  participants=None, winners=None) -> Verdict:
    """Whether giving ``amount_per_person`` of ``kind`` to ``members`` on ``date`` keeps to the rules.

    The verdict names the rule set applied, the article (item) and limit it found for the kind, and
    its outcome. A set stating no money limit for the kind is a finding of its own (``no_limit``),
    never "within": it needs the chair's sign-off as an over-limit amount does.

    Bad input raises ``ActionError``; rule breaches come back in the verdict, per member where the
    limit is personal (yearly caps, festival count) and once for the expense otherwise.
    """
    union = union_of(union)
    effective = effective_rules(effective_rule_set(union, date)) if date else None
    festival = _clean(effective, kind=kind, amount_per_person=amount_per_person, date=date, form=form,
                      festival=festival, participants=participants, winners=winners)
    names = _member_rows(union, members)
    breaches = _general_breaches(effective, kind, amount_per_person, form, participants, winners)
    breaches += _per_member_breaches(effective, kind, festival, amount_per_person, names, date.year)
    no_limit = _no_limit_breach(effective, kind, festival)
    if no_limit is not None:
        breaches.append(no_limit)
    outcome = _outcome(breaches, kind, festival)
    return Verdict(ok=not breaches, breaches=breaches, rule_set=effective.rule_set, head_count=len(names),
                   festival=festival, outcome=outcome, basis=basis_of(effective, cap_items(kind, festival)))


def allowed_sets_for(federation):
    """Sets a federation may choose: presets, and sets owned by it or a federation above it."""
    paths = [federation.path[:i] for i in range(4, len(federation.path) + 1, 4)]
    return RuleSet.objects.filter(Q(owner__isnull=True) | Q(owner__path__in=paths)).order_by(
        "owner_id", "region", "effective_from")
