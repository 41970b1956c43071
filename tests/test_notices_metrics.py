"""The notices metrics a work plan binds to, each with a worked example.

School, 2026 (today 2026-12-03), the calendar example of test_notices_calendar plus reads/objections:
  coverage_rate: met 2 of 4 counted items → 50.00%
  published: 3 notices disclosed in 2026 (财务 1, 职代会/教代会决议 2)
  read_rate: the finance notice (应读 3) read by 王强 and 赵丽; the two congress notices (应读 3 each) unread
             → 2 ÷ 9 = 22.22%
  objections_answered_rate: two objections filed, one answered (late) → 50.00%
"""
import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.models import User
from gonghui.core import metrics
from gonghui.notices import actions
from gonghui.notices.models import Read

from .notices_fixtures import published

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def school_year(tree, users, members, member_user):
    officer = users.officer
    actions.create_event(officer, tree.school, kind="congress", title="教代会", date=D(2026, 4, 20))
    finance = published(officer, tree.school, code="finance", start=D(2026, 3, 10), today=D(2026, 3, 10))
    published(officer, tree.school, code="congress", title="会议文件", start=D(2026, 4, 10), today=D(2026, 4, 10))
    published(officer, tree.school, code="congress", title="决议", start=D(2026, 4, 25), today=D(2026, 4, 25))
    Read.objects.create(notice=finance, member=members.wang)
    Read.objects.create(notice=finance, member=members.zhao)
    zhao_user = User.objects.create_user("zhaoli", password="x", name="赵丽")
    members.zhao.user = zhao_user
    members.zhao.save(update_fields=["user"])
    answered = actions.file_objection(member_user, finance, text="慰问人数有误", today=D(2026, 3, 12))
    actions.answer_objection(officer, answered, answer="已更正", today=D(2026, 4, 20))
    actions.file_objection(zhao_user, finance, text="金额有误", today=D(2026, 11, 30))
    return tree.school


def read(code, org, monkeypatch=None):
    return metrics.get(code).read(org, *YEAR)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 3))


def test_coverage_rate_is_met_over_counted_items(school_year):
    reading = read("notices.coverage_rate", school_year)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("50.00"), 2, 4)
    assert dict(reading.breakdown)["财务"] == Decimal("100.00")
    assert "/notices/coverage/?org=SCH" in reading.records_url


def test_published_counts_notices_disclosed_in_the_range(school_year):
    reading = read("notices.published", school_year)
    assert reading.value == 3 and dict(reading.breakdown) == {"职代会/教代会决议": 2, "财务": 1}


def test_read_rate_is_reads_over_members_addressed(school_year):
    reading = read("notices.read_rate", school_year)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("22.22"), 2, 9)


def test_objections_answered_rate_with_on_time_and_late(school_year):
    reading = read("notices.objections_answered_rate", school_year)
    assert (reading.value, reading.numerator, reading.denominator) == (Decimal("50.00"), 1, 2)
    assert dict(reading.breakdown) == {"按期答复": 0, "逾期答复": 1, "未答复": 1, "其中已超期": 0}


def test_a_federation_reads_over_every_union_beneath_it(school_year, tree):
    reading = read("notices.coverage_rate", tree.county)
    # the factory (enterprise) owes finance H1 (overdue) and no public-body categories: 2 met of 4 + 1
    assert (reading.numerator, reading.denominator) == (2, 5)
    assert read("notices.published", tree.county).value == 3


def test_no_denominator_means_no_figure(tree):
    assert read("notices.read_rate", tree.factory) is None
    assert read("notices.objections_answered_rate", tree.factory) is None
