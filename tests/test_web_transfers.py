"""The transfers page: the receiving union's inbox, the sending union's outbox, and the history."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.models import Role, RoleKind
from gonghui.members import actions
from gonghui.members.models import Status, Transfer
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind

from .conftest import IDS, login, make_user


@pytest.fixture
def pending(users, members, tree):
    """赵丽 transferring from the school to the factory union."""
    return actions.transfer_out(users.chair, members.zhao, to_org=tree.factory, reason="调动")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_receiving_union_sees_the_transfer_in_its_inbox_with_its_own_groups(client, users, pending):
    response = login(client, users.outsider).get("/members/transfers/")
    assert [row["t"] for row in response.context["inbox"]] == [pending]
    assert response.context["outbox"] == []
    html = response.content.decode()
    assert "赵丽" in html and "装配车间小组" in html
    assert "语文一组" not in html  # the sender's groups are not offered
    assert IDS["zhao"] not in html


def test_the_sending_union_sees_it_in_its_outbox_and_may_cancel(client, users, pending):
    response = login(client, users.chair).get("/members/transfers/")
    assert response.context["inbox"] == []
    assert [row["t"] for row in response.context["outbox"]] == [pending]
    assert response.context["outbox"][0]["can_cancel"]


def test_accepting_into_a_chosen_group_moves_the_member(client, users, pending, members, tree):
    response = login(client, users.outsider).post(f"/members/transfers/{pending.pk}/accept/",
                                                  {f"t{pending.pk}-org": "FAC-G1", f"t{pending.pk}-note": "欢迎"},
                                                  follow=True)
    assert "已接收会员“赵丽”" in messages_of(response)
    members.zhao.refresh_from_db()
    assert (members.zhao.union, members.zhao.org, members.zhao.status) == (tree.factory, tree.fg1, Status.ACTIVE)
    assert response.context["history"] == [pending]


def test_accepting_into_another_unions_group_is_refused(client, users, pending, members, tree):
    response = login(client, users.outsider).post(f"/members/transfers/{pending.pk}/accept/",
                                                  {f"t{pending.pk}-org": "SCH-G1"}, follow=True)
    assert "所在组织: 组织不存在" in messages_of(response)
    pending.refresh_from_db()
    assert pending.state == Transfer.State.PENDING


def test_declining_needs_a_reason(client, users, pending, members):
    client = login(client, users.outsider)
    url = f"/members/transfers/{pending.pk}/decline/"
    refused = client.post(url, {f"t{pending.pk}-note": ""}, follow=True)
    assert "退回原因: 退回须写明原因" in messages_of(refused)
    declined = client.post(url, {f"t{pending.pk}-note": "查无此人"}, follow=True)
    assert "已退回转接" in messages_of(declined)
    pending.refresh_from_db()
    members.zhao.refresh_from_db()
    assert pending.state == Transfer.State.DECLINED and members.zhao.status == Status.ACTIVE


def test_the_sender_cancels_a_pending_transfer(client, users, pending, members):
    response = login(client, users.chair).post(f"/members/transfers/{pending.pk}/cancel/", {"note": "填错了"},
                                               follow=True)
    assert "已撤销转出" in messages_of(response)
    pending.refresh_from_db()
    assert pending.state == Transfer.State.CANCELLED


def test_the_sender_cannot_accept_its_own_transfer(client, users, pending):
    response = login(client, users.chair).post(f"/members/transfers/{pending.pk}/accept/", {})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == Transfer.State.PENDING


def test_a_finance_officer_sees_the_outbox_but_may_not_cancel(client, users, pending):
    client = login(client, users.finance)
    response = client.get("/members/transfers/")
    assert response.context["outbox"][0]["can_cancel"] is False
    assert client.post(f"/members/transfers/{pending.pk}/cancel/", {}).status_code == 403


def test_a_union_outside_both_ends_does_not_find_the_transfer(client, users, pending, tree):
    other = org_actions.create_org(users.federation, parent=tree.town, kind=Kind.GRASSROOTS,
                                   union_type="agency", code="GOV", name="镇政府机关工会")
    stranger = make_user("govchair")
    Role.objects.create(user=stranger, org=other, kind=RoleKind.CHAIR)
    client = login(client, stranger)
    page = client.get("/members/transfers/")
    assert page.context["inbox"] == [] and page.context["outbox"] == [] and page.context["history"] == []
    assert "赵丽" not in page.content.decode()
    for action in ("accept", "decline", "cancel"):
        assert client.post(f"/members/transfers/{pending.pk}/{action}/", {}).status_code == 404
    pending.refresh_from_db()
    assert pending.state == Transfer.State.PENDING


def test_the_page_runs_a_fixed_number_of_queries_however_many_transfers_wait(client, users, members, tree):
    client = login(client, users.outsider)
    actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    with CaptureQueriesContext(connection) as one:
        client.get("/members/transfers/")
    actions.transfer_out(users.chair, members.wang, to_org=tree.fg1)
    actions.transfer_out(users.chair, members.zhang, to_org=tree.factory)
    with CaptureQueriesContext(connection) as three:
        response = client.get("/members/transfers/")
    assert len(response.context["inbox"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)
