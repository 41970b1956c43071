"""The demo adds notices, sign-offs and an objection for the featured unions through the actions."""
import pytest

from gonghui.notices.models import DisclosureEvent, Notice, Objection, Read
from gonghui.orgs.models import Organisation
from gonghui.notices import calendar

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_notices_reads_and_an_objection(demo):
    assert Notice.objects.filter(status="published").count() >= 10
    assert Read.objects.exists()
    assert Objection.objects.filter(member__user__username="teacher").exists()
    assert DisclosureEvent.objects.filter(title__contains="教职工代表大会").exists()
    school = Notice.objects.filter(title__contains="民主评议").first().union
    items = calendar.due_items([school], *_last_year())
    total = calendar.coverage(items)
    assert 0 < total.met < total.counted  # some items met, some left overdue on purpose
    assert Organisation.objects.filter(pk=school.pk, union_type="school").exists()


def _last_year():
    import datetime

    from django.utils import timezone

    y = timezone.localdate().year - 1
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
