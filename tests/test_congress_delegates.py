"""Terms, delegates and the composition checks that block confirming the list unless overridden."""
import datetime

import pytest

from gonghui.congress import actions, queries
from gonghui.congress.models import Session
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import add_members, make_term, open_session


def test_school_terms_default_to_teachers_congress_and_small_units_to_an_assembly(tree, users):
    t = actions.create_term(users.chair, tree.school, number=7, start=datetime.date(2025, 3, 1),
                            employee_count=150, women_employees=90)
    assert t.kind == "teachers" and str(t) == "第一中学工会第七届教职工代表大会"
    f = actions.create_term(users.outsider, tree.factory, number=3, start=datetime.date(2025, 3, 1),
                            employee_count=80, women_employees=20)
    assert f.kind == "assembly"


def test_bad_term_input_names_the_field(tree, users):
    with pytest.raises(ActionError) as e:
        actions.create_term(users.chair, tree.school, number=0, start=None, employee_count=10, women_employees=11)
    assert set(e.value.message_dict) == {"number", "start", "women_employees"}


def test_composition_blocks_confirmation_until_overridden_with_a_reason(tree, users):
    # 30 delegates of a school: 14 teachers, 8 technical staff, 8 managers
    term = make_term(users.chair, tree.school, delegates=30, employees=150, women_employees=60,
                     categories=["teacher"] * 14 + ["technical"] * 8 + ["manager"] * 8)
    failing = {c.code for c in queries.composition_checks(term) if not c.ok}
    assert failing == {"frontline", "managers", "teachers"}
    with pytest.raises(ActionError) as e:
        actions.confirm_delegates(users.chair, term)
    assert "一线职工代表 14 人" in e.value.message_dict["override_reason"][0]
    actions.confirm_delegates(users.chair, term, override_reason="学校教师即一线教职工")
    term.refresh_from_db()
    assert term.confirmed_at and term.confirm_override == "学校教师即一线教职工"
    assert AuditEntry.objects.filter(action="confirm", object_id=term.pk, object_type="congress.term").exists()


def test_women_share_counts_female_delegates_from_the_roster(tree, users):
    # members 1..30: even numbers are women → 15 women; 60/150 employees → 30 × 0.4 = 12 needed
    term = make_term(users.chair, tree.school, delegates=30, employees=150, women_employees=60,
                     categories=["teacher"] * 18 + ["technical"] * 6 + ["manager"] * 6)
    checks = {c.code: c for c in queries.composition_checks(term)}
    assert checks["women"].ok and checks["women"].actual == 15
    assert checks["teachers"].ok and checks["managers"].ok
    assert checks["frontline"].ok and checks["frontline"].actual == 18  # teachers are the school's frontline


def test_in_a_factory_teachers_do_not_count_as_frontline(tree, users):
    term = make_term(users.outsider, tree.factory, delegates=30, employees=150, women_employees=60,
                     categories=["teacher"] * 18 + ["technical"] * 12)
    checks = {c.code: c for c in queries.composition_checks(term)}
    assert not checks["frontline"].ok and "teachers" not in checks


def test_adding_a_delegate_after_confirmation_asks_for_confirmation_again(tree, users):
    term = make_term(users.chair, tree.school, delegates=3)
    actions.confirm_delegates(users.chair, term, override_reason="测试")
    extra = add_members(users.chair, tree.school, 1, start=200)[0]
    actions.add_delegate(users.chair, term, member=extra, category="frontline", group="第一代表团")
    term.refresh_from_db()
    assert term.confirmed_at is None
    with pytest.raises(ActionError) as e:
        actions.add_delegate(users.chair, term, member=extra, category="frontline", group="第一代表团")
    assert "已是本届代表" in e.value.message_dict["member"][0]


def test_a_delegate_must_be_a_member_of_the_union(tree, users, members):
    term = make_term(users.chair, tree.school, delegates=1)
    with pytest.raises(ActionError) as e:
        actions.add_delegate(users.chair, term, member=members.liu, category="frontline", group="一团")
    assert "本工会会员" in e.value.message_dict["member"][0]


def test_a_session_cannot_open_before_the_list_is_confirmed_and_sign_in_is_once(tree, users):
    term = make_term(users.chair, tree.school, delegates=3)
    s = actions.create_session(users.chair, term, meeting=1, date=datetime.date(2026, 12, 3))
    assert s.label == "七届一次"
    with pytest.raises(ActionError):
        actions.set_session_status(users.chair, s, Session.Status.OPEN)
    s = open_session(users.chair, term, meeting=2, present=1)
    d = s.attendance.get().delegate
    with pytest.raises(ActionError) as e:
        actions.sign_in(users.chair, s, delegate=d)
    assert "已签到" in e.value.message_dict["delegate"][0]
    with pytest.raises(ActionError):
        actions.create_session(users.chair, term, meeting=2, date=datetime.date(2026, 12, 3))
