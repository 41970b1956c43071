"""Transfers across federation levels, seen from the federations: per unit below (pending / accepted / declined /
overdue), the list with its lowest common federation and age, and the overdue inbox items of the receiving
union and of the federations above it (federation.crossunion, federation.crossinbox)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import Role, RoleKind
from gonghui.core import inbox
from gonghui.federation import crossunion
from gonghui.members import actions as member_actions
from gonghui.members.models import Transfer
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind

from .conftest import login, make_user, member_data


@pytest.fixture
def far(tree, admin_user):
    """A second town under the county with one grassroots union, and a chair there."""
    town2 = org_actions.create_org(admin_user, parent=tree.county, kind=Kind.TOWN, code="TOWN2", name="东关镇总工会")
    mill = org_actions.create_org(admin_user, parent=town2, kind=Kind.GRASSROOTS, union_type="enterprise",
                                  code="MILL", name="纺织厂工会")
    chair = make_user("millchair")
    Role.objects.create(user=chair, org=mill, kind=RoleKind.CHAIR)
    town_officer = make_user("townfed")
    Role.objects.create(user=town_officer, org=tree.town, kind=RoleKind.FEDERATION_OFFICER)
    return type("Far", (), dict(town2=town2, mill=mill, chair=chair, town_officer=town_officer))


def _send(users, member, to_org, days_ago=0):
    transfer = member_actions.transfer_out(users.chair, member, to_org=to_org, reason="调动")
    if days_ago:
        Transfer.objects.filter(pk=transfer.pk).update(
            requested_at=timezone.now() - datetime.timedelta(days=days_ago))
    return Transfer.objects.get(pk=transfer.pk)


def test_the_county_sees_a_transfer_between_two_towns_from_both_ends_with_itself_as_common_federation(
        tree, users, members, far):
    transfer = _send(users, members.wang, far.mill)
    rows = crossunion.annotate(list(crossunion.transfers(tree.county)), tree.county)
    assert [(t.pk, t.direction, t.common.code) for t in rows] == [(transfer.pk, "within", "COUNTY")]
    table = {unit.code: values for unit, *values in crossunion.unit_table(tree.county)}
    assert table["TOWN"] == [1, 0, 0, 0, 0, 0, 0, 0]   # sent, pending
    assert table["TOWN2"] == [0, 0, 0, 0, 1, 0, 0, 0]  # received, pending


def test_each_town_sees_its_own_end_only(tree, users, members, far):
    _send(users, members.wang, far.mill)
    out = crossunion.annotate(list(crossunion.transfers(tree.town)), tree.town)
    incoming = crossunion.annotate(list(crossunion.transfers(far.town2)), far.town2)
    assert [t.direction for t in out] == ["out"] and [t.direction for t in incoming] == ["in"]
    assert list(crossunion.transfers(tree.town, direction="in")) == []


def test_accepted_and_declined_transfers_are_counted_per_unit_and_the_age_stops_at_the_decision(
        tree, users, members, far):
    first = _send(users, members.wang, far.mill, days_ago=3)
    second = _send(users, members.zhao, far.mill)
    member_actions.accept_transfer(far.chair, first)
    member_actions.decline_transfer(far.chair, second, note="查无此人")
    table = {unit.code: values for unit, *values in crossunion.unit_table(tree.county)}
    assert table["TOWN"] == [0, 1, 1, 0, 0, 0, 0, 0]
    assert table["TOWN2"] == [0, 0, 0, 0, 0, 1, 1, 0]
    accepted = crossunion.annotate(list(crossunion.transfers(tree.county, state="accepted")), tree.county)
    assert [t.age for t in accepted] == [3]


def test_a_transfer_waiting_longer_than_the_setting_is_overdue(tree, users, members, far, settings):
    settings.GONGHUI_TRANSFER_OVERDUE_DAYS = 30
    late = _send(users, members.wang, far.mill, days_ago=31)
    _send(users, members.zhao, far.mill, days_ago=29)
    assert [t.pk for t in crossunion.transfers(tree.county, state="overdue")] == [late.pk]
    table = {unit.code: values for unit, *values in crossunion.unit_table(tree.county)}
    assert table["TOWN"][3] == 1 and table["TOWN2"][7] == 1
    settings.GONGHUI_TRANSFER_OVERDUE_DAYS = 40
    assert list(crossunion.transfers(tree.county, state="overdue")) == []


def test_an_overdue_transfer_is_in_the_inbox_of_the_receiving_union_and_the_federations_above(
        tree, users, members, far):
    late = _send(users, members.wang, far.mill, days_ago=45)
    union_source = inbox.get("federation.transfers_overdue_union")
    fed_source = inbox.get("federation.transfers_overdue")
    today = timezone.localdate()
    assert [t.pk for t in union_source.rows(far.chair, today)] == [late.pk]
    assert [t.pk for t in fed_source.rows(users.federation, today)] == [late.pk]
    # the sending union's chair and the sending town's federation are not the receiving side
    assert list(union_source.rows(users.chair, today)) == []
    assert list(fed_source.rows(far.town_officer, today)) == []
    item = fed_source.item(late)
    assert "45" in item.detail and item.due == timezone.localdate(late.requested_at) + datetime.timedelta(days=30)


def test_the_transfers_page_shows_units_rows_and_overdue_marks(client, tree, users, members, far):
    _send(users, members.wang, far.mill, days_ago=35)
    login(client, users.federation)
    page = client.get(reverse("federation:transfers"), {"org": "COUNTY"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "东关镇总工会" in body and "纺织厂工会" in body and "王强" in body and "超期" in body
    assert "某县总工会" in body  # the common federation column


def test_the_page_and_api_cost_the_same_queries_for_one_transfer_or_many(client, tree, users, members, far):
    login(client, users.federation)
    _send(users, members.wang, far.mill)
    url, api = reverse("federation:transfers"), "/api/federation/transfers/"
    client.get(url, {"org": "COUNTY"})
    with CaptureQueriesContext(connection) as one_page:
        client.get(url, {"org": "COUNTY"})
    with CaptureQueriesContext(connection) as one_api:
        client.get(api, {"org": "COUNTY"})
    _send(users, members.zhao, far.mill, days_ago=40)
    _send(users, members.zhang, far.mill)
    with CaptureQueriesContext(connection) as many_page:
        client.get(url, {"org": "COUNTY"})
    with CaptureQueriesContext(connection) as many_api:
        answer = client.get(api, {"org": "COUNTY"})
    assert len(many_page) == len(one_page) and len(many_api) == len(one_api)
    data = answer.json()
    assert len(data["results"]) == 3 and data["overdue_days"] == 30
    assert {u["org"]: u["out_pending"] for u in data["units"]}["TOWN"] == 3
    assert sum(r["overdue"] for r in data["results"]) == 1


def test_the_api_guards_the_query_count(client, tree, users, members, far, django_assert_num_queries):
    _send(users, members.wang, far.mill)
    client.force_login(users.federation)
    client.get("/api/federation/transfers/", {"org": "TOWN2"})
    with CaptureQueriesContext(connection) as warm:
        client.get("/api/federation/transfers/", {"org": "TOWN2"})
    with django_assert_num_queries(len(warm)):
        assert client.get("/api/federation/transfers/", {"org": "TOWN2"}).status_code == 200


def test_a_federation_out_of_scope_is_a_404(client, tree, users, members, far):
    login(client, far.town_officer)
    assert client.get(reverse("federation:transfers"), {"org": "TOWN2"}).status_code == 404
    assert client.get("/api/federation/transfers/", {"org": "TOWN2"}).status_code == 404
    login(client, users.outsider)
    assert client.get("/api/federation/transfers/", {"org": "COUNTY"}).status_code in (403, 404)
