"""Fixtures for the honours tests: a school round of 先进个人 with a committee of two, and helpers that take a
round through its steps."""
import datetime

import pytest

from gonghui.honours import actions
from gonghui.honours.models import HonourKind

DAY = datetime.date(2026, 12, 3)        # conftest.SUITE_NOW


def kind(code):
    return HonourKind.objects.get(owner__isnull=True, code=code)


@pytest.fixture
def school_round(users, tree, members):
    """2026 先进个人 at the school, scored by 张敏 and 赵丽, quota 1."""
    rnd = actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=2026, quota=1)
    actions.set_evaluators(users.officer, rnd, [members.zhang, members.zhao])
    return rnd


def scored(users, members, rnd):
    """王强 and 赵丽 nominated and scored: 王强 averages 90.00, 赵丽 85.50."""
    wang = actions.nominate(users.officer, rnd, by="union", member=members.wang, deeds="带教新教师")
    zhao = actions.nominate(users.officer, rnd, by="branch", member=members.zhao, nominator_org=members.zhao.org)
    actions.start_selection(users.officer, rnd)
    e1, e2 = list(rnd.evaluators.order_by("id"))
    actions.record_scores(users.officer, rnd, e1, {wang.pk: "92", zhao.pk: "85"})
    actions.record_scores(users.officer, rnd, e2, {wang.pk: "88", zhao.pk: "86"})
    return wang, zhao
