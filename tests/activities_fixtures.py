"""Helpers shared by the activities tests: an event at the school union, sign-ups, a member login."""
import contextlib
import datetime

import pytest
from django.utils import timezone

from gonghui.activities import actions
from gonghui.activities.models import Event

from .conftest import make_user


def at(y, m, d, hh=9, mm=30):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@contextlib.contextmanager
def during(event, minutes=30):
    """The clock moved into ``event``'s check-in window, ``minutes`` after its start (check-in is accepted
    only from two hours before the start to the end)."""
    import time_machine

    with time_machine.travel(event.starts_at + datetime.timedelta(minutes=minutes), tick=True):
        yield


def check_in_during(actor, event, **kwargs):
    """``actions.check_in`` at a time inside the event's check-in window."""
    with during(event):
        return actions.check_in(actor, event, **kwargs)


def event_data(**extra):
    """The seed's fun day (教职工健身趣味活动, 元月29日上午9:30—11:40, 10号楼1楼东、西大厅), next year."""
    data = {"title": "教职工健身趣味活动", "kind": "sport_culture", "starts_at": "2027-01-29 09:30",
            "ends_at": "2027-01-29 11:40", "place": "10号楼1楼东、西大厅", "capacity": "",
            "signup_opens": "", "signup_closes": "2027-01-25 17:00", "budget": "3000.00", "budget_account": "50102",
            "description": "跳绳、踢毽、猜谜、滚铁环竞速接力(团体赛)、羊角球竞速接力(团体赛)"}
    data.update(extra)
    return data


def open_event(actor, organiser, rules=None, **extra) -> Event:
    event = actions.create_event(actor, organiser=organiser, data=event_data(**extra), rules=rules)
    return actions.publish_event(actor, event)


@pytest.fixture
def fun_day(users, tree, members):
    return open_event(users.officer, tree.school)


@pytest.fixture
def zhao_user(members):
    user = make_user("zhaoli", "赵丽")
    members.zhao.user = user
    members.zhao.save(update_fields=["user"])
    return user


def many_members(union, org, n, *, start=0, women_every=3):
    """``n`` active members of ``union`` in ``org`` inserted at once (every ``women_every``-th a woman)."""
    from gonghui.members.models import Member

    rows = []
    for i in range(start, start + n):
        m = Member(union=union, org=org, name=f"会员{i:05d}", sex="F" if i % women_every == 0 else "M",
                   id_number=f"T{i:017d}", birth_date=datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                   join_date=datetime.date(2015, 1, 1), member_no=f"A{i:06d}")
        m.fill_derived()
        rows.append(m)
    return Member.objects.bulk_create(rows, batch_size=1000)
