"""The demo's bargaining and members' request records: made through the actions, each state shown."""
from django.utils import timezone

from gonghui.appeals.models import Appeal, LegalAid
from gonghui.bargaining.models import BargainingRequest, Contract


def test_the_demo_has_contracts_in_each_state_and_a_request_awaiting_an_answer():
    today = timezone.localdate()
    states = set(Contract.objects.values_list("status", flat=True))
    assert {"filed", "negotiating"} <= states
    assert any(c.in_force_on(today) for c in Contract.objects.filter(status="filed"))
    assert BargainingRequest.objects.filter(status="waiting").exists()
    assert Contract.objects.filter(resolution__isnull=False, status="negotiating").exists()


def test_the_demo_has_named_anonymous_answered_and_escalated_requests_and_legal_aid():
    assert Appeal.objects.filter(anonymous=True, member__isnull=True).exists()
    assert Appeal.objects.filter(anonymous=False, member__isnull=False).exists()
    assert Appeal.objects.exclude(rating="").exists()
    assert Appeal.objects.filter(escalations__gt=0).exists()
    assert LegalAid.objects.count() >= 2
