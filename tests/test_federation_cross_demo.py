"""The cross-union demo goes through the actions: transfers between two towns' unions (accepted, declined,
pending and overdue) and the county's push-downs (a notice answered by some, reminded to the rest; a plan to
the schools, past its deadline, adopted by one)."""
import datetime
import random

import pytest
from django.utils import timezone

from gonghui.core import inbox
from gonghui.demo.generate import DemoContext
from gonghui.federation import crossdemo, crossunion
from gonghui.federation.models import PushDown, PushState, PushTarget
from gonghui.members import actions as member_actions
from gonghui.members.models import Transfer
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind

from .conftest import member_data
from .fixtures.rosters import id_number

pytestmark = pytest.mark.django_db


def test_the_demo_adds_transfers_across_towns_and_push_downs(users, tree, members, admin_user):
    town2 = org_actions.create_org(admin_user, parent=tree.county, kind=Kind.TOWN, code="TOWN2", name="东关镇总工会")
    mill = org_actions.create_org(admin_user, parent=town2, kind=Kind.GRASSROOTS, union_type="enterprise",
                                  code="MILL", name="纺织厂工会")
    member_actions.create_member(admin_user, org=mill, data=member_data("li"))
    member_actions.create_member(admin_user, org=mill, data=member_data(
        "li", name="周红", id_number=id_number(birth="19880808", seq=124)))
    ctx = DemoContext(admin=admin_user, unions={}, users={"county": users.federation}, rng=random.Random("demo"),
                      today=timezone.localdate())
    crossdemo.populate(ctx)
    states = sorted(Transfer.objects.values_list("state", flat=True))
    assert states == ["accepted", "declined", "pending", "pending"]
    assert crossunion.transfers(tree.county, state="overdue").count() == 1
    notice, plan = PushDown.objects.order_by("id")
    assert notice.targets.exclude(state=PushState.WAITING).exists()
    assert notice.targets.filter(state=PushState.WAITING, reminders=1).exists()
    assert plan.due_on < ctx.today and plan.targets.get().state == PushState.ADOPTED
    assert list(inbox.get("federation.transfers_overdue").rows(users.federation, ctx.today))
    assert PushTarget.objects.get(pushdown=plan).late  # adopted after the deadline: accepted, marked late
    assert ctx.today - datetime.timedelta(days=7) == plan.due_on
