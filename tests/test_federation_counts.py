"""The per-organisation member counts (``federation.counts``) stay exact through every member action, in the
same transaction, and ``gonghui federation-refresh-counts`` rebuilds and checks them."""
import datetime

import pytest
from django.core.management import CommandError, call_command

from gonghui.federation import counts
from gonghui.federation.models import OrgCount
from gonghui.members import actions as member_actions
from gonghui.members.models import Member

from .conftest import member_data

pytestmark = pytest.mark.django_db


def _at(org):
    rows = OrgCount.objects.filter(org=org)
    return {name: sum(getattr(r, name) for r in rows) for name in ("members", "women", "migrant", "dispatched",
                                                                  "retained")}


def test_the_baseline_roster_is_counted_per_organisation(members, tree):
    assert counts.check() == []
    assert _at(tree.g1)["members"] == 1 and _at(tree.fg1)["members"] == 1


def test_a_new_member_a_move_a_retirement_and_a_termination_keep_the_counts_exact(members, tree, users):
    li = member_actions.create_member(users.chair, org=tree.b1, data=member_data(
        "li", employment_form="农民工", join_date=datetime.date(2026, 3, 1)))
    assert _at(tree.b1)["migrant"] == 1
    assert OrgCount.objects.get(org=tree.b1, join_year=2026).members == 1  # this year's cohort
    assert set(OrgCount.objects.filter(org=tree.g1).values_list("join_year", flat=True)) == {0}  # joined 2015
    member_actions.move_member(users.chair, li, tree.b2)
    assert _at(tree.b1)["members"] == 0 and _at(tree.b2)["migrant"] == 1
    member_actions.retire(users.chair, members.zhao)
    assert _at(tree.b2)["retained"] == 1
    member_actions.terminate(users.chair, li, reason="resigned")
    assert _at(tree.b2) == {"members": 1, "women": 1, "migrant": 0, "dispatched": 0, "retained": 1}
    assert counts.check() == []


def test_an_edit_of_employment_form_and_a_delete_and_restore_are_counted(members, tree, users):
    member_actions.update_member(users.chair, members.wang, {"employment_form": "劳务派遣"})
    assert _at(tree.g1)["dispatched"] == 1
    member_actions.delete_member(users.chair, members.wang)
    assert _at(tree.g1)["members"] == 0
    member_actions.restore_member(users.chair, Member.all_objects.get(pk=members.wang.pk))
    assert _at(tree.g1)["dispatched"] == 1
    assert counts.check() == []


def test_a_transfer_moves_the_count_to_the_receiving_union(members, tree, users):
    transfer = member_actions.transfer_out(users.chair, members.wang, to_org=tree.factory)
    assert _at(tree.g1)["members"] == 1  # 转出中 still counts at the sending end
    member_actions.accept_transfer(users.outsider, transfer, org=tree.fg1)
    assert _at(tree.g1)["members"] == 0 and _at(tree.fg1)["members"] == 2
    assert counts.check() == []


def test_a_bulk_import_is_counted_once_for_the_organisations_it_filled(members, tree, users):
    from django.db import transaction

    from gonghui.members import validation

    values, errors, _w = validation.clean(member_data("li", employment_form="农民工"))
    assert not errors
    values["member_no"] = member_actions.next_member_numbers(tree.school, 1)[0]
    with transaction.atomic():
        member_actions.bulk_create_members(users.chair, tree.school, [(tree.b2, values)])
    assert _at(tree.b2)["migrant"] == 1
    assert counts.check() == []


def test_the_check_finds_a_drift_and_the_command_rebuilds_it(members, tree):
    OrgCount.objects.filter(org=tree.g1).update(members=7)
    diffs = counts.check()
    assert len(diffs) == 1 and diffs[0][1][0] == 1 and diffs[0][2][0] == 7
    with pytest.raises(CommandError):
        call_command("federation-refresh-counts", "--check")
    call_command("federation-refresh-counts")
    assert counts.check() == []
    call_command("federation-refresh-counts", "--check")
