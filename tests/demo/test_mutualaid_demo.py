"""The demo dataset gets realistic mutual-aid records through the actions."""
import pytest

from gonghui.mutualaid.models import Attendance, Claim, Enrolment, EnrolmentBatch, HealthCheckRound, MutualAidPlan


@pytest.mark.django_db
def test_the_demo_has_plans_enrolments_claims_and_health_checks(demo):
    names = set(MutualAidPlan.objects.values_list("name", flat=True))
    assert {"职工医疗互助", "女职工特种疾病互助", "教职工住院医疗互助", "职工意外伤害互助"} <= names
    assert Enrolment.objects.count() > 50
    women = Enrolment.objects.filter(plan__eligible_sex="F")
    assert women.exists() and not women.exclude(member__sex="F").exists()
    assert EnrolmentBatch.objects.exclude(voucher=None).exists()
    assert set(Claim.objects.values_list("status", flat=True)) >= {"submitted", "reviewing", "approved", "paid"}
    assert Claim.objects.filter(member__user__username="teacher").exists()
    assert HealthCheckRound.objects.count() == 2 and Attendance.objects.exists()
