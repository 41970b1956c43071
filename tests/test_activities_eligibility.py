"""Eligibility rules as data: sex, age bands with inclusive/exclusive bounds on the event date,
departments, membership status, custom lists."""
import datetime

import pytest

from gonghui.activities import actions
from gonghui.activities.eligibility import describe, eligible_members, latest_birth, reasons_not_eligible
from gonghui.core.errors import ActionError
from gonghui.members.models import Member

from .activities_fixtures import event_data, fun_day, open_event  # noqa: F401

pytestmark = pytest.mark.django_db

MEN_51_AND_OVER = [{"kind": "sex", "sex": "M"}, {"kind": "age", "age_min": 51, "age_min_inclusive": True}]


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_without_rules_every_active_member_of_the_union_is_eligible_as_in_the_seeds_whole_school(fun_day, members):
    # 全校教职工: the three school members, never the factory's 刘洋.
    assert names(eligible_members(fun_day)) == ["张敏", "王强", "赵丽"]
    assert describe(fun_day) == "全体在籍会员"


def test_51_and_over_men_includes_a_man_on_his_51st_birthday(users, tree, members):
    # 王强 was born 1980-01-01: 51 full years on 2031-01-01, 50 the day before.
    event = open_event(users.officer, tree.school, rules=MEN_51_AND_OVER, starts_at="2031-01-01 09:00",
                       ends_at="2031-01-01 11:00", signup_closes="")
    assert names(eligible_members(event)) == ["王强"]
    assert describe(event) == "51周岁(含)以上 · 男职工"


def test_51_and_over_men_excludes_him_the_day_before_and_excludes_every_woman(users, tree, members):
    event = open_event(users.officer, tree.school, rules=MEN_51_AND_OVER, starts_at="2030-12-31 09:00",
                       ends_at="2030-12-31 11:00", signup_closes="")
    assert names(eligible_members(event)) == []
    assert reasons_not_eligible(event, members.wang) == ["年龄不符：活动当天50周岁，要求51周岁(含)以上"]
    assert reasons_not_eligible(event, members.zhang) == ["本活动限男职工"]


def test_an_exclusive_lower_bound_needs_one_more_year(users, tree, members):
    rules = [{"kind": "age", "age_min": 51, "age_min_inclusive": False}]
    event = open_event(users.officer, tree.school, rules=rules, starts_at="2031-01-01 09:00",
                       ends_at="2031-01-01 11:00", signup_closes="")
    # 王强 is exactly 51: "51周岁以上(不含)" wants 52; 张敏 (born 1949) is 81.
    assert names(eligible_members(event)) == ["张敏"]


def test_upper_bounds_inclusive_and_exclusive(users, tree, members):
    # On 2027-01-29 赵丽 (1990-02-02) is 36, 王强 47, 张敏 77.
    inclusive = open_event(users.officer, tree.school, rules=[{"kind": "age", "age_max": 36}])
    exclusive = open_event(users.officer, tree.school, rules=[{"kind": "age", "age_max": 36,
                                                               "age_max_inclusive": False}])
    assert names(eligible_members(inclusive)) == ["赵丽"]
    assert names(eligible_members(exclusive)) == []


def test_two_age_bands_are_alternatives(users, tree, members):
    rules = [{"kind": "age", "age_max": 40}, {"kind": "age", "age_min": 70}]
    event = open_event(users.officer, tree.school, rules=rules)
    assert names(eligible_members(event)) == ["张敏", "赵丽"]


def test_women_only(users, tree, members):
    event = open_event(users.officer, tree.school, rules=[{"kind": "sex", "sex": "女"}])
    assert names(eligible_members(event)) == ["张敏", "赵丽"]


def test_a_department_rule_takes_its_whole_subtree(users, tree, members):
    # 王强 is in 语文一组, under 语文组分工会.
    event = open_event(users.officer, tree.school, rules=[{"kind": "org", "org": "SCH-B1"}])
    assert names(eligible_members(event)) == ["王强"]
    assert reasons_not_eligible(event, members.zhao) == ["本活动限语文组分工会的会员"]


def test_retained_members_take_part_only_when_a_status_rule_names_them(users, tree, members):
    Member.objects.filter(pk=members.zhang.pk).update(status="retained")
    everyone = open_event(users.officer, tree.school)
    retirees = open_event(users.officer, tree.school, rules=[{"kind": "status", "status": "active"},
                                                             {"kind": "status", "status": "retained"}])
    assert names(eligible_members(everyone)) == ["王强", "赵丽"]
    assert names(eligible_members(retirees)) == ["张敏", "王强", "赵丽"]


def test_a_custom_list(users, tree, members):
    event = open_event(users.officer, tree.school, rules=[{"kind": "list", "members": [members.zhao.pk],
                                                           "note": "歌咏比赛选手"}])
    assert names(eligible_members(event)) == ["赵丽"]
    assert reasons_not_eligible(event, members.wang) == ["不在本活动的指定名单内"]


def test_a_list_naming_someone_of_another_union_is_refused(users, tree, members):
    event = open_event(users.officer, tree.school)
    with pytest.raises(ActionError) as exc:
        actions.set_rules(users.officer, event, [{"kind": "list", "members": [members.liu.pk, members.zhao.pk]}])
    assert "名单中有人不是本工会会员" in exc.value.message_dict["rules"][0]


def test_an_impossible_age_band_is_refused_and_the_old_rules_stay(users, tree, members):
    event = open_event(users.officer, tree.school, rules=[{"kind": "sex", "sex": "F"}])
    with pytest.raises(ActionError) as exc:
        actions.set_rules(users.officer, event, [{"kind": "age", "age_min": 50, "age_max": 50,
                                                  "age_max_inclusive": False}])
    assert exc.value.message_dict == {"rules": ["第1条：年龄下限高于上限，没有人符合"]}
    assert [r.kind for r in event.rules.all()] == ["sex"]


def test_a_department_of_another_union_is_refused(users, tree, members):
    with pytest.raises(ActionError) as exc:
        open_event(users.officer, tree.school, rules=[{"kind": "org", "org": "FAC-G1"}])
    assert exc.value.message_dict == {"rules": ["第1条：部门须是本工会的分工会或工会小组"]}


@pytest.mark.parametrize("day, years, expected", [
    (datetime.date(2031, 1, 1), 51, datetime.date(1980, 1, 1)),
    (datetime.date(2025, 2, 28), 25, datetime.date(2000, 2, 28)),   # born 29 Feb 2000: not yet 25
    (datetime.date(2028, 2, 29), 27, datetime.date(2001, 2, 28)),
])
def test_latest_birth_date_for_an_age(day, years, expected):
    assert latest_birth(day, years) == expected


def test_someone_born_on_29_february_reaches_the_age_on_1_march(users, tree, members):
    Member.objects.filter(pk=members.zhao.pk).update(birth_date=datetime.date(2000, 2, 29))
    rules = [{"kind": "age", "age_min": 25}]
    before = open_event(users.officer, tree.school, rules=rules, starts_at="2025-02-28 09:00",
                        ends_at="2025-02-28 10:00", signup_closes="")
    after = open_event(users.officer, tree.school, rules=rules, starts_at="2025-03-01 09:00",
                       ends_at="2025-03-01 10:00", signup_closes="")
    assert "赵丽" not in names(eligible_members(before))
    assert "赵丽" in names(eligible_members(after))


def test_the_query_and_the_explanation_agree_for_every_member(users, tree, members):
    rules = [{"kind": "sex", "sex": "F"}, {"kind": "age", "age_min": 30, "age_max": 60}, {"kind": "org", "org": "SCH-B2"}]
    event = open_event(users.officer, tree.school, rules=rules)
    eligible = set(eligible_members(event).values_list("pk", flat=True))
    for m in Member.objects.all():
        assert (m.pk in eligible) == (reasons_not_eligible(event, m) == [])
    assert eligible == {members.zhao.pk}
