"""Mediation rules with DOMAIN §9's worked example: the 15-day clock from acceptance and the date arbitration may
be sought, composition of the committee, and every bad input of the issue for mediation."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.mediation import actions
from gonghui.mediation.models import Case, Claim, Committee, CommitteeMember, Party

from .mediation_fixtures import APPLIED, bring, committee, composition  # noqa: F401

pytestmark = pytest.mark.django_db


def test_accepted_on_2026_03_02_the_fifteen_days_end_on_03_17_and_arbitration_opens_on_03_18():
    deadline, arbitration = actions.clock(datetime.date(2026, 3, 2))
    assert deadline.day == datetime.date(2026, 3, 17) and not deadline.provisional
    assert arbitration == datetime.date(2026, 3, 18)


def test_a_clock_across_the_year_end_ending_on_a_holiday_moves_to_the_next_working_day():
    # 2026-12-17 + 15 days = 2027-01-01 (New Year's day; 2027 is not yet in the calendar: weekend-only, provisional)
    deadline, arbitration = actions.clock(datetime.date(2026, 12, 17))
    assert deadline.provisional
    assert deadline.day == datetime.date(2027, 1, 1)  # a Friday: counted as a working day until the calendar says more
    assert arbitration == datetime.date(2027, 1, 2)


def test_a_clock_ending_in_the_national_day_holiday_moves_past_it():
    deadline, _arb = actions.clock(datetime.date(2026, 9, 17))  # +15 = 2 Oct, holiday until 7 Oct
    assert deadline.day == datetime.date(2026, 10, 8) and not deadline.provisional


def test_accepting_a_case_starts_the_clock_shown_on_the_case(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    case = actions.accept(users.officer, case, accepted_on=datetime.date(2026, 3, 2))
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert (case.clock_ends, case.arbitration_from) == (datetime.date(2026, 3, 17), datetime.date(2026, 3, 18))
    assert case.clock_state(datetime.date(2026, 3, 14)) == "due"
    assert case.clock_state(datetime.date(2026, 3, 10)) == "running"
    assert case.clock_state(datetime.date(2026, 3, 18)) == "passed"
    entry = AuditEntry.objects.get(action="mediation_accept", object_id=case.pk)
    assert entry.changes["clock_ends"] == [None, "2026-03-17"]


def test_a_case_accepted_before_it_was_applied_for_is_refused_naming_the_field(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang, applied_on=datetime.date(2026, 3, 5))
    with pytest.raises(ActionError) as exc:
        actions.accept(users.officer, case, accepted_on=datetime.date(2026, 3, 2))
    assert "受理日期" in exc.value.message_dict["accepted_on"][0]
    assert "早于申请日期" in exc.value.message_dict["accepted_on"][0]
    case.refresh_from_db()
    assert case.status == Case.Status.APPLIED and case.clock_ends is None
    assert not AuditEntry.objects.filter(action="mediation_accept").exists()


def test_a_committee_without_an_employee_representative_is_refused_and_nothing_is_written(users, tree, members):
    rows = [{"name": "企业人事经理", "side": "employer", "basis": "named", "is_chair": True, "chair_agreed": True}]
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                               members=rows)
    assert "职工代表" in exc.value.message_dict["members"][0]
    assert not Committee.objects.exists() and not CommitteeMember.objects.exists()


def test_employee_representatives_are_union_members_or_elected_and_the_chair_a_member_or_agreed(users, tree, members):
    bad = [{"name": "外聘律师", "side": "employee", "basis": "named"},
           {"name": "企业人事经理", "side": "employer", "basis": "named", "is_chair": True}]
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                               members=bad)
    messages = exc.value.message_dict["members"]
    assert any("职工代表应由工会成员担任或由职工民主推举产生" in m for m in messages)
    assert any("主任应由工会成员担任，或由双方推举" in m for m in messages)
    # A factory member cannot sit as a union member of the school's committee.
    foreign = composition(members)
    foreign[0]["member"] = members.liu
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                               members=foreign)
    assert "须是本工会会员" in exc.value.message_dict["members"][0]
    # The employer's representative chairs when both sides agree.
    agreed = [{"name": "职工推举代表", "side": "employee", "basis": "elected"},
              {"name": "企业人事经理", "side": "employer", "basis": "named", "is_chair": True, "chair_agreed": True}]
    c = actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                               members=agreed)
    assert c.members.get(is_chair=True).chair_agreed


def test_changing_the_composition_replaces_the_members_and_audits_before_and_after(users, tree, members, committee):
    rows = composition(members) + [{"name": "新增企业代表", "side": "employer", "basis": "named"}]
    actions.save_committee(users.officer, tree.school, employer="第一中学", established_on=datetime.date(2025, 9, 1),
                           members=rows)
    assert Committee.objects.count() == 1 and committee.members.count() == 4
    entry = AuditEntry.objects.filter(action="mediation_committee").order_by("-id").first()
    assert "新增企业代表" in entry.changes["members"][1] and "新增企业代表" not in entry.changes["members"][0]


def test_an_application_records_parties_member_or_not_and_claims_with_decimal_amounts(users, tree, members, committee):
    case = actions.apply(users.officer, tree.school, applied_on=APPLIED,
                         workers=[{"member": members.wang}, {"name": "临聘保安"}],
                         claims=[{"kind": "wages", "amount": "3000.10"}, {"kind": "overtime", "amount": "800"},
                                 {"kind": "", "amount": "", "description": ""}])
    assert case.number == "2026-001" and case.worker_count == 2 and case.wage_claim
    parties = {p.name: p for p in Party.objects.filter(case=case)}
    assert parties["王强"].member == members.wang and parties["临聘保安"].member is None
    assert parties["第一中学"].role == Party.Role.EMPLOYER
    amounts = sorted(c.amount for c in Claim.objects.filter(case=case))
    assert amounts == [Decimal("800.00"), Decimal("3000.10")]
    assert bring(users.officer, tree.school).number == "2026-002"


def test_dispute_details_are_encrypted_at_rest(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang, facts="拖欠工资三个月")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT facts FROM mediation_case WHERE id = %s", [case.pk])
        assert "拖欠" not in cur.fetchone()[0]
        cur.execute("SELECT name FROM mediation_party WHERE case_id = %s", [case.pk])
        assert all("王强" not in row[0] for row in cur.fetchall())
        cur.execute("SELECT amount FROM mediation_claim WHERE case_id = %s", [case.pk])
        assert "12000" not in cur.fetchone()[0]
    entry = AuditEntry.objects.get(action="mediation_apply", object_id=case.pk)
    assert "拖欠" not in str(entry.changes) and "王强" not in str(entry.changes)


@pytest.mark.parametrize("claims,message", [
    ([{"kind": "bonus", "amount": "1"}], "请选择请求类别"),
    ([{"kind": "wages", "amount": "12.345"}], "最多保留两位小数"),
    ([{"kind": "wages", "amount": "-5"}], "不能为负数"),
    ([], "请至少填写一项请求事项"),
])
def test_bad_claims_are_refused_on_the_claims_field(users, tree, members, committee, claims, message):
    with pytest.raises(ActionError) as exc:
        actions.apply(users.officer, tree.school, applied_on=APPLIED, workers=[{"name": "某职工"}], claims=claims)
    assert message in " ".join(exc.value.message_dict["claims"])
    assert not Case.all_objects.exists()


def test_no_application_without_a_committee_and_no_case_outside_scope(users, tree, members):
    with pytest.raises(ActionError) as exc:
        bring(users.officer, tree.school)
    assert "尚未设立劳动争议调解委员会" in exc.value.message_dict["union"][0]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        bring(users.outsider, tree.school)
    with pytest.raises(PermissionDenied):  # the federation officer reads figures, does not mediate
        bring(users.federation, tree.school)


def test_refusal_needs_a_reason(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    with pytest.raises(ActionError) as exc:
        actions.refuse(users.officer, case, refused_on=APPLIED, reason="  ")
    assert "reason" in exc.value.message_dict
    case = actions.refuse(users.officer, case, refused_on=APPLIED, reason="不属于劳动争议")
    assert case.status == Case.Status.REFUSED and case.refusal_reason == "不属于劳动争议"


def test_from_session_to_agreement_to_broken_wage_agreement(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    actions.accept(users.officer, case, accepted_on=APPLIED)
    with pytest.raises(ActionError) as exc:
        actions.record_session(users.officer, case, held_on=datetime.date(2026, 3, 1), mediators="张敏", minutes="x")
    assert "held_on" in exc.value.message_dict
    actions.record_session(users.officer, case, held_on=datetime.date(2026, 3, 5), mediators="张敏、职工推举代表",
                           minutes="双方陈述意见，企业同意分期支付")
    with pytest.raises(ActionError) as exc:
        actions.close(users.officer, case, outcome="agreed", outcome_on=datetime.date(2026, 3, 10), terms="")
    assert "terms" in exc.value.message_dict
    with pytest.raises(ActionError) as exc:
        actions.close(users.officer, case, outcome="agreed", outcome_on=datetime.date(2026, 3, 10), terms="三月底前支付",
                      performance_due=datetime.date(2026, 3, 9))
    assert "performance_due" in exc.value.message_dict
    case = actions.close(users.officer, case, outcome="agreed", outcome_on=datetime.date(2026, 3, 10),
                         terms="企业于2026年3月31日前支付拖欠工资12000.50元", performance_due=datetime.date(2026, 3, 31))
    assert case.performance == Case.Performance.PENDING and not case.wage_agreement_broken
    case = actions.record_performance(users.officer, case, performed=False, day=datetime.date(2026, 4, 2),
                                      note="到期未支付")
    assert case.performance == Case.Performance.BROKEN and case.wage_agreement_broken
    with pytest.raises(ActionError):
        actions.record_performance(users.officer, case, performed=True, day=datetime.date(2026, 4, 3))


def test_a_failed_mediation_closes_without_terms_and_a_closed_case_takes_no_more_sessions(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    actions.accept(users.officer, case, accepted_on=APPLIED)
    case = actions.close(users.officer, case, outcome="failed", outcome_on=datetime.date(2026, 3, 18),
                         note="调解不成，告知申请仲裁")
    assert case.status == Case.Status.FAILED and case.performance == ""
    with pytest.raises(ActionError):
        actions.record_session(users.officer, case, held_on=datetime.date(2026, 3, 19), mediators="张敏", minutes="x")


def test_delete_and_restore_a_case(users, tree, members, committee):
    case = bring(users.officer, tree.school, members.wang)
    actions.delete_case(users.officer, case)
    assert not Case.objects.filter(pk=case.pk).exists()
    actions.restore_case(users.officer, case)
    assert Case.objects.filter(pk=case.pk).exists()
    assert set(AuditEntry.objects.filter(object_id=case.pk, object_type="mediation.case")
               .values_list("action", flat=True)) == {"mediation_apply", "delete", "restore"}
