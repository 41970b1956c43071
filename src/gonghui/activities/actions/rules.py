"""Who may take part: the event's eligibility rules, checked and replaced as a whole."""
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import integer
from gonghui.members.models import Member, Sex, Status
from gonghui.orgs.models import Organisation

from .. import eligibility
from ..models import EligibilityRule, EventStatus, RuleKind
from ._common import lock_event


def _refuse(index, message):
    """A rule's message, numbered: "第2条：性别应为男或女"."""
    raise ActionError(_("第%(n)s条：%(message)s") % {"n": index, "message": message}, field="rules")


def _clean_rule(event, raw, index):
    """One rule (a dict as the form or the API gives it) → an unsaved ``EligibilityRule`` and its listed members."""
    kind = raw.get("kind")
    if kind not in RuleKind.values:
        _refuse(index, _("条件类型应为性别、年龄、部门、会籍状态或指定名单"))
    rule = EligibilityRule(event=event, kind=kind, note=str(raw.get("note") or "")[:100])
    members = []
    if kind == RuleKind.SEX:
        sex = {"女": Sex.FEMALE, "男": Sex.MALE}.get(raw.get("sex"), raw.get("sex"))
        if sex not in Sex.values:
            _refuse(index, _("性别应为男或女"))
        rule.sex = sex
    elif kind == RuleKind.AGE:
        try:
            rule.age_min = integer(raw.get("age_min"), "rules", required=False, minimum=0)
            rule.age_max = integer(raw.get("age_max"), "rules", required=False, minimum=0)
        except ActionError:
            _refuse(index, _("年龄应为整数"))
        rule.age_min_inclusive = _flag(raw.get("age_min_inclusive", True))
        rule.age_max_inclusive = _flag(raw.get("age_max_inclusive", True))
        if rule.age_min is None and rule.age_max is None:
            _refuse(index, _("年龄条件至少填写下限或上限"))
        low, high = eligibility.age_bounds(rule)
        if low is not None and high is not None and low > high:
            _refuse(index, _("年龄下限高于上限，没有人符合"))
    elif kind == RuleKind.ORG:
        org = raw.get("org")
        if not isinstance(org, Organisation):
            org = Organisation.objects.filter(code=str(org or "").strip()).first()
        if org is None or not org.path.startswith(event.union.path):
            _refuse(index, _("部门须是本工会的分工会或工会小组"))
        rule.org = org
    elif kind == RuleKind.STATUS:
        if raw.get("status") not in Status.values:
            _refuse(index, _("会籍状态无效"))
        rule.status = raw["status"]
    else:
        try:
            ids = {_pk(i) for i in raw.get("members") or []}
        except (TypeError, ValueError):
            _refuse(index, _("指定名单应为会员编号（数字）"))
        members = list(Member.objects.filter(union_id=event.union_id, pk__in=ids))
        if not members:
            _refuse(index, _("指定名单为空，或名单中的人不是本工会会员"))
        if len(members) != len(ids):
            _refuse(index, _("名单中有人不是本工会会员"))
    return rule, members


def _pk(value):
    return value.pk if isinstance(value, Member) else int(value)


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "否", "不含")
    return bool(value)


def write_rules(event, rules):
    """Replace the event's rules with ``rules`` (checked first: a bad one refuses them all). The caller
    holds the event's lock, or has just created it."""
    cleaned = [_clean_rule(event, raw, i) for i, raw in enumerate(rules, 1)]
    EligibilityRule.objects.filter(event=event).delete()
    made = EligibilityRule.objects.bulk_create([r for r, _m in cleaned])
    through = EligibilityRule.members.through
    through.objects.bulk_create([through(eligibilityrule_id=r.pk, member_id=m.pk)
                                 for r, (_r, ms) in zip(made, cleaned) for m in ms])
    if hasattr(event, "_prefetched_objects_cache"):
        event._prefetched_objects_cache.pop("rules", None)
    return made


@transaction.atomic
def set_rules(actor, event, rules):
    """Replace the event's eligibility rules (a list of dicts, see ``_clean_rule``)."""
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    before = {"rules": eligibility.describe(event)}
    write_rules(event, rules)
    audit.record(actor, "set_rules", event, org=event.union, before=before,
                 after={"rules": eligibility.describe(event)})
    return event
