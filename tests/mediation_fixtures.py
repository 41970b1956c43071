"""Fixtures for the mediation tests: the school's committee (an employee representative who is a member and
chairs, one elected by the workforce, one named by the employer) and a helper to bring a case in."""
import datetime

import pytest

from gonghui.mediation import actions

APPLIED = datetime.date(2026, 3, 2)


def composition(members):
    return [
        {"name": "", "side": "employee", "basis": "union_member", "member": members.zhang, "is_chair": True},
        {"name": "职工推举代表", "side": "employee", "basis": "elected"},
        {"name": "企业人事经理", "side": "employer", "basis": "named"},
    ]


@pytest.fixture
def committee(users, tree, members):
    return actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                                  members=composition(members))


def bring(user, union, member=None, *, applied_on=APPLIED, claims=None, name="校外临聘人员", facts="拖欠工资三个月"):
    workers = [{"member": member}] if member is not None else [{"name": name}]
    claims = claims or [{"kind": "wages", "amount": "12000.50", "description": "补发2025年10—12月工资"}]
    return actions.apply(user, union, applied_on=applied_on, workers=workers, claims=claims, facts=facts)
