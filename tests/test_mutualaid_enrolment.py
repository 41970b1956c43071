"""Plans, batch enrolment, eligibility, renewal and the premium voucher."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.members.models import Member
from gonghui.mutualaid import actions
from gonghui.mutualaid.models import Enrolment, EnrolmentBatch, MutualAidPlan

from .conftest import member_data
from .fixtures.rosters import id_number
from .mutualaid_fixtures import enrolled, plan, plan_data, women_plan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_plan_is_created_with_its_limits_in_decimal_yuan_and_audited(plan, users):
    assert plan.premium == Decimal("60.00") and plan.union_share == Decimal("60.00")
    assert plan.per_claim_limit == Decimal("3000.00") and plan.yearly_limit == Decimal("5000.00")
    entry = AuditEntry.objects.get(object_type="mutualaid.mutualaidplan", object_id=plan.pk)
    assert entry.action == "create" and entry.changes["premium"] == [None, "60.00"]


@pytest.mark.parametrize("field,value,message", [
    ("coverage_end", "2025-12-31", "保障终止日不能早于保障起始日"),
    ("coverage_end", "2026-02-30", "不是存在的日期"),
    ("premium", "12.345", "两位小数"),
    ("premium", "abc", "不是金额"),
    ("per_claim_limit", "9000", "单次给付上限不能高于年度累计给付上限"),
    ("coverage_start", "2025-06-01", "保障起始日应在2026年内"),
])
def test_bad_plan_input_names_the_field_in_chinese(users, tree, field, value, message):
    with pytest.raises(ActionError) as err:
        actions.create_plan(users.chair, tree.school, **plan_data(**{field: value}))
    assert any(message in m for m in err.value.message_dict[field])
    assert not MutualAidPlan.all_objects.exists()


def test_a_split_premium_needs_the_union_share_below_the_premium(users, tree):
    with pytest.raises(ActionError) as err:
        actions.create_plan(users.chair, tree.school, **plan_data(payer="split", union_share="80"))
    assert "union_share" in err.value.message_dict
    plan = actions.create_plan(users.chair, tree.school, **plan_data(payer="split", union_share="40"))
    assert actions._shares(plan) == (Decimal("40.00"), Decimal("20.00"))


def test_finance_and_outsiders_cannot_define_plans(users, tree):
    for user in (users.finance, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.create_plan(user, tree.school, **plan_data())


def test_a_federation_plan_is_defined_by_its_officer_and_used_by_its_unions(users, tree, members):
    plan = actions.create_plan(users.federation, tree.county, **plan_data(name="县职工互助保障"))
    assert MutualAidPlan.objects.visible_to(users.officer, "view").filter(pk=plan.pk).exists()
    batch = actions.enrol(users.officer, plan, tree.g1)
    assert batch.head_count == 1 and batch.union == tree.school
    with pytest.raises(PermissionDenied):
        actions.create_plan(users.officer, tree.county, **plan_data(name="越权计划"))


def test_a_whole_union_is_enrolled_in_one_batch_with_the_premium_total(plan, users, tree, members):
    batch = actions.enrol(users.officer, plan, tree.school)
    assert batch.head_count == 3
    assert batch.premium_total == Decimal("180.00") and batch.union_total == Decimal("180.00")
    assert batch.member_total == Decimal("0.00")
    assert set(Enrolment.objects.filter(batch=batch).values_list("member_id", flat=True)) == {
        members.wang.pk, members.zhao.pk, members.zhang.pk}
    assert AuditEntry.objects.filter(object_type="mutualaid.enrolmentbatch", action="enrol").count() == 1


def test_a_group_batch_enrols_only_that_group(plan, users, tree, members):
    batch = actions.enrol(users.officer, plan, tree.g1)
    assert list(Enrolment.objects.filter(batch=batch).values_list("member_id", flat=True)) == [members.wang.pk]


def test_a_man_cannot_join_the_womens_special_disease_plan(women_plan, users, tree, members):
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, women_plan, tree.school, members=[members.wang, members.zhao])
    assert err.value.message_dict["members"] == ["王强是男职工，女职工特种疾病互助仅限女职工参加"]
    assert not Enrolment.objects.exists() and not EnrolmentBatch.objects.exists()


def test_a_union_batch_for_the_womens_plan_skips_the_men_and_says_why(women_plan, users, tree, members):
    batch = actions.enrol(users.officer, women_plan, tree.school)
    assert batch.head_count == 2 and batch.skipped == {"本计划仅限女职工参加": 1}


def test_a_retained_retiree_is_refused_where_the_plan_excludes_them(plan, users, tree, members):
    member_actions.retire(users.chair, members.zhang, when=datetime.date(2026, 6, 30))
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school, members=[members.zhang])
    assert "保留会籍会员（退休等）不在本计划保障范围" in err.value.message_dict["members"][0]
    plan2 = actions.create_plan(users.chair, tree.school, **plan_data(name="退休职工互助", include_retained=True))
    assert actions.enrol(users.officer, plan2, tree.school, members=[members.zhang]).head_count == 1


def test_an_age_band_refuses_members_outside_it(users, tree, members):
    plan = actions.create_plan(users.chair, tree.school, **plan_data(min_age=18, max_age=60))
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school, members=[members.zhang])
    assert err.value.message_dict["members"] == ["本计划限18至60周岁参加，张敏在保障起始日为76周岁"]


def test_a_duplicate_enrolment_is_refused_and_nothing_is_half_written(enrolled, plan, users, tree, members):
    batches = EnrolmentBatch.objects.count()
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school, members=[members.wang])
    assert err.value.message_dict["members"] == ["王强：已参加本计划"]
    assert EnrolmentBatch.objects.count() == batches and Enrolment.objects.count() == 3


def test_a_second_union_batch_says_there_is_nobody_left(enrolled, plan, users, tree):
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school)
    assert "已参加本计划3人" in err.value.message_dict["org"][0]


def test_members_of_another_union_cannot_be_named(plan, users, tree, members):
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school, members=[members.liu])
    assert "members" in err.value.message_dict


def test_an_outsider_cannot_enrol_the_school(plan, users, tree):
    with pytest.raises(PermissionDenied):
        actions.enrol(users.outsider, plan, tree.school)


def test_a_plan_whose_coverage_has_ended_takes_no_enrolment(users, tree, members):
    plan = actions.create_plan(users.chair, tree.school, **plan_data(year=2025, coverage_start="2025-01-01",
                                                                     coverage_end="2025-12-31"))
    with pytest.raises(ActionError) as err:
        actions.enrol(users.officer, plan, tree.school)
    assert "保障期已于2025-12-31结束" in err.value.message_dict["plan"][0]


def test_batch_enrolment_runs_a_fixed_number_of_queries_whatever_the_size(plan, users, tree, members,
                                                                         django_assert_max_num_queries):
    for i in range(40):
        member_actions.create_member(users.chair, org=tree.b2, data=member_data(
            "zhao", name="批量" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯"[i // 10], id_number=id_number(birth="19850101", seq=200 + 2 * i), phone=""))
    with django_assert_max_num_queries(16):
        batch = actions.enrol(users.officer, plan, tree.school)
    assert batch.head_count == 43


def test_renewal_creates_next_years_plan_and_carries_over_those_still_eligible(enrolled, plan, users, tree,
                                                                              members):
    member_actions.retire(users.chair, members.zhang, when=datetime.date(2026, 11, 30))
    batch = actions.renew(users.officer, plan, tree.school)
    following = batch.plan
    assert following.year == 2027 and following.renewed_from == plan
    assert following.coverage_start == datetime.date(2027, 1, 1) and following.coverage_end == datetime.date(2027, 12, 31)
    assert batch.kind == "renew" and batch.head_count == 2
    assert batch.skipped == {"保留会籍会员（退休等）不在本计划保障范围": 1}
    with pytest.raises(ActionError):
        actions.renew(users.officer, plan, tree.school)


def test_a_union_waits_for_its_federation_to_publish_next_year(users, tree, members):
    plan = actions.create_plan(users.federation, tree.county, **plan_data(name="县职工互助保障"))
    actions.enrol(users.officer, plan, tree.school)
    with pytest.raises(ActionError) as err:
        actions.renew(users.officer, plan, tree.school)
    assert "尚未发布2027年度" in err.value.message_dict["plan"][0]
    following = actions.publish_next_year(users.federation, plan, premium="66")
    assert (following.year, following.premium, following.renewed_from) == (2027, Decimal("66.00"), plan)
    batch = actions.renew(users.officer, plan, tree.school)
    assert batch.plan == following and batch.premium_total == Decimal("198.00")
    with pytest.raises(ActionError):
        actions.publish_next_year(users.federation, plan)


def test_the_premium_voucher_is_drafted_on_the_service_account(plan, users, tree, members):
    from gonghui.ledger.models import Voucher

    batch = actions.enrol(users.officer, plan, tree.school, draft_voucher=True)
    voucher = Voucher.objects.get(pk=batch.voucher_id)
    assert voucher.source == "mutualaid" and voucher.source_ref == f"mutualaid:{batch.pk}"
    assert voucher.total_debit == Decimal("180.00") and voucher.status == "draft"
    lines = list(voucher.lines.order_by("line_no").values_list("account__code", "debit", "credit"))
    assert lines == [("509", Decimal("180.00"), Decimal("0.00")), ("102", Decimal("0.00"), Decimal("180.00"))]
    with pytest.raises(ActionError):
        actions.draft_premium_voucher(users.officer, batch)


def test_no_voucher_when_members_pay_their_own_premium(users, tree, members):
    plan = actions.create_plan(users.chair, tree.school, **plan_data(payer="member"))
    batch = actions.enrol(users.officer, plan, tree.school)
    assert batch.member_total == Decimal("180.00") and batch.union_total == Decimal("0.00")
    with pytest.raises(ActionError) as err:
        actions.draft_premium_voucher(users.officer, batch)
    assert "个人缴纳" in err.value.message_dict["voucher"][0]


def test_cancelling_and_restoring_an_enrolment(enrolled, plan, users, members):
    enrolment = enrolled[members.wang.pk]
    actions.cancel_enrolment(users.officer, enrolment)
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    actions.restore_enrolment(users.officer, enrolment)
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_a_plan_with_enrolments_cannot_be_deleted_or_repriced(enrolled, plan, users):
    with pytest.raises(ActionError):
        actions.delete_plan(users.chair, plan)
    with pytest.raises(ActionError) as err:
        actions.update_plan(users.chair, plan, premium="80")
    assert "每人保费" in err.value.messages[0]
    updated = actions.update_plan(users.chair, plan, note="按省互助会通知执行")
    assert updated.note == "按省互助会通知执行"


def test_members_are_untouched_by_enrolment(plan, users, tree, members):
    before = list(Member.objects.order_by("pk").values_list("pk", "updated_at"))
    actions.enrol(users.officer, plan, tree.school)
    assert list(Member.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_a_renewal_reminder_lasts_until_next_years_plan_exists(enrolled, plan, users, tree):
    from gonghui.mutualaid import queries

    due = queries.renewals_due(MutualAidPlan.objects.all(), tree.school, datetime.date(2026, 12, 3))
    assert [(r["plan"], r["members"], r["days"]) for r in due] == [(plan, 3, 28)]
    assert not queries.renewals_due(MutualAidPlan.objects.all(), tree.school, datetime.date(2026, 10, 1))
    actions.publish_next_year(users.chair, plan)
    assert not queries.renewals_due(MutualAidPlan.objects.all(), tree.school, datetime.date(2026, 12, 3))
