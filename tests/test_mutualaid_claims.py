"""Claims: who may submit, limits per claim and per year, the status chain, encrypted medical details."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.mutualaid import actions
from gonghui.mutualaid.models import Claim, ClaimStep

from .mutualaid_fixtures import enrolled, plan  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 10, 8)


def submit(actor, enrolment, amount="1200", when=DAY, diagnosis="急性阑尾炎住院手术"):
    return actions.submit_claim(actor, enrolment, amount=amount, incident_date=when, diagnosis=diagnosis)


def test_a_member_submits_a_claim_for_themself(enrolled, members, member_user):
    claim = submit(member_user, enrolled[members.wang.pk])
    assert claim.status == "submitted" and claim.amount_claimed == Decimal("1200.00")
    assert claim.submitted_by == member_user
    assert list(ClaimStep.objects.filter(claim=claim).values_list("status", flat=True)) == ["submitted"]


def test_a_member_cannot_claim_on_someone_elses_enrolment(enrolled, members, member_user):
    with pytest.raises(PermissionDenied):
        submit(member_user, enrolled[members.zhao.pk])


def test_the_diagnosis_is_encrypted_at_rest_and_never_in_the_audit_trail(enrolled, members, member_user):
    claim = submit(member_user, enrolled[members.wang.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT diagnosis FROM mutualaid_claim WHERE id = %s", [claim.pk])
        stored = cursor.fetchone()[0]
    assert "阑尾炎" not in stored
    assert Claim.objects.get(pk=claim.pk).diagnosis == "急性阑尾炎住院手术"
    changes = AuditEntry.objects.get(object_type="mutualaid.claim", object_id=claim.pk).changes
    assert changes["diagnosis"] == [None, "（已加密）"]
    assert "阑尾炎" not in str(list(AuditEntry.objects.values_list("changes", "note")))


def test_a_claim_above_the_per_claim_limit_is_refused(enrolled, members, users):
    with pytest.raises(ActionError) as err:
        submit(users.officer, enrolled[members.wang.pk], amount="3000.01")
    assert err.value.message_dict["amount_claimed"] == ["超过职工医疗互助单次给付上限3000.00元"]
    assert not Claim.objects.exists()


def test_a_claim_above_the_remaining_yearly_limit_names_the_remaining_amount(enrolled, members, users):
    enrolment = enrolled[members.wang.pk]
    submit(users.officer, enrolment, amount="3000")
    submit(users.officer, enrolment, amount="1500")
    with pytest.raises(ActionError) as err:
        submit(users.officer, enrolment, amount="600")
    assert err.value.message_dict["amount_claimed"] == [
        "超过职工医疗互助年度累计给付上限5000.00元：本年度还可申请500.00元"]
    assert Claim.objects.count() == 2


def test_a_rejected_claim_frees_its_amount(enrolled, members, users):
    enrolment = enrolled[members.wang.pk]
    first = submit(users.officer, enrolment, amount="3000")
    submit(users.officer, enrolment, amount="2000")
    actions.reject_claim(users.officer, first, note="非保障范围内疾病")
    assert actions.remaining(enrolment) == Decimal("3000.00")


@pytest.mark.parametrize("when,message", [
    (datetime.date(2026, 12, 31), "不能晚于今天"),
    (datetime.date(2025, 12, 31), "不在2026年职工医疗互助的保障期（2026-01-01至2026-12-31）内"),
    ("2026-02-30", "“2026-02-30”不是存在的日期"),
])
def test_an_impossible_incident_date_is_refused(enrolled, members, users, when, message):
    with pytest.raises(ActionError) as err:
        submit(users.officer, enrolled[members.wang.pk], when=when)
    assert err.value.message_dict["incident_date"] == [message]


def test_a_claim_needs_an_amount_and_a_description(enrolled, members, users):
    with pytest.raises(ActionError) as err:
        submit(users.officer, enrolled[members.wang.pk], amount="", diagnosis=" ")
    assert set(err.value.message_dict) == {"amount_claimed", "diagnosis"}


def test_the_status_chain_submitted_reviewing_approved_paid(enrolled, members, users, member_user):
    claim = submit(member_user, enrolled[members.wang.pk])
    actions.review_claim(users.officer, claim)
    actions.approve_claim(users.officer, claim, amount="1000", note="按票据核减")
    claim = actions.pay_claim(users.officer, claim, paid_on="2026-11-20")
    assert claim.status == "paid" and claim.amount_approved == Decimal("1000.00")
    assert claim.paid_on == datetime.date(2026, 11, 20)
    assert list(claim.steps.values_list("status", flat=True)) == ["submitted", "reviewing", "approved", "paid"]
    actions_logged = list(AuditEntry.objects.filter(object_type="mutualaid.claim", object_id=claim.pk)
                          .order_by("id").values_list("action", flat=True))
    assert actions_logged == ["claim_submit", "claim_review", "claim_approve", "claim_pay"]


def test_steps_out_of_order_are_refused_with_the_current_status(enrolled, members, users):
    claim = submit(users.officer, enrolled[members.wang.pk])
    with pytest.raises(ActionError) as err:
        actions.approve_claim(users.officer, claim)
    assert err.value.message_dict["status"] == ["只有审核中的申请可以核准（当前：已提交）"]
    with pytest.raises(ActionError):
        actions.pay_claim(users.officer, claim)


def test_approval_cannot_exceed_the_claim_or_the_remaining_limit(enrolled, members, users):
    enrolment = enrolled[members.wang.pk]
    claim = submit(users.officer, enrolment, amount="1000")
    actions.review_claim(users.officer, claim)
    with pytest.raises(ActionError) as err:
        actions.approve_claim(users.officer, claim, amount="1000.50")
    assert "不能高于申请金额1000.00元" in err.value.message_dict["amount_approved"][0]


def test_a_rejection_needs_a_reason(enrolled, members, users):
    claim = submit(users.officer, enrolled[members.wang.pk])
    with pytest.raises(ActionError) as err:
        actions.reject_claim(users.officer, claim, note="")
    assert "decision_note" in err.value.message_dict


def test_view_only_roles_and_members_cannot_decide(enrolled, members, users, member_user):
    claim = submit(member_user, enrolled[members.wang.pk])
    for user in (users.finance, users.leader, member_user, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.review_claim(user, claim)


def test_a_payment_date_before_the_incident_or_in_the_future_is_refused(enrolled, members, users):
    claim = submit(users.officer, enrolled[members.wang.pk])
    actions.review_claim(users.officer, claim)
    actions.approve_claim(users.officer, claim)
    with pytest.raises(ActionError):
        actions.pay_claim(users.officer, claim, paid_on="2026-10-01")
    with pytest.raises(ActionError):
        actions.pay_claim(users.officer, claim, paid_on="2026-12-25")
