"""Who may join a plan: sex, membership status and age band, as the plan states them.

``reason(plan, sex, birth_date, status)`` is a pure function (no queries), so batch enrolment can run
it over 10,000 members' values in memory; ``None`` means the member is eligible.
"""
from gonghui.members.idcard import age_on
from gonghui.members.models import Sex, Status

REASONS = {
    "terminated": "会籍已终止",
    "transferring": "正在办理会员关系转出",
    "retained": "保留会籍会员（退休等）不在本计划保障范围",
    "sex_F": "本计划仅限女职工参加",
    "sex_M": "本计划仅限男职工参加",
    "age": "不在本计划的年龄范围内",
    "duplicate": "已参加本计划",
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
    if plan.min_age is not None and plan.max_age is not None:
        return f"{plan.min_age}至{plan.max_age}周岁"
    if plan.min_age is not None:
        return f"{plan.min_age}周岁以上"
    if plan.max_age is not None:
        return f"{plan.max_age}周岁以下"
    return "不限"


def message(plan, member, code):
    """The Chinese message naming the member and why they cannot join."""
    text = REASONS[code]
    if code == "age":
        age = age_on(member.birth_date, plan.coverage_start)
        text = f"本计划限{age_band(plan)}参加，{member.name}在保障起始日为{age}周岁"
        return text
    if code == "sex_F" and member.sex == Sex.MALE:
        text = f"{member.name}是男职工，{plan.name}仅限女职工参加"
        return text
    return f"{member.name}：{text}"
