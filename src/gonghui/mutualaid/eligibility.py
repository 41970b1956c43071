"""Who may join a plan: sex, membership status and age band, as the plan states them.

``reason(plan, sex, birth_date, status)`` is a pure function (no queries), so batch enrolment can run
it over 10,000 members' values in memory; ``None`` means the member is eligible.

``REASONS`` are kept in Chinese: a batch stores them as the keys of what it skipped. Pages show them
through ``gettext`` (``{% translate reason %}``), which finds them in the catalogue.
"""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.members.idcard import age_on
from gonghui.members.models import Sex, Status

REASONS = {
    "terminated": gettext_noop("会籍已终止"),
    "transferring": gettext_noop("正在办理会员关系转出"),
    "retained": gettext_noop("保留会籍会员（退休等）不在本计划保障范围"),
    "sex_F": gettext_noop("本计划仅限女职工参加"),
    "sex_M": gettext_noop("本计划仅限男职工参加"),
    "age": gettext_noop("不在本计划的年龄范围内"),
    "duplicate": gettext_noop("已参加本计划"),
}


def reason_code(plan, sex, birth_date, status):
    if status == Status.TERMINATED:
        return "terminated"
    if status == Status.TRANSFERRING:
        return "transferring"
    if status == Status.RETAINED and not plan.include_retained:
        return "retained"
    if plan.eligible_sex and sex != plan.eligible_sex:
        return f"sex_{plan.eligible_sex}"
    if plan.min_age is not None or plan.max_age is not None:
        age = age_on(birth_date, plan.coverage_start)
        if (plan.min_age is not None and age < plan.min_age) or (plan.max_age is not None and age > plan.max_age):
            return "age"
    return None


def age_band(plan):
    """The plan's age band in the current language: 18至60周岁, 60周岁以下, 不限."""
    if plan.min_age is not None and plan.max_age is not None:
        return _("%(low)s至%(high)s周岁") % {"low": plan.min_age, "high": plan.max_age}
    if plan.min_age is not None:
        return _("%(age)s周岁以上") % {"age": plan.min_age}
    if plan.max_age is not None:
        return _("%(age)s周岁以下") % {"age": plan.max_age}
    return _("不限")


def message(plan, member, code):
    """The message naming the member and why they cannot join."""
    if code == "age":
        age = age_on(member.birth_date, plan.coverage_start)
        return _("本计划限%(band)s参加，%(name)s在保障起始日为%(age)s周岁") % {
            "band": age_band(plan), "name": member.name, "age": age}
    if code == "sex_F" and member.sex == Sex.MALE:
        return _("%(name)s是男职工，%(plan)s仅限女职工参加") % {"name": member.name, "plan": plan.name}
    return _("%(name)s：%(reason)s") % {"name": member.name, "reason": _(REASONS[code])}
