"""Festival and birthday greetings: the yearly cap across gifts, duplicates, sign-off."""
import pytest
from django.core.exceptions import PermissionDenied

from gonghui.accounts.models import Role
from gonghui.care import actions
from gonghui.care.models import Distribution, DistributionRow
from gonghui.core.errors import ActionError
from gonghui.spending import actions as spending_actions

from .care_fixtures import DAY, D, care  # noqa: F401
from .conftest import make_user


def festival(user, union, members, amount="300", name="中秋节", **extra):
    return actions.distribute(user, union, kind="festival", festival=name, members=members, date=DAY,
                              description="月饼一盒", amount_per_person=amount, **extra)


def test_a_festival_list_is_one_expense_with_a_row_per_member(care):
    m = care.members
    d = festival(care.users.officer, care.tree.school, [m.wang, m.zhao])
    assert d.expense.kind == "festival" and d.expense.head_count == 2 and d.expense.total == D("600.00")
    assert DistributionRow.objects.filter(distribution=d).count() == 2


def test_the_same_festival_twice_in_a_year_is_refused_naming_the_members(care):
    m = care.members
    festival(care.users.officer, care.tree.school, [m.wang])
    with pytest.raises(ActionError) as err:
        festival(care.users.officer, care.tree.school, [m.wang, m.zhao], name="中秋")
    assert err.value.message_dict["members"] == ["以下1名会员已发放过2026年中秋节慰问品，不能重复发放：王强"]
    assert Distribution.objects.count() == 1


def test_the_yearly_festival_cap_counts_every_gift_of_the_year(care):
    """▶ 安徽 (revised): a member already given 1,800 of festival gifts may receive at most 200 more."""
    m = care.members
    festival(care.users.officer, care.tree.school, [m.wang], amount="1800", name="春节")
    with pytest.raises(ActionError) as err:
        festival(care.users.officer, care.tree.school, [m.wang], amount="300")
    assert "最多还可发放200.00元" in err.value.message_dict["amount_per_person"][0]
    assert festival(care.users.officer, care.tree.school, [m.wang], amount="200").head_count == 1


def test_cash_for_a_festival_is_refused(care):
    with pytest.raises(ActionError) as err:
        festival(care.users.officer, care.tree.school, [care.members.wang], form="cash")
    assert "不得发放现金" in err.value.message_dict["amount_per_person"][0]


def test_members_of_another_union_are_refused(care):
    with pytest.raises(ActionError) as err:
        festival(care.users.officer, care.tree.school, [care.members.liu])
    assert "members" in err.value.message_dict


def test_a_birthday_greeting_is_for_members_born_that_month_once_a_year(care):
    m = care.members  # 王强 1980-01-01, 赵丽 1990-02-02
    with pytest.raises(ActionError) as err:
        actions.distribute(care.users.officer, care.tree.school, kind="birthday", month=1, members=[m.wang, m.zhao],
                           date=DAY, description="生日蛋糕券", amount_per_person="200", form="goods")
    assert "赵丽" in err.value.message_dict["members"][0]
    d = actions.distribute(care.users.officer, care.tree.school, kind="birthday", month=1, members=[m.wang],
                           date=DAY, description="生日蛋糕", amount_per_person="200")
    assert d.expense.kind == "birthday"
    with pytest.raises(ActionError):
        actions.distribute(care.users.officer, care.tree.school, kind="birthday", month=1, members=[m.wang],
                           date=DAY, description="生日蛋糕", amount_per_person="100")


def test_sign_off_by_the_member_the_group_leader_or_an_officer_records_who_and_when(care, member_user):
    m = care.members
    d = festival(care.users.officer, care.tree.school, [m.wang, m.zhao, m.zhang])
    rows = {r.member_id: r for r in d.rows.all()}
    assert actions.sign_row(member_user, rows[m.wang.pk]).signed_as == "member"
    with pytest.raises(ActionError):
        actions.sign_row(care.users.officer, rows[m.wang.pk])
    with pytest.raises(PermissionDenied):
        actions.sign_row(care.users.leader, rows[m.zhao.pk])  # 赵丽 is not in his group
    leader_row = rows[m.zhang.pk]
    other_leader = make_user("leader2")
    Role.objects.create(user=other_leader, org=care.tree.school, kind="group_leader")
    assert actions.sign_row(other_leader, leader_row).signed_as == "leader"
    signed = actions.sign_row(care.users.officer, rows[m.zhao.pk])
    assert signed.signed_as == "officer" and signed.signed_by == care.users.officer and signed.signed_at


def test_expenses_recorded_elsewhere_count_toward_the_cap(care):
    spending_actions.record_expense(care.users.finance, care.tree.school, kind="festival", festival="春节",
                                    members=[care.members.wang], amount_per_person=D("1900"), date=DAY,
                                    description="年货")
    with pytest.raises(ActionError):
        festival(care.users.officer, care.tree.school, [care.members.wang], amount="200")
    assert not Distribution.objects.exists()


def test_a_list_takes_the_same_number_of_queries_for_one_member_or_many(care):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    m = care.members
    festival(care.users.officer, care.tree.school, [m.zhang], name="元旦")  # warms the caches
    with CaptureQueriesContext(connection) as one:
        festival(care.users.officer, care.tree.school, [m.wang], name="春节")
    with CaptureQueriesContext(connection) as three:
        festival(care.users.officer, care.tree.school, [m.wang, m.zhao, m.zhang], name="端午节")
    assert len(three.captured_queries) == len(one.captured_queries)
