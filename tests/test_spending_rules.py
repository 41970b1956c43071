"""Spending rules as data: the presets of DOMAIN.md §4, which set applies to a union, and the check."""
import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.models import User
from gonghui.core.errors import ActionError
from gonghui.spending import actions
from gonghui.spending.models import Benefit, RuleSet
from gonghui.spending.rules import check_expense, effective_rule_set, effective_rules

from .spending_fixtures import anhui, preset  # noqa: F401

DAY = datetime.date(2026, 9, 20)
D = Decimal


def give(union, member, amount, *, kind="festival", festival="春节", day=datetime.date(2026, 2, 1)):
    """A benefit already given this year (as a recorded expense would have written it)."""
    return Benefit.objects.create(union=union, member=member, kind=kind, festival=festival, date=day,
                                  amount=D(amount), description="慰问品",
                                  recorded_by=User.objects.get(username="admin"))


# ---- the presets: DOMAIN.md's table, row by row ----

TABLE = {
    "安徽（修订）": {"festival_total": "2000", "birthday": "300", "marriage": "2000", "childbirth": "1000",
                 "hospital": "1000", "hospital_surgery": "2000", "death_member": "2000", "death_relative": "1000",
                 "retirement": "1000"},
    "安徽（2018）": {"festival_total": "1500", "birthday": "300", "marriage": "600", "childbirth": "600",
                 "hospital": "1000", "death_member": "2000", "death_relative": "1000", "retirement": "1000"},
    "广东（试行）": {"marriage": "1000", "childbirth": "1000", "death_member": "3000", "death_relative": "1000",
                 "retirement": "1000"},
    "贵州": {"spring_festival": "500", "other_festival": "200", "birthday": "300"},
    "陕西（2017）": {"festival_total": "1000"},
    "山西": {"festival_total": "1500"},
    "黑龙江（2017）": {"festival_total": "1000"},
}


@pytest.mark.parametrize("name", list(TABLE))
def test_each_preset_holds_the_per_person_caps_of_the_domain_table_and_no_others(db, name):
    rules = effective_rules(preset(name))
    amounts = {code: rule.amount for code, rule in rules.rules.items() if rule.kind in ("yearly_cap", "occasion_cap")}
    assert amounts == {code: D(v) for code, v in TABLE[name].items()}


def test_every_preset_names_its_region_source_document_and_effective_dates(db):
    presets = RuleSet.objects.filter(owner__isnull=True)
    assert presets.count() == 8
    for rule_set in presets:
        assert rule_set.region and rule_set.source and rule_set.effective_from
    assert preset("安徽（2018）").effective_to < preset("安徽（修订）").effective_from


def test_provinces_inherit_the_national_ban_on_cash_and_the_statutory_festival_list(db):
    rules = effective_rules(preset("山西"))
    assert rules.get("festival_forms_forbidden").values == ["cash", "card"]
    assert "中秋节" in rules.get("festival_allowed").values
    assert rules.get("festival_allowed").rule_set == preset("全国基线")


def test_shaanxi_allows_at_most_three_festivals_and_anhui_has_the_activity_limits(db):
    assert effective_rules(preset("陕西（2017）")).get("festival_count").count == 3
    anhui = effective_rules(preset("安徽（修订）"))
    assert {code: describe for code, describe in [("outing", anhui.get("outing").amount),
                                                   ("first_prize", anhui.get("first_prize").amount),
                                                   ("uniform", anhui.get("uniform").amount),
                                                   ("cinema", anhui.get("cinema").amount),
                                                   ("hardship", anhui.get("hardship").amount)]} == {
        "outing": D("200"), "first_prize": D("500"), "uniform": D("600"), "cinema": D("150"), "hardship": D("2000")}
    assert anhui.get("winners_share").fraction == "1/3"


# ---- which set applies ----

def test_a_union_without_choices_follows_the_national_baseline(tree):
    assert effective_rule_set(tree.school, DAY) == preset("全国基线")


def test_a_union_follows_the_set_its_nearest_federation_chose(tree, users, anhui):
    assert effective_rule_set(tree.school, DAY) == anhui
    actions.choose_rule_set(users.federation, tree.town, preset("山西"))
    assert effective_rule_set(tree.school, DAY) == preset("山西")
    assert effective_rule_set(tree.g1, DAY) == preset("山西")  # a group follows its union


def test_an_expired_choice_gives_way_to_the_version_of_the_same_province_in_force(tree, users):
    actions.choose_rule_set(users.federation, tree.county, preset("安徽（2018）"))
    assert effective_rule_set(tree.school, datetime.date(2020, 5, 1)) == preset("安徽（2018）")
    assert effective_rule_set(tree.school, DAY) == preset("安徽（修订）")


def test_a_union_with_its_own_set_follows_it(tree, users, anhui):
    own = actions.adjust_rule_set(users.chair, tree.school, name="一中工会细则", effective_from=datetime.date(2026, 1, 1),
                                  rules={"festival_total": "1800"})
    assert effective_rule_set(tree.school, DAY) == own
    assert effective_rule_set(tree.factory, DAY) == anhui
    assert effective_rule_set(tree.school, datetime.date(2025, 6, 1)) == anhui


# ---- the check ----

def test_a_member_given_1800_of_festival_gifts_may_receive_at_most_200_more(tree, users, members, anhui):
    give(tree.school, members.wang, "1800")
    verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("300"),
                            members=[members.wang, members.zhao], date=DAY)
    assert not verdict.ok
    [breach] = verdict.breaches
    assert breach.member_id == members.wang.pk
    assert (breach.cap, breach.already, breach.allowed_remaining) == (D("2000"), D("1800"), D("200"))
    assert "本年度已发放节日慰问品1,800.00元，上限2,000.00元，最多还可发放200.00元" in breach.message
    assert breach.message.startswith("王强")


def test_exactly_the_remaining_allowance_is_within_the_rules(tree, users, members, anhui):
    give(tree.school, members.wang, "1800")
    verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("200"),
                            members=[members.wang], date=DAY)
    assert verdict.ok and verdict.breaches == []


def test_last_years_gifts_do_not_count_against_this_years_cap(tree, users, members, anhui):
    give(tree.school, members.wang, "1900", day=datetime.date(2025, 9, 1))
    assert check_expense(tree.school, kind="festival", festival="国庆节", amount_per_person=D("500"),
                         members=[members.wang], date=DAY).ok


def test_cash_or_cards_for_festival_gifts_are_a_forbidden_item(tree, members, anhui):
    for form, word in (("cash", "现金"), ("card", "购物卡")):
        verdict = check_expense(tree.school, kind="festival", festival="春节", amount_per_person=D("100"),
                                members=[members.wang], date=DAY, form=form)
        [breach] = verdict.breaches
        assert breach.member_id is None and breach.rule == "festival_forms_forbidden"
        assert "只能发放实物" in breach.message and word in breach.message


def test_a_festival_that_is_not_statutory_is_refused_by_name(tree, members, anhui):
    with pytest.raises(ActionError) as err:
        check_expense(tree.school, kind="festival", festival="圣诞节", amount_per_person=D("100"),
                      members=[members.wang], date=DAY)
    assert "“圣诞节”不是法定节日" in err.value.message_dict["festival"][0]
    assert check_expense(tree.school, kind="festival", festival="五一", amount_per_person=D("100"),
                         members=[members.wang], date=DAY).festival == "劳动节"


def test_guizhou_caps_the_spring_festival_and_each_other_festival_separately(tree, users, members):
    actions.choose_rule_set(users.federation, tree.county, preset("贵州"))
    give(tree.school, members.wang, "450", festival="春节")
    give(tree.school, members.wang, "150", festival="端午节", day=datetime.date(2026, 6, 1))
    spring = check_expense(tree.school, kind="festival", festival="春节", amount_per_person=D("100"),
                           members=[members.wang], date=DAY)
    assert [b.allowed_remaining for b in spring.breaches] == [D("50")]
    assert "本年度已发放春节慰问品450.00元，上限500.00元，最多还可发放50.00元" in spring.breaches[0].message
    assert check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("200"),
                         members=[members.wang], date=DAY).ok
    duanwu = check_expense(tree.school, kind="festival", festival="端午节", amount_per_person=D("100"),
                           members=[members.wang], date=DAY)
    assert duanwu.breaches[0].rule == "other_festival" and duanwu.breaches[0].allowed_remaining == D("50")


def test_shaanxi_refuses_a_fourth_festival_for_a_member(tree, users, members):
    actions.choose_rule_set(users.federation, tree.county, preset("陕西（2017）"))
    for i, festival in enumerate(["元旦", "春节", "端午节"]):
        give(tree.school, members.wang, "100", festival=festival, day=datetime.date(2026, 1 + i, 1))
    verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("100"),
                            members=[members.wang, members.zhao], date=DAY)
    [breach] = verdict.breaches
    assert breach.rule == "festival_count" and breach.member_id == members.wang.pk
    assert "已在3个节日发放慰问品" in breach.message and "最多3个节日" in breach.message
    assert check_expense(tree.school, kind="festival", festival="春节", amount_per_person=D("100"),
                         members=[members.wang], date=DAY).ok  # a second gift at the same festival


def test_per_occasion_caps_apply_to_the_amount_of_this_occasion(tree, members, anhui):
    verdict = check_expense(tree.school, kind="hospital_surgery", amount_per_person=D("2500"),
                            members=[members.zhang], date=DAY)
    [breach] = verdict.breaches
    assert breach.member_id is None and breach.cap == D("2000")
    assert breach.message == "住院慰问（手术）每人不超过2,000.00元，本次每人2,500.00元"
    assert check_expense(tree.school, kind="marriage", amount_per_person=D("2000"), members=[members.zhang],
                         date=DAY).ok


def test_prizes_may_go_to_at_most_a_third_of_the_participants(tree, members, anhui):
    verdict = check_expense(tree.school, kind="prize", amount_per_person=D("600"), members=[members.wang],
                            date=DAY, participants=30, winners=11)
    assert sorted(b.rule for b in verdict.breaches) == ["first_prize", "winners_share"]
    assert any(b.message == "获奖人数11人超过参赛人数30人的1/3（最多10人）" for b in verdict.breaches)
    with pytest.raises(ActionError) as err:
        check_expense(tree.school, kind="prize", amount_per_person=D("100"), members=[members.wang], date=DAY)
    assert "参赛人数" in err.value.message_dict["participants"][0]


def test_uniforms_are_capped_per_person_per_year(tree, members, anhui):
    give(tree.school, members.zhao, "500", kind="uniform", festival="")
    verdict = check_expense(tree.school, kind="uniform", amount_per_person=D("200"), members=[members.zhao],
                            date=DAY)
    assert verdict.breaches[0].allowed_remaining == D("100")


def test_bad_input_is_refused_with_the_field_named(tree, members, anhui):
    with pytest.raises(ActionError) as err:
        check_expense(tree.school, kind="festival", festival="", amount_per_person=D("0"), members=[members.wang],
                      date=DAY)
    assert set(err.value.message_dict) == {"festival", "amount_per_person"}
    with pytest.raises(ActionError) as err:
        check_expense(tree.school, kind="birthday", amount_per_person=D("100"), members=[members.liu], date=DAY)
    assert err.value.message_dict["members"] == ["有的发放对象不是本工会的会员"]
    with pytest.raises(ActionError) as err:
        check_expense(tree.school, kind="gift", amount_per_person=D("100"), members=[members.wang], date=DAY)
    assert "开支类型应为" in err.value.message_dict["kind"][0]


def test_the_check_reads_all_members_totals_in_one_query_whatever_their_number(
        tree, users, members, anhui, django_assert_num_queries):
    from gonghui.members.models import Member

    for m in (members.wang, members.zhao, members.zhang):
        give(tree.school, m, "1900")
    few = Member.objects.filter(pk=members.wang.pk)
    many = Member.objects.filter(union=tree.school)
    with django_assert_num_queries(6) as few_queries:
        check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("200"), members=few,
                      date=DAY)
    with django_assert_num_queries(len(few_queries.captured_queries)):
        verdict = check_expense(tree.school, kind="festival", festival="中秋节", amount_per_person=D("200"),
                                members=many, date=DAY)
    assert len(verdict.breaches) == 3


def test_preset_versions_of_one_region_may_not_overlap(tmp_path):
    import json

    from gonghui.spending.presets import read_presets

    specs = read_presets()
    assert [s["name"] for s in specs if s["region"] == "安徽"] == ["安徽（2018）", "安徽（修订）"]
    anhui_2018 = next(s for s in specs if s["name"] == "安徽（2018）")
    anhui_2018["effective_to"] = None
    path = tmp_path / "presets.json"
    path.write_text(json.dumps({"rule_sets": specs}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="“安徽（修订）”与“安徽（2018）”的生效期重叠"):
        read_presets(path)
