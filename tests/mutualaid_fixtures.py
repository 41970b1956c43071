"""Fixtures shared by the mutual-aid tests: a school plan for 2026, a women's plan, a health-check round."""
import datetime
from decimal import Decimal

import pytest

from gonghui.mutualaid import actions

TODAY = datetime.date(2026, 12, 3)


def plan_data(**extra):
    data = {"name": "职工医疗互助", "provider": "省职工保障互助会", "kind": "medical", "year": 2026,
            "coverage_start": "2026-01-01", "coverage_end": "2026-12-31", "premium": "60", "payer": "union",
            "per_claim_limit": "3000", "yearly_limit": "5000"}
    data.update(extra)
    return data


@pytest.fixture
def plan(users, tree):
    return actions.create_plan(users.chair, tree.school, **plan_data())


@pytest.fixture
def women_plan(users, tree):
    return actions.create_plan(users.chair, tree.school, **plan_data(
        name="女职工特种疾病互助", kind="female_disease", premium="30", eligible_sex="F",
        per_claim_limit="10000", yearly_limit="10000"))


@pytest.fixture
def enrolled(plan, users, tree, members):
    """王强 (语文一组), 赵丽 (数学组) and 张敏 (school) enrolled in the medical plan."""
    actions.enrol(users.officer, plan, tree.school, members=[members.wang, members.zhao, members.zhang])
    from gonghui.mutualaid.models import Enrolment

    return {e.member_id: e for e in Enrolment.objects.filter(plan=plan)}


@pytest.fixture
def round_(users, tree):
    return actions.create_round(users.officer, tree.school, name="2026年教职工体检", provider="县人民医院",
                                place="体检中心三楼", start_date="2026-11-20", end_date="2026-12-20")


def money(text):
    return Decimal(text)
