"""Fixtures for the contests tests: the seed plan's 教职工健身趣味活动 with registrations and teams."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities.models import Event, EventStatus, RegStatus, Registration, Team
from gonghui.members import actions as member_actions

from .fixtures.rosters import id_number
from .spending_fixtures import anhui  # noqa: F401

DAY = datetime.date(2026, 1, 29)
NAMES = ["陈静", "周伟", "吴芳", "郑磊", "冯敏", "褚洁", "卫东", "蒋涛", "沈红", "韩梅", "杨帆", "朱琳"]


def make_event(union, *, title="教职工健身趣味活动", budget=None, day=DAY, user=None):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return Event.objects.create(union=union, organiser=union, title=title, starts_at=start,
                                ends_at=start + datetime.timedelta(hours=2), place="10号楼1楼东、西大厅",
                                budget=budget, budget_account="50102", status=EventStatus.CLOSED, created_by=user)


def register(event, members, team=None):
    start = Registration.objects.filter(event=event).count()
    return [Registration.objects.create(event=event, member=m, status=RegStatus.CONFIRMED, position=start + i,
                                        team=team) for i, m in enumerate(members, start=1)]


def extra_members(actor, org, n, *, start=300):
    return [member_actions.create_member(actor, org=org, data={
        "name": NAMES[i % len(NAMES)], "id_number": id_number(birth=f"19{80 + i % 15}0{1 + i % 9}1{i % 9}", seq=start + i * 2),
        "join_date": "2015-09-01"}) for i in range(n)]


@pytest.fixture
def event(tree, users, members):
    event = make_event(tree.school, budget=Decimal("3000.00"), user=users.officer)
    register(event, [members.wang, members.zhao, members.zhang])
    return event


@pytest.fixture
def crowd(tree, users, event):
    """Nine more teachers signed up: twelve competitors in all."""
    people = extra_members(users.chair, tree.b2, 9)
    register(event, people)
    return people


@pytest.fixture
def teams(tree, users, members, crowd):
    """Two relay teams: 语文组 (王强, 赵丽, 张敏) and 数学组 (the first three of the crowd)."""
    event = members.wang.activity_registrations.first().event
    chinese = Team.objects.create(event=event, name="语文组", org=tree.b1)
    maths = Team.objects.create(event=event, name="数学组", org=tree.b2)
    Registration.objects.filter(event=event, member__in=[members.wang, members.zhao, members.zhang]).update(
        team=chinese)
    Registration.objects.filter(event=event, member__in=crowd[:3]).update(team=maths)
    return type("Teams", (), dict(chinese=chinese, maths=maths))
