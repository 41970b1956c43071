"""Congress test helpers: a term with many delegates (set-based, so a 150-delegate congress is quick)."""
import datetime

import pytest
from django.db import transaction

from gonghui.accounts.models import User
from gonghui.congress import actions
from gonghui.congress.models import Delegate, Session
from gonghui.members import validation
from gonghui.members.actions import bulk_create_members, next_member_numbers
from gonghui.members.models import Member

from .fixtures.rosters import person

DAY = datetime.date(2026, 12, 3)


def add_members(actor, org, count, start=1):
    """``count`` members of ``org`` (odd numbers men, even numbers women)."""
    rows = []
    with transaction.atomic():
        numbers = next_member_numbers(org.union, count)
        for i, n in enumerate(range(start, start + count)):
            p = person(n)
            values, errors, _w = validation.clean({"name": p["姓名"], "id_number": p["身份证号"],
                                                   "join_date": p["入会日期"], "employment_form": "合同制"})
            assert not errors, errors
            values["member_no"] = numbers[i]
            rows.append((org, values))
        bulk_create_members(actor, org.union, rows)
    return list(Member.objects.filter(union=org.union).order_by("-id")[:count])[::-1]


def make_term(actor, union, *, delegates, employees=200, women_employees=100, categories=None, start=1):
    """A term of ``union`` with ``delegates`` delegates (frontline unless ``categories`` says otherwise)."""
    term = actions.create_term(actor, union, number=7, start=datetime.date(2025, 3, 1), employee_count=employees,
                               women_employees=women_employees)
    members = add_members(actor, union, delegates, start=start)
    cats = categories or ["frontline"] * delegates
    Delegate.objects.bulk_create([Delegate(union=union, term=term, member=m, category=c, group=f"第{i % 3 + 1}代表团",
                                           elected_on=datetime.date(2025, 3, 1))
                                  for i, (m, c) in enumerate(zip(members, cats))])
    return term


def open_session(actor, term, *, meeting=3, present=0):
    """An open session of ``term`` with the first ``present`` delegates signed in by the officer."""
    if not term.confirmed_at:
        actions.confirm_delegates(actor, term, override_reason="测试：构成不作要求")
    session = actions.create_session(actor, term, meeting=meeting, date=DAY, agenda="听取工作报告\n审议集体合同",
                                     proposals_from=DAY - datetime.timedelta(days=30), proposals_until=DAY)
    actions.set_session_status(actor, session, Session.Status.OPEN)
    for d in Delegate.objects.filter(term=term).select_related("member").order_by("id")[:present]:
        actions.sign_in(actor, session, delegate=d)
    return session


def give_login(delegate, username=None):
    user = User.objects.create_user(username or f"d{delegate.pk}", password="Delegate#2026", name=delegate.member.name)
    Member.objects.filter(pk=delegate.member_id).update(user=user)
    return user


@pytest.fixture
def term(tree, users):
    return make_term(users.chair, tree.school, delegates=12, employees=150, women_employees=60)
