"""经审: opening a review, findings, rectification and verification, and the sign-off that closes the
books of the period (finaudit.actions)."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.accounts.models import Role
from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.finaudit import actions
from gonghui.finaudit.models import AuditReview, Finding
from gonghui.ledger import actions as ledger
from gonghui.ledger.models import Period

from .walk_ext.finaudit import LAST_YEAR, day, payment, post, school_books  # noqa: F401

FIRST_HALF = (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 6, 30))


def open_half(users, union, **kw):
    start, end = kw.pop("period", FIRST_HALF)
    return actions.open_review(users.auditor, union=union, start=start, end=end,
                               areas=kw.pop("areas", ["budget", "income", "spending"]), **kw)


def messages(exc):
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def closed_months(union):
    return sorted(Period.objects.filter(union=union, status="closed").values_list("month", flat=True))


def test_an_auditor_opens_a_review_of_whole_months_with_its_scope_and_auditors(tree, users):
    review = open_half(users, tree.school)
    assert review.status == AuditReview.Status.OPEN
    assert (review.start, review.end) == FIRST_HALF
    assert review.areas == ["budget", "income", "spending"]
    assert list(review.auditors.all()) == [users.auditor]
    assert review.period_label == f"{LAST_YEAR}年1月—6月"
    assert AuditEntry.objects.filter(action="open_review", object_id=review.pk, org=tree.school).exists()


def test_a_review_of_a_branch_a_future_month_or_no_scope_is_refused_in_chinese(tree, users):
    with pytest.raises(ActionError) as exc:
        actions.open_review(users.auditor, union=tree.b1, start=FIRST_HALF[0], end=FIRST_HALF[1], areas=["income"])
    assert "只有基层工会有经费账目" in messages(exc)
    next_year = datetime.date.today().year + 1
    with pytest.raises(ActionError) as exc:
        actions.open_review(users.auditor, union=tree.school, start=FIRST_HALF[0],
                            end=datetime.date(next_year, 1, 31), areas=["income"])
    assert exc.value.message_dict == {"end": ["不能选择尚未开始的月份"]}
    with pytest.raises(ActionError) as exc:
        open_half(users, tree.school, areas=[])
    assert exc.value.message_dict == {"areas": ["请至少选择一项审查范围"]}
    with pytest.raises(ActionError) as exc:
        open_half(users, tree.school, auditors=[users.auditor, users.finance])
    assert "不是本工会的经审委员" in messages(exc)
    assert not AuditReview.objects.exists()


def test_only_an_auditor_of_the_union_may_open_a_review(tree, users):
    for user in (users.finance, users.chair, users.outsider):
        with pytest.raises(PermissionDenied):
            actions.open_review(user, union=tree.school, start=FIRST_HALF[0], end=FIRST_HALF[1], areas=["income"])


def test_recording_a_finding_moves_the_review_on_and_is_audited(tree, users):
    review = open_half(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问品发票不全",
                                     severity="serious", amount="2,000.00")
    review.refresh_from_db()
    assert review.status == AuditReview.Status.FINDINGS
    assert str(finding.amount) == "2000.00" and finding.rectification_required and not finding.settled
    entry = AuditEntry.objects.get(action="record_finding", object_id=finding.pk)
    assert entry.changes["description"] == [None, "慰问品发票不全"]


def test_a_finding_outside_the_scope_of_the_review_or_with_a_bad_amount_is_refused(tree, users):
    review = open_half(users, tree.school, areas=["income"])
    with pytest.raises(ActionError) as exc:
        actions.record_finding(users.auditor, review, area="assets", description="", amount="-5")
    assert exc.value.message_dict == {"area": ["不在本次审查的范围内"], "description": ["请描述发现的问题"],
                                      "amount": ["涉及金额必须大于0（没有金额请留空）"]}
    with pytest.raises(ActionError) as exc:
        actions.record_finding(users.auditor, review, area="income", description="少记会费", amount="1.234")
    assert exc.value.message_dict == {"amount": ["金额最多保留两位小数（分）"]}
    assert not Finding.objects.exists()


def test_a_rectification_is_verified_by_an_auditor_other_than_who_recorded_it(tree, users):
    review = open_half(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问超标准")
    with pytest.raises(ActionError) as exc:
        actions.verify_finding(users.auditor, finding)
    assert messages(exc) == "尚未登记整改情况，不能核实"
    with pytest.raises(ActionError) as exc:
        actions.rectify_finding(users.finance, finding, note="  ")
    assert exc.value.message_dict == {"rectification_note": ["请填写整改情况"]}
    actions.rectify_finding(users.finance, finding, note="已追回超标准部分")
    review.refresh_from_db()
    assert review.status == AuditReview.Status.RECTIFYING
    actions.rectify_finding(users.auditor, finding, note="已追回超标准部分并补齐发票")
    with pytest.raises(ActionError) as exc:
        actions.verify_finding(users.auditor, finding)
    assert messages(exc) == "整改情况由您登记，须由其他经审委员核实"
    second = _second_auditor(tree)
    actions.verify_finding(second, finding)
    finding.refresh_from_db()
    assert finding.settled and finding.verified_by == second


def _second_auditor(tree):
    from .conftest import make_user

    user = make_user("auditor2")
    Role.objects.create(user=user, org=tree.school, kind="auditor")
    return user


def test_sign_off_is_refused_while_a_finding_is_not_rectified_and_nothing_changes(school_books, tree, users):
    review = open_half(users, tree.school)
    actions.record_finding(users.auditor, review, area="spending", description="慰问品发票不全")
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, review, opinion="账目基本清楚")
    assert exc.value.message_dict == {"with_reservations": [
        "尚有1项问题未整改或整改未经核实，不能签署；如确需签署，请选择“保留意见”并说明理由"]}
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, review, opinion="账目基本清楚", with_reservations=True, reason=" ")
    assert exc.value.message_dict == {"reservation_reason": ["签署保留意见须说明理由"]}
    review.refresh_from_db()
    assert review.status == AuditReview.Status.FINDINGS and review.signed_at is None
    assert closed_months(tree.school) == []


def test_sign_off_with_reservations_and_a_reason_closes_the_period(school_books, tree, users):
    review = open_half(users, tree.school)
    actions.record_finding(users.auditor, review, area="spending", description="慰问品发票不全")
    review = actions.sign_off(users.auditor, review, opinion="账目基本清楚", with_reservations=True,
                              reason="发票问题须在下半年内整改")
    assert review.status == AuditReview.Status.SIGNED and review.with_reservations
    assert review.reservation_reason == "发票问题须在下半年内整改"
    assert closed_months(tree.school) == [1, 2, 3, 4, 5, 6]


def test_signing_off_closes_every_month_of_the_period_in_the_same_transaction(school_books, tree, users):
    review = open_half(users, tree.school)
    review = actions.sign_off(users.auditor, review, opinion="收支真实，手续完备")
    assert review.signed and review.signed_by == users.auditor and review.opinion == "收支真实，手续完备"
    assert closed_months(tree.school) == [1, 2, 3, 4, 5, 6]
    assert AuditEntry.objects.filter(action="sign_off_review", object_id=review.pk).count() == 1
    assert AuditEntry.objects.filter(action="period_close", org=tree.school).count() == 6
    with pytest.raises(ActionError) as exc:
        ledger.create_voucher(users.finance, union=tree.school, date=day(2), summary="补记", lines=payment("10.00"))
    assert "已结账" in messages(exc)


def test_an_auditor_who_prepared_vouchers_in_the_period_may_not_sign_it(school_books, tree, users):
    Role.objects.create(user=users.auditor, org=tree.school, kind="finance")
    scope.forget(users.auditor)  # the role added after the user's scope was first read
    v = ledger.create_voucher(users.auditor, union=tree.school, date=day(4), summary="经审委员代记", lines=payment("5.00"))
    ledger.review_voucher(users.finance, v)
    ledger.approve_voucher(users.chair, v)
    ledger.post_voucher(users.finance, v)
    review = open_half(users, tree.school)
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, review, opinion="同意")
    assert messages(exc) == f"您在{LAST_YEAR}年1月—6月编制过记账凭证，须回避，不能签署对该期间的审查"
    assert not AuditReview.objects.filter(status="signed").exists()


def test_a_voucher_left_unposted_stops_the_sign_off_and_nothing_is_half_written(school_books, tree, users):
    ledger.create_voucher(users.finance, union=tree.school, date=day(6, 3), summary="未记账", lines=payment("9.00"))
    review = open_half(users, tree.school)
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, review, opinion="同意")
    assert f"{LAST_YEAR}年6月还有未记账的凭证" in messages(exc)
    review.refresh_from_db()
    assert not review.signed and review.opinion == ""
    assert closed_months(tree.school) == []  # January to May were closed inside the failed transaction
    assert not AuditEntry.objects.filter(action__in=["sign_off_review", "period_close"]).exists()


def test_a_period_overlapping_a_signed_review_cannot_be_reviewed_again(school_books, tree, users):
    actions.sign_off(users.auditor, open_half(users, tree.school), opinion="同意")
    with pytest.raises(ActionError) as exc:
        open_half(users, tree.school, period=(day(6, 1), datetime.date(LAST_YEAR, 9, 30)))
    assert exc.value.message_dict == {"start": [
        f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠，已签署的期间不能重复审查"]}
    later = open_half(users, tree.school, period=(day(7, 1), datetime.date(LAST_YEAR, 9, 30)))
    assert later.status == AuditReview.Status.OPEN


def test_two_open_reviews_of_the_same_months_cannot_both_be_signed(school_books, tree, users):
    first, second = open_half(users, tree.school), open_half(users, tree.school)
    actions.sign_off(users.auditor, first, opinion="同意")
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, second, opinion="同意")
    assert messages(exc) == f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠"


def test_a_signed_review_takes_no_more_findings_or_rectifications(school_books, tree, users):
    review = open_half(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="income", description="会费入账不及时",
                                     rectification_required=False)
    actions.sign_off(users.auditor, review, opinion="同意")
    review.refresh_from_db()
    with pytest.raises(ActionError) as exc:
        actions.record_finding(users.auditor, review, area="income", description="补充问题")
    assert messages(exc) == "该经费审查已签署，不能再修改"
    finding.refresh_from_db()
    with pytest.raises(ActionError):
        actions.rectify_finding(users.finance, finding, note="补充")
