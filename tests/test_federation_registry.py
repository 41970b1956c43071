"""The registry actions: entries checked field by field, one live entry per credit code, soft delete and
restore, linking a union, founding a union from an entry (and the employer's set-up reserve)."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.federation import actions
from gonghui.federation.models import Employer
from gonghui.funds import actions as funds_actions
from gonghui.funds.models import ReserveStatus
from gonghui.orgs.models import Kind

from .federation_fixtures import CODES, employer

pytestmark = pytest.mark.django_db


def test_a_bad_credit_code_and_counts_that_do_not_add_up_are_named_by_field(users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_employer(users.federation, area=tree.town, data={
            "uscc": "91110000802100433A", "name": "", "employees": "10", "migrant": "8", "dispatched": "5",
            "counted_on": "2026-11-30"})
    errors = exc.value.message_dict
    assert "校验位" in errors["uscc"][0]
    assert errors["name"] == ["不能为空"]
    assert "合计（13）大于职工总数（10）" in errors["dispatched"][0]
    assert not Employer.objects.exists()


def test_a_count_needs_its_date_and_a_part_cannot_exceed_the_total(users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_employer(users.federation, area=tree.town, data={
            "uscc": CODES[0], "name": "甲", "employees": "10", "migrant": "11"})
    assert set(exc.value.message_dict) == {"migrant", "counted_on"}


def test_one_live_entry_per_credit_code_and_a_deleted_one_restores(users, tree):
    first = employer(users.federation, tree.town, 0, employees=50)
    with pytest.raises(ActionError) as exc:
        employer(users.federation, tree.county, 0)
    assert "已登记" in exc.value.message_dict["uscc"][0]
    actions.delete_employer(users.federation, first)
    second = employer(users.federation, tree.county, 0)
    with pytest.raises(ActionError):
        actions.restore_employer(users.federation, Employer.all_objects.get(pk=first.pk))
    actions.delete_employer(users.federation, second)
    actions.restore_employer(users.federation, Employer.all_objects.get(pk=first.pk))
    assert Employer.objects.get().pk == first.pk
    assert AuditEntry.objects.filter(object_type="federation.employer", action="restore").count() == 1


def test_an_officer_outside_the_area_cannot_register_or_edit(users, tree):
    e = employer(users.federation, tree.town, 0)
    with pytest.raises(Exception):
        actions.create_employer(users.chair, area=tree.town, data={"uscc": CODES[1], "name": "乙"})
    with pytest.raises(Exception):
        actions.update_employer(users.outsider, e, {"name": "改名"})


def test_an_edit_is_audited_with_before_and_after(users, tree):
    e = employer(users.federation, tree.town, 0, employees=30)
    actions.update_employer(users.federation, e, {"employees": "40"})
    entry = AuditEntry.objects.filter(action="federation_employer_update").get()
    assert entry.changes["employees"] == [30, 40] or entry.changes["employees"] == ["30", "40"]


def test_founding_a_union_creates_the_grassroots_org_links_it_and_leaves_the_reserve_to_return(users, tree, admin_user):
    e = employer(users.federation, tree.town, 0, employees=60, address="城关镇1号")
    funds_actions.record_reserve(admin_user, tree.county, employer_name=e.name, employer_uscc=e.uscc,
                                 period="2025-Q4", payroll_total=Decimal("300000.00"),
                                 received_on=datetime.date(2025, 12, 20))
    union, returned, pending = actions.found_union(users.federation, e, code="NEW1", chair_name="陈主席")
    assert union.kind == Kind.GRASSROOTS and union.parent == tree.town and union.uscc == ""  # its own 81… code, not the employer's
    assert Employer.objects.get(pk=e.pk).union == union
    assert returned == [] and len(pending) == 1 and pending[0].status == ReserveStatus.HELD
    from gonghui.federation import inbox

    assert [r.pk for r in inbox.reserves_to_return(users.federation, None)] == [pending[0].pk]
    with pytest.raises(ActionError):
        actions.found_union(users.federation, e, code="NEW2")


def test_founding_with_refund_by_a_finance_holder_returns_the_reserve_in_the_same_transaction(tree, admin_user):
    e = employer(admin_user, tree.town, 0, employees=60)
    reserve = funds_actions.record_reserve(admin_user, tree.county, employer_name=e.name, employer_uscc=e.uscc,
                                           period="2025-Q4", payroll_total=Decimal("300000.00"),
                                           received_on=datetime.date(2025, 12, 20))
    union, returned, pending = actions.found_union(admin_user, e, code="NEW1", refund=True)
    reserve.refresh_from_db()
    assert reserve.status == ReserveStatus.RETURNED and reserve.returned_to == union and pending == []


def test_a_refund_asked_by_someone_without_the_books_writes_nothing(users, tree, admin_user):
    e = employer(users.federation, tree.town, 0, employees=60)
    funds_actions.record_reserve(admin_user, tree.county, employer_name=e.name, employer_uscc=e.uscc,
                                 period="2025-Q4", payroll_total=Decimal("300000.00"),
                                 received_on=datetime.date(2025, 12, 20))
    with pytest.raises(ActionError) as exc:
        actions.found_union(users.federation, e, code="NEW1", refund=True)
    assert "refund" in exc.value.message_dict
    assert not Employer.objects.filter(union__isnull=False).exists()
    from gonghui.orgs.models import Organisation

    assert not Organisation.objects.filter(code="NEW1").exists()


def test_a_small_employer_linked_to_a_union_outside_its_area_is_refused(users, tree, admin_user):
    from gonghui.orgs import actions as org_actions

    other = org_actions.create_org(admin_user, parent=None, kind="county", code="OTHER", name="邻县总工会")
    far = org_actions.create_org(admin_user, parent=other, kind="grassroots", union_type="joint", code="FAR",
                                 name="邻县联合工会")
    e = employer(users.federation, tree.town, 0, employees=10)
    with pytest.raises(Exception):
        actions.link_union(users.federation, e, far)
