"""Fixtures for the suggestion tests: the county follows 安徽（修订） (a first prize at most 500 yuan a person,
winners at most a third of those taking part), and helpers to bring a suggestion through its steps."""
import datetime

import pytest

from gonghui.suggestions import actions

from .spending_fixtures import anhui  # noqa: F401

DAY = datetime.date(2026, 12, 3)


def submit(user, lead, *, title="食堂错峰就餐", coauthors=(), kind="rationalisation", submitted_on=None):
    return actions.submit(user, lead, kind=kind, title=title, problem="午餐排队时间长", proposal="按部门分三批错峰就餐",
                          expected_benefit="每人每天节约约15分钟", coauthors=coauthors, submitted_on=submitted_on)


def adopt(users, suggestion, grade="二等"):
    actions.evaluate(users.officer, suggestion, grade=grade, score=85)
    actions.evaluate(users.chair, suggestion, grade=grade, score=80, comment="可行")
    return actions.decide(users.chair, suggestion, adopted=True, grade=grade)


def implement(users, suggestion):
    actions.assign(users.officer, suggestion, implementer="后勤处", assigned_on=DAY)
    return actions.complete(users.officer, suggestion, implemented_on=DAY)


@pytest.fixture
def adopted(users, members):
    """王强's suggestion with 赵 as co-author, adopted at 二等."""
    return adopt(users, submit(users.officer, members.wang, coauthors=[members.zhao]))
