"""The federation demo goes through the actions: the county's registry with linked unions, employers without
a union (inbox items), one without counts, the threshold, a union founded from the registry and its reserve
waiting to be returned; the member counts are rebuilt."""
import datetime
import random

import pytest

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.federation import counts, demo, rates
from gonghui.federation.models import Employer, Setting

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_county_registry(users, tree, members, admin_user):
    ctx = DemoContext(admin=admin_user, unions={}, users={"county": users.federation}, rng=random.Random("demo"),
                      today=datetime.date(2026, 12, 3))
    demo.populate(ctx)
    assert Setting.objects.filter(org=tree.county).exists()
    assert Employer.objects.filter(union__isnull=True).count() >= 20
    assert Employer.objects.filter(employees__isnull=True).exists()
    assert Employer.objects.filter(union__code__startswith="QL-NEW").count() == 1
    figures = rates.figures(tree.county)
    assert figures.unionisation.denominator > 0 and figures.unionisation.left_out == 1
    assert list(inbox.get("federation.without_union").rows(users.federation, ctx.today))
    assert list(inbox.get("federation.reserves").rows(users.federation, ctx.today))
    assert counts.check() == []
