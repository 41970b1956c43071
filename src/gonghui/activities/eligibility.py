"""Who may take part in an event: its ``EligibilityRule`` rows turned into one member query.

Rules of different kinds must all hold; rules of the same kind are alternatives (two age bands, three
departments, two statuses). Without a status rule only active members (在籍) take part. Ages are full
years (周岁) on the event's date, from the birth date taken from the ID number: "51周岁(含)以上" is
age ≥ 51, "35周岁以下(不含)" is age < 35.
"""
import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.i18n import words

from gonghui.members.idcard import age_on
from gonghui.members.models import Member, Status

from .models import EligibilityRule, RuleKind


def latest_birth(day: datetime.date, years: int) -> datetime.date:
    """The latest birth date of someone who is at least ``years`` full years old on ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none: the birthday is reached on 1 March
        return day.replace(year=day.year - years, day=28)


def age_bounds(rule) -> tuple[int | None, int | None]:
    """The band as inclusive whole-year bounds (lowest age, highest age)."""
    low = rule.age_min
    if low is not None and not rule.age_min_inclusive:
        low += 1
    high = rule.age_max
    if high is not None and not rule.age_max_inclusive:
        high -= 1
    return low, high


def age_condition(rule, day) -> Q:
    low, high = age_bounds(rule)
    cond = Q()
    if low is not None:
        cond &= Q(birth_date__lte=latest_birth(day, low))
    if high is not None:
        cond &= Q(birth_date__gt=latest_birth(day, high + 1))
    return cond


def _any(conds):
    out = Q(pk__in=[])
    for c in conds:
        out |= c
    return out


def _grouped(rules):
    groups: dict[str, list] = {}
    for r in rules:
        groups.setdefault(r.kind, []).append(r)
    return groups


def _rules(event):
    cache = getattr(event, "_prefetched_objects_cache", {})
    if "rules" in cache:
        return list(cache["rules"])
    return list(EligibilityRule.objects.filter(event=event).select_related("org"))


def condition(event, rules=None) -> Q:
    """A Q over Member for the event's rules (without the union condition)."""
    rules = _rules(event) if rules is None else rules
    groups = _grouped(rules)
    statuses = [r.status for r in groups.get(RuleKind.STATUS, []) if r.status] or [Status.ACTIVE]
    cond = Q(status__in=statuses)
    day = event.event_date
    if RuleKind.SEX in groups:
        cond &= _any(Q(sex=r.sex) for r in groups[RuleKind.SEX])
    if RuleKind.AGE in groups:
        cond &= _any(age_condition(r, day) for r in groups[RuleKind.AGE])
    if RuleKind.ORG in groups:
        cond &= _any(Q(org__path__startswith=r.org.path) for r in groups[RuleKind.ORG])
    if RuleKind.LIST in groups:
        through = EligibilityRule.members.through
        ids = [r.pk for r in groups[RuleKind.LIST]]
        cond &= Q(pk__in=through.objects.filter(eligibilityrule_id__in=ids).values("member_id"))
    return cond


def eligible_members(event):
    """Active members of the event's union that match its rules (a Member queryset)."""
    return Member.objects.filter(union_id=event.union_id).filter(condition(event))


def reasons_not_eligible(event, member) -> list[str]:
    """Why ``member`` may not take part (empty when eligible), in Chinese, one line per failed kind."""
    if member.union_id != event.union_id or member.deleted_at is not None:
        return [_("不是本工会会员")]
    rules = _rules(event)
    groups = _grouped(rules)
    failed = []
    statuses = [r.status for r in groups.get(RuleKind.STATUS, []) if r.status] or [Status.ACTIVE]
    if member.status not in statuses:
        failed.append(_("会籍状态不符（%(status)s）") % {"status": _(member.get_status_display())})
    if RuleKind.SEX in groups and member.sex not in {r.sex for r in groups[RuleKind.SEX]}:
        failed.append(_("本活动限%(who)s") % {"who": words(r.describe() for r in groups[RuleKind.SEX])})
    if RuleKind.AGE in groups:
        age = age_on(member.birth_date, event.event_date)
        if not any(_age_ok(r, age) for r in groups[RuleKind.AGE]):
            failed.append(_("年龄不符：活动当天%(age)s周岁，要求%(bands)s") % {
                "age": age, "bands": _either(r.describe() for r in groups[RuleKind.AGE])})
    if RuleKind.ORG in groups:
        path = member.org.path
        if not any(path.startswith(r.org.path) for r in groups[RuleKind.ORG]):
            failed.append(_("本活动限%(orgs)s的会员") % {"orgs": words(r.org.name for r in groups[RuleKind.ORG])})
    if RuleKind.LIST in groups:
        through = EligibilityRule.members.through
        if not through.objects.filter(eligibilityrule_id__in=[r.pk for r in groups[RuleKind.LIST]],
                                      member_id=member.pk).exists():
            failed.append(_("不在本活动的指定名单内"))
    return failed


def _age_ok(rule, age):
    low, high = age_bounds(rule)
    return (low is None or age >= low) and (high is None or age <= high)


def describe(event) -> str:
    """The rules in one line, e.g. "51周岁(含)以上 · 男职工" (51周岁(含)以上男职工); "全体在册会员" when there are none."""
    rules = _rules(event)
    if not rules:
        return _("全体在籍会员")
    groups = _grouped(rules)
    order = [RuleKind.AGE, RuleKind.SEX, RuleKind.ORG, RuleKind.STATUS, RuleKind.LIST]
    return " · ".join(_either(r.describe() for r in groups[k]) for k in order if k in groups)


def _either(items):
    """Alternatives: 女职工或男职工 / women or men."""
    return pgettext("选项之间", "或").join(str(item) for item in items)
