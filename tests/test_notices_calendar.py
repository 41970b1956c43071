"""The disclosure calendar (DOMAIN §8): due items per requirement, met/overdue/upcoming, coverage.

Worked example (the school, 2026, national defaults only, today 2026-12-03):
  finance (half-yearly)           2 items: H1 due 06-30, H2 due 12-31
  welfare, evaluation, labour, rules, hospitality (yearly, 12-31)   5 items
  tenders (half-yearly, public bodies)   2 items
  → 9 periodic items; a congress on 2026-04-20 adds papers due 04-13 and results due 04-23.
  Published: finance on 2026-03-10 (H1 met), congress papers on 04-10 (met), results on 04-25 (too late).
  Counted = items due by today (H1 finance, H1 tenders, papers, results) + items already met (none more)
          = 4; met = 2 → coverage 50.00%.
"""
import datetime
from decimal import Decimal

import pytest

from gonghui.notices import actions, calendar
from gonghui.notices.models import Frequency

from .notices_fixtures import TODAY, category, published

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def school_year(tree, users, members):
    officer = users.officer
    actions.create_event(officer, tree.school, kind="congress", title="第三届教代会第二次会议", date=D(2026, 4, 20))
    published(officer, tree.school, code="finance", start=D(2026, 3, 10), today=D(2026, 3, 10))
    published(officer, tree.school, code="congress", title="教代会会议文件", start=D(2026, 4, 10), today=D(2026, 4, 10))
    published(officer, tree.school, code="congress", title="教代会决议", start=D(2026, 4, 25), today=D(2026, 4, 25))
    return tree.school


def test_the_school_year_expands_into_periodic_and_event_items(school_year):
    items = calendar.due_items([school_year], D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
    periodic = [i for i in items if i.event is None]
    events = [i for i in items if i.event is not None]
    assert len(periodic) == 9
    assert sorted((i.due, i.requirement.frequency) for i in events) == [
        (D(2026, 4, 13), Frequency.BEFORE_EVENT), (D(2026, 4, 23), Frequency.AFTER_EVENT)]


def test_items_are_met_only_inside_their_window(school_year):
    items = calendar.due_items([school_year], D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
    state = {(i.category.code, i.label, i.requirement.frequency): i.state for i in items}
    assert state[("finance", "2026年上半年", Frequency.HALF_YEARLY)] == calendar.MET
    assert state[("finance", "2026年下半年", Frequency.HALF_YEARLY)] == calendar.UPCOMING
    assert state[("congress", "第三届教代会第二次会议", Frequency.BEFORE_EVENT)] == calendar.MET
    # results were posted on 04-25, two days after the 3-day limit (04-23)
    assert state[("congress", "第三届教代会第二次会议", Frequency.AFTER_EVENT)] == calendar.OVERDUE
    assert state[("tenders", "2026年上半年", Frequency.HALF_YEARLY)] == calendar.OVERDUE


def test_coverage_of_the_worked_example_is_fifty_percent(school_year):
    total = calendar.coverage(calendar.due_items([school_year], D(2026, 1, 1), D(2026, 12, 31), today=TODAY))
    assert (total.met, total.counted, total.overdue) == (2, 4, 2)
    assert total.rate == Decimal("50.00")
    assert total.by_category["财务"].rate == Decimal("100.00")
    assert total.by_category["招投标与采购"].rate == Decimal("0.00")


def test_an_enterprise_does_not_owe_public_body_categories(tree):
    items = calendar.due_items([tree.factory], D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
    codes = {i.category.code for i in items}
    assert "tenders" not in codes and "hospitality" not in codes and "finance" in codes


def test_a_withdrawn_notice_does_not_meet_an_item(tree, users, members):
    notice = published(users.officer, tree.school, code="finance", start=D(2026, 3, 10), today=D(2026, 3, 10))
    actions.withdraw_notice(users.officer, notice, reason="有误")
    items = calendar.due_items([tree.school], D(2026, 1, 1), D(2026, 6, 30), today=TODAY)
    finance = [i for i in items if i.category.code == "finance"]
    assert [i.state for i in finance] == [calendar.OVERDUE]


def test_a_federation_requirement_applies_to_its_unions_only(tree, users, admin_user):
    actions.create_requirement(admin_user, tree.town, category=category("personnel"), what="职称评聘结果",
                               frequency=Frequency.QUARTERLY)
    items = calendar.due_items([tree.school, tree.factory], D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
    personnel = [i for i in items if i.category.code == "personnel"]
    assert len(personnel) == 8  # four quarters for each union under the town
    assert {i.due for i in personnel} == {D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)}


def test_a_yearly_requirement_with_a_day_and_a_one_off(tree, users):
    actions.create_requirement(users.chair, tree.school, category=category("decisions"), what="五年发展规划",
                               frequency=Frequency.ONCE, due_date=D(2026, 9, 1))
    actions.create_requirement(users.chair, tree.school, category=category("personnel"), what="年度考核结果",
                               frequency=Frequency.YEARLY, due_month=2, due_day=30)
    items = calendar.due_items([tree.school], D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
    due = {i.requirement.what: i.due for i in items}
    assert due["五年发展规划"] == D(2026, 9, 1)
    assert due["年度考核结果"] == D(2026, 2, 28)  # the 30th of February is the month's last day


def test_bad_requirement_input_names_the_fields(tree, users):
    from gonghui.core.errors import ActionError

    with pytest.raises(ActionError) as exc:
        actions.create_requirement(users.chair, tree.school, category=category("congress"), what="",
                                   frequency=Frequency.BEFORE_EVENT, lead_days=None, event_kind="")
    assert {"what", "lead_days", "event_kind"} <= set(exc.value.message_dict)


def test_many_unions_cost_a_fixed_number_of_queries(tree, users, members, django_assert_num_queries):
    published(users.officer, tree.school, code="finance", start=D(2026, 3, 10), today=D(2026, 3, 10))
    unions = [tree.school, tree.factory]
    with django_assert_num_queries(3):  # requirements, events, notices
        calendar.due_items(unions, D(2026, 1, 1), D(2026, 12, 31), today=TODAY)
