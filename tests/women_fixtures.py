"""Fixtures for the women workers' tests: a female member of the school (赵丽, 1990) and helpers."""
import datetime

import pytest

from gonghui.women import actions

DUE = datetime.date(2027, 1, 20)


@pytest.fixture
def woman(members):
    return members.zhao


def committee_rows(members):
    return [{"member": members.zhao, "is_chair": True}, {"member": members.zhang, "post": "副主任"},
            {"name": "校外聘请委员"}]


@pytest.fixture
def committee(users, tree, members):
    return actions.save_committee(users.officer, tree.school, established_on=datetime.date(2024, 3, 8),
                                  term_start=datetime.date(2024, 3, 8), term_end=datetime.date(2029, 3, 7),
                                  members=committee_rows(members))


@pytest.fixture
def room(users, tree):
    return actions.save_room(users.officer, tree.school, name="一中爱心妈咪小屋", location="行政楼201",
                             opened_on=datetime.date(2025, 3, 8), hours="8:00-17:30", facilities=["lock", "fridge"],
                             area="12")
