"""Split tables per federation and the set-up reserve (建会筹备金): who may set them and what is refused."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.funds import actions, rules
from gonghui.funds.models import SetupReserve, SplitRule
from gonghui.orgs import actions as org_actions

from .conftest import make_user

YEAR = timezone.localdate().year - 1
FOUR_LEVELS = [("county", "15"), ("city", "10"), ("province", "10"), ("national", "5")]


def test_a_four_level_table_is_saved_in_level_order_and_audited(admin_user, tree):
    rule = actions.create_split_rule(admin_user, tree.county, effective_from="2020-01-01", grassroots_share="60",
                                     shares=list(reversed(FOUR_LEVELS)), source="某省工会经费分成办法")
    assert [(s.level, s.share) for s in rule.shares.order_by("id")] == [(lv, D(p)) for lv, p in FOUR_LEVELS]
    entry = AuditEntry.objects.get(action="funds_split_create")
    assert entry.org == tree.county and "县区总工会15%" in entry.changes["shares"][1]


@pytest.mark.parametrize("grassroots, shares, field, message", [
    ("60", [("county", "30")], "shares", "基层留成与各级分成合计应为100%，现为90%（相差10%）"),
    ("60", [("county", "30"), ("county", "10")], "shares.2", "第2行：县区总工会重复"),
    ("60", [("village", "40")], "shares.1", "第1行层级应为"),
    ("0", [("county", "100")], "grassroots_share", "应大于0%且不超过100%"),
    ("60", [("county", "-5"), ("city", "45")], "shares.1", "第1行（县区总工会）比例应大于0%且不超过100%"),
    ("六十", [("county", "40")], "grassroots_share", "不是百分比数字"),
    ("60.005", [("county", "39.995")], "grassroots_share", "最多保留2位小数"),
])
def test_an_unbalanced_or_malformed_table_is_refused(admin_user, tree, grassroots, shares, field, message):
    with pytest.raises(ActionError) as exc:
        actions.create_split_rule(admin_user, tree.county, effective_from="2020-01-01",
                                  grassroots_share=grassroots, shares=shares)
    assert message in exc.value.message_dict[field][0]
    assert not SplitRule.objects.filter(federation=tree.county).exists()


def test_only_a_federation_officer_above_sets_a_table_and_only_the_superuser_the_national_one(users, tree):
    with pytest.raises(PermissionDenied):
        actions.create_split_rule(users.chair, tree.town, effective_from="2020-01-01", grassroots_share="60",
                                  shares=[("town", "40")])
    with pytest.raises(ActionError, match="只能由总工会设置"):
        actions.create_split_rule(users.chair, tree.school, effective_from="2020-01-01", grassroots_share="60",
                                  shares=[("town", "40")])
    with pytest.raises(ActionError, match="只有系统管理员"):
        actions.create_split_rule(users.federation, None, effective_from="2020-01-01", grassroots_share="60",
                                  shares=[("upper", "40")])
    rule = actions.create_split_rule(users.federation, tree.town, effective_from="2020-01-01",
                                     grassroots_share="60", shares=[("town", "40")])
    assert rules.split_rule_for(tree.school, datetime.date(YEAR, 1, 1)) == rule


def test_a_later_table_takes_over_from_its_date_and_a_used_one_cannot_be_deleted(users, tree, admin_user):
    old = actions.create_split_rule(admin_user, tree.county, effective_from="2020-01-01", grassroots_share="60",
                                    shares=FOUR_LEVELS)
    new = actions.create_split_rule(admin_user, tree.county, effective_from=f"{YEAR}-07-01", grassroots_share="65",
                                    shares=[("county", "35")])
    assert rules.split_rule_for(tree.factory, datetime.date(YEAR, 6, 30)) == old
    assert rules.split_rule_for(tree.factory, datetime.date(YEAR, 7, 1)) == new
    actions.record_allocation(users.finance, tree.school, period=f"{YEAR}-03", payroll_total="1",
                              collection="direct")
    with pytest.raises(ActionError, match="不能删除"):
        actions.delete_split_rule(admin_user, old)
    actions.delete_split_rule(admin_user, new, reason="录入错误")
    assert not SplitRule.objects.filter(pk=new.pk).exists() and SplitRule.all_objects.filter(pk=new.pk).exists()


def test_a_second_table_of_the_same_federation_and_date_is_refused(admin_user, tree):
    actions.create_split_rule(admin_user, tree.county, effective_from="2020-01-01", grassroots_share="60",
                              shares=FOUR_LEVELS)
    with pytest.raises(ActionError) as exc:
        actions.create_split_rule(admin_user, tree.county, effective_from="2020-01-01", grassroots_share="60",
                                  shares=FOUR_LEVELS)
    assert "已存在" in exc.value.message_dict["effective_from"][0]


@pytest.fixture
def keeper(tree):
    user = make_user("countyfinance")
    Role.objects.create(user=user, org=tree.county, kind="finance")
    return user


def test_a_setup_reserve_is_two_percent_held_by_the_federation_and_returned_once(keeper, tree):
    reserve = actions.record_reserve(keeper, tree.county, employer_name="星辰公司", period=f"{YEAR}-Q1",
                                     payroll_total="300000", received_on=f"{YEAR}-04-15",
                                     employer_uscc="91110000802100433B")
    assert reserve.amount == D("6000.00") and reserve.status == "held"
    with pytest.raises(ActionError, match="筹备金已登记"):
        actions.record_reserve(keeper, tree.county, employer_name="星辰公司", period=f"{YEAR}-02",
                               payroll_total="1", received_on=f"{YEAR}-04-15")
    with pytest.raises(ActionError) as exc:
        actions.return_reserve(keeper, reserve, union=tree.b1, date=f"{YEAR}-05-01")
    assert exc.value.message_dict == {"union": ["请选择新成立的基层工会"]}
    actions.return_reserve(keeper, reserve, union=tree.factory, date=f"{YEAR}-05-01")
    with pytest.raises(ActionError, match="已返还"):
        actions.return_reserve(keeper, reserve, union=tree.factory, date=f"{YEAR}-05-02")
    assert list(AuditEntry.objects.filter(object_type="funds.setupreserve").order_by("id")
                .values_list("action", flat=True)) == ["funds_reserve", "funds_reserve_return"]


def test_a_reserve_is_refused_for_bad_input_and_for_a_union_outside_the_federation(keeper, tree, admin_user):
    with pytest.raises(ActionError) as exc:
        actions.record_reserve(keeper, tree.county, employer_name=" ", period="下个月", payroll_total="-1",
                               received_on="2999-01-01")
    assert set(exc.value.message_dict) == {"employer_name", "period", "payroll_total", "received_on"}
    other_county = org_actions.create_org(
        admin_user, parent=None, kind="county", code="C2", name="另一县总工会")
    elsewhere = org_actions.create_org(
        admin_user, parent=other_county, kind="grassroots", union_type="enterprise", code="ELSE", name="外县工会")
    reserve = actions.record_reserve(keeper, tree.county, employer_name="星辰公司", period=f"{YEAR}-01",
                                     payroll_total="100", received_on=f"{YEAR}-02-01")
    with pytest.raises(ActionError, match="不在某县总工会之下"):
        actions.return_reserve(admin_user, reserve, union=elsewhere, date=f"{YEAR}-03-01")
    assert SetupReserve.objects.get().status == "held"


def test_a_grassroots_bookkeeper_cannot_keep_a_federations_reserve(users, tree):
    with pytest.raises(PermissionDenied):
        actions.record_reserve(users.finance, tree.county, employer_name="x", period=f"{YEAR}-01",
                               payroll_total="1", received_on=f"{YEAR}-02-01")
    with pytest.raises(ActionError, match="由总工会代管"):
        actions.record_reserve(users.finance, tree.school, employer_name="x", period=f"{YEAR}-01",
                               payroll_total="1", received_on=f"{YEAR}-02-01")
