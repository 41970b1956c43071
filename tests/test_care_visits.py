"""Visits and condolences: occasions, caps through the spending rules, vouchers, scope and audit."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.care import actions, occasions
from gonghui.care.models import Visit
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Benefit, Expense

from .care_fixtures import DAY, D, care  # noqa: F401


def visit(user, member, **extra):
    data = dict(occasion="hospital", date=DAY, visitors="李主席、王干事", gift="慰问金", amount="800")
    data.update(extra)
    return actions.record_visit(user, member, **data)


def test_the_five_must_visits_are_built_in_and_map_to_expense_kinds(care):
    codes = {c.code: c for c in occasions.for_union(care.tree.school)}
    assert {"marriage", "death_member", "hospital", "accident", "hardship", "childbirth", "retirement"} <= {
        c for c, o in codes.items() if o.must_visit}
    assert codes["surgery"].expense_kind == "hospital_surgery"


def test_a_visit_with_money_becomes_a_checked_expense_with_a_draft_voucher(care):
    v = visit(care.users.officer, care.members.wang)
    assert v.expense.kind == "hospital" and v.expense.total == D("800.00") and v.expense.voucher_id
    assert Benefit.objects.get(member=care.members.wang).amount == D("800.00")
    entry = AuditEntry.objects.get(object_type="care.visit", object_id=v.pk)
    assert entry.action == "care_visit" and entry.org == care.tree.g1


def test_a_gift_over_the_cap_is_refused_on_the_amount_and_nothing_is_written(care):
    with pytest.raises(ActionError) as err:
        visit(care.users.officer, care.members.wang, amount="1200")
    assert err.value.message_dict["amount"] == ["住院慰问每人不超过1,000.00元，本次每人1,200.00元"]
    assert not Visit.all_objects.exists() and not Expense.objects.exists()


def test_the_chair_may_override_a_cap_with_a_reason_but_an_officer_may_not(care):
    with pytest.raises(ActionError):
        visit(care.users.officer, care.members.wang, amount="1200", override_reason="重大手术")
    v = visit(care.users.chair, care.members.wang, amount="1200", override_reason="重大手术，经班子会研究")
    assert v.expense.override_reason.startswith("重大手术")


def test_a_surgery_visit_uses_the_higher_cap(care):
    assert visit(care.users.officer, care.members.wang, occasion="surgery", amount="1800").expense.kind == \
        "hospital_surgery"


def test_a_visit_for_a_member_out_of_scope_is_refused_as_not_found(care):
    with pytest.raises(ActionError) as err:
        visit(care.users.officer, care.members.liu)
    assert err.value.message_dict["member"] == ["找不到该会员，或不在您的权限范围内"]


def test_a_user_without_care_may_not_record_visits(care):
    with pytest.raises(PermissionDenied):
        visit(care.users.finance, care.members.wang)


def test_bad_input_names_the_field(care):
    with pytest.raises(ActionError) as err:
        visit(care.users.officer, care.members.wang, occasion="nope")
    assert "occasion" in err.value.message_dict
    with pytest.raises(ActionError) as err:
        visit(care.users.officer, care.members.wang, visitors="")
    assert err.value.message_dict["visitors"] == ["不能为空"]
    with pytest.raises(ActionError) as err:
        visit(care.users.officer, care.members.wang, date=datetime.date(2099, 1, 1))
    assert "date" in err.value.message_dict


def test_a_visit_without_money_books_nothing(care):
    v = visit(care.users.officer, care.members.wang, amount="", gift="", occasion="retirement")
    assert v.expense is None and v.amount == D("0.00") and not Expense.objects.exists()


def test_a_union_switches_off_and_adds_occasions(care):
    actions.save_occasion(care.users.officer, care.tree.school, code="frontline", name="一线职工慰问",
                          expense_kind="other", active=False)
    actions.save_occasion(care.users.officer, care.tree.school, name="高温慰问", expense_kind="other")
    names = [c.name for c in occasions.for_union(care.tree.school)]
    assert "一线职工慰问" not in names and "高温慰问" in names
    assert "一线职工慰问" in [c.name for c in occasions.for_union(care.tree.factory)]


def test_a_visit_without_money_can_be_deleted_and_restored_but_a_booked_one_cannot(care):
    v = visit(care.users.officer, care.members.wang, amount="", gift="")
    actions.delete_visit(care.users.officer, v)
    assert not Visit.objects.filter(pk=v.pk).exists()
    actions.restore_visit(care.users.officer, v)
    assert Visit.objects.filter(pk=v.pk).exists()
    booked = visit(care.users.officer, care.members.wang)
    with pytest.raises(ActionError):
        actions.delete_visit(care.users.officer, booked)
